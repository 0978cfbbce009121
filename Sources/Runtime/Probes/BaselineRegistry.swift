/// Registry entries of the non-deep baselines, learning-curve rates and optimal transport (SPEC §4.7;
/// seeds 001 and 003): models fitted in closed form that `predict`, `loss` and `accuracy` take like nets.
extension Builtins {
  static let baselineProbes: [BuiltinInfo] = [
    BuiltinInfo(
      "kernel_ridge", .probe,
      [
        data,
        ParameterInfo(
          "kernel", .symbol, default: "rbf",
          "rbf exp(−γ‖x−x′‖²), laplacian exp(−γ‖x−x′‖₁), or ntk (the net's ntk_limit)",
          symbols: ["rbf", "laplacian", "ntk"]),
        ParameterInfo("gamma", .number, default: "1/features", "the rbf/laplacian width γ"),
        ParameterInfo("alpha", .number, default: "1", "added to the kernel matrix's diagonal"),
        ParameterInfo("net", .net, default: "none", "the net whose infinite-width NTK kernel: ntk uses"),
      ], returns: .model,
      "kernel ridge regression as scikit-learn's KernelRidge: dual coefficients (K + αI)⁻¹Y, no intercept; "
        + "a model for predict, loss, accuracy"),
    BuiltinInfo(
      "fourier", .probe,
      [
        data, ParameterInfo("k", .number, default: "3", "the largest frequency per coordinate"),
        ParameterInfo("domain", .list, default: "the inputs' range", "[lo, hi]: each coordinate's period is hi − lo"),
      ], returns: .model,
      "least squares (minimum norm) on the (2k+1)^d trigonometric functions with frequencies |κ_j| ≤ k; "
        + "a model for predict, loss, accuracy"),
    BuiltinInfo(
      "random_features", .probe,
      [
        data, ParameterInfo("m", .number, default: "100", "number of random features"),
        ParameterInfo(
          "activation", .symbol, default: "relu", "an elementwise activation",
          symbols: ["identity", "tanh", "sigmoid", "relu", "softplus", "erf", "gelu", "sin"]),
        ParameterInfo("ridge", .number, default: "1e-3", "λ of the readout ‖Hw + b − Y‖² + λ‖w‖²"),
      ], returns: .model,
      "a fixed random layer φ(Wx + c), W ~ N(0, 1/d), c ~ N(0, 1), with a ridge readout and unpenalised intercept "
        + "(Rahimi & Recht 2008); a model for predict, loss, accuracy"),
    BuiltinInfo(
      "sweep_table", .function, [], returns: .record,
      "the table the last sweep printed, unmerged: one member per column, a list with an entry per printed row "
        + "(rate(sweep_table().n, sweep_table().error))"),
    BuiltinInfo(
      "rate", .probe,
      [
        ParameterInfo("n", .list, "sample sizes"),
        ParameterInfo("error", .list, "the errors at those sizes"),
      ], returns: .record,
      "fits error ∝ n^slope by log-log least squares: .slope .stderr .intercept .r2 .n .error .fitted; "
        + "plots log-log with the fitted line"),
    BuiltinInfo(
      "sinkhorn", .probe,
      [
        ParameterInfo("x", .any, "a dataset (its inputs) or a matrix of points"),
        ParameterInfo("y", .any, "a dataset (its inputs) or a matrix of points"),
        ParameterInfo("eps", .number, default: "0.1", "the entropic regularisation ε"),
        ParameterInfo("weights", .list, default: "uniform", "[weights of x, weights of y], each normalised to sum 1"),
        ParameterInfo("tol", .number, default: "1e-9", "stop when ‖Pᵀ1 − b‖₂ < tol (POT's stopThr)"),
        ParameterInfo("max_iter", .number, default: "1000", "iterations before giving up (POT's numItermax)"),
        ParameterInfo("strict", .boolean, default: "true", "false: return an unconverged plan instead of failing"),
      ], returns: .record,
      "entropy-regularised optimal transport with squared Euclidean cost, log-domain Sinkhorn (Cuturi 2013): "
        + ".cost = ⟨P, C⟩ (POT's sinkhorn2) .plan .iterations .converged .marginal_error .eps"),
    BuiltinInfo(
      "barycenter", .probe,
      [
        ParameterInfo("clouds", .list, "a list of datasets or point matrices"),
        ParameterInfo("eps", .number, default: "0.1", "the entropic regularisation ε of every plan"),
        ParameterInfo("weights", .list, default: "equal", "one weight per cloud, normalised to sum 1"),
        ParameterInfo("points", .number, default: "the first cloud's size", "support points of the barycenter"),
        ParameterInfo(
          "tol", .number, default: "1e-6", "stop when no point moves more (relative to the clouds' extent)"),
        ParameterInfo("max_iter", .number, default: "100", "outer iterations"),
      ], returns: .record,
      "free-support Sinkhorn barycenter (Cuturi & Doucet 2014), started at the first cloud: .points .cost "
        + ".iterations .converged"),
  ]

  private static let data = ParameterInfo("data", .data)
}
