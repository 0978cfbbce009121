import Diagnostics
import Engine
import Foundation
import Lexer
import Report

/// Registry entries of the probes of signal propagation, loss landscapes, decision boundaries and
/// NTK-predicted training (SPEC §4.7, seeds 000 and 004).
package extension Builtins {
  package static let dynamicsProbes: [BuiltinInfo] = [
    BuiltinInfo(
      "propagation", .probe,
      [
        ParameterInfo("net", .net),
        ParameterInfo(
          "data", .data, default: .computed("none"), "inputs giving q⁰ = mean ‖x‖²/d and their mean correlation"),
        ParameterInfo("c0", .number, default: 0.5, "the input correlation when no data is given (q⁰ = 1)").within(
          -1...1),
        ParameterInfo("samples", .number, default: 10, "random nets for the Monte-Carlo estimate (0: none)")
          .within(0...10_000, whole: true),
      ], returns: .record,
      "mean-field signal propagation (Poole et al. 2016; Schoenholz et al. 2017); plots as the phase diagram "
        + "with the net's point"
    ).withMembers([
      MemberInfo("phase", .string, "ordered, critical or chaotic"), MemberInfo("chi", .number, "χ₁"),
      MemberInfo("chi_c", .number, "χ_c"), MemberInfo("depth_scale", .number),
      MemberInfo("q_star", .number, "fixed point of the length map"),
      MemberInfo("c_star", .number, "fixed point of the correlation map"), MemberInfo("sigma_w2", .number),
      MemberInfo("sigma_b2", .number), MemberInfo("q", .list, "per layer"), MemberInfo("c", .list, "per layer"),
      MemberInfo("q_sampled", .list, "Monte-Carlo q per layer (samples > 0)"),
      MemberInfo("q_error", .list, "its standard error"), MemberInfo("c_sampled", .list, "Monte-Carlo c per layer"),
      MemberInfo("c_error", .list, "its standard error"),
      MemberInfo("phase_diagram", .matrix, "χ₁ over grid_w2 × grid_b2"), MemberInfo("grid_w2", .list),
      MemberInfo("grid_b2", .list),
    ]).run(propagationProbe),
    BuiltinInfo(
      "landscape", .probe,
      [
        ParameterInfo("net", .net), ParameterInfo("data", .data),
        ParameterInfo(
          "dirs", .symbol, default: .word("random"), "random (filter-normalised) or hessian (top eigenvectors)",
          symbols: ["random", "hessian"]),
        ParameterInfo("dims", .number, default: 1, "1 (a line) or 2 (a plane)").within(1...2, whole: true),
        ParameterInfo("steps", .number, default: 21, "points per axis (at most 1000 for dims: 2)")
          .within(1...100_000, whole: true),
        ParameterInfo("range", .number, default: 1, "the slice covers [−range, range] along each direction")
          .within(0...Double.infinity, open: true),
      ], returns: .record,
      "loss slices about the current parameters (Li et al. 2018); plots as a line or a heat map"
    ).withMembers([
      MemberInfo("center", .number, "the loss at the current parameters"), MemberInfo("alpha", .list),
      MemberInfo("beta", .list, "dims: 2 only"), MemberInfo("loss", .any, "a list, or a matrix for dims: 2"),
    ]).run(landscapeProbe),
    BuiltinInfo(
      "decision_boundary", .probe,
      [
        ParameterInfo("net", .net), ParameterInfo("data", .data),
        ParameterInfo("resolution", .number, default: 200, "grid cells per axis").within(2...2_000, whole: true),
      ], returns: .record,
      "the net's class over the data's bounding box (10 % margin); plots as the data over the decision regions"
    ).withMembers([
      MemberInfo("classes", .matrix, "row 0 at the bottom"), MemberInfo("x", .list, "cell centres"),
      MemberInfo("y", .list, "cell centres"), MemberInfo("data", .data),
    ]).run(decisionBoundaryProbe),
    BuiltinInfo(
      "ntk_predict", .probe,
      [
        ParameterInfo("net", .net), ParameterInfo("train", .data), ParameterInfo("test", .data),
        ParameterInfo("lr", .number, default: 0.1, "the gradient-descent learning rate").within(0...Double.infinity),
        ParameterInfo("time", .number, default: 100, "gradient-descent steps (epochs of gd with batch full)")
          .within(0...Double.infinity),
        ParameterInfo("points", .number, default: 50, "times at which the curves are given")
          .within(1...100_000, whole: true),
      ], returns: .record,
      "the linearised net under gradient descent on mse (Lee et al. 2019); plots as the two loss curves"
    ).withMembers([
      MemberInfo("time", .list), MemberInfo("train_loss", .list), MemberInfo("test_loss", .list),
      MemberInfo("train_output", .matrix, "at the last time"), MemberInfo("test_output", .matrix, "at the last time"),
    ]).run(ntkPredictProbe),
  ]
}
