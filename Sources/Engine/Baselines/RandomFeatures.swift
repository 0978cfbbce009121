/// Random-features regression (Rahimi & Recht 2008): a fixed random first layer h = φ(W x + c) with
/// W's entries N(0, 1/d) and biases c N(0, 1), and a ridge readout on the m features (scikit-learn
/// `Ridge(alpha: ridge)`: ‖Hw + b − Y‖² + ridge·‖w‖², intercept b unpenalised). The lazy-training
/// limit of a two-layer net whose first layer never moves.
///
///     var rng = RandomSource(seed: 1)
///     let m = try RandomFeatures(x: x, y: y, m: 200, activation: .relu, ridge: 1e-3, rng: &rng)
public struct RandomFeatures: Regressor {
  public let weights: Matrix
  public let biases: [Double]
  public let activation: Activation
  public let readout: Matrix
  public let intercept: [Double]
  public let ridge: Double
  public var inputFeatures: Int { weights.rows }
  public var outputs: Int { readout.cols }

  public init(
    x: Matrix, y: Matrix, m: Int, activation: Activation, ridge: Double, rng: inout RandomSource
  ) throws {
    guard x.rows == y.rows, x.rows > 0 else { throw EngineError.invalid("random_features needs data") }
    guard m >= 1 else { throw EngineError.invalid("m must be ≥ 1") }
    guard ridge >= 0, ridge.isFinite else { throw EngineError.invalid("ridge must be ≥ 0") }
    guard activation.isElementwise else {
      throw EngineError.invalid("random features need an elementwise activation, not \(activation)")
    }
    let std = (1 / Double(max(1, x.cols))).squareRoot()
    var w = Matrix(rows: x.cols, cols: m)
    for e in 0..<w.data.count { w.data[e] = std * rng.normal() }
    let c = (0..<m).map { _ in rng.normal() }
    self.weights = w
    self.biases = c
    self.activation = activation
    self.ridge = ridge
    let fit = try ridgeFit(Self.features(x, w, c, activation), y, lambda: ridge)
    self.readout = fit.w
    self.intercept = fit.intercept
  }

  public func predict(_ x: Matrix) throws -> Matrix {
    var out = BLAS.matmul(Self.features(x, weights, biases, activation), readout)
    for i in 0..<out.rows { for o in 0..<out.cols { out[i, o] += intercept[o] } }
    return out
  }

  public var summary: String {
    "random_features: \(weights.cols) \(activation) features, ridge \(shortNumber(ridge))"
  }

  static func features(_ x: Matrix, _ w: Matrix, _ c: [Double], _ act: Activation) -> Matrix {
    var h = BLAS.matmul(x, w)
    for i in 0..<h.rows { for j in 0..<h.cols { h[i, j] = act.apply(h[i, j] + c[j]) } }
    return h
  }
}
