import Diagnostics
import Engine
import Foundation
import Lexer
import Report

/// Registry entries of the analysis probes (SPEC §4.7): Fisher, NTK, Hessian, singularities, ….
package extension Builtins {
  package static let analysisProbes: [BuiltinInfo] = [
    BuiltinInfo(
      "fisher", .probe, [net, data, tol], returns: .record,
      "Fisher information (1/N) Σ JᵀΛJ (Λ = I for mse, softmax covariance for cross-entropy) (Karakida, Akaho & "
        + "Amari 2019)"
    ).withMembers([
      MemberInfo("max", .number, "λmax"), MemberInfo("mean", .number, "mean eigenvalue (over P)"),
      MemberInfo("second_moment", .number, "mean squared eigenvalue"), MemberInfo("trace", .number),
      MemberInfo("rank", .number, "eigenvalues above tol·λmax"),
      MemberInfo("condition", .number, "λmax/λmin over the rank"),
      MemberInfo("spectrum", .list, "all P eigenvalues, descending"),
    ]).run { i, c in
      let (h, d) = try i.netAndData(c)
      let tol = try i.number(c, "tol")
      return .record(ProbeRecords.fisher(fisherSummary(h.network, x: d.x, loss: h.loss, tolerance: tol)))
    },
    BuiltinInfo(
      "lr_bound", .probe, [net, data], returns: .number,
      "2/λmax of the Fisher information: the largest stable gradient-descent learning rate near a minimum"
    ).run { i, c in
      let (h, d) = try i.netAndData(c)
      guard let bound = learningRateBound(h.network, x: d.x, loss: h.loss) else {
        throw RuntimeError(.rateBoundNeedsCurvature(net: h.name, loss: h.loss.scriptName), at: c.span)
      }
      return .number(bound)
    },
    BuiltinInfo(
      "fisher_theory", .probe, [net, data], returns: .record,
      "mean-field predictions of the Fisher spectrum at random init, with the order parameters (Karakida, Akaho & "
        + "Amari 2019)"
    ).withMembers([
      MemberInfo("max", .number, "predicted λmax"), MemberInfo("mean", .number, "predicted mean eigenvalue"),
      MemberInfo("second_moment", .number, "predicted second moment"), MemberInfo("kappa1", .number, "κ₁"),
      MemberInfo("kappa2", .number, "κ₂"), MemberInfo("alpha", .number, "α = Σ width ratios"),
      MemberInfo("width", .number), MemberInfo("samples", .number), MemberInfo("q_hat1", .list, "q̂₁ per layer"),
      MemberInfo("q_hat2", .list, "q̂₂ per layer"), MemberInfo("q_tilde1", .list, "q̃₁ per layer"),
      MemberInfo("q_tilde2", .list, "q̃₂ per layer"),
    ]).run { i, c in
      let (h, d) = try i.netAndData(c)
      return .record(ProbeRecords.fisherTheory(try engine(c) { try fisherTheory(h.network, x: d.x, loss: h.loss) }))
    },
    BuiltinInfo(
      "ntk", .probe, [net, data], returns: .record, "empirical neural tangent kernel J Jᵀ (Jacot et al. 2018)"
    ).withMembers(ntkMembers).run { i, c in
      let (h, d) = try i.netAndData(c)
      return .record(ProbeRecords.ntk(ntkGram(h.network, d.x)))
    },
    BuiltinInfo(
      "ntk_change", .probe, [ParameterInfo("a", .record), ParameterInfo("b", .record)], returns: .number,
      "relative Frobenius change ‖Θ_b − Θ_a‖/‖Θ_a‖ between two ntk(…) (or ntk_limit) records"
    ).run { i, c in
      let a = try ProbeRecords.kernel(i, c.arguments["a"]!)
      let b = try ProbeRecords.kernel(i, c.arguments["b"]!)
      return .number(try engine(c) { try ntkChange(a, b) })
    },
    BuiltinInfo(
      "ntk_limit", .probe, [net, data], returns: .record,
      "analytic infinite-width NTK and NNGP of the net at init (closed forms for relu, leaky relu, erf, sin, gelu; "
        + "adaptive Gauss–Kronrod otherwise) (Jacot et al. 2018; Arora et al. 2019)"
    ).withMembers(ntkMembers + [MemberInfo("nngp", .matrix, "the NNGP kernel")]).run { i, c in
      let (h, d) = try i.netAndData(c)
      let k = try engine(c) { try kernelLimit(h.network, x: d.x) }
      return .record(ProbeRecords.ntk(k.ntk, nngp: k.nngp, kind: .ntkLimit))
    },
    BuiltinInfo(
      "hessian", .probe,
      [
        net, data,
        ParameterInfo("k", .number, default: 5, "how many of the largest eigenvalues .top lists")
          .within(1...1_000, whole: true),
        ParameterInfo("tol", .number, default: 1e-6, "relative tolerance for .kind").within(0...1),
      ], returns: .record,
      "Hessian of the training loss: exact when P ≤ 2000, else Lanczos for the extremes and Hutchinson for the trace"
    ).withMembers([
      MemberInfo("max", .number, "the largest eigenvalue"), MemberInfo("min", .number, "the smallest eigenvalue"),
      MemberInfo("trace", .number, "exact, or Hutchinson's estimate"),
      MemberInfo("kind", .string, "minimum, saddle, maximum or degenerate"),
      MemberInfo("exact", .boolean, "whether the full spectrum was computed (P ≤ 2000)"),
      MemberInfo("top", .list, "the k largest eigenvalues (Lanczos)"),
      MemberInfo("spectrum", .list, "all eigenvalues when exact, else empty"),
    ]).run { i, c in
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
    BuiltinInfo(
      "singularities", .probe,
      [
        net, ParameterInfo("data", .data, default: .computed("none"), "inputs for .near_zero (Fisher eigenvalues)"),
        ParameterInfo("tol", .number, default: 1e-3, "distance under which units count as singular")
          .within(0...Double.infinity),
      ], returns: .record,
      "singular regions (Fukumizu & Amari 2000)"
    ).withMembers([
      MemberInfo("overlaps", .number, "pairs of units with equal weights"),
      MemberInfo("eliminated", .number, "units with zero output weight"),
      MemberInfo("symmetric", .number, "pairs of units with opposite weights"),
      MemberInfo("distance", .number, "Euclidean distance to the nearest singular set"),
      MemberInfo("near_zero", .number, "Fisher eigenvalues below tol·λmax (needs data)"),
      MemberInfo("pairs", .list, "the singular pairs, described"),
    ]).run { i, c in
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
        nearZero = Double(s.count(atMost: tol * s.max))
      }
      return .record(ProbeRecords.singularities(r, nearZero: nearZero))
    },
    BuiltinInfo(
      "gradcheck", .probe, [net, data], returns: .number,
      "max relative error of backprop against central finite differences"
    ).run { i, c in
      let (h, d) = try i.netAndData(c)
      try engine(c) { try h.network.validate(x: d.x, y: d.y, loss: h.loss) }
      return .number(gradientCheck(h.network, x: d.x, y: d.y, loss: h.loss))
    },
    BuiltinInfo(
      "weights", .probe, [net], returns: .record,
      "weight statistics"
    ).withMembers([
      MemberInfo("norm", .number, "‖θ‖₂"), MemberInfo("evenness", .number, "KS distance of θ and −θ"),
      MemberInfo("layer_norms", .list), MemberInfo("values", .list, "every parameter (plot as a histogram)"),
    ]).run { i, c in
      let h = try i.netHandle(c.arguments["net"]!)
      let w = weightSummary(h.network)
      return .record(
        Record(
          kind: .weights,
          fields: [
            ("norm", .number(w.norm)), ("evenness", .number(w.evenness)),
            ("layer_norms", ProbeRecords.numbers(w.layerNorms)), ("values", ProbeRecords.numbers(w.values)),
          ]))
    },
    BuiltinInfo(
      "gap", .probe, [net, ParameterInfo("train", .data), ParameterInfo("test", .data)], returns: .number,
      "generalisation gap: loss on test minus loss on train"
    ).run { i, c in
      let (h, sets) = try i.netAndTrainTest(c)
      let losses = try zip(sets, ["train", "test"]).map { try i.lossValue(h, $0, at: c.arguments[$1]!.span) }
      return .number(losses[1] - losses[0])
    },
  ]

  private static let ntkMembers = [
    MemberInfo("trace", .number), MemberInfo("decay", .number, "power-law exponent of the eigenvalues"),
    MemberInfo("eigenvalues", .list, "descending"), MemberInfo("matrix", .matrix, "the N·C × N·C kernel"),
  ]

  private static let net = ParameterInfo("net", .net)
  private static let data = ParameterInfo("data", .data)
  private static let tol = ParameterInfo(
    "tol", .number, default: 1e-10, "eigenvalues below tol·λmax count as zero (rank, condition)"
  ).within(0...Double.infinity)
}
