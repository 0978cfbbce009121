import Diagnostics
import Engine
import Foundation
import Lexer
import Report
import Semantics

/// `plot value[, option: v …] to "file.svg"`: chooses the figure from the value — a training
/// history → loss curve (log y), a list → line (a `.spectrum`/`.eigenvalues` → histogram), a matrix →
/// heat map, 2-D data → scatter (with `net: m`, over m's decision regions). Options: `title`,
/// `xlabel`, `ylabel`, `kind` ("line", "semilogy", "loglog", "histogram", "heatmap", "scatter"), `bins`, `net`,
/// and `x` (the x values of list plots, one per entry; default the index). `semilogy` puts a list's values on a
/// logarithmic axis over a linear x axis, where an exponential decay is a straight line.

extension Interpreter {
  static let plotOptions = Builtins.plotOptions.parameters.map(\.name)
  static let plotKinds = PlotKind.allCases.map(\.rawValue)

  func executePlot(_ items: [IRItem], to: IRExpr, span: SourceSpan) throws {
    let path = resolve(try string(to))
    guard path.hasSuffix(".svg") else {
      throw RuntimeError(.plotNeedsSVG(path), at: to.span)
    }
    var options: [String: (Value, SourceSpan)] = [:]
    var values: [(String, Value, IRExpr)] = []
    for item in items {
      if let label = item.label, Self.plotOptions.contains(label) {
        options[label] = (try evaluate(item.expr), item.expr.span)
      } else {
        values.append((item.label ?? sourceText(item.expr.span), try evaluate(item.expr), item.expr))
      }
    }
    guard !values.isEmpty else { throw RuntimeError(.plotNeedsValue, at: span) }
    var plot = try makePlot(values, options: options, span: span)
    if case (.string(let t), _)? = options["title"] { plot.title = t }
    if case (.string(let t), _)? = options["xlabel"] { plot.xLabel = t }
    if case (.string(let t), _)? = options["ylabel"] { plot.yLabel = t }
    let svg = plot.svg()
    do {
      try writeFile(svg, to: path)
    } catch {
      throw RuntimeError(.failed("\(error)"), at: to.span)
    }
    didWrite(path, text: svg, figureCaption: plot.title)
  }

  func makePlot(_ values: [(String, Value, IRExpr)], options: [String: (Value, SourceSpan)], span: SourceSpan) throws
    -> Plot
  {
    var kind: PlotKind?
    if case (.string(let k), let s)? = options["kind"] {
      guard let known = PlotKind(rawValue: k) else {
        throw RuntimeError(.unknownPlotKind(k), at: s, fixIt: Suggest.didYouMean(k, in: Self.plotKinds))
      }
      kind = known
    }
    let (label, first, expr) = values[0]
    switch first {
    case .record(let r) where RecordPlots.all[r.kind] != nil:
      return try RecordPlots.all[r.kind]!(r, options, span)
    case .record(let r) where r.kind == .history:
      var series: [Series] = []
      for (name, v) in r.fields where name != "epochs" {
        if case .list(let xs) = v {
          let ys = try Arithmetic.numbers(.list(xs), at: span)
          if name == "loss" {
            series.append(Series(name: "training loss", x: ys.indices.map { Double($0 + 1) }, y: ys))
          }
        }
      }
      // The loss axis is logarithmic (`kind: "semilogy"` is this default); `kind: "loglog"` makes the epoch
      // axis logarithmic too.
      return Plot(
        .line(series, logX: kind == .loglog, logY: true), title: "training history", xLabel: "epoch", yLabel: "loss")
    case .list, .number:
      var series: [Series] = []
      for (name, v, e) in values {
        series.append(Series(name: name, y: try Arithmetic.numbers(v, at: e.span)))
      }
      var memberName = ""
      if case .member(_, let m, _) = expr { memberName = m }
      let k = kind ?? (["spectrum", "eigenvalues"].contains(memberName) ? .histogram : .line)
      var xLabel = "index"
      if let (xv, xs) = options["x"] {
        guard k != .histogram else {
          throw RuntimeError(.histogramWithX, at: xs)
        }
        let x = try Arithmetic.numbers(xv, at: xs)
        for (j, s) in series.enumerated() where s.y.count != x.count {
          throw RuntimeError(.plotLengths(x: x.count, series: s.name, count: s.y.count), at: values[j].2.span)
        }
        series = series.map { Series(name: $0.name, x: x, y: $0.y) }
        xLabel = "x"
      }
      let indexed = options["x"] == nil
      switch k {
      case .histogram:
        let bins =
          try options["bins"].map { v -> Int in
            guard case .number(let b) = v.0, b >= 1, b <= 10_000, b == b.rounded() else {
              throw RuntimeError(.plotBins, at: v.1)
            }
            return Int(b)
          } ?? 30
        return Plot(.histogram(values: series[0].y, bins: bins), title: label, xLabel: label, yLabel: "count")
      case .loglog:
        // Indices start at 0; on a log axis they are shifted to 1, 2, … (given x values are used as they are).
        let shifted = indexed ? series.map { Series(name: $0.name, x: $0.x.map { $0 + 1 }, y: $0.y) } : series
        return Plot(.logLog(shifted), title: label, xLabel: xLabel, yLabel: "value")
      case .semilogy:
        return Plot(.line(series, logX: false, logY: true), title: label, xLabel: xLabel, yLabel: "value")
      case .line, .heatmap, .scatter:
        return Plot(.line(series), title: label, xLabel: xLabel, yLabel: "value")
      }
    case .matrix(let m):
      return Plot(.heatmap((0..<m.rows).map { m.row($0) }), title: label)
    case .data(let d):
      guard d.x.cols == 2 else {
        throw RuntimeError(.scatterNeeds2D(d.name, features: d.x.cols), at: expr.span)
      }
      let points = try RecordPlots.labeledPoints(d, at: expr.span)
      var regions: Regions?
      if case (.net(let h), let s)? = options["net"] {
        try checkInput(h, d, at: s)
        regions = decisionRegions(h, d)
      }
      return Plot(
        .scatter(points, regions: regions), title: label, xLabel: d.featureNames.first ?? "x1",
        yLabel: d.featureNames.count > 1 ? d.featureNames[1] : "x2", classNames: d.classes ?? [])
    default:
      throw RuntimeError(.cannotPlot("\(first.kind)"), at: expr.span)
    }
  }
}
