import Diagnostics
import Engine
import Foundation
import Lexer
import Report

/// Implementations of the propagation, landscape, decision-boundary and NTK-prediction probes.
package extension Builtins {

  package static func propagationProbe(_ i: any CallContext, _ c: IRCall) throws -> Value {
    let h = try i.netHandle(c.arguments["net"]!)
    var q0 = 1.0
    var c0 = try i.number(c, "c0")
    if let e = c.arguments["data"] {
      let d = try i.dataset(e)
      try i.checkInput(h, d, at: e.span)
      (q0, c0) = inputMoments(d.x)
    }
    let samples = try i.integer(c, "samples")
    var rng = i.stream("propagation")
    let p = try engine(c) { try Engine.propagation(h.network, q0: q0, c0: c0, samples: samples, rng: &rng) }
    let diagram = phaseDiagram(p.activation, sigmaW2: DynamicsRecords.gridW2, sigmaB2: DynamicsRecords.gridB2)
    return .record(DynamicsRecords.propagation(p, diagram))
  }

  package static func landscapeProbe(_ i: any CallContext, _ c: IRCall) throws -> Value {
    let (h, d) = try i.netAndData(c)
    try engine(c) { try h.network.validate(x: d.x, y: d.y, loss: h.loss) }
    let dims = try i.integer(c, "dims")
    let steps = try i.integer(c, "steps")
    if dims == 2 && steps > 1_000 {
      throw RuntimeError(
        .landscapeSteps(steps),
        at: c.arguments["steps"]?.span ?? c.span)
    }
    let range = try i.number(c, "range")
    var rng = i.stream("landscape")
    let directions: [[Double]]
    if try i.word(c, "dirs") == "hessian" {
      let pairs = hessianDirections(h.network, x: d.x, y: d.y, loss: h.loss, count: dims, rng: &rng)
      guard pairs.count == dims else {
        throw RuntimeError(.fewerParametersThanDirections(dims), at: c.span)
      }
      directions = pairs.map(\.vector)
    } else {
      directions = filterNormalizedDirections(h.network, dims: dims, rng: &rng)
    }
    let s = Engine.landscape(
      h.network, x: d.x, y: d.y, loss: h.loss, directions: directions, steps: steps, range: range)
    return .record(DynamicsRecords.landscape(s))
  }

  package static func decisionBoundaryProbe(_ i: any CallContext, _ c: IRCall) throws -> Value {
    let (h, d) = try i.netAndData(c)
    guard d.x.cols == 2 else {
      throw RuntimeError(
        .decisionBoundaryNeeds2D(d.name, features: d.x.cols), at: c.arguments["data"]!.span)
    }
    let resolution = try i.integer(c, "resolution")
    let regions = i.decisionRegions(h, d, resolution: resolution)
    return .record(DynamicsRecords.decisionBoundary(regions, data: d))
  }

  package static func ntkPredictProbe(_ i: any CallContext, _ c: IRCall) throws -> Value {
    let (h, sets) = try i.netAndTrainTest(c)
    let lr = try i.number(c, "lr")
    let time = try i.number(c, "time")
    let points = try i.integer(c, "points")
    try i.budget(
      ntkPredictBytes(h.network, trainCount: sets[0].count, testCount: sets[1].count),
      "ntk_predict(\(h.name), …) with two Jacobians and the N·C-square kernels",
      knob: "use fewer train or test points, or a smaller net", at: c.span)
    let p = try engine(c) {
      try ntkPredict(
        h.network, train: (sets[0].x, sets[0].y), test: (sets[1].x, sets[1].y), lr: lr, time: time, points: points)
    }
    return .record(DynamicsRecords.ntkPredict(p))
  }

  /// q⁰ = mean ‖x‖²/d and the mean correlation q̂₂/q̂₁ of distinct inputs (as `fisher_theory` reads data).
  package static func inputMoments(_ x: Matrix) -> (Double, Double) {
    let n = x.rows
    let d = Double(max(1, x.cols))
    guard n >= 2 else { return (max(1e-300, (0..<x.cols).reduce(0) { $0 + x[0, $1] * x[0, $1] } / d), 0.5) }
    var sums = [Double](repeating: 0, count: x.cols)
    var square = 0.0
    for r in 0..<n {
      for j in 0..<x.cols {
        sums[j] += x[r, j]
        square += x[r, j] * x[r, j]
      }
    }
    let total = sums.reduce(0) { $0 + $1 * $1 }  // Σ_{r,s} x_r·x_s
    let q1 = square / (Double(n) * d)
    let q2 = (total - square) / (Double(n * (n - 1)) * d)
    return (q1, q1 > 0 ? max(-1, min(1, q2 / q1)) : 0)
  }
}

/// The records and figures of these probes.
package enum DynamicsRecords {
  /// The phase diagram's grid: σ_w² = 0.1 … 5 and σ_b² = 0 … 0.5.
  package static let gridW2 = (1...50).map { 0.1 * Double($0) }
  package static let gridB2 = (0...20).map { 0.025 * Double($0) }

  package static func numbers(_ xs: [Double]) -> Value { ProbeRecords.numbers(xs) }

  package static func propagation(_ p: Propagation, _ diagram: PhaseDiagram) -> Record {
    var chi = Matrix(rows: diagram.sigmaB2.count, cols: diagram.sigmaW2.count)
    for (r, row) in diagram.chi.enumerated() { for (col, v) in row.enumerated() { chi[r, col] = v } }
    var fields: [(name: String, value: Value)] = [
      ("phase", .string(p.phase.rawValue)), ("chi", .number(p.chi1)), ("chi_c", .number(p.chiC)),
      ("depth_scale", .number(p.depthScale)), ("q_star", .number(p.qStar)), ("c_star", .number(p.cStar)),
      ("sigma_w2", .number(p.sigmaW2)), ("sigma_b2", .number(p.sigmaB2)), ("q", numbers(p.q)), ("c", numbers(p.c)),
    ]
    if !p.qSampled.isEmpty {
      fields += [
        ("q_sampled", numbers(p.qSampled)), ("q_error", numbers(p.qSampledError)),
        ("c_sampled", numbers(p.cSampled)), ("c_error", numbers(p.cSampledError)),
      ]
    }
    fields += [
      ("phase_diagram", .matrix(chi)), ("grid_w2", numbers(diagram.sigmaW2)), ("grid_b2", numbers(diagram.sigmaB2)),
    ]
    return Record(kind: .propagation, fields: fields)
  }

  package static func landscape(_ s: LandscapeSlice) -> Record {
    var fields: [(name: String, value: Value)] = [("center", .number(s.center)), ("alpha", numbers(s.alphas))]
    var unavailable: [String: (reason: String, fixIt: String)] = [:]
    if s.betas.isEmpty {
      fields.append(("loss", numbers(s.loss[0])))
      unavailable["beta"] = ("a slice along one direction has no second axis", "landscape(net, data, dims: 2)")
    } else {
      var m = Matrix(rows: s.loss.count, cols: s.alphas.count)
      for (r, row) in s.loss.enumerated() { for (col, v) in row.enumerated() { m[r, col] = v } }
      fields += [("beta", numbers(s.betas)), ("loss", .matrix(m))]
    }
    return Record(kind: .landscape, fields: fields, unavailable: unavailable)
  }

  package static func decisionBoundary(_ r: Regions, data: Dataset) -> Record {
    var m = Matrix(rows: r.classes.count, cols: r.classes.first?.count ?? 0)
    for (i, row) in r.classes.enumerated() { for (j, v) in row.enumerated() { m[i, j] = Double(v) } }
    let cols = m.cols
    let rows = m.rows
    let xs = (0..<cols).map { r.xMin + (r.xMax - r.xMin) * (Double($0) + 0.5) / Double(cols) }
    let ys = (0..<rows).map { r.yMin + (r.yMax - r.yMin) * (Double($0) + 0.5) / Double(rows) }
    return Record(
      kind: .decisionBoundary,
      fields: [("classes", .matrix(m)), ("x", numbers(xs)), ("y", numbers(ys)), ("data", .data(data))])
  }

  package static func ntkPredict(_ p: NTKPrediction) -> Record {
    Record(
      kind: .ntkPredict,
      fields: [
        ("time", numbers(p.times)), ("train_loss", numbers(p.trainLoss)), ("test_loss", numbers(p.testLoss)),
        ("train_output", .matrix(p.trainOutput)), ("test_output", .matrix(p.testOutput)),
      ])
  }

  package static func list(_ r: Record, _ name: String) -> [Double] {
    guard case .list(let xs)? = r[name] else { return [] }
    return xs.compactMap { if case .number(let x) = $0 { return x } else { return nil } }
  }

  package static let plots: [RecordKind: RecordPlot] = [
    .propagation: { r, _, _ in
      // Ordered (χ₁ < 1) and chaotic (χ₁ > 1) cells: their border is the critical line χ₁ = 1.
      guard case .matrix(let chi)? = r["phase_diagram"] else { return Plot(.heatmap([])) }
      let w = list(r, "grid_w2")
      let b = list(r, "grid_b2")
      let dw = w.count > 1 ? w[1] - w[0] : 1
      let db = b.count > 1 ? b[1] - b[0] : 1
      let classes = (0..<chi.rows).map { i in (0..<chi.cols).map { chi[i, $0] > 1 ? 1 : 0 } }
      let regions = Regions(
        xMin: (w.first ?? 0) - dw / 2, xMax: (w.last ?? 1) + dw / 2, yMin: (b.first ?? 0) - db / 2,
        yMax: (b.last ?? 1) + db / 2, classes: classes)
      let sw = if case .number(let x)? = r["sigma_w2"] { x } else { 0.0 }
      let sb = if case .number(let x)? = r["sigma_b2"] { x } else { 0.0 }
      let chi1 = if case .number(let x)? = r["chi"] { x } else { 0.0 }
      return Plot(
        .scatter([LabeledPoint(x: sw, y: sb, label: chi1 > 1 ? 1 : 0)], regions: regions),
        title: "phase diagram: ordered (χ₁ < 1) | chaotic (χ₁ > 1); the point is the net", xLabel: "σ_w²",
        yLabel: "σ_b²", classNames: ["ordered", "chaotic"])
    },
    .landscape: { r, _, _ in
      let alpha = list(r, "alpha")
      if case .matrix(let m)? = r["loss"] {
        return Plot(.heatmap((0..<m.rows).reversed().map { m.row($0) }), title: "loss landscape (β up, α right)")
      }
      return Plot(
        .line([Series(name: "loss", x: alpha, y: list(r, "loss"))]), title: "loss landscape", xLabel: "α",
        yLabel: "loss")
    },
    .decisionBoundary: { r, _, span in
      guard case .matrix(let m)? = r["classes"], case .data(let d)? = r["data"] else { return Plot(.heatmap([])) }
      let xs = list(r, "x")
      let ys = list(r, "y")
      let hx = xs.count > 1 ? (xs[1] - xs[0]) / 2 : 0.5
      let hy = ys.count > 1 ? (ys[1] - ys[0]) / 2 : 0.5
      let regions = Regions(
        xMin: (xs.first ?? 0) - hx, xMax: (xs.last ?? 1) + hx, yMin: (ys.first ?? 0) - hy, yMax: (ys.last ?? 1) + hy,
        classes: (0..<m.rows).map { i in (0..<m.cols).map { Int(m[i, $0]) } })
      return Plot(
        .scatter(try RecordPlots.labeledPoints(d, at: span), regions: regions), title: "decision boundary",
        xLabel: d.featureNames.first ?? "x1", yLabel: d.featureNames.count > 1 ? d.featureNames[1] : "x2",
        classNames: d.classes ?? [])
    },
    .ntkPredict: { r, _, _ in
      let t = list(r, "time")
      return Plot(
        .line(
          [
            Series(name: "train (NTK)", x: t, y: list(r, "train_loss")),
            Series(name: "test (NTK)", x: t, y: list(r, "test_loss")),
          ],
          logY: true), title: "linearised training (Lee et al. 2019)", xLabel: "gradient-descent steps",
        yLabel: "mse")
    },
  ]
}
