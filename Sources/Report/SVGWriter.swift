import Engine
import Foundation

/// Accumulates SVG 1.1 elements and wraps them into a standalone document; all text and
/// attribute values are XML-escaped here, so callers pass plain strings.
package struct SVGWriter {
  private(set) var elements: [String] = []
  private var definitions: [String] = []

  /// Coordinates with at most two decimals (`12.5`, `300`); non-finite values become 0.
  package static func number(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    var text = String(format: "%.2f", x)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }

  /// Escapes `& < > " '` and drops characters XML 1.0 forbids (most C0 controls).
  package static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n", "\r", "\t": out += " "
      case let c where c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF: continue
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  package mutating func raw(_ element: String) { elements.append(element) }

  package mutating func define(_ element: String) { definitions.append(element) }

  package mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil, extra: String = ""
  ) {
    let n = SVGWriter.number
    var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(width, 0)))\" height=\"\(n(max(height, 0)))\""
    attributes += " fill=\"\(fill)\""
    if let stroke { attributes += " stroke=\"\(stroke)\"" }
    if !extra.isEmpty { attributes += " " + extra }
    elements.append("<rect \(attributes)/>")
  }

  package mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1) {
    let n = SVGWriter.number
    elements.append(
      "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\"/>"
    )
  }

  package mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double) {
    let list = points.map { SVGWriter.number($0.0) + "," + SVGWriter.number($0.1) }.joined(separator: " ")
    elements.append(
      "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(SVGWriter.number(width))\""
        + " stroke-linejoin=\"round\" stroke-linecap=\"round\"/>")
  }

  package mutating func circle(x: Double, y: Double, radius: Double, fill: String, extra: String = "") {
    let n = SVGWriter.number
    elements.append(
      "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\" fill=\"\(fill)\"\(extra.isEmpty ? "" : " " + extra)/>")
  }

  package enum Anchor: String {
    case start, middle, end
  }

  package mutating func text(
    _ content: String, x: Double, y: Double, size: Double = 11, anchor: Anchor = .start, bold: Bool = false,
    rotate: Double? = nil
  ) {
    let n = SVGWriter.number
    var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor.rawValue)\""
    if bold { attributes += " font-weight=\"bold\"" }
    if let rotate { attributes += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
    elements.append("<text \(attributes)>\(SVGWriter.escape(content))</text>")
  }

  /// The standalone document: XML declaration, `svg` root with xmlns and viewBox, white background.
  package func document(width: Double, height: Double, title: String) -> String {
    let n = SVGWriter.number
    var lines = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(n(width))\" height=\"\(n(height))\""
        + " viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">",
    ]
    if !title.isEmpty { lines.append("<title>\(SVGWriter.escape(title))</title>") }
    if !definitions.isEmpty { lines += ["<defs>"] + definitions + ["</defs>"] }
    lines.append("<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>")
    lines += elements
    lines.append("</svg>")
    return lines.joined(separator: "\n") + "\n"
  }
}

/// Colours: a ten-colour categorical palette (Tableau 10) and the viridis colour map.
package enum PlotColors {
  package static let palette = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  ]

  /// The palette colour of series or class `index` (any Int, negatives included).
  package static func categorical(_ index: Int) -> String {
    let n = palette.count
    return palette[((index % n) + n) % n]
  }

  /// Viridis (van der Walt & Smith, matplotlib 2015) at ten stops, interpolated linearly.
  package static let viridisStops: [(Double, Double, Double)] = [
    (68, 1, 84), (72, 40, 120), (62, 73, 137), (49, 104, 142), (38, 130, 142),
    (31, 158, 137), (53, 183, 121), (110, 206, 88), (181, 222, 43), (253, 231, 37),
  ]

  /// The viridis colour at `t` ∈ [0, 1] (clamped; NaN gives grey).
  package static func viridis(_ t: Double) -> String {
    guard t.isFinite else { return "#dddddd" }
    let position = min(max(t, 0), 1) * Double(viridisStops.count - 1)
    let i = WholeNumber.clamped(position, 0, viridisStops.count - 2)
    let f = position - Double(i)
    let (a, b) = (viridisStops[i], viridisStops[i + 1])
    func channel(_ x: Double, _ y: Double) -> Int { WholeNumber.clamped((x + (y - x) * f).rounded(), 0, 255) }
    return String(format: "#%02x%02x%02x", channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
  }
}
