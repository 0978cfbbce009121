/// Inverted dropout (Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov 2014): in training each
/// algebra unit of each sample is zeroed with probability p and the survivors are scaled by 1/(1 − p), so
/// evaluation is the identity. Whole units are dropped so a hypercomplex number is kept or lost as one.
final class Dropout: Layer {
  let probability: Double
  let features: Int
  let k: Int
  private var mask: [Double] = []
  private var active = false
  private(set) var output = Matrix(rows: 0, cols: 0)
  private(set) var gradInput = Matrix(rows: 0, cols: 0)

  init(probability: Double, features: Int, k: Int) {
    self.probability = probability
    self.features = features
    self.k = k
  }

  var inFeatures: Int { features }
  var outFeatures: Int { features }
  var parameterCount: Int { 0 }
  var frozen: Bool { false }

  func initialize(_ p: UnsafeMutablePointer<Double>, rng: inout RandomSource) throws {}

  func forward(_ x: Matrix, _ p: UnsafePointer<Double>, training: Bool, rng: inout RandomSource) {
    output.reshape(x.rows, features)
    active = training && probability > 0
    if !active {
      output.data.withUnsafeMutableBufferPointer { o in for e in 0..<o.count { o[e] = x.data[e] } }
      return
    }
    if mask.count != x.count { mask = [Double](repeating: 0, count: x.count) }
    let keep = 1 / (1 - probability)
    for q in stride(from: 0, to: x.count, by: k) {
      let v = rng.uniform() < probability ? 0 : keep
      for c in 0..<k { mask[q + c] = v }
    }
    output.data.withUnsafeMutableBufferPointer { o in for e in 0..<o.count { o[e] = x.data[e] * mask[e] } }
  }

  func backward(
    _ g: Matrix, input x: Matrix, _ p: UnsafePointer<Double>, offset: Int, sink: GradientSink, needInput: Bool
  ) {
    gradInput.reshape(g.rows, features)
    gradInput.data.withUnsafeMutableBufferPointer { gi in
      for e in 0..<gi.count { gi[e] = active ? g.data[e] * mask[e] : g.data[e] }
    }
  }
}
