import Diagnostics
import Engine
import Lexer
import Report

/// How the baseline and optimal-transport records plot (merged into `RecordPlots.all`).
package extension RecordPlots {
  package static let baselines: [RecordKind: RecordPlot] = [
    // The measured errors and the fitted power law on log-log axes.
    .rate: { r, _, span in
      let n = try Arithmetic.numbers(r["n"] ?? .list([]), at: span)
      let error = try Arithmetic.numbers(r["error"] ?? .list([]), at: span)
      let fitted = try Arithmetic.numbers(r["fitted"] ?? .list([]), at: span)
      let slope = try Arithmetic.numbers(r["slope"] ?? .number(0), at: span)[0]
      let se = try Arithmetic.numbers(r["stderr"] ?? .number(0), at: span)[0]
      let fit = "fit n^\(Table.format(slope)) ± \(Table.format(se))"
      return Plot(
        .logLog([Series(name: "error", x: n, y: error), Series(name: fit, x: n, y: fitted)]),
        title: "error vs n", xLabel: "n", yLabel: "error")
    },
    // The transport plan as a heat map: rows are the points of x, columns those of y.
    .sinkhorn: { r, _, span in
      guard case .matrix(let p)? = r["plan"] else {
        throw RuntimeError(.recordWithout("sinkhorn", member: "a plan"), at: span)
      }
      return Plot(.heatmap((0..<p.rows).map { p.row($0) }), title: "transport plan", xLabel: "y", yLabel: "x")
    },
    // The clouds (one colour each) and the barycenter's support (the last colour), for 2-D points.
    .barycenter: { r, _, span in
      guard case .matrix(let b)? = r["points"], case .list(let clouds)? = r["clouds"] else {
        throw RuntimeError(.recordWithout("barycenter", member: "points"), at: span)
      }
      guard b.cols == 2 else {
        throw RuntimeError(.barycenterPlotNeeds2D(coordinates: b.cols), at: span)
      }
      var points: [LabeledPoint] = []
      var names: [String] = []
      for (k, v) in clouds.enumerated() {
        guard case .matrix(let m) = v else { continue }
        points += (0..<m.rows).map { LabeledPoint(x: m[$0, 0], y: m[$0, 1], label: k) }
        names.append("cloud \(k)")
      }
      points += (0..<b.rows).map { LabeledPoint(x: b[$0, 0], y: b[$0, 1], label: clouds.count) }
      names.append("barycenter")
      return Plot(.scatter(points), title: "Sinkhorn barycenter", xLabel: "x1", yLabel: "x2", classNames: names)
    },
  ]
}
