import Engine
import Foundation

/// An entry of a plot's legend: a line swatch (series) or a dot (class).
package struct LegendEntry {
  package var name: String
  package var color: String
  package var isDot: Bool
}

/// The colour bar of a heat map: the value range the viridis map spans.
package struct ColorBar {
  package var scale: PlotScale
}

/// The layout of one figure — margins sized to the tick labels, legend and colour bar — and the
/// map from data to pixels. It draws everything but the data: title, grid, axes, ticks, labels.
package struct PlotFrame {
  package static let characterWidth = 0.6  // of the font size: a conservative average for DejaVu Sans
  package static let maxLegendEntries = 12

  package let width: Double
  package let height: Double
  package let left: Double
  package let top: Double
  package let right: Double
  package let bottom: Double
  package let x: PlotScale
  package let y: PlotScale
  package let yReversed: Bool

  package init(
    plot: Plot, width: Double, height: Double, x: PlotScale, y: PlotScale, yReversed: Bool,
    legend: [LegendEntry], colorBar: ColorBar?
  ) {
    self.width = width
    self.height = height
    self.x = x
    self.y = y
    self.yReversed = yReversed
    let yLabelWidth = PlotFrame.textWidth(y.ticks.map(\.label), size: 11)
    var leftMargin = 10 + yLabelWidth + 8
    if !plot.yLabel.isEmpty { leftMargin += 22 }
    var rightMargin = 18.0
    if !legend.isEmpty { rightMargin += PlotFrame.legendWidth(legend) + 12 }
    if let colorBar { rightMargin += 14 + 8 + PlotFrame.textWidth(colorBar.scale.ticks.map(\.label), size: 11) + 8 }
    let topMargin = plot.title.isEmpty ? 16.0 : 42.0
    let bottomMargin = plot.xLabel.isEmpty ? 32.0 : 52.0
    left = min(leftMargin, width * 0.4)
    right = max(width - rightMargin, left + 20)
    top = topMargin
    bottom = max(height - bottomMargin, top + 20)
  }

  package var plotWidth: Double { right - left }
  package var plotHeight: Double { bottom - top }

  /// The horizontal pixel of data value `v`, or nil when it cannot be drawn (NaN, ≤ 0 on log).
  package func px(_ v: Double) -> Double? {
    x.fraction(v).map { left + $0 * plotWidth }
  }

  package func py(_ v: Double) -> Double? {
    y.fraction(v).map { yReversed ? top + $0 * plotHeight : bottom - $0 * plotHeight }
  }

  package static func textWidth(_ texts: [String], size: Double) -> Double {
    Double(texts.map(\.count).max() ?? 0) * size * characterWidth
  }

  package static func legendWidth(_ legend: [LegendEntry]) -> Double {
    textWidth(legend.prefix(maxLegendEntries).map { shortened($0.name) }, size: 11) + 40
  }

  package static func shortened(_ name: String, limit: Int = 24) -> String {
    name.count <= limit ? name : String(name.prefix(limit - 1)) + "…"
  }

  /// Draws the figure around `content`, which is clipped to the plot area.
  package func draw(
    plot: Plot, grid: Bool, legend: [LegendEntry], colorBar: ColorBar?, hasData: Bool,
    content: (inout SVGWriter) -> Void
  ) -> String {
    var svg = SVGWriter()
    let n = SVGWriter.number
    svg.define(
      "<clipPath id=\"plot-area\"><rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\""
        + " height=\"\(n(plotHeight))\"/></clipPath>")
    if grid { drawGrid(&svg) }
    var body = SVGWriter()
    content(&body)
    svg.raw("<g clip-path=\"url(#plot-area)\">")
    body.elements.forEach { svg.raw($0) }
    svg.raw("</g>")
    if !hasData {
      svg.text("no data", x: left + plotWidth / 2, y: top + plotHeight / 2, size: 13, anchor: .middle)
    }
    svg.rect(x: left, y: top, width: plotWidth, height: plotHeight, fill: "none", stroke: "#333333")
    drawTicks(&svg)
    drawTitles(&svg, plot: plot)
    if !legend.isEmpty { drawLegend(&svg, legend) }
    if let colorBar { drawColorBar(&svg, colorBar) }
    return svg.document(width: width, height: height, title: plot.title)
  }

  private func drawGrid(_ svg: inout SVGWriter) {
    for tick in x.ticks { if let p = px(tick.value) { svg.line(x1: p, y1: top, x2: p, y2: bottom, stroke: "#e6e6e6") } }
    for tick in y.ticks { if let p = py(tick.value) { svg.line(x1: left, y1: p, x2: right, y2: p, stroke: "#e6e6e6") } }
  }

  /// Every k-th label when labels would collide (ticks stay).
  private func labelStride(count: Int, length: Double, labelSize: Double) -> Int {
    guard count > 1 else { return 1 }
    let spacing = length / Double(count - 1)
    return WholeNumber.clamped((labelSize / max(spacing, 1)).rounded(.up), 1, max(1, count))
  }

  private func drawTicks(_ svg: inout SVGWriter) {
    let xTicks = x.ticks.filter { px($0.value).map { $0 >= left - 0.5 && $0 <= right + 0.5 } ?? false }
    let xStride = labelStride(
      count: xTicks.count, length: plotWidth, labelSize: PlotFrame.textWidth(xTicks.map(\.label), size: 11) + 8)
    for (i, tick) in xTicks.enumerated() {
      guard let p = px(tick.value) else { continue }
      svg.line(x1: p, y1: bottom, x2: p, y2: bottom + 5, stroke: "#333333")
      if i % xStride == 0 { svg.text(tick.label, x: p, y: bottom + 18, anchor: .middle) }
    }
    let yTicks = y.ticks.filter { py($0.value).map { $0 >= top - 0.5 && $0 <= bottom + 0.5 } ?? false }
    let yStride = labelStride(count: yTicks.count, length: plotHeight, labelSize: 14)
    for (i, tick) in yTicks.enumerated() {
      guard let p = py(tick.value) else { continue }
      svg.line(x1: left - 5, y1: p, x2: left, y2: p, stroke: "#333333")
      if i % yStride == 0 { svg.text(tick.label, x: left - 8, y: p + 4, anchor: .end) }
    }
    for value in x.minorTicks {
      if let p = px(value), p >= left, p <= right {
        svg.line(x1: p, y1: bottom, x2: p, y2: bottom + 3, stroke: "#333333")
      }
    }
    for value in y.minorTicks {
      if let p = py(value), p >= top, p <= bottom { svg.line(x1: left - 3, y1: p, x2: left, y2: p, stroke: "#333333") }
    }
  }

  private func drawTitles(_ svg: inout SVGWriter, plot: Plot) {
    if !plot.title.isEmpty { svg.text(plot.title, x: width / 2, y: 26, size: 15, anchor: .middle, bold: true) }
    if !plot.xLabel.isEmpty {
      svg.text(plot.xLabel, x: left + plotWidth / 2, y: bottom + 40, size: 13, anchor: .middle)
    }
    if !plot.yLabel.isEmpty {
      svg.text(plot.yLabel, x: 18, y: top + plotHeight / 2, size: 13, anchor: .middle, rotate: -90)
    }
  }

  private func drawLegend(_ svg: inout SVGWriter, _ legend: [LegendEntry]) {
    // As many rows as fit beside the plot (at most 12); the last row then says how many are left.
    let rows = min(PlotFrame.maxLegendEntries, WholeNumber.clamped((plotHeight - 8) / 18, 1, Int.max / 2))
    let shown = Array(legend.prefix(legend.count <= rows ? rows : max(rows - 1, 1)))
    let x0 = right + 12
    let boxHeight = Double(shown.count + (legend.count > shown.count ? 1 : 0)) * 18 + 8
    svg.rect(
      x: x0, y: top, width: PlotFrame.legendWidth(legend), height: boxHeight, fill: "#ffffff", stroke: "#bbbbbb")
    for (i, entry) in shown.enumerated() {
      let y = top + 16 + Double(i) * 18
      if entry.isDot {
        svg.circle(x: x0 + 16, y: y - 4, radius: 4, fill: entry.color)
      } else {
        svg.line(x1: x0 + 6, y1: y - 4, x2: x0 + 26, y2: y - 4, stroke: entry.color, width: 2)
      }
      svg.text(PlotFrame.shortened(entry.name), x: x0 + 32, y: y)
    }
    if legend.count > shown.count {
      svg.text("… \(legend.count - shown.count) more", x: x0 + 32, y: top + 16 + Double(shown.count) * 18)
    }
  }

  private func drawColorBar(_ svg: inout SVGWriter, _ bar: ColorBar) {
    let stops = (0..<PlotColors.viridisStops.count).map { i -> String in
      let t = Double(i) / Double(PlotColors.viridisStops.count - 1)
      return "<stop offset=\"\(SVGWriter.number(t))\" stop-color=\"\(PlotColors.viridis(t))\"/>"
    }
    svg.define(
      "<linearGradient id=\"color-bar\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">" + stops.joined() + "</linearGradient>")
    let x0 = right + 16
    svg.rect(x: x0, y: top, width: 14, height: plotHeight, fill: "url(#color-bar)", stroke: "#333333")
    for tick in bar.scale.ticks {
      guard let f = bar.scale.fraction(tick.value), f >= -1e-9, f <= 1 + 1e-9 else { continue }
      let y = bottom - f * plotHeight
      svg.line(x1: x0 + 14, y1: y, x2: x0 + 18, y2: y, stroke: "#333333")
      svg.text(tick.label, x: x0 + 21, y: y + 4)
    }
  }
}
