import Diagnostics
import Testing

@testable import Parser

/// Parser call sites report the catalogue entry their message comes from.
@Suite struct DiagnosticIDTests {
  @Test func parserReportsIds() {
    let deep = String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)
    let cases: [(String, [String])] = [
      ("print a +* 3", ["P001"]),
      ("net n {\n  input 2", ["P001"]),
      ("}", ["P002"]),
      ("print " + deep, ["P003"]),
      ("print 1" + String(repeating: " + 1", count: 300), ["P004"]),
      ("print 1 < 2 < 3", ["P005"]),
      ("print 1..2..3", ["P006"]),
      ("print f(a: 1, 2)", ["P007"]),
      ("print 'x'", ["L004"]),
    ]
    for (text, ids) in cases {
      let ds = parse(text).diagnostics
      #expect(ds.map(\.id) == ids, "\(text.prefix(40)): \(ds.map(\.description))")
    }
  }

  @Test func expectedNamesTheOpener() {
    let d = parse("net n {\n  input 2").diagnostics.first
    #expect(d?.message == "expected '}' to close '{' at line 1, found end of file")
    #expect(d?.notes.map(\.message) == ["'{' opened here"])
  }
}
