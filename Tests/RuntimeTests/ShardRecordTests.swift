import Diagnostics
import Foundation
import Lexer
import Testing

@testable import Report
@testable import Runtime
@testable import Semantics

/// A shard's iteration record must give back exactly what the iteration produced, or the merge
/// would not reproduce the local run byte for byte.
@Suite("Shard records")
struct ShardRecordTests {
  static let special: [Double] = [0, -0.0, 1.0 / 3, 5e-324, .greatestFiniteMagnitude, .nan, .infinity, -.infinity]

  func roundTrip(_ o: Interpreter.SweepOutcome) throws -> Interpreter.SweepOutcome {
    let text = ShardRecord.encode(o, index: 12, tag: "sweep[s=1,w=16]/", hash: "abc").printed(pretty: false)
    let back = try ShardRecord.decode(try JSONValue.parse(text))
    #expect(back.index == 12 && back.tag == "sweep[s=1,w=16]/" && back.hash == "abc")
    return back.outcome
  }

  @Test func cellsKeepEveryDoubleBitForBit() throws {
    var o = Interpreter.SweepOutcome()
    o.rows = Self.special.enumerated().map { k, x in
      [
        "x": .number(x), "n": .integer(k - 3), "ms": .meanStd(mean: x, std: 0.5, count: 3), "t": .text("a\"b\n"),
        "e": .empty,
      ]
    }
    let back = try roundTrip(o)
    #expect(back.rows.count == o.rows.count)
    for (a, b) in zip(o.rows, back.rows) {
      #expect(Set(a.keys) == Set(b.keys))
      guard case .number(let x)? = a["x"], case .number(let y)? = b["x"] else {
        Issue.record("x is not a number")
        continue
      }
      #expect(x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN))
      #expect(a["n"] == b["n"] && a["t"] == b["t"] && a["e"] == b["e"])
      #expect(
        Table(columns: ["ms"], rows: [[a["ms"]!]]).render() == Table(columns: ["ms"], rows: [[b["ms"]!]]).render())
    }
  }

  @Test func textSectionsFilesAndErrorComeBack() throws {
    var o = Interpreter.SweepOutcome()
    o.text = "loss(m, d) = 0.25\n"
    o.keys = ["w"]
    o.columns = ["w", "loss"]
    o.sections = [
      .output("x"), .table(Table(columns: ["a"], rows: [[.number(1)]], title: "t")), .text("*t*"),
      .figure(path: "f.svg", caption: "c"), .code("print 1", language: "nns"),
    ]
    o.files = [(path: "out/m.json", text: "{}\n"), (path: "out/loss.svg", text: "<svg/>")]
    let span = SourceSpan(file: "s.nns", start: 10, end: 20, line: 2, column: 3)
    o.error = RuntimeError(.assertionFailed("assertion failed: small"), at: span, fixIt: "e = 2, 2 = 2")
    let back = try roundTrip(o)
    #expect(back.text == o.text && back.keys == o.keys && back.columns == o.columns)
    #expect(back.sections == o.sections)
    #expect(back.files.map(\.path) == o.files.map(\.path) && back.files.map(\.text) == o.files.map(\.text))
    #expect((back.error as? RuntimeError)?.diagnostic == (o.error as? RuntimeError)?.diagnostic)
  }

  @Test func recordNamesAreSafeFileNamesInIterationOrder() {
    #expect(ResultStore.recordName(12, tag: "sweep[s=1,w=16]/") == "000012-s=1,w=16.json")
    #expect(ResultStore.recordName(3, tag: "sweep[name=a/b c]/") == "000003-name=a_b_c.json")
    #expect(ResultStore.recordName(1_234_567, tag: "") == "1234567.json")
  }

  @Test func theFingerprintCoversTextSeedAndSettings() {
    let m = ShardManifest(script: "s.nns", text: "print 1\n", seed: nil, assignments: [], quiet: false, shards: 3)
    var other = m
    other.seed = 1
    #expect(m.hash != other.hash)
    other = m
    other.assignments = ["w=2"]
    #expect(m.hash != other.hash)
    other = m
    other.text += " "
    #expect(m.hash != other.hash)
    other = m
    other.quiet = true
    #expect(m.hash != other.hash)
    other = m
    other.shards = 4
    #expect(m.hash == other.hash)
  }
}
