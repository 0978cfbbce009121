import Diagnostics
import Foundation
import Testing

@testable import Lexer

/// The catalogue's contract: one entry per id, each with a message, ids as the docs list them.
@Suite struct CatalogueTests {
  @Test func everyIdHasOneEntryWithAMessage() {
    for id in DiagnosticID.allCases {
      let entry = id.template
      #expect(entry.id == id, "\(id) maps to an entry whose id is \(entry.id)")
      #expect(!entry.message.isEmpty, "\(id) has no message")
      #expect(entry.message.first?.isUppercase != true && entry.message.last != ".", "\(id): \(entry.message)")
    }
  }

  @Test func idsAreUniqueAndWellFormed() {
    let raw = DiagnosticID.allCases.map(\.rawValue)
    #expect(Set(raw).count == raw.count)
    for id in raw {
      #expect(id.count == 4 && "LPCRS".contains(id.first!) && Int(id.dropFirst()) != nil, "\(id)")
    }
    // Within a phase the numbers run 1, 2, 3, … in the order the cases are declared: a gap would be a
    // retired id, which must then be listed here rather than filled.
    for letter in ["L", "P", "C", "R", "S"] {
      let numbers = raw.filter { $0.hasPrefix(letter) }.compactMap { Int($0.dropFirst()) }
      #expect(numbers == Array(1...numbers.count), "\(letter) ids \(numbers)")
    }
  }

  @Test func messagesFillInTheirValues() {
    #expect(
      Catalogue.expected("')'", opener: "(", line: 3, found: nil).message
        == "expected ')' to close '(' at line 3, found end of file")
    #expect(Catalogue.expected("expression", found: nil).message == "expected expression at end of file")
    #expect(Catalogue.expected("expression", found: "'*'").message == "expected expression, found '*'")
    #expect(Catalogue.tooManyArguments(function: "f", count: 1).message == "f takes 1 argument, found more")
    #expect(Catalogue.tooManyArguments(function: "f", count: 2).message == "f takes 2 arguments, found more")
    #expect(Catalogue.oneOf("bias", ["on", "off"]).message == "'bias' is one of: on, off")
    #expect(Catalogue.oneOf("p", ["a"], orKind: "number").message == "'p' is one of: a or number")
  }

  @Test func diagnosticCarriesTheEntry() {
    let d = Diagnostic(.unknownName("x"), at: .none, fixIt: "did you mean 'y'?")
    #expect(d.id == "C042" && d.message == "unknown name 'x'" && d.severity == .error && d.kind == .user)
    #expect(d.fixIt == "did you mean 'y'?")
  }

  @Test func interpreterEntriesAreRuntimeErrors() {
    let d = Diagnostic(.noValue("x"), at: .none)
    #expect(d.id == "R001" && d.message == "'x' has no value here" && d.kind == .runtime)
    #expect(Catalogue.cannotIndex("number", count: 2).message == "number cannot be indexed with 2 numbers")
    #expect(Catalogue.expectedKind("a net", found: nil).message == "expected a net")
    #expect(Catalogue.expectedKind("a number", found: "string").message == "expected a number, found string")
    let bug = Diagnostic(.internalError("no implementation"), at: .none)
    #expect(bug.kind == .internal && bug.id == "R103" && bug.message == "internal error: no implementation")
  }

  @Test func sessionEntriesAreUserErrors() {
    let d = Diagnostic(.binaryInput(byte: "7f", offset: 12), at: .none)
    #expect(d.id == "S006" && d.kind == .user)
    #expect(d.message == "this does not look like an NNS script: byte 0x7f at offset 12 is binary data")
    #expect(
      Catalogue.requestNeeds("execute", what: "\"code\": a string").message
        == "an execute request needs \"code\": a string")
    #expect(Catalogue.requestNeeds("complete", what: "x").message == "a complete request needs x")
    #expect(
      Catalogue.unknownCommand("lod", hint: "; did you mean ':load'?").message
        == "unknown command ':lod'; did you mean ':load'?")
  }

  @Test func lexerReportsIds() {
    let cases: [(String, String)] = [
      ("a ! b", "L001"), ("\"abc", "L002"), ("\"a\\qb\"", "L003"), ("'x'", "L004"), ("1e", "L005"),
      ("1e999", "L006"),
    ]
    for (text, id) in cases {
      let ds = Lexer.tokenize(SourceFile(path: "t.nns", text: text)).diagnostics
      #expect(ds.map(\.id) == [id], "\(text): \(ds)")
    }
  }

  /// docs/diagnostics.md is generated from the catalogue; this keeps it in step.
  @Test func referenceMatchesTheCatalogue() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/diagnostics.md")
    let text = DiagnosticID.markdown()
    if ProcessInfo.processInfo.environment["NNS_UPDATE_GOLDEN"] == "1" {
      try text.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    #expect(try String(contentsOf: url, encoding: .utf8) == text, "regenerate with NNS_UPDATE_GOLDEN=1")
    for id in DiagnosticID.allCases { #expect(text.contains("| \(id.rawValue) |")) }
  }
}
