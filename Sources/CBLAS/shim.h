#ifndef NNS_CBLAS_SHIM_H
#define NNS_CBLAS_SHIM_H
// Debian's OpenBLAS ships cblas.h; LAPACKE comes from liblapacke-dev (linked separately).
#include <cblas.h>
#include <lapacke.h>

/// lapack_int is a macro, invisible to Swift: give it a name.
typedef lapack_int CLapackInt;

/// The OpenBLAS core type NNS runs on this CPU (cpuid, via the compiler's builtins): "Haswell" when it
/// has AVX2 and FMA, NULL otherwise (see BLASCoreType.swift).
static inline const char *nns_cpu_blas_core(void) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
  return 0;
}
#endif
