import Diagnostics
import Engine
import Foundation
import Lexer
import Report

/// What a plot's `kind:` asks for; the registry's word set for `kind` is these cases' words.
package enum PlotKind: String, CaseIterable {
  case line, semilogy, loglog, histogram, heatmap, scatter
}

/// How a probe's record plots, by record kind: `(record, options, span) → Plot`. A probe that plots adds
/// its entry to its family's table (`DynamicsRecords.plots`, `RecordPlots.scm`, `RecordPlots.baselines`).
package typealias RecordPlot = @Sendable (Record, [String: (Value, SourceSpan)], SourceSpan) throws -> Plot

/// The figures of records, and the pieces of them that `plot`'s own figures share.
package enum RecordPlots {
  package static let all: [RecordKind: RecordPlot] = DynamicsRecords.plots.merging(scm) { a, _ in a }
    .merging(baselines) { a, _ in a }

  /// A 2-D dataset's points with their classes (label, or argmax of a one-hot row).
  package static func labeledPoints(_ d: Dataset, at span: SourceSpan) throws -> [LabeledPoint] {
    let labels = try (0..<d.count).map {
      d.y.cols == 1
        ? try Metrics.classOf(d, row: $0, at: span, why: "a scatter plot colours its points by class label")
        : Metrics.argmax(d.y.row($0))
    }
    return (0..<d.count).map { LabeledPoint(x: d.x[$0, 0], y: d.x[$0, 1], label: labels[$0]) }
  }

}

package extension CallContext {
  /// The net's class over a resolution × resolution grid covering the data (with a 10 % margin); the
  /// default is fine enough that the two spirals' regions are smooth (`decision_boundary` uses the same).
  package func decisionRegions(_ h: NetHandle, _ d: Dataset, resolution g: Int = 200) -> Regions {
    let xs = (0..<d.count).map { d.x[$0, 0] }
    let ys = (0..<d.count).map { d.x[$0, 1] }
    let (x0, x1) = (xs.min() ?? -1, xs.max() ?? 1)
    let (y0, y1) = (ys.min() ?? -1, ys.max() ?? 1)
    let mx = max(1e-9, (x1 - x0) * 0.1)
    let my = max(1e-9, (y1 - y0) * 0.1)
    var grid = Matrix(rows: g * g, cols: 2)
    for i in 0..<g {
      for j in 0..<g {
        grid[i * g + j, 0] = x0 - mx + (x1 - x0 + 2 * mx) * (Double(j) + 0.5) / Double(g)
        grid[i * g + j, 1] = y0 - my + (y1 - y0 + 2 * my) * (Double(i) + 0.5) / Double(g)
      }
    }
    let out = h.network.predict(grid)
    let t = Metrics.threshold(head: h.network.spec.outputActivation, loss: h.loss, labels: d.y)
    let classes = (0..<g).map { i in
      (0..<g).map { j -> Int in
        let r = out.row(i * g + j)
        return r.count == 1 ? (r[0] > t ? 1 : 0) : Metrics.argmax(r)
      }
    }
    return Regions(xMin: x0 - mx, xMax: x1 + mx, yMin: y0 - my, yMax: y1 + my, classes: classes)
  }
}
