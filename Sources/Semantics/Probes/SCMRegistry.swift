import Diagnostics
import Engine
import Foundation
import Lexer
import Report

/// Registry entries of the soft-committee-machine probes (seed 001; SPEC §4.7): order parameters, the
/// Saad–Solla theory of online learning, and plateaus of loss curves.
package extension Builtins {
  package static let scmProbes: [BuiltinInfo] = [
    BuiltinInfo(
      "overlaps", .probe, [ParameterInfo("student", .net), ParameterInfo("teacher", .net)], returns: .record,
      "order parameters of the first-layer weights (Saad & Solla 1995), the covariances of the pre-activations "
        + "under standard Gaussian inputs, not divided by N; logged in every k: as one history member per entry "
        + "(o_R_0_1 for o: overlaps(…))"
    ).withMembers([
      MemberInfo("Q", .matrix, "W_s W_sᵀ (K×K)"), MemberInfo("R", .matrix, "W_s W_tᵀ (K×M)"),
      MemberInfo("T", .matrix, "W_t W_tᵀ (M×M)"), MemberInfo("inputs", .number, "N"),
    ]).run { i, c in
      let (s, t) = try (i.netHandle(c.arguments["student"]!), i.netHandle(c.arguments["teacher"]!))
      let w = try committee(c, "student") { try SoftCommitteeMachine.firstLayer(s.network) }
      let b = try committee(c, "teacher") { try SoftCommitteeMachine.firstLayer(t.network) }
      let o = try engine(c) { try OrderParameters(student: w, teacher: b) }
      return .record(
        Record(
          kind: .overlaps,
          fields: [
            ("Q", .matrix(o.q)), ("R", .matrix(o.r)), ("T", .matrix(o.t)), ("inputs", .number(Double(w.cols))),
          ]))
    },
    BuiltinInfo(
      "scm_theory", .probe,
      [
        ParameterInfo("student", .net), ParameterInfo("teacher", .net),
        ParameterInfo("lr", .number, "the learning rate of sgd(lr:) with batch 1 on loss mse (η = 2·N·lr/L, L outputs)")
          .within(0...1e9, open: true),
        ParameterInfo("time", .number, "how far to integrate, in α = steps / N").within(0...1e9, open: true),
        ParameterInfo("points", .number, default: 400, "equally spaced times reported after α = 0")
          .within(2...100_000, whole: true),
        ParameterInfo("tol", .number, default: 1e-8, "relative tolerance of the RK45 error control (atol = tol/100)")
          .within(1e-13...1e-2),
      ], returns: .record,
      "Saad & Solla's (1995) ODEs of online learning for soft committee machines with g = erf(s·x), by adaptive "
        + "RK45 (Dormand–Prince) from the nets' current Q, R, T; with L ≥ 1 outputs (Yoshida et al. 2019), and a "
        + "readout that is not fixed is trained too"
    ).withMembers([
      MemberInfo("time", .list, "α"),
      MemberInfo("error", .list, "E[(f − y)²] averaged over the outputs, the units of loss(…, loss: mse)"),
      MemberInfo(
        "plateau", .record, "the longest plateau",
        members: [MemberInfo("level", .number), MemberInfo("start", .number), MemberInfo("end", .number)]),
      MemberInfo("Q", .list, "matrices"), MemberInfo("R", .list, "matrices"),
      MemberInfo("eta", .number, "Saad–Solla's η"),
      MemberInfo("steps", .number, "accepted RK45 steps"),
      MemberInfo("V", .list, "the student's K×L readouts over time (matrices)"),
    ]).run { i, c in
      let (s, t) = try (i.netHandle(c.arguments["student"]!), i.netHandle(c.arguments["teacher"]!))
      let lr = try i.number(c, "lr")
      let time = try i.number(c, "time")
      let points = try i.integer(c, "points")
      let tol = try i.number(c, "tol")
      let student = try committee(c, "student") { try SoftCommitteeMachine(s.network) }
      let teacher = try committee(c, "teacher") { try SoftCommitteeMachine(t.network) }
      guard student.outputs == teacher.outputs else {
        throw RuntimeError(
          .studentTeacherOutputs(
            student: s.name, outputs: student.outputs, teacher: t.name, teacherOutputs: teacher.outputs),
          at: c.arguments["teacher"]!.span)
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
    BuiltinInfo(
      "plateaus", .probe,
      [
        ParameterInfo("x", .any, "a net (its logged loss per epoch), a list of losses, a history or scm_theory record"),
        ParameterInfo("threshold", .number, default: 0.1, "largest |d ln loss / d ln t| counted as flat")
          .within(0...Double.infinity, open: true),
        ParameterInfo("duration", .number, default: 2, "smallest ratio end/start of a plateau")
          .within(1...Double.infinity),
      ], returns: .record,
      "plateaus of a loss curve; a point is flat when the least-squares slope of ln loss against ln t over "
        + "[t/√2, t·√2] is below threshold in size"
    ).withMembers([
      MemberInfo("count", .number), MemberInfo("starts", .list), MemberInfo("ends", .list),
      MemberInfo("levels", .list, "medians"),
    ]).run { i, c in
      let e = c.arguments["x"]!
      let (x, y) = try curve(try i.evaluate(e), at: e.span)
      let threshold = try i.number(c, "threshold")
      let duration = try i.number(c, "duration")
      return .record(plateauRecord(Engine.plateaus(x: x, y: y, threshold: threshold, duration: duration)))
    },
  ]
}
