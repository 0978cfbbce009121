/// A model fitted in closed form that predicts like a net: the non-deep baselines of seed 003
/// (Imaizumi & Fukumizu 2019), against which a net's rate in n is compared.
///
///     let m = try KernelRidge(x: train.x, y: train.y, kernel: .rbf(gamma: 0.5), alpha: 1)
///     let out = try m.predict(test.x)  // N×outputs
public protocol Regressor: Sendable {
  /// Columns of the inputs it was fitted on.
  var inputFeatures: Int { get }
  /// Columns of its predictions (the targets' columns).
  var outputs: Int { get }
  /// One line for printing: `kernel_ridge: rbf, gamma 0.5, alpha 1, 200 points`.
  var summary: String { get }
  func predict(_ x: Matrix) throws -> Matrix
}

/// Ridge regression ‖Φw − Y‖² + λ‖w‖² with an unpenalised intercept (scikit-learn's `Ridge(alpha: λ)`):
/// columns of Φ and Y are centred, (ΦᵀΦ + λI) w = ΦᵀY is solved by Cholesky, and the intercept is
/// mean(Y) − mean(Φ) w. Returns (w, intercept).
func ridgeFit(_ phi: Matrix, _ y: Matrix, lambda: Double) throws -> (w: Matrix, intercept: [Double]) {
  let n = Double(phi.rows)
  let phiMean = (0..<phi.cols).map { j in (0..<phi.rows).reduce(0) { $0 + phi[$1, j] } / n }
  let yMean = (0..<y.cols).map { j in (0..<y.rows).reduce(0) { $0 + y[$1, j] } / n }
  var pc = phi
  for i in 0..<phi.rows { for j in 0..<phi.cols { pc[i, j] -= phiMean[j] } }
  var yc = y
  for i in 0..<y.rows { for j in 0..<y.cols { yc[i, j] -= yMean[j] } }
  var gram = BLAS.matmul(pc, transA: true, pc)
  for j in 0..<gram.rows { gram[j, j] += lambda }
  let rhs = BLAS.matmul(pc, transA: true, yc)
  guard let w = BLAS.solveSPD(gram, rhs) ?? BLAS.solve(gram, rhs) else {
    throw EngineError.invalid("the ridge system is singular; use a positive ridge")
  }
  let intercept = (0..<y.cols).map { o in yMean[o] - (0..<phi.cols).reduce(0) { $0 + phiMean[$1] * w[$1, o] } }
  return (w, intercept)
}
