import Engine

/// Implementations of the analysis probes, by registry name.
extension Functions {
  static let analysis: [String: Implementation] = [
    "fisher": { i, c in
      let (h, d) = try i.netAndData(c)
      let tol = try i.number(c, "tol", default: 1e-10)
      return .record(ProbeRecords.fisher(fisherSummary(h.network, x: d.x, loss: h.loss, tolerance: tol)))
    },
    "lr_bound": { i, c in
      let (h, d) = try i.netAndData(c)
      let top = fisherMaxEigenvalue(h.network, x: d.x, loss: h.loss)
      return .number(top > 0 ? 2 / top : .infinity)
    },
    "fisher_theory": { i, c in
      let (h, d) = try i.netAndData(c)
      return .record(ProbeRecords.fisherTheory(try engine(c) { try fisherTheory(h.network, x: d.x, loss: h.loss) }))
    },
    "ntk": { i, c in
      let (h, d) = try i.netAndData(c)
      return .record(ProbeRecords.ntk(ntkSummary(h.network, x: d.x)))
    },
    "ntk_limit": { i, c in
      let (h, d) = try i.netAndData(c)
      let k = try engine(c) { try kernelLimit(h.network, x: d.x) }
      return .record(ProbeRecords.ntk(NTKSummary(matrix: k.ntk), nngp: k.nngp, kind: "ntk_limit"))
    },
    "ntk_change": { i, c in
      let a = try ProbeRecords.kernel(i, c.arguments["a"]!)
      let b = try ProbeRecords.kernel(i, c.arguments["b"]!)
      return .number(try engine(c) { try ntkChange(a, b) })
    },
  ]
}

/// Engine probe results as language records.
enum ProbeRecords {
  static func numbers(_ xs: [Double]) -> Value { .list(xs.map { .number($0) }) }

  static func fisher(_ f: FisherSummary) -> Record {
    Record(
      kind: "fisher",
      fields: [
        ("max", .number(f.max)), ("mean", .number(f.mean)), ("second_moment", .number(f.secondMoment)),
        ("trace", .number(f.trace)), ("rank", .number(Double(f.rank))), ("condition", .number(f.condition)),
        ("spectrum", numbers(f.spectrum)),
      ])
  }

  static func fisherTheory(_ t: FisherTheory) -> Record {
    Record(
      kind: "fisher_theory",
      fields: [
        ("max", .number(t.max)), ("mean", .number(t.mean)), ("second_moment", .number(t.secondMoment)),
        ("kappa1", .number(t.kappa1)), ("kappa2", .number(t.kappa2)), ("alpha", .number(t.alpha)),
        ("width", .number(Double(t.width))), ("samples", .number(Double(t.samples))),
        ("q_hat1", numbers(t.qHat1)), ("q_hat2", numbers(t.qHat2)), ("q_tilde1", numbers(t.qTilde1)),
        ("q_tilde2", numbers(t.qTilde2)),
      ])
  }

  static func ntk(_ s: NTKSummary, nngp: Matrix? = nil, kind: String = "ntk") -> Record {
    var fields: [(name: String, value: Value)] = [
      ("trace", .number(s.trace)), ("decay", .number(s.decay)), ("eigenvalues", numbers(s.eigenvalues)),
      ("matrix", .matrix(s.matrix)),
    ]
    if let nngp { fields.append(("nngp", .matrix(nngp))) }
    return Record(kind: kind, fields: fields)
  }

  /// The kernel matrix of an `ntk`/`ntk_limit` record (or a plain matrix).
  static func kernel(_ i: Interpreter, _ e: IRExpr) throws -> Matrix {
    switch try i.evaluate(e) {
    case .record(let r):
      guard case .matrix(let m)? = r["matrix"] else {
        throw RuntimeError("ntk_change needs ntk(…) records, found a \(r.kind) record", at: e.span)
      }
      return m
    case .matrix(let m): return m
    case let v: throw RuntimeError("ntk_change needs ntk(…) records, found \(v.kind)", at: e.span)
    }
  }
}
