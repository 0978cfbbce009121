/// Registry entries of the non-deep baselines, learning-curve rates and optimal transport (SPEC §4.7;
/// seeds 001 and 003): models fitted in closed form that `predict`, `loss` and `accuracy` take like nets.
extension Builtins {
  static let baselineProbes: [BuiltinInfo] = [
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
        + "a model for predict, loss, accuracy"),
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
        + "a model for predict, loss, accuracy"),
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
        + "(Rahimi & Recht 2008); a model for predict, loss, accuracy"),
    BuiltinInfo(
      "sweep_table", .function, [], returns: .record,
      "the table the last sweep printed, unmerged: one member per column, a list with an entry per printed row "
        + "(rate(sweep_table().n, sweep_table().error))"
    ).withOpenMembers([]),
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
    ]),
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
    ]),
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
    ]),
  ]

  private static let data = ParameterInfo("data", .data)
}
