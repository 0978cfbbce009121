import Foundation

/// A dataset: N samples as the rows of `x` (N×d) with targets `y` (N×k).
///
/// Classification data stores the class index 0..<K in `y` (N×1) and names the classes in `classes`;
/// regression data has `classes == nil`.
///
///     var rng = RandomSource(seed: 1)
///     let d = try Datasets.moons(n: 200, noise: 0.1, rng: &rng)  // d.count == 200, d.numClasses == 2
public struct Dataset: Sendable, Codable, Equatable {
  public var name: String
  public var x: Matrix
  public var y: Matrix
  /// Class names, index = label value in `y`; nil for regression.
  public var classes: [String]?
  /// One name per column of `x` (`x1`, `x2`, … for generated data, the header for CSV).
  public var featureNames: [String]

  public init(name: String, x: Matrix, y: Matrix, classes: [String]? = nil, featureNames: [String]? = nil) {
    precondition(x.rows == y.rows, "dataset x has \(x.rows) rows but y has \(y.rows)")
    self.name = name
    self.x = x
    self.y = y
    self.classes = classes
    self.featureNames = featureNames ?? (0..<x.cols).map { "x\($0 + 1)" }
  }

  /// Number of samples N.
  public var count: Int { x.rows }
  /// Input dimension d.
  public var features: Int { x.cols }
  /// Target columns (1 for classification).
  public var outputs: Int { y.cols }
  public var isClassification: Bool { classes != nil }
  /// K for classification, 0 for regression.
  public var numClasses: Int { classes?.count ?? 0 }

  /// Class index of sample i (classification data); -1 when the target is no whole number in range.
  public func label(_ i: Int) -> Int { WholeNumber.exact(y[i, 0]) ?? -1 }

  /// Samples per class, indexed by class (empty for regression).
  public var classCounts: [Int] {
    var counts = [Int](repeating: 0, count: numClasses)
    for i in 0..<count {
      let c = label(i)
      if c >= 0 && c < counts.count { counts[c] += 1 }
    }
    return counts
  }

  /// The samples at `indices`, in that order, under the same name and classes.
  public func subset(_ indices: [Int]) -> Dataset {
    Dataset(name: name, x: x.rows(indices), y: y.rows(indices), classes: classes, featureNames: featureNames)
  }
}

extension Matrix: Codable {
  private enum CodingKeys: String, CodingKey { case rows, cols, data }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let rows = try c.decode(Int.self, forKey: .rows)
    let cols = try c.decode(Int.self, forKey: .cols)
    let data = try c.decode([Double].self, forKey: .data)
    guard rows >= 0, cols >= 0, data.count == rows * cols else {
      throw DecodingError.dataCorruptedError(
        forKey: .data, in: c,
        debugDescription: "matrix \(rows)×\(cols) needs \(rows * cols) values, found \(data.count)")
    }
    self.init(rows: rows, cols: cols, data: data)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(rows, forKey: .rows)
    try c.encode(cols, forKey: .cols)
    try c.encode(data, forKey: .data)
  }
}

/// Namespace of every dataset generator, the CSV loader and the transforms (SPEC §4.5).
/// Random generators take `rng: inout RandomSource`, so same seed → same data.
public enum Datasets {
  /// Largest sample count a generator accepts (10⁷ rows is already ~160 MB of 2-D points).
  public static let maxSamples = 10_000_000

  static func checkCount(_ n: Int, _ name: String = "n", min: Int = 1) throws {
    guard n >= min && n <= maxSamples else {
      throw DataError.badParameter(name: name, value: "\(n)", expected: "an integer in \(min)…\(maxSamples)")
    }
  }

  static func checkDim(_ d: Int, _ name: String = "dim") throws {
    guard d >= 1 && d <= 100_000 else {
      throw DataError.badParameter(name: name, value: "\(d)", expected: "an integer in 1…100000")
    }
  }

  static func checkNonNegative(_ v: Double, _ name: String) throws {
    guard v.isFinite && v >= 0 else {
      throw DataError.badParameter(name: name, value: "\(v)", expected: "a finite number ≥ 0")
    }
  }

  static func checkFinite(_ v: Double, _ name: String) throws {
    guard v.isFinite else { throw DataError.badParameter(name: name, value: "\(v)", expected: "a finite number") }
  }

  /// A classification dataset from points and class indices.
  static func labelled(_ name: String, _ points: [[Double]], _ labels: [Int], classes: [String]) -> Dataset {
    Dataset(
      name: name, x: Matrix(points), y: Matrix(rows: labels.count, cols: 1, data: labels.map(Double.init)),
      classes: classes)
  }

  /// Adds N(0, std²) to every coordinate (no draw when std == 0, so noise-free data needs no randomness).
  static func jitter(_ points: inout [[Double]], std: Double, rng: inout RandomSource) {
    guard std > 0 else { return }
    for i in points.indices {
      for j in points[i].indices { points[i][j] += std * rng.normal() }
    }
  }

  /// The same permutation applied to points and labels.
  static func shuffled(_ points: [[Double]], _ labels: [Int], rng: inout RandomSource) -> ([[Double]], [Int]) {
    let p = rng.permutation(points.count)
    return (p.map { points[$0] }, p.map { labels[$0] })
  }
}
