/// Registry entries of the analysis probes (SPEC §4.7): Fisher, NTK, Hessian, singularities, ….
extension Builtins {
  static let analysisProbes: [BuiltinInfo] = [
    BuiltinInfo(
      "fisher", .probe, [net, data, tol], returns: .record,
      "Fisher information (1/N) Σ JᵀΛJ (Λ = I for mse, softmax covariance for cross-entropy): .spectrum .mean "
        + ".second_moment .max .trace .rank .condition (Karakida, Akaho & Amari 2019)"),
    BuiltinInfo(
      "lr_bound", .probe, [net, data], returns: .number,
      "2/λmax of the Fisher information: the largest stable gradient-descent learning rate near a minimum"),
    BuiltinInfo(
      "fisher_theory", .probe, [net, data], returns: .record,
      "mean-field predictions .mean .second_moment .max of the Fisher spectrum at random init, with the "
        + "order parameters q̂₁ q̂₂ q̃₁ q̃₂ κ₁ κ₂ (Karakida, Akaho & Amari 2019)"),
    BuiltinInfo(
      "ntk", .probe, [net, data], returns: .record,
      "empirical neural tangent kernel J Jᵀ: .matrix .eigenvalues .decay (power-law exponent) .trace (Jacot et al. 2018)"
    ),
    BuiltinInfo(
      "ntk_change", .probe, [ParameterInfo("a", .record), ParameterInfo("b", .record)], returns: .number,
      "relative Frobenius change ‖Θ_b − Θ_a‖/‖Θ_a‖ between two ntk(…) (or ntk_limit) records"),
    BuiltinInfo(
      "ntk_limit", .probe, [net, data], returns: .record,
      "analytic infinite-width NTK and NNGP of the net at init (closed forms for relu, leaky relu, erf, sin, gelu; "
        + "adaptive Gauss–Kronrod otherwise): .matrix .nngp .eigenvalues .decay .trace (Jacot et al. 2018; Arora et al. 2019)"
    ),
    BuiltinInfo(
      "hessian", .probe,
      [
        net, data,
        ParameterInfo("k", .number, default: "5", "how many of the largest eigenvalues .top lists")
          .within(1...1_000, whole: true),
        ParameterInfo("tol", .number, default: "1e-6", "relative tolerance for .kind"),
      ], returns: .record,
      "Hessian of the training loss: .top (Lanczos) .min .trace (exact when P ≤ 2000, else Hutchinson) "
        + ".spectrum (P ≤ 2000) .kind (minimum, saddle, maximum, degenerate)"),
    BuiltinInfo(
      "singularities", .probe,
      [
        net, ParameterInfo("data", .data, default: "none", "inputs for .near_zero (Fisher eigenvalues)"),
        ParameterInfo("tol", .number, default: "1e-3", "distance under which units count as singular"),
      ], returns: .record,
      "singular regions (Fukumizu & Amari 2000): .overlaps .eliminated .symmetric (counts), .pairs, .distance, "
        + ".near_zero (Fisher eigenvalues below tol·λmax)"),
    BuiltinInfo(
      "gradcheck", .probe, [net, data], returns: .number,
      "max relative error of backprop against central finite differences"),
    BuiltinInfo(
      "weights", .probe, [net], returns: .record,
      "weight statistics: .norm .layer_norms .values (plot as a histogram) .evenness (KS distance of θ and −θ)"),
    BuiltinInfo(
      "gap", .probe, [net, ParameterInfo("train", .data), ParameterInfo("test", .data)], returns: .number,
      "generalisation gap: loss on test minus loss on train"),
  ]

  private static let net = ParameterInfo("net", .net)
  private static let data = ParameterInfo("data", .data)
  private static let tol = ParameterInfo(
    "tol", .number, default: "1e-10", "eigenvalues below tol·λmax count as zero (rank, condition)"
  ).within(0...Double.infinity)
}
