import Foundation
import Testing

@testable import REPL

/// Golden transcripts: each `transcripts/NAME.in` is typed into an in-process REPL and the session as a
/// user would see it (prompts, lines, outputs, diagnostics) must equal `NAME.expected`.
/// `NNS_UPDATE_GOLDEN=1 swift test --filter REPLTests` rewrites the expected files.
@Suite(.serialized) struct TranscriptTests {
  static var names: [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: Paths.transcripts.path)) ?? []
    return files.filter { $0.hasSuffix(".in") }.map { String($0.dropLast(3)) }.sorted()
  }

  @Test func transcriptsExist() {
    #expect(Self.names.count >= 5)
  }

  @Test(arguments: names) func transcript(_ name: String) throws {
    let input = try String(contentsOf: Paths.transcripts.appendingPathComponent(name + ".in"), encoding: .utf8)
    let actual = runTranscript(input)
    let expectedURL = Paths.transcripts.appendingPathComponent(name + ".expected")
    if ProcessInfo.processInfo.environment["NNS_UPDATE_GOLDEN"] == "1" {
      try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: expectedURL, encoding: .utf8)
    #expect(actual == expected, "\(name).expected differs; rerun with NNS_UPDATE_GOLDEN=1 to accept")
  }
}
