import Diagnostics
import Testing

@testable import Runtime
@testable import Semantics

/// `nns run` re-executes with the pinned OpenBLAS kernels only for a script that can reach OpenBLAS
/// (IRProgram.mayUseBLAS); one that only computes numbers starts without it.
struct BLASUseTests {
  func uses(_ text: String) throws -> Bool {
    let (program, diagnostics) = Session { _ in }.check(SourceFile(path: "t.nns", text: text))
    #expect(!diagnostics.hasErrors, "\(diagnostics)")
    return try #require(program).mayUseBLAS
  }

  @Test func numbersAloneNeedNoBLAS() throws {
    #expect(try !uses("print 1\nlet x = sin(2) + sum([1, 2])\nassert x > 0, \"positive\"\n"))
    #expect(try !uses("sweep w in [1, 2] { print w: w, twice: 2 * w }\n"))
  }

  @Test func netsDataProbesAndPlotsDo() throws {
    #expect(try uses("data d = xor()\n"))
    #expect(try uses("net m { input 2; dense 1 }\n"))
    #expect(try uses("print len(two_spirals())\n"))
    #expect(try uses("sweep w in [1, 2] { print n: len(gaussian(dim: w)) }\n"))
    #expect(try uses("plot [1, 2, 3] to \"a.svg\"\n"))
  }
}
