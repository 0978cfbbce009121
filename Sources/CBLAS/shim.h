#ifndef NNS_CBLAS_SHIM_H
#define NNS_CBLAS_SHIM_H
// Debian's OpenBLAS ships cblas.h; LAPACKE comes from liblapacke-dev (linked separately).
#include <cblas.h>
#include <lapacke.h>
#include <dlfcn.h>

/// Stops OpenBLAS's server threads when this OpenBLAS has them (the pthread build's exported
/// `blas_thread_shutdown_`, looked up so that other builds link too). An idle server thread spins in
/// `sched_yield` for 2^28 cycles (~0.1 s) after OpenBLAS starts and after each threaded call, taking a
/// core from NNS's own threads; OpenBLAS starts its threads again on its next threaded call (as it does
/// after a fork, where its own handler calls this).
static inline void nns_openblas_stop_threads(void) {
  void *self = dlopen(NULL, RTLD_NOW);
  if (!self) return;
  int (*shutdown)(void) = (int (*)(void))dlsym(self, "blas_thread_shutdown_");
  if (shutdown) shutdown();
  dlclose(self);
}

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
