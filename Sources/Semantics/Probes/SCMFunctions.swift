import Diagnostics
import Engine
import Lexer
import Report

/// Implementations of the soft-committee-machine probes (seed 001), by registry name.
package extension Builtins {

  /// Runs a soft-committee reading of the net passed as `role`, locating its errors at that argument.
  package static func committee<T>(_ c: IRCall, _ role: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as SoftCommitteeError {
      throw RuntimeError(.failedIn("\(c.name): \(role)", reason: e.description), at: c.arguments[role]!.span)
    }
  }

  package static func scmRecord(_ t: SoftCommitteeTheory) -> Record {
    var fields: [(name: String, value: Value)] = [
      ("time", ProbeRecords.numbers(t.time)), ("error", ProbeRecords.numbers(t.error)),
      ("Q", .list(t.q.map { .matrix($0) })), ("R", .list(t.r.map { .matrix($0) })),
      ("eta", .number(t.eta)), ("steps", .number(Double(t.steps))),
    ]
    var unavailable: [String: (reason: String, fixIt: String)] = [:]
    if t.v.isEmpty {
      unavailable["V"] = ("the student's readout is fixed, so it does not move", "drop 'fixed' from its last layer")
    } else {
      fields.insert(("V", .list(t.v.map { .matrix($0) })), at: 4)
    }
    let found = Engine.plateaus(x: t.time, y: t.error)
    if let p = found.max(by: { $0.end - $0.start < $1.end - $1.start }) {
      fields.insert(
        (
          "plateau",
          .record(
            Record(
              kind: .plateau,
              fields: [("level", .number(p.level)), ("start", .number(p.start)), ("end", .number(p.end))]))
        ), at: 2)
    } else {
      unavailable["plateau"] = ("the error curve has no plateau up to this time", "integrate further (time:)")
    }
    return Record(kind: .scmTheory, fields: fields, unavailable: unavailable)
  }

  package static func plateauRecord(_ ps: [Plateau]) -> Record {
    Record(
      kind: .plateaus,
      fields: [
        ("count", .number(Double(ps.count))), ("starts", ProbeRecords.numbers(ps.map(\.start))),
        ("ends", ProbeRecords.numbers(ps.map(\.end))), ("levels", ProbeRecords.numbers(ps.map(\.level))),
      ])
  }

  /// (t, loss) of what `plateaus` accepts: t = epochs 1, 2, … for a net's history or a list, α for scm_theory.
  package static func curve(_ v: Value, at span: SourceSpan) throws -> ([Double], [Double]) {
    func indexed(_ ys: [Double]) -> ([Double], [Double]) { (ys.indices.map { Double($0 + 1) }, ys) }
    switch v {
    case .net(let h): return indexed(h.history.epochLoss)
    case .list: return indexed(try Arithmetic.numbers(v, at: span))
    case .record(let r) where r.kind == .history:
      return indexed(try Arithmetic.numbers(r["loss"] ?? .list([]), at: span))
    case .record(let r) where r.kind == .scmTheory:
      return (
        try Arithmetic.numbers(r["time"] ?? .list([]), at: span),
        try Arithmetic.numbers(r["error"] ?? .list([]), at: span)
      )
    default:
      throw RuntimeError(.plateausInput(found: "\(v.kind)"), at: span)
    }
  }
}

package extension RecordPlots {
  /// The figures of the soft-committee records: the theory's error against α (log error axis), the
  /// overlap matrix R as a heat map.
  package static let scm: [RecordKind: RecordPlot] = [
    .scmTheory: { r, _, span in
      let t = try Arithmetic.numbers(r["time"] ?? .list([]), at: span)
      let e = try Arithmetic.numbers(r["error"] ?? .list([]), at: span)
      return Plot(
        .line(
          [Series(name: "Saad–Solla theory", x: Array(t.dropFirst()), y: Array(e.dropFirst()))], logX: false, logY: true
        ),
        title: "soft committee machine: online learning", xLabel: "α = steps / N", yLabel: "E[(f − y)²]")
    },
    .overlaps: { r, _, _ in
      guard case .matrix(let m)? = r["R"] else { return Plot(.heatmap([]), title: "R") }
      return Plot(.heatmap((0..<m.rows).map { m.row($0) }), title: "student–teacher overlaps R")
    },
  ]
}
