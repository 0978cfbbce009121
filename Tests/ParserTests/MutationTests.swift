import Diagnostics
import Foundation
import Lexer
import Testing

@testable import Parser

/// Parses thousands of deterministic mutations of real scripts: the parser must always return, and
/// every diagnostic (and note) must point inside the file.
@Suite struct MutationTests {
  /// SplitMix64: a small deterministic generator so failures reproduce.
  struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
  }

  static let fragments: [String] = [
    "(", ")", "[", "]", "{", "}", ",", ":", "..", ".", "\n", ";", "\"", "#", "net ", "train ", "sweep ", "every ",
    "stop when ", " to ", " on ", " over ", "^", "-", "not ", "1e", "1.2.3", "@", "\\", "=", "==",
    String(repeating: "(", count: 300), String(repeating: "[", count: 300), String(repeating: "{", count: 300),
    String(repeating: "- ", count: 300), String(repeating: "net m { residual { ", count: 120),
    String(repeating: "sweep a in b { ", count: 120),
  ]

  func seeds() throws -> [[UInt8]] {
    let spec = try String(contentsOf: goldenDirectory.appendingPathComponent("spec_example.nns"), encoding: .utf8)
    var scripts = [Array(spec.utf8)]
    let errors = goldenDirectory.appendingPathComponent("errors")
    for url in try FileManager.default.contentsOfDirectory(at: errors, includingPropertiesForKeys: nil)
      .filter({ $0.pathExtension == "nns" }).sorted(by: { $0.path < $1.path })
    {
      scripts.append(Array(try String(contentsOf: url, encoding: .utf8).utf8))
    }
    return scripts
  }

  func mutate(_ input: [UInt8], _ g: inout Generator) -> [UInt8] {
    var bytes = input
    for _ in 0...g.below(3) {
      let n = bytes.count
      let a = g.below(n + 1)
      let b = min(n, a + g.below(24) + 1)
      switch g.below(7) {
      case 0: if a < b { bytes.removeSubrange(a..<b) }
      case 1: bytes.insert(contentsOf: Array(Self.fragments[g.below(Self.fragments.count)].utf8), at: a)
      case 2: bytes.insert(contentsOf: Array(bytes[a..<b]), at: g.below(n + 1))
      case 3:
        let c = g.below(n + 1)
        let d = min(n, c + (b - a))
        if b <= c { bytes.replaceSubrange(c..<d, with: bytes[a..<b]) }
      case 4: bytes = Array(bytes[0..<a])
      case 5: bytes.insert(contentsOf: (0..<g.below(8) + 1).map { _ in UInt8(truncatingIfNeeded: g.next()) }, at: a)
      default: bytes.insert(contentsOf: [0xC3, 0x28, 0xFF, 0xE2, 0x82], at: a)
      }
    }
    return bytes
  }

  @Test func mutatedScriptsNeverCrashAndSpansStayInTheFile() throws {
    let scripts = try seeds()
    var g = Generator(state: 2024)
    var withErrors = 0
    for i in 0..<3200 {
      let bytes = mutate(scripts[i % scripts.count], &g)
      let file = SourceFile(path: "m.nns", text: String(decoding: bytes, as: UTF8.self))
      let result = Parser.parse(file)
      if !result.diagnostics.isEmpty { withErrors += 1 }
      for d in result.diagnostics {
        let spans = [d.span] + d.notes.compactMap(\.span)
        for s in spans where !(0 <= s.start && s.start <= s.end && s.end <= file.bytes.count && s.line >= 1) {
          Issue.record("mutation \(i): span \(s) outside file of \(file.bytes.count) bytes: \(d.message)")
        }
      }
      _ = DiagnosticRenderer(sources: [file]).render(result.diagnostics)
      if i % 16 == 0 {
        for t in Lexer.tokenize(file).tokens where file.location(of: t.span.start) != (t.span.line, t.span.column) {
          Issue.record("mutation \(i): token \(t.text) at \(t.span) is really at \(file.location(of: t.span.start))")
        }
      }
    }
    #expect(withErrors > 1000)
  }
}
