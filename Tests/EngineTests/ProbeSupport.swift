@testable import Engine

/// Helpers shared by the probe tests.
enum ProbeFixture {
  static func gaussian(_ rows: Int, _ cols: Int, seed: UInt64, scale: Double = 1) -> Matrix {
    var rng = RandomSource(seed: seed)
    return Matrix(rows: rows, cols: cols, data: (0..<(rows * cols)).map { _ in scale * rng.normal() })
  }

  static func dense(_ units: Int, _ act: Activation, bias: Bool = true) -> LayerSpec {
    .dense(units: units, activation: act, bias: bias, fixed: false, augmented: false)
  }

  static func net(
    _ inputs: Int, _ layers: [LayerSpec], algebra: Algebra = .real,
    init initializer: Initializer = .glorot(uniform: false),
    parametrization: Parametrization = .standard, seed: UInt64 = 1
  ) throws -> Network {
    var rng = RandomSource(seed: seed)
    let spec = NetworkSpec(
      inputUnits: inputs, algebra: algebra, layers: layers, initializer: initializer, parametrization: parametrization)
    return try Network(spec: spec, rng: &rng)
  }

  /// max_i |a_i − b_i| / max(|b|_∞, floor).
  static func relativeError(_ a: [Double], _ b: [Double], floor: Double = 1e-300) -> Double {
    let scale = max(b.map { abs($0) }.max() ?? 0, floor)
    return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
  }
}
