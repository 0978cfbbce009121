import Foundation
import Testing

/// `nns` loads OpenBLAS on its first BLAS call and LAPACKE on its first LAPACK call (Sources/CBLAS/shim.c),
/// pinning OpenBLAS's kernels just before (BLASCoreType.swift). Seen from outside, in the built binary:
/// the dynamic loader's own trace (`LD_DEBUG=files`) says which libraries a run opened, and OpenBLAS's
/// `OPENBLAS_VERBOSE=2` prints the kernels it chose each time it loads.
struct BLASLoadingTests {
  static let hasAVX2AndFMA: Bool = {
    let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let words = Set(flags.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
    return words.contains("avx2") && words.contains("fma")
  }()

  /// The libraries the trace shows loaded, at start (`needed by`) or later (`dynamically loaded by`).
  static func opened(_ trace: String) -> Set<String> {
    Set(
      trace.split(separator: "\n").compactMap { line -> String? in
        guard line.contains("dynamically loaded by") || line.contains("needed by"), let r = line.range(of: "file=")
        else { return nil }
        return String(line[r.upperBound...].prefix { $0 != " " })
      })
  }

  @Test func aScriptThatComputesNothingLoadsNeither() throws {
    let file = try FastPathTests.write("numbers.nns", "print 1\nlet x = sin(2) + sum([1, 2])\nprint x: x\n")
    let r = try ExamplesTests.nns(["run", file], environment: ["LD_DEBUG": "files"])
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out.hasPrefix("1\n"))
    let libraries = Self.opened(r.err)
    #expect(!libraries.contains("libopenblas.so.0") && !libraries.contains("liblapacke.so.3"), "\(libraries)")
  }

  @Test func theHessianExampleLoadsBothOnceWithThePinnedKernels() throws {
    let r = try ExamplesTests.nns(
      ["run", "examples/hessian.nns"], environment: ["LD_DEBUG": "files", "OPENBLAS_VERBOSE": "2"],
      unset: ["OPENBLAS_CORETYPE"])
    #expect(r.code == 0, "\(r.err)")
    let libraries = Self.opened(r.err)
    #expect(libraries.contains("libopenblas.so.0") && libraries.contains("liblapacke.so.3"), "\(libraries)")
    // One process, one load: no re-execution with other kernels.
    #expect(r.err.components(separatedBy: "transferring control:").count == 2, "\(r.err.prefix(2000))")
    let cores = r.err.split(separator: "\n").filter { $0.hasPrefix("Core: ") }
    #expect(cores.count == 1, "\(cores)")
    if Self.hasAVX2AndFMA { #expect(cores == ["Core: Haswell"]) }
  }

  @Test func kernelsTheUserChoseAreKept() throws {
    let r = try ExamplesTests.nns(
      ["run", "examples/hessian.nns"], environment: ["OPENBLAS_VERBOSE": "2", "OPENBLAS_CORETYPE": "Sandybridge"])
    #expect(r.code == 0, "\(r.err)")
    #expect(r.err.split(separator: "\n").filter { $0.hasPrefix("Core: ") } == ["Core: Sandybridge"])
  }
}
