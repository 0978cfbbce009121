/// Registry entries of the probes of signal propagation, loss landscapes, decision boundaries and
/// NTK-predicted training (SPEC §4.7, seeds 000 and 004).
extension Builtins {
  static let dynamicsProbes: [BuiltinInfo] = [
    BuiltinInfo(
      "propagation", .probe,
      [
        ParameterInfo("net", .net),
        ParameterInfo("data", .data, default: "none", "inputs giving q⁰ = mean ‖x‖²/d and their mean correlation"),
        ParameterInfo("c0", .number, default: "0.5", "the input correlation when no data is given (q⁰ = 1)"),
        ParameterInfo("samples", .number, default: "10", "random nets for the Monte-Carlo estimate (0: none)"),
      ], returns: .record,
      "mean-field signal propagation (Poole et al. 2016; Schoenholz et al. 2017): per layer .q .c, fixed points "
        + ".q_star .c_star, .chi (χ₁) .chi_c .depth_scale .phase (ordered/critical/chaotic), the Monte-Carlo "
        + ".q_sampled .c_sampled (± .q_error .c_error), .phase_diagram (χ₁ over .grid_w2 × .grid_b2); plots "
        + "as the phase diagram with the net's point"),
    BuiltinInfo(
      "landscape", .probe,
      [
        ParameterInfo("net", .net), ParameterInfo("data", .data),
        ParameterInfo(
          "dirs", .symbol, default: "random", "random (filter-normalised) or hessian (top eigenvectors)",
          symbols: ["random", "hessian"]),
        ParameterInfo("dims", .number, default: "1", "1 (a line) or 2 (a plane)"),
        ParameterInfo("steps", .number, default: "21", "points per axis"),
        ParameterInfo("range", .number, default: "1", "the slice covers [−range, range] along each direction"),
      ], returns: .record,
      "loss slices about the current parameters (Li et al. 2018): .alpha (.beta) .loss (a list, or a matrix for "
        + "dims: 2) .center; plots as a line or a heat map"),
    BuiltinInfo(
      "decision_boundary", .probe,
      [
        ParameterInfo("net", .net), ParameterInfo("data", .data),
        ParameterInfo("resolution", .number, default: "200", "grid cells per axis"),
      ], returns: .record,
      "the net's class over the data's bounding box (10 % margin): .classes (matrix, row 0 at the bottom) "
        + ".x .y (cell centres); plots as the data over the decision regions"),
    BuiltinInfo(
      "ntk_predict", .probe,
      [
        ParameterInfo("net", .net), ParameterInfo("train", .data), ParameterInfo("test", .data),
        ParameterInfo("lr", .number, default: "0.1", "the gradient-descent learning rate"),
        ParameterInfo("time", .number, default: "100", "gradient-descent steps (epochs of gd with batch full)"),
        ParameterInfo("points", .number, default: "50", "times at which the curves are given"),
      ], returns: .record,
      "the linearised net under gradient descent on mse (Lee et al. 2019): .time .train_loss .test_loss "
        + ".train_output .test_output (at the last time); plots as the two loss curves"),
  ]
}
