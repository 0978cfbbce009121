import Engine
import Report

/// Implementations of the analysis probes, by registry name.
extension Functions {
  static let analysis: [String: Implementation] = [
    "fisher": { i, c in
      let (h, d) = try i.netAndData(c)
      let tol = try i.number(c, "tol")
      return .record(ProbeRecords.fisher(fisherSummary(h.network, x: d.x, loss: h.loss, tolerance: tol)))
    },
    "lr_bound": { i, c in
      let (h, d) = try i.netAndData(c)
      guard let bound = learningRateBound(h.network, x: d.x, loss: h.loss) else {
        throw RuntimeError(
          "lr_bound needs a loss with curvature; net '\(h.name)' is trained with \(h.loss.scriptName), which is "
            + "piecewise linear", at: c.span)
      }
      return .number(bound)
    },
    "fisher_theory": { i, c in
      let (h, d) = try i.netAndData(c)
      return .record(ProbeRecords.fisherTheory(try engine(c) { try fisherTheory(h.network, x: d.x, loss: h.loss) }))
    },
    "ntk": { i, c in
      let (h, d) = try i.netAndData(c)
      return .record(ProbeRecords.ntk(ntkGram(h.network, d.x)))
    },
    "ntk_limit": { i, c in
      let (h, d) = try i.netAndData(c)
      let k = try engine(c) { try kernelLimit(h.network, x: d.x) }
      return .record(ProbeRecords.ntk(k.ntk, nngp: k.nngp, kind: "ntk_limit"))
    },
    "ntk_change": { i, c in
      let a = try ProbeRecords.kernel(i, c.arguments["a"]!)
      let b = try ProbeRecords.kernel(i, c.arguments["b"]!)
      return .number(try engine(c) { try ntkChange(a, b) })
    },
    "hessian": { i, c in
      let (h, d) = try i.netAndData(c)
      let k = try i.integer(c, "k")
      let tol = try i.number(c, "tol")
      try engine(c) { try h.network.validate(x: d.x, y: d.y, loss: h.loss) }
      var rng = i.stream("hessian")
      let op = HessianOperator(net: h.network, x: d.x, y: d.y, loss: h.loss)
      let s = hessianSummary(op, k: k, tolerance: tol, estimateTrace: false, rng: &rng)
      // Hutchinson's trace (30 more H·v products than Lanczos's 40) only when `.trace` is read: on a
      // copy of the net as it is now (it may be trained further before that) and with the stream where
      // Lanczos left it, so the value is the one an eager computation would give, bit for bit.
      var trace = Record.Member.value(.number(s.trace))
      if !s.exact {
        let frozen = HessianOperator(net: h.network.copy(), x: d.x, y: d.y, loss: h.loss)
        let after = rng
        trace = .deferred(
          Lazy {
            var r = after
            return .number(hutchinsonTrace(frozen, probes: hutchinsonProbes, rng: &r))
          })
      }
      return .record(ProbeRecords.hessian(s, trace: trace))
    },
    "singularities": { i, c in
      let h = try i.netHandle(c.arguments["net"]!)
      let tol = try i.number(c, "tol")
      let r = singularities(h.network, tol: tol)
      var nearZero: Double?
      if let e = c.arguments["data"] {
        let d = try i.dataset(e)
        try i.checkInput(h, d, at: e.span)
        try i.adaptReadout(h, d, at: e.span)
        try i.checkMemory(c, h, d)
        let s = fisherSummary(h.network, x: d.x, loss: h.loss)
        nearZero = Double(s.spectrum.filter { $0 <= tol * s.max }.count)
      }
      return .record(ProbeRecords.singularities(r, nearZero: nearZero))
    },
    "gradcheck": { i, c in
      let (h, d) = try i.netAndData(c)
      try engine(c) { try h.network.validate(x: d.x, y: d.y, loss: h.loss) }
      return .number(gradientCheck(h.network, x: d.x, y: d.y, loss: h.loss))
    },
    "weights": { i, c in
      let h = try i.netHandle(c.arguments["net"]!)
      let w = weightSummary(h.network)
      return .record(
        Record(
          kind: "weights",
          fields: [
            ("norm", .number(w.norm)), ("evenness", .number(w.evenness)),
            ("layer_norms", ProbeRecords.numbers(w.layerNorms)), ("values", ProbeRecords.numbers(w.values)),
          ]))
    },
    "gap": { i, c in
      let (h, sets) = try i.netAndTrainTest(c)
      let losses = try zip(sets, ["train", "test"]).map { try i.lossValue(h, $0, at: c.arguments[$1]!.span) }
      return .number(losses[1] - losses[0])
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

  /// The NTK record of a kernel matrix: `trace` and `matrix` at once, `eigenvalues` and `decay` (one
  /// O(N³) `dsyevd`, shared) deferred until one of them is read.
  static func ntk(_ m: Matrix, nngp: Matrix? = nil, kind: String = "ntk") -> Record {
    let eigenvalues = Lazy { NTKSummary.eigenvalues(of: m) }
    var members: [(name: String, member: Record.Member)] = [
      ("trace", .value(.number(m.trace))),
      ("decay", .deferred(Lazy { .number(NTKSummary.powerLawDecay(eigenvalues.value)) })),
      ("eigenvalues", .deferred(Lazy { numbers(eigenvalues.value) })),
      ("matrix", .value(.matrix(m))),
    ]
    if let nngp { members.append(("nngp", .value(.matrix(nngp)))) }
    return Record(kind: kind, members: members)
  }

  static func hessian(_ s: HessianSummary, trace: Record.Member) -> Record {
    Record(
      kind: "hessian",
      members: [
        ("max", .value(.number(s.top.first ?? 0))), ("min", .value(.number(s.min))), ("trace", trace),
        ("kind", .value(.string(Options.criticalPointNames[s.kind] ?? ""))), ("exact", .value(.boolean(s.exact))),
        ("top", .value(numbers(s.top))),
        ("spectrum", .value(numbers(s.spectrum))),
      ])
  }

  /// `.near_zero` (FIM eigenvalues below tol·λmax) exists only when the data was given.
  static func singularities(_ r: SingularityReport, nearZero: Double?) -> Record {
    // The record lists at most `listed` pairs; the counts are complete.
    let listed = 1_000
    var pairs =
      r.overlaps.prefix(listed).map { "layer \($0.layer): units \($0.i) = \($0.j)" }
      + r.symmetric.prefix(listed).map { "layer \($0.layer): units \($0.i) = −\($0.j)" }
      + r.eliminated.prefix(listed).map { "layer \($0.layer): unit \($0.unit) eliminated" }
    let total = r.overlapCount + r.symmetricCount + r.eliminated.count
    if total > pairs.count { pairs.append("… and \(total - pairs.count) more") }
    var fields: [(name: String, value: Value)] = [
      ("overlaps", .number(Double(r.overlapCount))), ("eliminated", .number(Double(r.eliminated.count))),
      ("symmetric", .number(Double(r.symmetricCount))), ("distance", .number(r.distance)),
    ]
    if let nearZero { fields.append(("near_zero", .number(nearZero))) }
    fields.append(("pairs", .list(pairs.map { .string($0) })))
    let missing = ["near_zero": ("it counts Fisher eigenvalues, so it needs the data", "singularities(net, data)")]
    return Record(kind: "singularities", fields: fields, unavailable: nearZero == nil ? missing : [:])
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
