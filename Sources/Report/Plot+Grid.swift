import Foundation

/// Heat maps and decision regions: plots whose data is a grid of cells.
extension Plot {
  package static let maximumHeatmapCells = 200

  package func heatmapSVG(_ matrix: [[Double]], width: Double, height: Double) -> String {
    let rows = matrix.count
    let columns = matrix.map(\.count).max() ?? 0
    let finite = matrix.flatMap { $0.filter(\.isFinite) }
    let low = finite.min() ?? 0
    let high = finite.max() ?? 1
    let colorScale = PlotScale.linear([low, high], nice: false)
    let xScale = PlotScale(linearFrom: -0.5, to: Double(max(columns, 1)) - 0.5, nice: false, integerTicks: true)
    let yScale = PlotScale(linearFrom: -0.5, to: Double(max(rows, 1)) - 0.5, nice: false, integerTicks: true)
    let bar = ColorBar(scale: colorScale)
    let frame = PlotFrame(
      plot: self, width: width, height: height, x: xScale, y: yScale, yReversed: true, legend: [], colorBar: bar)
    let rowStep = (rows + Plot.maximumHeatmapCells - 1) / Plot.maximumHeatmapCells
    let columnStep = (columns + Plot.maximumHeatmapCells - 1) / Plot.maximumHeatmapCells
    return frame.draw(plot: self, grid: false, legend: [], colorBar: bar, hasData: rows > 0 && columns > 0) { svg in
      guard rows > 0, columns > 0 else { return }
      for r in stride(from: 0, to: rows, by: rowStep) {
        let rEnd = min(r + rowStep, rows)
        for c in stride(from: 0, to: columns, by: columnStep) {
          let cEnd = min(c + columnStep, columns)
          let block = matrix[r..<rEnd].flatMap { row in row[min(c, row.count)..<min(cEnd, row.count)] }
          let value = Plot.finiteMean(block)
          let t = high > low ? (value / 2 - low / 2) / (high / 2 - low / 2) : 0.5
          guard let x0 = frame.px(Double(c) - 0.5), let x1 = frame.px(Double(cEnd) - 0.5),
            let y0 = frame.py(Double(r) - 0.5), let y1 = frame.py(Double(rEnd) - 0.5)
          else { continue }
          svg.rect(
            x: x0, y: y0, width: x1 - x0, height: y1 - y0, fill: PlotColors.viridis(t),
            extra: "shape-rendering=\"crispEdges\"")
        }
      }
    }
  }

  /// The mean of the finite values (NaN when there are none).
  package static func finiteMean(_ values: [Double]) -> Double {
    let finite = values.filter(\.isFinite)
    guard !finite.isEmpty else { return .nan }
    return finite.reduce(0) { $0 + $1 / Double(finite.count) }
  }

  package func scatterSVG(_ points: [LabeledPoint], regions: Regions?, width: Double, height: Double) -> String {
    let visible = points.filter { $0.x.isFinite && $0.y.isFinite }
    let box = regions.flatMap { r -> Regions? in
      let ok = [r.xMin, r.xMax, r.yMin, r.yMax].allSatisfy(\.isFinite) && r.xMin < r.xMax && r.yMin < r.yMax
      return ok && !r.classes.isEmpty ? r : nil
    }
    let xs = visible.map(\.x) + (box.map { [$0.xMin, $0.xMax] } ?? [])
    let ys = visible.map(\.y) + (box.map { [$0.yMin, $0.yMax] } ?? [])
    let xScale = PlotScale.linear(xs, nice: box == nil)
    let yScale = PlotScale.linear(ys, nice: box == nil)
    let labels = Set(visible.map(\.label) + (box?.classes.flatMap { $0 } ?? [])).sorted()
    let legend = labels.map { k in
      LegendEntry(
        name: k >= 0 && k < classNames.count ? classNames[k] : "class \(k)", color: PlotColors.categorical(k),
        isDot: true)
    }
    let frame = PlotFrame(
      plot: self, width: width, height: height, x: xScale, y: yScale, yReversed: false, legend: legend, colorBar: nil)
    let hasData = !visible.isEmpty || box != nil
    return frame.draw(plot: self, grid: box == nil, legend: legend, colorBar: nil, hasData: hasData) { svg in
      if let box { Plot.drawRegions(box, frame: frame, into: &svg) }
      for point in visible {
        guard let x = frame.px(point.x), let y = frame.py(point.y) else { continue }
        svg.circle(
          x: x, y: y, radius: 3.5, fill: PlotColors.categorical(point.label),
          extra: "stroke=\"#ffffff\" stroke-width=\"0.6\"")
      }
    }
  }

  /// The point a fraction `t` of the way from `a` to `b`, without overflowing for huge ranges.
  package static func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double { a * (1 - t) + b * t }

  /// Translucent cells, one rectangle per run of equal classes along a row.
  package static func drawRegions(_ regions: Regions, frame: PlotFrame, into svg: inout SVGWriter) {
    let rows = regions.classes.count
    for (i, row) in regions.classes.enumerated() where !row.isEmpty {
      let y0 = lerp(regions.yMin, regions.yMax, Double(i) / Double(rows))
      let y1 = lerp(regions.yMin, regions.yMax, Double(i + 1) / Double(rows))
      var start = 0
      for j in 1...row.count where j == row.count || row[j] != row[start] {
        let x0 = lerp(regions.xMin, regions.xMax, Double(start) / Double(row.count))
        let x1 = lerp(regions.xMin, regions.xMax, Double(j) / Double(row.count))
        if let px0 = frame.px(x0), let px1 = frame.px(x1), let py0 = frame.py(y0), let py1 = frame.py(y1) {
          svg.rect(
            x: px0, y: py1, width: px1 - px0, height: py0 - py1, fill: PlotColors.categorical(row[start]),
            extra: "fill-opacity=\"0.25\" shape-rendering=\"crispEdges\"")
        }
        start = j
      }
    }
  }
}
