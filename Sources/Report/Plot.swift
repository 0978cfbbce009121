/// A figure as data: what `plot … to "x.svg"` draws (SPEC §4.8). ``svg(width:height:)`` renders it.
///
/// Degenerate data never traps: NaN and infinite values (and values ≤ 0 on a log axis) are
/// skipped, empty data draws empty axes with a "no data" note, a single point or a constant
/// series gets a small range around it.
///
///     let plot = Plot(.line([Series(name: "train", x: [1, 2, 3], y: [0.9, 0.5, 0.2])]),
///                     title: "loss", xLabel: "epoch", yLabel: "mse")
///     try FileWriter.writeAtomically(plot.svg(), to: "loss.svg")
public struct Plot: Sendable {
  /// What the figure shows.
  public enum Kind: Sendable {
    /// Lines through each series' points, optionally on logarithmic axes.
    case line([Series], logX: Bool = false, logY: Bool = false)
    /// Lines on logarithmic x and y axes (power laws are straight lines).
    case logLog([Series])
    /// Counts of `values` in `bins` equal-width bins over their range (bins clamped to 1…1000).
    case histogram(values: [Double], bins: Int)
    /// A matrix as coloured cells, row 0 at the top, with a colour bar; NaN cells are grey.
    /// Matrices larger than 200 in a dimension are averaged in blocks to at most 200 cells.
    case heatmap([[Double]])
    /// Points coloured by class, optionally over a grid of predicted classes (decision regions).
    case scatter([LabeledPoint], regions: Regions? = nil)
  }

  public var kind: Kind
  public var title: String
  public var xLabel: String
  public var yLabel: String
  /// Legend names of the classes of a scatter plot (class k ↦ `classNames[k]`, else `class k`).
  public var classNames: [String]

  public init(_ kind: Kind, title: String = "", xLabel: String = "", yLabel: String = "", classNames: [String] = []) {
    self.kind = kind
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.classNames = classNames
  }
}

/// A named sequence of points of a line plot; x and y are paired up to the shorter one.
public struct Series: Equatable, Sendable {
  public var name: String
  public var x: [Double]
  public var y: [Double]

  public init(name: String, x: [Double], y: [Double]) {
    self.name = name
    self.x = x
    self.y = y
  }

  /// A series over x = 0, 1, 2, … (a logged loss curve, a sorted spectrum).
  public init(name: String, y: [Double]) {
    self.init(name: name, x: y.indices.map(Double.init), y: y)
  }
}

/// A point of a scatter plot with its class (any Int; colours repeat every 10 classes).
public struct LabeledPoint: Equatable, Sendable {
  public var x: Double
  public var y: Double
  public var label: Int

  public init(x: Double, y: Double, label: Int) {
    self.x = x
    self.y = y
    self.label = label
  }
}

/// Predicted classes on a regular grid over the box [xMin, xMax] × [yMin, yMax]:
/// `classes[i][j]` is the class of the cell in row i (row 0 at yMin, the bottom) and column j
/// (column 0 at xMin). Drawn as translucent cells behind a scatter plot.
public struct Regions: Equatable, Sendable {
  public var xMin: Double
  public var xMax: Double
  public var yMin: Double
  public var yMax: Double
  public var classes: [[Int]]

  public init(xMin: Double, xMax: Double, yMin: Double, yMax: Double, classes: [[Int]]) {
    self.xMin = xMin
    self.xMax = xMax
    self.yMin = yMin
    self.yMax = yMax
    self.classes = classes
  }
}
