/// Per-feature mean and standard deviation, measured on one dataset (usually the training split) and
/// applied to others so test data is scaled exactly as training data was.
public struct Standardization: Sendable, Codable, Equatable {
  public var mean: [Double]
  /// Population standard deviation; a constant feature gets 1 so it is only centred.
  public var std: [Double]

  /// The statistics of `d`'s features.
  public init(of d: Dataset) {
    let n = Double(max(d.count, 1))
    var mean = [Double](repeating: 0, count: d.features)
    var sq = [Double](repeating: 0, count: d.features)
    for i in 0..<d.count {
      for j in 0..<d.features { mean[j] += d.x[i, j] / n }
    }
    for i in 0..<d.count {
      for j in 0..<d.features {
        let c = d.x[i, j] - mean[j]
        sq[j] += c * c / n
      }
    }
    self.mean = mean
    self.std = sq.map { $0 > 1e-24 ? $0.squareRoot() : 1 }
  }
}

extension Datasets {
  /// Splits `d` into (train, test) with round(fraction·N) training samples, by one shuffle drawn from `rng`.
  /// With `stratify` (classification only) each class is split in that proportion separately, so both
  /// parts keep the class balance. Both parts must be non-empty.
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let (train, test) = try Datasets.split(iris, fraction: 0.8, rng: &rng)  // 120 / 30
  public static func split(
    _ d: Dataset, fraction: Double = 0.8, stratify: Bool = false, rng: inout RandomSource
  ) throws -> (train: Dataset, test: Dataset) {
    guard fraction.isFinite && fraction > 0 && fraction < 1 else {
      throw DataError.badParameter(
        name: "fraction", value: "\(fraction)", expected: "a number strictly between 0 and 1")
    }
    let perm = rng.permutation(d.count)
    var train: [Int] = []
    var test: [Int] = []
    if stratify && d.isClassification {
      for c in 0..<d.numClasses {
        let members = perm.filter { d.label($0) == c }
        let k = Int((fraction * Double(members.count)).rounded())
        train += members.prefix(k)
        test += members.dropFirst(k)
      }
      // Interleave classes again: order the parts by their position in the shuffle.
      let position = Dictionary(uniqueKeysWithValues: perm.enumerated().map { ($1, $0) })
      train.sort { position[$0]! < position[$1]! }
      test.sort { position[$0]! < position[$1]! }
    } else {
      let k = Int((fraction * Double(d.count)).rounded())
      train = Array(perm.prefix(k))
      test = Array(perm.dropFirst(k))
    }
    guard !train.isEmpty && !test.isEmpty else {
      throw DataError.badParameter(
        name: "fraction", value: "\(fraction)",
        expected: "a split of \(d.count) samples leaving both parts non-empty (got \(train.count) / \(test.count))")
    }
    var a = d.subset(train)
    var b = d.subset(test)
    a.name = d.name + ".train"
    b.name = d.name + ".test"
    return (a, b)
  }

  /// `d` with every feature shifted and scaled to mean 0 and variance 1 (targets untouched).
  ///
  ///     let train = Datasets.standardize(rawTrain)
  public static func standardize(_ d: Dataset) -> Dataset {
    applyStandardization(d, Standardization(of: d))
  }

  /// `d` standardized with `stats` (e.g. measured on the training split).
  public static func standardize(_ d: Dataset, using stats: Standardization) throws -> Dataset {
    guard stats.mean.count == d.features && stats.std.count == d.features else {
      throw DataError.shapeMismatch(
        what: "standardization statistics", expected: "\(d.features) features", found: "\(stats.mean.count)")
    }
    return applyStandardization(d, stats)
  }

  /// `d` standardized with the statistics of `reference`: `standardize(test, using: train)`.
  public static func standardize(_ d: Dataset, using reference: Dataset) throws -> Dataset {
    try standardize(d, using: Standardization(of: reference))
  }

  private static func applyStandardization(_ d: Dataset, _ s: Standardization) -> Dataset {
    var out = d
    for i in 0..<d.count {
      for j in 0..<d.features { out.x[i, j] = (d.x[i, j] - s.mean[j]) / s.std[j] }
    }
    return out
  }

  /// n samples of `d` drawn without replacement (in random order).
  public static func subsample(_ d: Dataset, n: Int, rng: inout RandomSource) throws -> Dataset {
    guard n >= 1 && n <= d.count else {
      throw DataError.badParameter(name: "n", value: "\(n)", expected: "an integer in 1…\(d.count) (the dataset size)")
    }
    return d.subset(Array(rng.permutation(d.count).prefix(n)))
  }

  /// `d` in a random order.
  public static func shuffle(_ d: Dataset, rng: inout RandomSource) -> Dataset {
    d.subset(rng.permutation(d.count))
  }
}
