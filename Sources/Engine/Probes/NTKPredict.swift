import Foundation

/// The outputs and loss curves of the *linearised* net f_lin(θ) = f(θ₀) + J(θ − θ₀) under gradient flow on
/// NNS's mse (Lee et al., "Wide neural networks of any depth evolve as linear models under gradient
/// descent", NeurIPS 2019, eq. (9)–(10)), for a net over any algebra (J is the Jacobian of its real outputs).
///
/// With L = (1/(N·C)) Σ (f − y)², gradient flow at rate η is dθ/dt = −η ∇L, so on the training inputs
/// ḟ = −η k Θ (f − Y) with Θ = J Jᵀ and k = 2/(N·C), and with Θ = V Λ Vᵀ
///
///   f_t(X)  = Y + V e^{−ηkΛt} Vᵀ (f₀(X) − Y),
///   f_t(x*) = f₀(x*) − Θ(x*, X) V diag((1 − e^{−ηkλt})/λ) Vᵀ (f₀(X) − Y),
///
/// (1 − e^{−ηkλt})/λ → ηkt for λ = 0). Time t counts gradient-descent steps of rate η (epochs of `gd` with
/// `batch full`); for ηkλmax ≪ 1 the discrete steps follow the flow.
public struct NTKPrediction: Sendable {
  public var times: [Double]
  public var trainLoss: [Double]
  public var testLoss: [Double]
  /// Outputs at the last time, N×C.
  public var trainOutput: Matrix
  public var testOutput: Matrix
}

/// Memory the prediction needs, in bytes: both Jacobians, the train kernel and its eigenvectors, the cross kernel.
public func ntkPredictBytes(_ net: Network, trainCount: Int, testCount: Int) -> Double {
  let c = Double(net.spec.outputFeatures)
  let (r, s) = (Double(trainCount) * c, Double(testCount) * c)
  return 8 * ((r + s) * Double(net.parameterCount) + 2 * r * r + s * r)
}

/// `NTKPrediction` at `points` equally spaced times 0…`time` (the last is `time`).
public func ntkPredict(
  _ net: Network, train: (x: Matrix, y: Matrix), test: (x: Matrix, y: Matrix), lr: Double, time: Double, points: Int
) throws -> NTKPrediction {
  let c = net.spec.outputFeatures
  guard train.y.cols == c, test.y.cols == c else {
    throw EngineError.shapeMismatch(
      "the net has \(c) outputs but the targets have \(train.y.cols) (train) and \(test.y.cols) (test) columns")
  }
  let n = train.x.rows
  let jTrain = jacobian(net, train.x)
  let jTest = jacobian(net, test.x)
  let theta = BLAS.matmul(jTrain, jTrain, transB: true)
  let cross = BLAS.matmul(jTest, jTrain, transB: true)
  guard let e = BLAS.symmetricEigen(theta, vectors: true), let v = e.vectors else {
    throw EngineError.invalid("the eigendecomposition of the NTK failed")
  }
  let f0Train = net.predict(train.x)
  let f0Test = net.predict(test.x)
  let r0 = zip(f0Train.data, train.y.data).map { $0 - $1 }
  // Residual in the eigenbasis: Vᵀ r₀.
  let projected = BLAS.matmul(v, transA: true, Matrix(rows: r0.count, cols: 1, data: r0)).data
  let k = 2 / Double(max(1, n * c))
  let lambdaMax = max(0, e.values.last ?? 0)
  var result = NTKPrediction(
    times: [], trainLoss: [], testLoss: [], trainOutput: f0Train, testOutput: f0Test)
  let count = max(1, points)
  for step in 0..<count {
    let t = count == 1 ? time : time * Double(step) / Double(count - 1)
    var decayed = [Double](repeating: 0, count: projected.count)
    var integrated = [Double](repeating: 0, count: projected.count)
    for (i, lambda) in e.values.enumerated() {
      let l = lambda > 1e-12 * lambdaMax ? lambda : 0
      decayed[i] = Foundation.exp(-lr * k * l * t) * projected[i]
      integrated[i] = (l > 0 ? -Foundation.expm1(-lr * k * l * t) / l : lr * k * t) * projected[i]
    }
    let rTrain = BLAS.matmul(v, Matrix(rows: decayed.count, cols: 1, data: decayed)).data
    let shift = BLAS.matmul(cross, BLAS.matmul(v, Matrix(rows: integrated.count, cols: 1, data: integrated))).data
    var fTrain = train.y
    for i in 0..<fTrain.count { fTrain.data[i] += rTrain[i] }
    var fTest = f0Test
    for i in 0..<fTest.count { fTest.data[i] -= shift[i] }
    result.times.append(t)
    result.trainLoss.append(Loss.mse.value(fTrain, train.y))
    result.testLoss.append(Loss.mse.value(fTest, test.y))
    result.trainOutput = fTrain
    result.testOutput = fTest
  }
  return result
}
