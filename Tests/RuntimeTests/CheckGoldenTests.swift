import Diagnostics
import Foundation
import Lexer
import Testing

@testable import Runtime
@testable import Semantics

/// Golden diagnostics of the checker: each `golden/check/*.nns` has its rendered diagnostics in a
/// `.expected` file beside it. `NNS_UPDATE_GOLDEN=1 swift test` rewrites them.
struct CheckGoldenTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("golden/check")

  static var scripts: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
      .filter { $0.hasSuffix(".nns") }.sorted()
  }

  @Test(arguments: scripts)
  func diagnosticsMatchGolden(_ name: String) throws {
    let url = Self.directory.appendingPathComponent(name)
    let text = try String(contentsOf: url, encoding: .utf8)
    let file = SourceFile(path: name, text: text)
    let session = Session { _ in }
    let (program, diagnostics) = session.check(file)
    #expect(program == nil, "every golden check script has at least one error")
    let rendered = session.render(diagnostics)
    let expectedURL = url.deletingPathExtension().appendingPathExtension("expected")
    if ProcessInfo.processInfo.environment["NNS_UPDATE_GOLDEN"] == "1" {
      try rendered.write(to: expectedURL, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: expectedURL, encoding: .utf8)
    #expect(rendered == expected)
  }

  @Test func threeMistakesGiveThreeLocatedDiagnostics() throws {
    let text = try String(contentsOf: Self.directory.appendingPathComponent("three_mistakes.nns"), encoding: .utf8)
    let session = Session { _ in }
    let (_, diagnostics) = session.check(SourceFile(path: "t.nns", text: text))
    #expect(diagnostics.count == 3)
    #expect(diagnostics.map(\.span.line) == [1, 8, 11])
    #expect(diagnostics.allSatisfy { $0.fixIt?.contains("did you mean") == true })
  }
}
