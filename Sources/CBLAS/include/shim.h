#ifndef NNS_CBLAS_SHIM_H
#define NNS_CBLAS_SHIM_H
// The C boundary to OpenBLAS and LAPACKE. Neither is linked: `nns` loads OpenBLAS with dlopen on its
// first BLAS call and LAPACKE on its first LAPACK call (shim.c), so a script that computes nothing
// starts without them, and the kernels can be chosen in-process before OpenBLAS loads. The headers
// (Debian's libopenblas-dev and liblapacke-dev) give the types and prototypes; every call goes through
// the `nns_` functions below, which have the prototypes of the functions they forward to.
#include <cblas.h>
#include <lapacke.h>

/// lapack_int is a macro, invisible to Swift: give it a name.
typedef lapack_int CLapackInt;

/// Pins OpenBLAS's kernels before it loads: sets OPENBLAS_CORETYPE=Haswell when the variable is unset
/// and the CPU has AVX2 and FMA (docs/conventions.md, "Reproducibility"). Returns the core set, or NULL
/// when it set nothing. Call it while the process has one thread (`nns` does at start); the loader
/// calls it too, for processes that do not.
const char *nns_blas_pin_core(void);

/// Loads OpenBLAS and LAPACKE now if no call has yet (`nns bench` does before it times anything: the
/// peers have loaded their BLAS before their timings too).
void nns_blas_preload(void);

/// Stops OpenBLAS's server threads when this OpenBLAS has them (the pthread build's
/// `blas_thread_shutdown_`, looked up so that other builds load too). An idle server thread spins in
/// `sched_yield` for 2^28 cycles (~0.1 s) after OpenBLAS starts and after each threaded call, taking a
/// core from NNS's own threads; OpenBLAS starts its threads again on its next threaded call (as it does
/// after a fork, where its own handler calls this).
void nns_openblas_stop_threads(void);

const char *nns_openblas_get_corename(void);
int nns_openblas_get_num_threads(void);
void nns_openblas_set_num_threads(int n);

void nns_dgemm(
  const enum CBLAS_ORDER order, const enum CBLAS_TRANSPOSE transA, const enum CBLAS_TRANSPOSE transB,
  const blasint m, const blasint n, const blasint k, const double alpha, const double *a, const blasint lda,
  const double *b, const blasint ldb, const double beta, double *c, const blasint ldc);
void nns_dgemv(
  const enum CBLAS_ORDER order, const enum CBLAS_TRANSPOSE trans, const blasint m, const blasint n,
  const double alpha, const double *a, const blasint lda, const double *x, const blasint incx, const double beta,
  double *y, const blasint incy);
void nns_dsyrk(
  const enum CBLAS_ORDER order, const enum CBLAS_UPLO uplo, const enum CBLAS_TRANSPOSE trans, const blasint n,
  const blasint k, const double alpha, const double *a, const blasint lda, const double beta, double *c,
  const blasint ldc);

lapack_int nns_dsyevd(int layout, char jobz, char uplo, lapack_int n, double *a, lapack_int lda, double *w);
lapack_int nns_dposv(
  int layout, char uplo, lapack_int n, lapack_int nrhs, double *a, lapack_int lda, double *b, lapack_int ldb);
lapack_int nns_dgesv(
  int layout, lapack_int n, lapack_int nrhs, double *a, lapack_int lda, lapack_int *ipiv, double *b, lapack_int ldb);
lapack_int nns_dgelsd(
  int layout, lapack_int m, lapack_int n, lapack_int nrhs, double *a, lapack_int lda, double *b, lapack_int ldb,
  double *s, double rcond, lapack_int *rank);
lapack_int nns_dgeqrf(int layout, lapack_int m, lapack_int n, double *a, lapack_int lda, double *tau);
lapack_int nns_dorgqr(
  int layout, lapack_int m, lapack_int n, lapack_int k, double *a, lapack_int lda, const double *tau);
#endif
