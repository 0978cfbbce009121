import Diagnostics
import Engine
import Foundation
import Lexer
import Report

/// Registry entries of the non-deep baselines, learning-curve rates and optimal transport (SPEC §4.7;
/// seeds 001 and 003): models fitted in closed form that `predict`, `loss` and `accuracy` take like nets.
package extension Builtins {
  package static let baselineProbes: [BuiltinInfo] = [
    BuiltinInfo(
      "kernel_ridge", .probe,
      [
        data,
        ParameterInfo(
          "kernel", .symbol, default: .word("rbf"),
          "rbf exp(−γ‖x−x′‖²), laplacian exp(−γ‖x−x′‖₁), or ntk (the net's ntk_limit)",
          symbols: ["rbf", "laplacian", "ntk"]),
        ParameterInfo("gamma", .number, default: .computed("1/features"), "the rbf/laplacian width γ")
          .within(0...Double.infinity, open: true),
        ParameterInfo("alpha", .number, default: 1, "added to the kernel matrix's diagonal"),
        ParameterInfo("net", .net, default: .computed("none"), "the net whose infinite-width NTK kernel: ntk uses"),
      ], returns: .model,
      "kernel ridge regression as scikit-learn's KernelRidge: dual coefficients (K + αI)⁻¹Y, no intercept; "
        + "a model for predict, loss, accuracy"
    ).run { i, c in
      let d = try i.dataset(c.arguments["data"]!)
      let name = try i.word(c, "kernel")
      let gamma = try i.number(c, "gamma") { 1 / Double(max(1, d.x.cols)) }
      let alpha = try i.number(c, "alpha")
      let kernel: KernelRidge.Kernel
      switch name {
      case "laplacian": kernel = .laplacian(gamma: gamma)
      case "ntk":
        guard let e = c.arguments["net"] else {
          throw RuntimeError(.kernelNTKNeedsNet, at: c.span, fixIt: "add net: <net>")
        }
        let h = try i.netHandle(e)
        try i.checkInput(h, d, at: c.arguments["data"]!.span)
        kernel = .ntk(try engine(c) { try NTKKernel(h.network) })
      default: kernel = .rbf(gamma: gamma)
      }
      return .model(
        FittedModel(regressor: try engine(c) { try KernelRidge(x: d.x, y: d.y, kernel: kernel, alpha: alpha) }))
    },
    BuiltinInfo(
      "fourier", .probe,
      [
        data,
        ParameterInfo("k", .number, default: 3, "the largest frequency per coordinate")
          .within(0...10_000, whole: true),
        ParameterInfo(
          "domain", .list, default: .computed("the inputs' range"), "[lo, hi]: each coordinate's period is hi − lo"),
      ], returns: .model,
      "least squares (minimum norm) on the (2k+1)^d trigonometric functions with frequencies |κ_j| ≤ k; "
        + "a model for predict, loss, accuracy"
    ).run { i, c in
      let d = try i.dataset(c.arguments["data"]!)
      let k = try i.integer(c, "k")
      let domain = try fourierDomain(i, c, d)
      return .model(
        FittedModel(regressor: try engine(c) { try FourierRegression(x: d.x, y: d.y, k: k, domain: domain) }))
    },
    BuiltinInfo(
      "random_features", .probe,
      [
        data,
        ParameterInfo("m", .number, default: 100, "number of random features")
          .within(1...1_000_000, whole: true),
        ParameterInfo(
          "activation", .symbol, default: .word("relu"), "an elementwise activation",
          symbols: ["identity", "tanh", "sigmoid", "relu", "softplus", "erf", "gelu", "sin"]),
        ParameterInfo("ridge", .number, default: 1e-3, "λ of the readout ‖Hw + b − Y‖² + λ‖w‖²"),
      ], returns: .model,
      "a fixed random layer φ(Wx + c), W ~ N(0, 1/d), c ~ N(0, 1), with a ridge readout and unpenalised intercept "
        + "(Rahimi & Recht 2008); a model for predict, loss, accuracy"
    ).run { i, c in
      let d = try i.dataset(c.arguments["data"]!)
      let m = try i.integer(c, "m")
      let need = 8 * 3 * Double(d.count) * Double(m)
      guard need <= Sinkhorn.memoryLimit else {
        throw RuntimeError(
          .randomFeaturesMemory(
            features: m, points: d.count, need: Sinkhorn.formatBytes(need),
            limit: Sinkhorn.formatBytes(Sinkhorn.memoryLimit)), at: c.arguments["m"]?.span ?? c.span)
      }
      let act = try activationWord(i, c)
      let ridge = try i.number(c, "ridge")
      var rng = i.stream("random_features")
      return .model(
        FittedModel(
          regressor: try engine(c) {
            try RandomFeatures(x: d.x, y: d.y, m: m, activation: act, ridge: ridge, rng: &rng)
          }))
    },
    BuiltinInfo(
      "sweep_table", .function, [], returns: .record,
      "the table the last sweep printed, unmerged: one member per column, a list with an entry per printed row "
        + "(rate(sweep_table().n, sweep_table().error))"
    ).withOpenMembers([]).run { i, c in
      guard let t = i.lastSweep else {
        throw RuntimeError(
          .noSweepTable, at: c.span, fixIt: "call sweep_table() after a sweep whose body prints")
      }
      return .record(BaselineRecords.sweepTable(t.rows, columns: t.columns))
    },
    BuiltinInfo(
      "rate", .probe,
      [
        ParameterInfo("n", .list, "sample sizes"),
        ParameterInfo("error", .list, "the errors at those sizes"),
      ], returns: .record,
      "fits error ∝ n^slope by log-log least squares; plots log-log with the fitted line"
    ).withMembers([
      MemberInfo("slope", .number), MemberInfo("stderr", .number, "standard error of the slope"),
      MemberInfo("intercept", .number), MemberInfo("r2", .number), MemberInfo("n", .list), MemberInfo("error", .list),
      MemberInfo("fitted", .list),
    ]).run { i, c in
      let (ns, errors) = try rateInput(i, c)
      return .record(BaselineRecords.rate(try engine(c) { try rateFit(n: ns, error: errors) }))
    },
    BuiltinInfo(
      "sinkhorn", .probe,
      [
        ParameterInfo("x", .any, "a dataset (its inputs) or a matrix of points"),
        ParameterInfo("y", .any, "a dataset (its inputs) or a matrix of points"),
        ParameterInfo("eps", .number, default: 0.1, "the entropic regularisation ε").within(
          0...Double.infinity, open: true),
        ParameterInfo(
          "weights", .list, default: .computed("uniform"), "[weights of x, weights of y], each normalised to sum 1"),
        ParameterInfo("tol", .number, default: 1e-9, "stop when ‖Pᵀ1 − b‖₂ < tol (POT's stopThr)")
          .within(0...Double.infinity, open: true),
        ParameterInfo("max_iter", .number, default: 1000, "iterations before giving up (POT's numItermax)")
          .within(1...10_000_000, whole: true),
        ParameterInfo("strict", .boolean, default: true, "false: return an unconverged plan instead of failing"),
      ], returns: .record,
      "entropy-regularised optimal transport with squared Euclidean cost, log-domain Sinkhorn (Cuturi 2013)"
    ).withMembers([
      MemberInfo("cost", .number, "⟨P, C⟩ (POT's sinkhorn2)"), MemberInfo("iterations", .number),
      MemberInfo("converged", .boolean), MemberInfo("marginal_error", .number), MemberInfo("eps", .number),
      MemberInfo("plan", .matrix),
    ]).run { i, c in
      let x = try i.cloud(c.arguments["x"]!, "sinkhorn")
      let y = try i.cloud(c.arguments["y"]!, "sinkhorn")
      let eps = try i.number(c, "eps")
      let tol = try i.number(c, "tol")
      let maxIter = try i.integer(c, "max_iter")
      let strict = try i.flag(c, "strict")
      var a: [Double]?
      var b: [Double]?
      if let e = c.arguments["weights"] {
        guard case .list(let ws) = try i.evaluate(e), ws.count == 2 else {
          throw RuntimeError(.sinkhornWeights, at: e.span)
        }
        a = try i.weights(.constant(ws[0], e.span), count: x.rows, what: "x")
        b = try i.weights(.constant(ws[1], e.span), count: y.rows, what: "y")
      }
      do {
        let r = try sinkhorn(x: x, y: y, a: a, b: b, epsilon: eps, tolerance: tol, maxIterations: maxIter)
        return .record(BaselineRecords.sinkhorn(r, eps: eps))
      } catch let e as SinkhornNotConverged {
        if !strict { return .record(BaselineRecords.sinkhorn(e.result, eps: eps)) }
        throw RuntimeError(
          .failed(e.description), at: c.span,
          fixIt: "write eps: \(String(format: "%.2g", e.suggestedEpsilon)), or strict: false to keep the last plan")
      } catch let e as EngineError {
        throw RuntimeError(.failedIn("sinkhorn", reason: "\(e)"), at: c.span)
      }
    },
    BuiltinInfo(
      "barycenter", .probe,
      [
        ParameterInfo("clouds", .list, "a list of datasets or point matrices"),
        ParameterInfo("eps", .number, default: 0.1, "the entropic regularisation ε of every plan")
          .within(0...Double.infinity, open: true),
        ParameterInfo("weights", .list, default: .computed("equal"), "one weight per cloud, normalised to sum 1"),
        ParameterInfo(
          "points", .number, default: .computed("the first cloud's size"), "support points of the barycenter"
        )
        .within(1...100_000, whole: true),
        ParameterInfo(
          "tol", .number, default: 1e-6, "stop when no point moves more (relative to the clouds' extent)"
        )
        .within(0...Double.infinity, open: true),
        ParameterInfo("max_iter", .number, default: 100, "outer iterations").within(1...100_000, whole: true),
      ], returns: .record,
      "free-support Sinkhorn barycenter (Cuturi & Doucet 2014), started at the first cloud"
    ).withMembers([
      MemberInfo("cost", .number), MemberInfo("iterations", .number), MemberInfo("converged", .boolean),
      MemberInfo("points", .matrix), MemberInfo("clouds", .list),
    ]).run { i, c in
      let listExpr = c.arguments["clouds"]!
      guard case .list(let items) = try i.evaluate(listExpr), !items.isEmpty else {
        throw RuntimeError(.barycenterInput, at: listExpr.span)
      }
      let clouds = try items.map { v -> Matrix in try i.cloud(.constant(v, listExpr.span), "barycenter") }
      let lambda =
        try i.weights(c.arguments["weights"], count: clouds.count, what: "barycenter")
        ?? [Double](repeating: 1 / Double(clouds.count), count: clouds.count)
      let k = try i.integer(c, "points") { clouds[0].rows }
      let eps = try i.number(c, "eps")
      let tol = try i.number(c, "tol")
      let maxIter = try i.integer(c, "max_iter")
      do {
        let r = try sinkhornBarycenter(
          clouds, weights: lambda, points: k, epsilon: eps, tolerance: tol, maxIterations: maxIter)
        return .record(BaselineRecords.barycenter(r, clouds: clouds))
      } catch let e as SinkhornNotConverged {
        throw RuntimeError(
          .failedIn("barycenter", reason: e.description), at: c.span,
          fixIt: "write eps: \(String(format: "%.2g", e.suggestedEpsilon))")
      } catch let e as EngineError {
        throw RuntimeError(.failedIn("barycenter", reason: "\(e)"), at: c.span)
      }
    },
  ]

  private static let data = ParameterInfo("data", .data)
}
