// Loads OpenBLAS and LAPACKE on first use (see shim.h). OpenBLAS is opened RTLD_GLOBAL, before LAPACKE,
// so that LAPACKE's calls into LAPACK bind to OpenBLAS's routines — the binding a link-time
// `-lopenblas -llapacke` gave, and so the same bits.
#include "shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static struct {
  __typeof__(&openblas_get_corename) get_corename;
  __typeof__(&openblas_get_num_threads) get_num_threads;
  __typeof__(&openblas_set_num_threads) set_num_threads;
  int (*thread_shutdown)(void);
  __typeof__(&cblas_dgemm) dgemm;
  __typeof__(&cblas_dgemv) dgemv;
  __typeof__(&cblas_dsyrk) dsyrk;
} blas;

static struct {
  __typeof__(&LAPACKE_dsyevd) dsyevd;
  __typeof__(&LAPACKE_dposv) dposv;
  __typeof__(&LAPACKE_dgesv) dgesv;
  __typeof__(&LAPACKE_dgelsd) dgelsd;
  __typeof__(&LAPACKE_dgeqrf) dgeqrf;
  __typeof__(&LAPACKE_dorgqr) dorgqr;
} lapack;

static pthread_once_t blasOnce = PTHREAD_ONCE_INIT;
static pthread_once_t lapackOnce = PTHREAD_ONCE_INIT;

const char *nns_blas_pin_core(void) {
  if (getenv("OPENBLAS_CORETYPE")) return NULL;
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    setenv("OPENBLAS_CORETYPE", "Haswell", 0);
    return "Haswell";
  }
#endif
  return NULL;
}

/// A library that cannot be loaded or lacks a routine is an installation fault, not the script's: say
/// what is missing and how to install it, and end with exit status 1.
static void *openLibrary(const char *file, int flags, const char *package) {
  void *h = dlopen(file, flags);
  if (!h) {
    fprintf(stderr, "nns: cannot load %s (%s): install Debian's %s (`make deps`)\n", file, dlerror(), package);
    exit(1);
  }
  return h;
}

static void *symbol(void *h, const char *name, const char *file) {
  void *p = dlsym(h, name);
  if (!p) {
    fprintf(stderr, "nns: %s has no %s: NNS needs OpenBLAS 0.3 and LAPACKE\n", file, name);
    exit(1);
  }
  return p;
}

static void loadBLAS(void) {
  nns_blas_pin_core();
  const char *file = "libopenblas.so.0";
  void *h = openLibrary(file, RTLD_NOW | RTLD_GLOBAL, "libopenblas0");
  blas.get_corename = symbol(h, "openblas_get_corename", file);
  blas.get_num_threads = symbol(h, "openblas_get_num_threads", file);
  blas.set_num_threads = symbol(h, "openblas_set_num_threads", file);
  blas.thread_shutdown = dlsym(h, "blas_thread_shutdown_");
  blas.dgemm = symbol(h, "cblas_dgemm", file);
  blas.dgemv = symbol(h, "cblas_dgemv", file);
  blas.dsyrk = symbol(h, "cblas_dsyrk", file);
}

static void loadLAPACK(void) {
  pthread_once(&blasOnce, loadBLAS);
  const char *file = "liblapacke.so.3";
  void *h = openLibrary(file, RTLD_NOW | RTLD_LOCAL, "liblapacke");
  lapack.dsyevd = symbol(h, "LAPACKE_dsyevd", file);
  lapack.dposv = symbol(h, "LAPACKE_dposv", file);
  lapack.dgesv = symbol(h, "LAPACKE_dgesv", file);
  lapack.dgelsd = symbol(h, "LAPACKE_dgelsd", file);
  lapack.dgeqrf = symbol(h, "LAPACKE_dgeqrf", file);
  lapack.dorgqr = symbol(h, "LAPACKE_dorgqr", file);
}

static inline __typeof__(blas) *loadedBLAS(void) {
  pthread_once(&blasOnce, loadBLAS);
  return &blas;
}

static inline __typeof__(lapack) *loadedLAPACK(void) {
  pthread_once(&lapackOnce, loadLAPACK);
  return &lapack;
}

void nns_blas_preload(void) { loadedLAPACK(); }

void nns_openblas_stop_threads(void) {
  if (loadedBLAS()->thread_shutdown) blas.thread_shutdown();
}

const char *nns_openblas_get_corename(void) { return loadedBLAS()->get_corename(); }
int nns_openblas_get_num_threads(void) { return loadedBLAS()->get_num_threads(); }
void nns_openblas_set_num_threads(int n) { loadedBLAS()->set_num_threads(n); }

void nns_dgemm(
  const enum CBLAS_ORDER order, const enum CBLAS_TRANSPOSE transA, const enum CBLAS_TRANSPOSE transB,
  const blasint m, const blasint n, const blasint k, const double alpha, const double *a, const blasint lda,
  const double *b, const blasint ldb, const double beta, double *c, const blasint ldc) {
  loadedBLAS()->dgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void nns_dgemv(
  const enum CBLAS_ORDER order, const enum CBLAS_TRANSPOSE trans, const blasint m, const blasint n,
  const double alpha, const double *a, const blasint lda, const double *x, const blasint incx, const double beta,
  double *y, const blasint incy) {
  loadedBLAS()->dgemv(order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

void nns_dsyrk(
  const enum CBLAS_ORDER order, const enum CBLAS_UPLO uplo, const enum CBLAS_TRANSPOSE trans, const blasint n,
  const blasint k, const double alpha, const double *a, const blasint lda, const double beta, double *c,
  const blasint ldc) {
  loadedBLAS()->dsyrk(order, uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
}

lapack_int nns_dsyevd(int layout, char jobz, char uplo, lapack_int n, double *a, lapack_int lda, double *w) {
  return loadedLAPACK()->dsyevd(layout, jobz, uplo, n, a, lda, w);
}

lapack_int nns_dposv(
  int layout, char uplo, lapack_int n, lapack_int nrhs, double *a, lapack_int lda, double *b, lapack_int ldb) {
  return loadedLAPACK()->dposv(layout, uplo, n, nrhs, a, lda, b, ldb);
}

lapack_int nns_dgesv(
  int layout, lapack_int n, lapack_int nrhs, double *a, lapack_int lda, lapack_int *ipiv, double *b, lapack_int ldb) {
  return loadedLAPACK()->dgesv(layout, n, nrhs, a, lda, ipiv, b, ldb);
}

lapack_int nns_dgelsd(
  int layout, lapack_int m, lapack_int n, lapack_int nrhs, double *a, lapack_int lda, double *b, lapack_int ldb,
  double *s, double rcond, lapack_int *rank) {
  return loadedLAPACK()->dgelsd(layout, m, n, nrhs, a, lda, b, ldb, s, rcond, rank);
}

lapack_int nns_dgeqrf(int layout, lapack_int m, lapack_int n, double *a, lapack_int lda, double *tau) {
  return loadedLAPACK()->dgeqrf(layout, m, n, a, lda, tau);
}

lapack_int nns_dorgqr(
  int layout, lapack_int m, lapack_int n, lapack_int k, double *a, lapack_int lda, const double *tau) {
  return loadedLAPACK()->dorgqr(layout, m, n, k, a, lda, tau);
}
