import Engine
import Foundation

extension Plot {
  /// A standalone SVG 1.1 document of the figure (`width` × `height` pixels, at least 160 × 120):
  /// white background, titled axes with ticks at nice numbers (decades on log axes), a legend
  /// for several series or classes, a colour bar for heat maps.
  public func svg(width: Int = 640, height: Int = 420) -> String {
    let w = Double(min(max(width, 160), 20_000))
    let h = Double(min(max(height, 120), 20_000))
    switch kind {
    case .line(let series, let logX, let logY): return lineSVG(series, logX: logX, logY: logY, width: w, height: h)
    case .logLog(let series): return lineSVG(series, logX: true, logY: true, width: w, height: h)
    case .histogram(let values, let bins): return histogramSVG(values, bins: bins, width: w, height: h)
    case .heatmap(let matrix): return heatmapSVG(matrix, width: w, height: h)
    case .scatter(let points, let regions): return scatterSVG(points, regions: regions, width: w, height: h)
    }
  }

  // MARK: line

  private func lineSVG(_ series: [Series], logX: Bool, logY: Bool, width: Double, height: Double) -> String {
    func shown(_ v: Double, log: Bool) -> Bool { v.isFinite && (!log || v > 0) }
    let pairs = series.map { s in
      zip(s.x, s.y).map { ($0, $1) }
    }
    let valid = pairs.flatMap { $0.filter { shown($0.0, log: logX) && shown($0.1, log: logY) } }
    let xScale = logX ? PlotScale.logarithmic(valid.map(\.0)) : PlotScale.linear(valid.map(\.0))
    let yScale = logY ? PlotScale.logarithmic(valid.map(\.1)) : PlotScale.linear(valid.map(\.1))
    let legend =
      series.count < 2
      ? []
      : series.enumerated().map { i, s in
        LegendEntry(name: s.name.isEmpty ? "series \(i + 1)" : s.name, color: PlotColors.categorical(i), isDot: false)
      }
    let frame = PlotFrame(
      plot: self, width: width, height: height, x: xScale, y: yScale, yReversed: false, legend: legend, colorBar: nil)
    return frame.draw(plot: self, grid: true, legend: legend, colorBar: nil, hasData: !valid.isEmpty) { svg in
      for (i, points) in pairs.enumerated() {
        var segment: [(Double, Double)] = []
        func flush() {
          if segment.count == 1 {
            svg.circle(x: segment[0].0, y: segment[0].1, radius: 3, fill: PlotColors.categorical(i))
          } else if segment.count > 1 {
            svg.polyline(segment, stroke: PlotColors.categorical(i), width: 1.8)
          }
          segment = []
        }
        for (x, y) in points {
          if shown(x, log: logX), shown(y, log: logY), let px = frame.px(x), let py = frame.py(y) {
            segment.append((px, py))
          } else {
            flush()
          }
        }
        flush()
      }
    }
  }

  // MARK: histogram

  private func histogramSVG(_ values: [Double], bins requested: Int, width: Double, height: Double) -> String {
    let finite = values.filter(\.isFinite)
    let bins = min(max(requested, 1), 1000)
    var lo = finite.min() ?? 0
    var hi = finite.max() ?? 1
    if lo == hi { (lo, hi) = (lo - 0.5, hi + 0.5) }
    var counts = [Int](repeating: 0, count: bins)
    for v in finite {
      let t = (v / 2 - lo / 2) / (hi / 2 - lo / 2)
      let index = t.isFinite ? WholeNumber.clamped(t * Double(bins), 0, bins - 1) : 0
      counts[index] += 1
    }
    let edges = (0...bins).map { i -> Double in
      let t = Double(i) / Double(bins)
      return lo * (1 - t) + hi * t
    }
    let xScale = PlotScale.linear([lo, hi])
    let yScale = PlotScale.linear([0, Double(max(counts.max() ?? 0, 1))])
    var plot = self
    if plot.yLabel.isEmpty { plot.yLabel = "count" }
    let frame = PlotFrame(
      plot: plot, width: width, height: height, x: xScale, y: yScale, yReversed: false, legend: [], colorBar: nil)
    return frame.draw(plot: plot, grid: true, legend: [], colorBar: nil, hasData: !finite.isEmpty) { svg in
      for (i, count) in counts.enumerated() where count > 0 {
        guard let x0 = frame.px(edges[i]), let x1 = frame.px(edges[i + 1]), let top = frame.py(Double(count)),
          let base = frame.py(0)
        else { continue }
        svg.rect(
          x: x0, y: top, width: x1 - x0, height: base - top, fill: PlotColors.palette[0], stroke: "#ffffff",
          extra: "stroke-width=\"0.5\"")
      }
    }
  }
}
