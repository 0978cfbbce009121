import Diagnostics
import Foundation
import Testing

@testable import Runtime

/// Errors of evaluating expressions come from the catalogue: a runtime kind and a stable R id.
struct RuntimeCatalogueTests {
  func failure(_ text: String) -> Diagnostic? {
    let session = Session(seed: 1) { _ in }
    session.interpreter.quiet = true
    return session.run(SourceFile(path: "t.nns", text: text)).first { $0.severity == .error }
  }

  @Test(arguments: [
    ("let xs = [1, 2, 3]\nlet i = len(xs) + 2\nprint xs[i]\n", "R009", "index 5 is out of range 0..<3"),
    ("let a = [1, 2]\nlet b = [1, 2, 3]\nprint a + b\n", "R016", "lists of different lengths: 2 and 3"),
  ])
  func evaluationErrorsCarryTheirIds(_ text: String, _ id: String, _ message: String) throws {
    let d = try #require(failure(text))
    #expect(d.id == id && d.kind == .runtime && d.message == message, "\(d)")
  }
}
