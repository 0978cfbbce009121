import Diagnostics
import Foundation
import Testing

@testable import Runtime
@testable import Semantics

/// The interpreter's errors come from the catalogue: a runtime kind and a stable R id.
struct RuntimeCatalogueTests {
  func failure(_ text: String) -> Diagnostic? {
    let session = Session(seed: 1) { _ in }
    session.interpreter.quiet = true
    return session.run(SourceFile(path: "t.nns", text: text)).first { $0.severity == .error }
  }

  @Test(arguments: [
    ("let xs = [1, 2, 3]\nlet i = len(xs) + 2\nprint xs[i]\n", "R009", "index 5 is out of range 0..<3"),
    ("let a = [1, 2]\nlet b = [1, 2, 3]\nprint a + b\n", "R016", "lists of different lengths: 2 and 3"),
    (
      "data d = two_spirals(points: len([1]))\nprint len(d)\n", "R036",
      "'points' of two_spirals must be a whole number from 2 to 1e7, found 1"
    ),
    ("let s = len([1]) - 3\nseed s\n", "R031", "a seed must be a whole number ≥ 0, found -2"),
    (
      "let f = \"p\" + \".png\"\nplot [1, 2] to f\n", "R037",
      "plot writes SVG files: use a name ending in .svg, found 'p.png'"
    ),
  ])
  func runtimeErrorsCarryTheirIds(_ text: String, _ id: String, _ message: String) throws {
    let d = try #require(failure(text))
    #expect(d.id == id && d.kind == .runtime && d.message == message, "\(d)")
  }
}

extension RuntimeCatalogueTests {
  @Test func divergenceIsACatalogueEntry() throws {
    let text = "data d = xor()\nnet m { input 2; dense 1 }\ntrain m on d { optimizer gd(lr: 1e6); epochs 100 }\n"
    let d = try #require(failure(text))
    #expect(d.id == "R050" && d.kind == .runtime && d.message.hasPrefix("training of 'm' diverged at epoch "), "\(d)")
  }
}
