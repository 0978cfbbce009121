import Diagnostics
import Foundation
import Lexer
import Testing

@testable import Runtime
@testable import Semantics

/// The checker reports through the catalogue: every static diagnostic carries an id.
struct CheckerDiagnosticIDTests {
  func ids(_ text: String) -> [String?] {
    Session { _ in }.check(SourceFile(path: "t.nns", text: text)).1.map(\.id)
  }

  @Test func checkerCallSitesReportTheirIds() {
    let cases: [(String, [String])] = [
      ("print nope", ["C042"]),
      ("net n { input 2; dense 3, rleu }", ["C056"]),
      ("net n { input 2; input 2; dense 1 }", ["C001", "C002"]),
      ("net n { dense 3 }", ["C003", "C025"]),
      ("print sin", ["C041"]),
      ("print \"a\" + [1]", ["C036"]),
      ("let x = 1\nprint x(2)", ["C044"]),
    ]
    for (text, expected) in cases {
      #expect(ids(text) == expected, "\(text)")
    }
  }

  /// Every diagnostic of the golden check scripts (which cover the checker's messages) has an id: no
  /// static message is left outside the catalogue.
  @Test(arguments: CheckGoldenTests.scripts)
  func everyStaticDiagnosticHasAnId(_ name: String) throws {
    let text = try String(contentsOf: CheckGoldenTests.directory.appendingPathComponent(name), encoding: .utf8)
    let diagnostics = Session { _ in }.check(SourceFile(path: name, text: text)).1
    #expect(!diagnostics.isEmpty)
    for d in diagnostics {
      #expect(d.id.flatMap(DiagnosticID.init(rawValue:)) != nil, "\(name): \(d.description) has no catalogue id")
    }
  }
}
