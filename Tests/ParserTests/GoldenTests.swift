import Diagnostics
import Foundation
import Lexer
import Testing

@testable import Parser

/// The directory of golden files in the source tree (so `NNS_UPDATE_GOLDEN=1` can write back).
let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("golden")

var updatingGolden: Bool { ProcessInfo.processInfo.environment["NNS_UPDATE_GOLDEN"] == "1" }

@Suite struct GoldenTests {
  /// Every `golden/*.nns` parses without diagnostics and its AST dump matches `<name>.ast`.
  @Test func validScriptsMatchTheirASTDumps() throws {
    let files = try scripts(in: goldenDirectory)
    #expect(files.contains { $0.lastPathComponent == "spec_example.nns" })
    for url in files {
      let file = SourceFile(path: url.lastPathComponent, text: try String(contentsOf: url, encoding: .utf8))
      let result = Parser.parse(file)
      #expect(result.diagnostics.isEmpty, "\(url.lastPathComponent): \(result.diagnostics)")
      #expect(!result.isIncomplete)
      try compare(dumpAST(result.program), with: url.deletingPathExtension().appendingPathExtension("ast"))
    }
  }

  /// Every `golden/errors/*.nns` renders exactly the diagnostics in `<name>.expected`.
  @Test func badScriptsRenderTheirExpectedDiagnostics() throws {
    let files = try scripts(in: goldenDirectory.appendingPathComponent("errors"))
    #expect(files.count >= 10)
    for url in files {
      let file = SourceFile(
        path: "errors/" + url.lastPathComponent, text: try String(contentsOf: url, encoding: .utf8))
      let result = Parser.parse(file)
      #expect(!result.diagnostics.isEmpty, "\(url.lastPathComponent) should not parse cleanly")
      let rendered = DiagnosticRenderer(sources: [file]).render(result.diagnostics)
      try compare(rendered, with: url.deletingPathExtension().appendingPathExtension("expected"))
    }
  }

  private func scripts(in directory: URL) throws -> [URL] {
    try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "nns" }
      .sorted { $0.lastPathComponent < $1.lastPathComponent }
  }

  private func compare(_ actual: String, with expectedURL: URL) throws {
    if updatingGolden {
      try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
      return
    }
    let expected =
      (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? "<missing \(expectedURL.lastPathComponent)>"
    #expect(actual == expected, "\(expectedURL.lastPathComponent) differs; rerun with NNS_UPDATE_GOLDEN=1 to accept")
  }
}
