/// A sequence of layers over one contiguous slice of the parameter vector: the body of a `Network` and of
/// each `ResidualBlock`. Layer l reads parameters at `offsets[l]` of the slice and, forward, the output of
/// layer l − 1 (the chain's input for l = 0); backward runs last to first, each layer receiving the input
/// gradient of the one after it. Initialisation forks the random stream once per layer index, so a
/// layer's draws do not depend on how many the layers before it take.
///
/// `LayerChain([dense, dense2]).parameterCount` is the two layers' counts added.
struct LayerChain {
  let layers: [Layer]
  /// Where each layer's parameters start within the chain's slice.
  let offsets: [Int]
  let parameterCount: Int
  let stateCount: Int

  init(_ layers: [Layer]) {
    self.layers = layers
    var o = 0
    var offs: [Int] = []
    for l in layers {
      offs.append(o)
      o += l.parameterCount
    }
    offsets = offs
    parameterCount = o
    stateCount = layers.reduce(0) { $0 + $1.stateCount }
  }

  /// The last layer's output after `forward`.
  var output: Matrix { layers[layers.count - 1].output }

  /// Initial parameters into p[0..<parameterCount], layer l drawing from `rng.fork(l)`.
  func initialize(_ p: UnsafeMutablePointer<Double>, rng: RandomSource) throws {
    for (l, layer) in layers.enumerated() {
      var r = rng.fork(UInt64(l))
      try layer.initialize(p + offsets[l], rng: &r)
    }
  }

  func forward(_ x: Matrix, _ p: UnsafePointer<Double>, training: Bool, rng: inout RandomSource) {
    for (l, layer) in layers.enumerated() {
      layer.forward(l == 0 ? x : layers[l - 1].output, p + offsets[l], training: training, rng: &rng)
    }
  }

  /// Backward from g = ∂L/∂output; parameter gradients go to `sink` at `offset` + offsets[l]. The first
  /// layer fills its `gradInput` only when `needInput`.
  func backward(
    _ g: Matrix, input x: Matrix, _ p: UnsafePointer<Double>, offset: Int, sink: GradientSink, needInput: Bool
  ) {
    for l in stride(from: layers.count - 1, through: 0, by: -1) {
      layers[l].backward(
        l == layers.count - 1 ? g : layers[l + 1].gradInput, input: l == 0 ? x : layers[l - 1].output,
        p + offsets[l], offset: offset + offsets[l], sink: sink, needInput: l > 0 || needInput)
    }
  }

  /// The layers' non-trainable state, one after the other, into s[0..<stateCount].
  func readState(_ s: UnsafeMutablePointer<Double>) {
    var o = 0
    for l in layers {
      l.readState(s + o)
      o += l.stateCount
    }
  }

  func writeState(_ s: UnsafePointer<Double>) {
    var o = 0
    for l in layers {
      l.writeState(s + o)
      o += l.stateCount
    }
  }
}
