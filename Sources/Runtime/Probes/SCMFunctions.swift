import Diagnostics
import Engine
import Lexer
import Report

/// Implementations of the soft-committee-machine probes (seed 001), by registry name.
extension Functions {
  static let scm: [String: Implementation] = [
    "overlaps": { i, c in
      let (s, t) = try (i.netHandle(c.arguments["student"]!), i.netHandle(c.arguments["teacher"]!))
      let w = try committee(c, "student") { try SoftCommitteeMachine.firstLayer(s.network) }
      let b = try committee(c, "teacher") { try SoftCommitteeMachine.firstLayer(t.network) }
      let o = try engine(c) { try OrderParameters(student: w, teacher: b) }
      return .record(
        Record(
          kind: "overlaps",
          fields: [
            ("Q", .matrix(o.q)), ("R", .matrix(o.r)), ("T", .matrix(o.t)), ("inputs", .number(Double(w.cols))),
          ]))
    },
    "scm_theory": { i, c in
      let (s, t) = try (i.netHandle(c.arguments["student"]!), i.netHandle(c.arguments["teacher"]!))
      let lr = try i.number(c, "lr")
      let time = try i.number(c, "time")
      let points = try i.integer(c, "points")
      let tol = try i.number(c, "tol")
      let student = try committee(c, "student") { try SoftCommitteeMachine(s.network) }
      let teacher = try committee(c, "teacher") { try SoftCommitteeMachine(t.network) }
      guard student.outputs == teacher.outputs else {
        throw RuntimeError(
          "scm_theory: student '\(s.name)' has \(student.outputs) output\(student.outputs == 1 ? "" : "s") but "
            + "teacher '\(t.name)' has \(teacher.outputs)", at: c.arguments["teacher"]!.span)
      }
      let eta = student.saadSollaRate(sgd: lr)
      let theory = try engine(c) {
        // The ODE's size check comes first: it bounds the order-parameter matrices too.
        try SoftCommitteeODE.checkSize(student.units, teacher.units)
        let o = try OrderParameters(student: student.weights, teacher: teacher.weights)
        let ode = try SoftCommitteeODE(student: student, teacher: teacher, t: o.t, eta: eta)
        return try softCommitteeTheory(ode, q: o.q, r: o.r, time: time, points: points, rtol: tol, atol: tol / 100)
      }
      return .record(scmRecord(theory))
    },
    "plateaus": { i, c in
      let e = c.arguments["x"]!
      let (x, y) = try curve(try i.evaluate(e), at: e.span)
      let threshold = try i.number(c, "threshold")
      let duration = try i.number(c, "duration")
      return .record(plateauRecord(Engine.plateaus(x: x, y: y, threshold: threshold, duration: duration)))
    },
  ]

  /// Runs a soft-committee reading of the net passed as `role`, locating its errors at that argument.
  static func committee<T>(_ c: IRCall, _ role: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as SoftCommitteeError {
      throw RuntimeError("\(c.name): \(role): \(e.description)", at: c.arguments[role]!.span)
    }
  }

  static func scmRecord(_ t: SoftCommitteeTheory) -> Record {
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
              kind: "plateau",
              fields: [("level", .number(p.level)), ("start", .number(p.start)), ("end", .number(p.end))]))
        ), at: 2)
    } else {
      unavailable["plateau"] = ("the error curve has no plateau up to this time", "integrate further (time:)")
    }
    return Record(kind: "scm_theory", fields: fields, unavailable: unavailable)
  }

  static func plateauRecord(_ ps: [Plateau]) -> Record {
    Record(
      kind: "plateaus",
      fields: [
        ("count", .number(Double(ps.count))), ("starts", ProbeRecords.numbers(ps.map(\.start))),
        ("ends", ProbeRecords.numbers(ps.map(\.end))), ("levels", ProbeRecords.numbers(ps.map(\.level))),
      ])
  }

  /// (t, loss) of what `plateaus` accepts: t = epochs 1, 2, … for a net's history or a list, α for scm_theory.
  static func curve(_ v: Value, at span: SourceSpan) throws -> ([Double], [Double]) {
    func indexed(_ ys: [Double]) -> ([Double], [Double]) { (ys.indices.map { Double($0 + 1) }, ys) }
    switch v {
    case .net(let h): return indexed(h.history.epochLoss)
    case .list: return indexed(try Arithmetic.numbers(v, at: span))
    case .record(let r) where r.kind == "history":
      return indexed(try Arithmetic.numbers(r["loss"] ?? .list([]), at: span))
    case .record(let r) where r.kind == "scm_theory":
      return (
        try Arithmetic.numbers(r["time"] ?? .list([]), at: span),
        try Arithmetic.numbers(r["error"] ?? .list([]), at: span)
      )
    default:
      throw RuntimeError(
        "plateaus needs a net, a list of losses, a history(…) or an scm_theory(…) record, found \(v.kind)", at: span)
    }
  }
}

extension Interpreter {
  /// The figures of the soft-committee records: the theory's error against α (log error axis), the
  /// overlap matrix R as a heat map.
  static let scmPlots: [String: RecordPlot] = [
    "scm_theory": { r, _, span in
      let t = try Arithmetic.numbers(r["time"] ?? .list([]), at: span)
      let e = try Arithmetic.numbers(r["error"] ?? .list([]), at: span)
      return Plot(
        .line(
          [Series(name: "Saad–Solla theory", x: Array(t.dropFirst()), y: Array(e.dropFirst()))], logX: false, logY: true
        ),
        title: "soft committee machine: online learning", xLabel: "α = steps / N", yLabel: "E[(f − y)²]")
    },
    "overlaps": { r, _, _ in
      guard case .matrix(let m)? = r["R"] else { return Plot(.heatmap([]), title: "R") }
      return Plot(.heatmap((0..<m.rows).map { m.row($0) }), title: "student–teacher overlaps R")
    },
  ]
}
