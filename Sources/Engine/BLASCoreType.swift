import CBLAS

#if canImport(Glibc)
  import Glibc
#endif

/// OpenBLAS picks its kernels for the CPU when the library loads, and kernels round differently: a run
/// on an AVX-512 Xeon (SkylakeX kernels) and one on an AMD EPYC (Zen) differ in the last bits, which a
/// long training run grows into another decision boundary. Debian's 0.3.21 also does not know recent
/// Xeons and falls back to its slow SSE3 "Prescott" kernels there. So that the same script and seed
/// give the same bits on every x86-64 machine with AVX2 and FMA, NNS runs OpenBLAS's Haswell kernels
/// there (the Zen kernels are the same code: they give the same bits). The choice can only be made
/// with `OPENBLAS_CORETYPE` before the library loads, so `nns` re-executes itself once with it set when
/// OpenBLAS chose otherwise (docs/conventions.md, "Reproducibility"). A variable the user set is kept.
public enum BLASCoreType {
  /// The core OpenBLAS chose (`openblas_get_corename`).
  public static var current: String { String(cString: openblas_get_corename()) }

  /// The core type to force, or nil when OpenBLAS chose well or the user chose.
  public static var correction: String? {
    guard getenv("OPENBLAS_CORETYPE") == nil, let wanted = nns_cpu_blas_core() else { return nil }
    let chosen = current.lowercased()
    return ["haswell", "zen"].contains(chosen) ? nil : String(cString: wanted)
  }

  /// Re-executes the running program with the corrected core type when needed; returns only when not.
  public static func reexecIfMisdetected() {
    guard let core = correction else { return }
    setenv("OPENBLAS_CORETYPE", core, 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    // execv returns only when it failed: go on with the kernels OpenBLAS chose.
  }
}
