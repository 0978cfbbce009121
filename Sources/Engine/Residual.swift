/// A residual block x ↦ x + c · body(x) (He, Zhang, Ren & Sun 2016). Ikeda (seed 002) shows that skipping
/// two layers (`span: 2`) tightens the generalisation-gap bound more than skipping one.
///
/// Stochastic depth (Huang, Sun, Liu, Sedra & Weinberger 2016): with drop probability p, in training the
/// whole branch is dropped for the minibatch with probability p (c = 0, else c = 1); in evaluation the
/// branch is scaled by its survival probability, c = 1 − p.
final class ResidualBlock: Layer {
  let chain: LayerChain
  var body: [Layer] { chain.layers }
  var offsets: [Int] { chain.offsets }
  let dropProbability: Double
  let features: Int
  private var dropped = false
  private var branchScale = 1.0
  private(set) var output = Matrix(rows: 0, cols: 0)
  private(set) var gradInput = Matrix(rows: 0, cols: 0)
  private var branchGrad = Matrix(rows: 0, cols: 0)

  init(body: [Layer], features: Int, dropProbability: Double) {
    chain = LayerChain(body)
    self.features = features
    self.dropProbability = dropProbability
  }

  var inFeatures: Int { features }
  var outFeatures: Int { features }
  var parameterCount: Int { chain.parameterCount }
  var stateCount: Int { chain.stateCount }
  var frozen: Bool { false }

  func initialize(_ p: UnsafeMutablePointer<Double>, rng: inout RandomSource) throws {
    try chain.initialize(p, rng: rng)
  }

  func forward(_ x: Matrix, _ p: UnsafePointer<Double>, training: Bool, rng: inout RandomSource) {
    output.reshape(x.rows, features)
    if training && dropProbability > 0 {
      dropped = rng.uniform() < dropProbability
      branchScale = 1
    } else {
      dropped = false
      branchScale = 1 - dropProbability
    }
    if dropped {
      output.data.withUnsafeMutableBufferPointer { o in for e in 0..<o.count { o[e] = x.data[e] } }
      return
    }
    chain.forward(x, p, training: training, rng: &rng)
    let c = branchScale
    x.data.withUnsafeBufferPointer { xp in
      chain.output.data.withUnsafeBufferPointer { bp in
        output.data.withUnsafeMutableBufferPointer { o in
          for e in 0..<o.count { o[e] = xp[e] + c * bp[e] }
        }
      }
    }
  }

  func backward(
    _ g: Matrix, input x: Matrix, _ p: UnsafePointer<Double>, offset: Int, sink: GradientSink, needInput: Bool
  ) {
    gradInput.reshape(g.rows, features)
    if dropped {
      gradInput.data.withUnsafeMutableBufferPointer { gi in for e in 0..<gi.count { gi[e] = g.data[e] } }
      return
    }
    branchGrad.reshape(g.rows, features)
    let c = branchScale
    branchGrad.data.withUnsafeMutableBufferPointer { b in for e in 0..<b.count { b[e] = c * g.data[e] } }
    chain.backward(branchGrad, input: x, p, offset: offset, sink: sink, needInput: true)
    body[0].gradInput.data.withUnsafeBufferPointer { bp in
      gradInput.data.withUnsafeMutableBufferPointer { gi in
        for e in 0..<gi.count { gi[e] = g.data[e] + bp[e] }
      }
    }
  }

  func readState(_ s: UnsafeMutablePointer<Double>) { chain.readState(s) }
  func writeState(_ s: UnsafePointer<Double>) { chain.writeState(s) }
}
