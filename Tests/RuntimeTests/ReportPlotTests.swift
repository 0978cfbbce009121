import Foundation
import Testing

@testable import Report
@testable import Runtime
@testable import Semantics

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// What an XML parser saw in an SVG document.
final class ReportSVGInspector: NSObject, XMLParserDelegate {
  private(set) var elements: [String] = []
  private(set) var texts: [String] = []
  private(set) var rootAttributes: [String: String] = [:]
  private var characters = ""

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    if elements.isEmpty { rootAttributes = attributes }
    elements.append(elementName)
    characters = ""
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { characters += string }

  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    if elementName == "text" || elementName == "title" { texts.append(characters) }
    characters = ""
  }

  /// Parses `svg`; records an issue (with the parser's error) when it is not well-formed.
  static func inspect(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) -> ReportSVGInspector {
    let inspector = ReportSVGInspector()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = inspector
    let ok = parser.parse()
    #expect(ok, "SVG is not well-formed: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
    return inspector
  }
}

@Suite("Report plots")
struct ReportPlotTests {
  static let title = "Loss <α & β> \"quoted\""

  static func plots() -> [(String, Plot)] {
    let xs = (0..<50).map { Double($0) }
    let two = [
      Series(name: "train", x: xs, y: xs.map { exp(-$0 / 10) }),
      Series(name: "test", x: xs, y: xs.map { exp(-$0 / 12) + 0.01 }),
    ]
    let spiral = (0..<40).flatMap { i -> [LabeledPoint] in
      let (r, phi) = (6.5 * Double(104 - i) / 104, Double(i) * .pi / 16)
      return [
        LabeledPoint(x: r * sin(phi), y: r * cos(phi), label: 1),
        LabeledPoint(x: -r * sin(phi), y: -r * cos(phi), label: 0),
      ]
    }
    let grid = (0..<20).map { i in (0..<20).map { j in i > j ? 1 : 0 } }
    let regions = Regions(xMin: -7, xMax: 7, yMin: -7, yMax: 7, classes: grid)
    let kinds: [(String, Plot.Kind)] = [
      ("line", .line(two)),
      ("line, empty", .line([])),
      ("line, empty series", .line([Series(name: "", x: [], y: [])])),
      ("line, one point", .line([Series(name: "a", x: [3], y: [4])])),
      ("line, constant", .line([Series(name: "a", x: [1, 2, 3], y: [5, 5, 5])])),
      (
        "line, non-finite",
        .line([Series(name: "a", x: [0, 1, 2, 3, .nan, 5], y: [1, .infinity, 2, -.infinity, 3, .nan])])
      ),
      ("line, all non-finite", .line([Series(name: "a", x: [.nan, .infinity], y: [.nan, 1])])),
      (
        "line, huge range",
        .line([Series(name: "a", x: [-1e308, 1e308], y: [-.greatestFiniteMagnitude, .leastNonzeroMagnitude])])
      ),
      ("line, log y", .line(two, logY: true)),
      ("line, ragged", .line([Series(name: "a", x: [1, 2, 3], y: [1])])),
      ("log-log", .logLog([Series(name: "rate", x: [10, 100, 1000], y: [0.3, 0.1, 0.03])])),
      ("log-log, non-positive", .logLog([Series(name: "a", x: [-1, 0, 1, 10], y: [1, 1, 0, -5])])),
      ("log-log, subnormal", .logLog([Series(name: "a", x: [.leastNonzeroMagnitude, 1e308], y: [1e-300, 1e300])])),
      ("histogram", .histogram(values: xs.map { sin($0) }, bins: 10)),
      ("histogram, empty", .histogram(values: [], bins: 10)),
      ("histogram, constant", .histogram(values: [2, 2, 2], bins: 5)),
      ("histogram, non-finite", .histogram(values: [.nan, 1, .infinity, 2, -1e308, 1e308], bins: 3)),
      ("histogram, zero bins", .histogram(values: [1, 2], bins: 0)),
      ("histogram, absurd bins", .histogram(values: [1, 2], bins: Int.max)),
      ("heatmap", .heatmap((0..<6).map { i in (0..<9).map { j in Double(i * j) - 10 } })),
      ("heatmap, empty", .heatmap([])),
      ("heatmap, empty rows", .heatmap([[], []])),
      ("heatmap, ragged with NaN", .heatmap([[1, .nan, 3], [4], [.infinity, 2]])),
      ("heatmap, constant", .heatmap([[7, 7], [7, 7]])),
      ("heatmap, large", .heatmap((0..<450).map { i in (0..<301).map { j in Double((i * 7 + j * 3) % 17) } })),
      ("scatter", .scatter(spiral)),
      ("scatter with regions", .scatter(spiral, regions: regions)),
      ("scatter, empty", .scatter([])),
      ("scatter, one point", .scatter([LabeledPoint(x: 1, y: 1, label: -3)])),
      ("scatter, non-finite", .scatter([LabeledPoint(x: .nan, y: 1, label: 0), LabeledPoint(x: 2, y: 3, label: 1)])),
      (
        "scatter, degenerate regions",
        .scatter(spiral, regions: Regions(xMin: 1, xMax: 1, yMin: .nan, yMax: 2, classes: [[0]]))
      ),
      (
        "scatter, empty region rows",
        .scatter([], regions: Regions(xMin: 0, xMax: 1, yMin: 0, yMax: 1, classes: [[], [1]]))
      ),
    ]
    return kinds.map { name, kind in
      (name, Plot(kind, title: title, xLabel: "epoch ≥ 1", yLabel: "mse & <loss>", classNames: ["outer"]))
    }
  }

  @Test(arguments: plots().map(\.0))
  func everyPlotIsAWellFormedSVGDocumentWithItsTexts(name: String) throws {
    let plot = try #require(ReportPlotTests.plots().first { $0.0 == name }?.1)
    let svg = plot.svg()
    #expect(svg.hasPrefix("<?xml version=\"1.0\""))
    let inspector = ReportSVGInspector.inspect(svg)
    #expect(inspector.elements.first == "svg")
    #expect(inspector.rootAttributes["xmlns"] == "http://www.w3.org/2000/svg")
    #expect(inspector.rootAttributes["viewBox"] == "0 0 640 420")
    #expect(inspector.texts.contains(ReportPlotTests.title))
    #expect(inspector.texts.contains("epoch ≥ 1"))
    #expect(inspector.texts.contains("mse & <loss>"))
    for bad in ["nan", "inf"] {
      #expect(!svg.contains("=\"\(bad)") && !svg.contains("=\"-\(bad)"), "a coordinate is \(bad)")
    }
  }

  @Test func aLegendNamesEverySeriesAndEveryClass() {
    let lines = Plot(.line([Series(name: "train", y: [1, 2]), Series(name: "test", y: [2, 1])])).svg()
    #expect(ReportSVGInspector.inspect(lines).texts.contains("train"))
    #expect(ReportSVGInspector.inspect(lines).texts.contains("test"))
    let points = [LabeledPoint(x: 0, y: 0, label: 0), LabeledPoint(x: 1, y: 1, label: 1)]
    let classes = ReportSVGInspector.inspect(Plot(.scatter(points), classNames: ["outer"]).svg()).texts
    #expect(classes.contains("outer"))
    #expect(classes.contains("class 1"))
    // A legend longer than the plot is tall is cut, and says how much is missing.
    let many = (0..<14).map { LabeledPoint(x: Double($0), y: 0, label: $0) }
    let cut = ReportSVGInspector.inspect(Plot(.scatter(many)).svg(width: 500, height: 300)).texts
    let named = cut.filter { $0.hasPrefix("class ") }.count
    #expect(named < 14)
    #expect(cut.contains("… \(14 - named) more"))
  }

  @Test func degenerateDataSaysNoData() {
    #expect(ReportSVGInspector.inspect(Plot(.histogram(values: [], bins: 4)).svg()).texts.contains("no data"))
    #expect(!ReportSVGInspector.inspect(Plot(.histogram(values: [1], bins: 4)).svg()).texts.contains("no data"))
  }

  @Test func linearTicksAreNiceNumbers() {
    let scale = PlotScale.linear([0, 1.05])
    #expect(scale.ticks.map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1", "1.2"])
    let shifted = PlotScale.linear([1000, 1001.3])
    #expect(shifted.ticks.map(\.label) == ["1000", "1000.2", "1000.4", "1000.6", "1000.8", "1001", "1001.2", "1001.4"])
    #expect(PlotScale.linear([-3e-5, 2e-5]).ticks.map(\.label) == ["-3e-5", "-2e-5", "-1e-5", "0", "1e-5", "2e-5"])
  }

  @Test func logTicksAreDecades() {
    let scale = PlotScale.logarithmic([10, 3000, -1, 0, .nan])
    #expect(scale.ticks.map(\.label) == ["10", "100", "1000", "10000"])
    #expect(scale.minorTicks.count == 24)
    let wide = PlotScale.logarithmic([1e-300, 1e300])
    #expect(wide.ticks.count <= 10)
    #expect(wide.ticks.first?.label == "1e-300")
    #expect(scale.fraction(-1) == nil && scale.fraction(0) == nil && scale.fraction(10) == 0)
  }

  @Test func svgEscapesTextAndDropsForbiddenCharacters() {
    #expect(SVGWriter.escape("a<b>&\"c\"'\u{01}\nd") == "a&lt;b&gt;&amp;&quot;c&quot;&apos; d")
  }
}
