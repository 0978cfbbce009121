#ifndef NNS_CBLAS_SHIM_H
#define NNS_CBLAS_SHIM_H
// Debian's OpenBLAS ships cblas.h; LAPACKE comes from liblapacke-dev (linked separately).
#include <cblas.h>
#include <lapacke.h>

/// lapack_int is a macro, invisible to Swift: give it a name.
typedef lapack_int CLapackInt;
#endif
