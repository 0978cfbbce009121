/// Batch normalisation (Ioffe & Szegedy 2015) of each real feature: y = γ (x − μ)/√(σ² + ε) + β with
/// ε = 1e-5. Training uses the minibatch mean and (biased) variance and updates running estimates with
/// momentum 0.1 (the unbiased variance, as PyTorch); evaluation uses the running estimates, so each
/// sample's output then depends on that sample alone (needed by Jacobians, NTK and Fisher probes).
/// On hypercomplex algebras every real component is normalised on its own.
///
/// Parameters: γ (F values, start 1) then β (F values, start 0). State: running mean then running variance.
final class BatchNorm: Layer {
  let features: Int
  let epsilon = 1e-5
  let momentum = 0.1
  private var runningMean: [Double]
  private var runningVar: [Double]
  private var xhat = Matrix(rows: 0, cols: 0)
  private var invStd: [Double]
  private var usedBatchStatistics = false
  private(set) var output = Matrix(rows: 0, cols: 0)
  private(set) var gradInput = Matrix(rows: 0, cols: 0)

  init(features: Int) {
    self.features = features
    runningMean = [Double](repeating: 0, count: features)
    runningVar = [Double](repeating: 1, count: features)
    invStd = [Double](repeating: 1, count: features)
  }

  var inFeatures: Int { features }
  var outFeatures: Int { features }
  var parameterCount: Int { 2 * features }
  var stateCount: Int { 2 * features }
  var frozen: Bool { false }

  func initialize(_ p: UnsafeMutablePointer<Double>, rng: inout RandomSource) throws {
    for f in 0..<features {
      p[f] = 1
      p[features + f] = 0
    }
  }

  func forward(_ x: Matrix, _ p: UnsafePointer<Double>, training: Bool, rng: inout RandomSource) {
    let rows = x.rows
    let fc = features
    output.reshape(rows, fc)
    xhat.reshape(rows, fc)
    usedBatchStatistics = training && rows > 1
    for f in 0..<fc {
      var mean = runningMean[f]
      var variance = runningVar[f]
      if usedBatchStatistics {
        mean = 0
        for r in 0..<rows { mean += x.data[r * fc + f] }
        mean /= Double(rows)
        variance = 0
        for r in 0..<rows { variance += pow2(x.data[r * fc + f] - mean) }
        variance /= Double(rows)
        runningMean[f] = (1 - momentum) * runningMean[f] + momentum * mean
        runningVar[f] = (1 - momentum) * runningVar[f] + momentum * variance * Double(rows) / Double(rows - 1)
      }
      let inv = 1 / (variance + epsilon).squareRoot()
      invStd[f] = inv
      for r in 0..<rows {
        let h = (x.data[r * fc + f] - mean) * inv
        xhat.data[r * fc + f] = h
        output.data[r * fc + f] = p[f] * h + p[fc + f]
      }
    }
  }

  func backward(
    _ g: Matrix, input x: Matrix, _ p: UnsafePointer<Double>, offset: Int, sink: GradientSink, needInput: Bool
  ) {
    let rows = g.rows
    let fc = features
    gradInput.reshape(rows, fc)
    for f in 0..<fc {
      var sumG = 0.0
      var sumGX = 0.0
      for r in 0..<rows {
        sumG += g.data[r * fc + f]
        sumGX += g.data[r * fc + f] * xhat.data[r * fc + f]
      }
      switch sink.kind {
      case .sum:
        sink.grad[offset + f] += sumGX
        sink.grad[offset + fc + f] += sumG
      case .jacobian:
        let pc = sink.matrix.cols
        for r in 0..<rows {
          sink.matrix.data[r * pc + offset + f] += g.data[r * fc + f] * xhat.data[r * fc + f]
          sink.matrix.data[r * pc + offset + fc + f] += g.data[r * fc + f]
        }
      case .gram:
        for r in 0..<rows {
          let gr = g.data[r * fc + f]
          if gr == 0 { continue }
          for r2 in 0..<rows {
            let g2 = g.data[r2 * fc + f]
            sink.matrix.data[r * rows + r2] += gr * g2 * (xhat.data[r * fc + f] * xhat.data[r2 * fc + f] + 1)
          }
        }
      }
      let scale = p[f] * invStd[f]
      let n = Double(rows)
      for r in 0..<rows {
        let gr = g.data[r * fc + f]
        gradInput.data[r * fc + f] =
          usedBatchStatistics ? scale * (gr - sumG / n - xhat.data[r * fc + f] * sumGX / n) : scale * gr
      }
    }
  }

  func readState(_ s: UnsafeMutablePointer<Double>) {
    for f in 0..<features {
      s[f] = runningMean[f]
      s[features + f] = runningVar[f]
    }
  }

  func writeState(_ s: UnsafePointer<Double>) {
    for f in 0..<features {
      runningMean[f] = s[f]
      runningVar[f] = s[features + f]
    }
  }
}
