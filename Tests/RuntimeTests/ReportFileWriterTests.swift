import Foundation
import Testing

@testable import Report
@testable import Runtime
@testable import Semantics

@Suite("Report file writer")
struct ReportFileWriterTests {
  private func scratchDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "nns-report-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func writingOverAnExistingFileReplacesItWhole() throws {
    let directory = try scratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/out.txt"
    try FileWriter.writeAtomically(String(repeating: "long old content\n", count: 1000), to: path)
    try FileWriter.writeAtomically("new", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
    // No temporary file is left beside it.
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.txt"])
  }

  @Test func missingParentDirectoriesAreCreated() throws {
    let directory = try scratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/figures/run 1/fim.svg"
    try FileWriter.writeAtomically("<svg/>", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "<svg/>")
  }

  @Test func unicodeTextIsWrittenAsUTF8() throws {
    let directory = try scratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/t.md"
    try FileWriter.writeAtomically("0.812 ± 0.031 λmax", to: path)
    #expect(FileManager.default.contents(atPath: path) == Data("0.812 ± 0.031 λmax".utf8))
  }

  @Test(arguments: ["/proc/nns-report-test/out.svg", "/proc/version/out.svg"])
  func anUnwritableDirectoryThrowsAnErrorNamingThePath(path: String) {
    do {
      try FileWriter.writeAtomically("x", to: path)
      Issue.record("writing to \(path) succeeded")
    } catch let error as ReportError {
      guard case .cannotWrite(let failed, let reason) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(failed == path)
      #expect(!reason.isEmpty)
      #expect(error.description.contains(path))
    } catch {
      Issue.record("unexpected error type: \(error)")
    }
  }

  @Test func aDirectoryCannotBeOverwritten() throws {
    let directory = try scratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(throws: ReportError.cannotWrite(path: directory, reason: "is a directory")) {
      try FileWriter.writeAtomically("x", to: directory)
    }
  }
}
