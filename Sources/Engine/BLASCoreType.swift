import CBLAS

/// OpenBLAS picks its kernels for the CPU when the library loads, and kernels round differently: a run
/// on an AVX-512 Xeon (SkylakeX kernels) and one on an AMD EPYC (Zen) differ in the last bits, which a
/// long training run grows into another decision boundary. Debian's 0.3.21 also does not know recent
/// Xeons and falls back to its slow SSE3 "Prescott" kernels there. So that the same script and seed
/// give the same bits on every x86-64 machine with AVX2 and FMA, NNS runs OpenBLAS's Haswell kernels
/// there (the Zen kernels are the same code: they give the same bits). The choice can only be made with
/// `OPENBLAS_CORETYPE` before the library loads; NNS loads OpenBLAS on its first BLAS call
/// (Sources/CBLAS/shim.c) and sets the variable just before, so no process runs with other kernels and
/// none re-executes itself (docs/conventions.md, "Reproducibility"). A variable the user set is kept.
public enum BLASCoreType {
  /// Sets `OPENBLAS_CORETYPE=Haswell` when it is unset and the CPU has AVX2 and FMA; returns the core set,
  /// or nil when it set nothing. `nns` calls it first thing, while it has one thread (setenv is not
  /// safe beside other threads); the loader calls it again for processes that did not.
  @discardableResult public static func pin() -> String? {
    nns_blas_pin_core().map { String(cString: $0) }
  }

  /// The kernels OpenBLAS runs (`openblas_get_corename`; loads OpenBLAS).
  public static var current: String { String(cString: nns_openblas_get_corename()) }
}
