/// A batch of values and their directional derivatives R{·} = d/dt (·)(θ + t v)|₀ along a direction v in
/// parameter space (Pearlmutter 1994, "Fast exact multiplication by the Hessian"). The same pair carries
/// (activation, R{activation}) forward and (gradient, R{gradient}) backward.
struct TangentPair {
  var value: Matrix
  var tangent: Matrix

  /// A value that does not depend on the parameters (the data).
  static func constant(_ x: Matrix) -> TangentPair {
    TangentPair(value: x, tangent: Matrix(rows: x.rows, cols: x.cols))
  }
}

/// What a layer's tangent forward pass keeps for its tangent backward pass. One tape per layer and call,
/// so the layers' own training buffers are never touched.
final class TangentTape {
  /// Dense: the pre-activation (z, ż) and the activation output (a, ȧ); batch norm: (x̂, x̂̇) in `pre`.
  var pre = TangentPair.constant(Matrix(rows: 0, cols: 0))
  var post = TangentPair.constant(Matrix(rows: 0, cols: 0))
  /// Dense over an algebra or augmented: the real-equivalent block matrices M(θ) and M(v) (= Ṁ, since M is
  /// linear in the weights); empty for plain real layers, whose GEMMs read θ and v in place.
  var blocks: [Matrix] = []
  /// Residual block: each body layer's input and tape.
  var body: [(input: TangentPair, tape: TangentTape)] = []
  /// Set on the last dense layer when the loss fuses with its activation: backward starts from ∂L/∂z.
  var fusedHead = false
}

/// Where a tangent backward pass accumulates ∂L/∂θ and R{∂L/∂θ} = H v (this layer's slice).
struct TangentAccumulator {
  var gradient: UnsafeMutablePointer<Double>
  var hessianVector: UnsafeMutablePointer<Double>
  /// False when only H v is wanted (`hessianVectorProduct`): dense layers then skip the xᵀ g_z GEMM
  /// and fold of ∂L/∂θ (one of their nine GEMMs), leaving `gradient` incomplete.
  var wantsGradient = true

  func shifted(_ offset: Int) -> TangentAccumulator {
    TangentAccumulator(
      gradient: gradient + offset, hessianVector: hessianVector + offset, wantsGradient: wantsGradient)
  }
}

/// A layer with the R-operator: forward-mode tangents through its evaluation-mode forward map, and the
/// tangent of its backward map (forward-over-reverse). `p` and `v` point at this layer's slice of the
/// parameters and of the direction.
protocol TangentLayer: Layer {
  /// (y, ẏ) from (x, ẋ).
  func forwardTangent(
    _ x: TangentPair, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>, tape: TangentTape
  ) -> TangentPair
  /// From (∂L/∂y, R{∂L/∂y}): adds ∂L/∂θ and R{∂L/∂θ} into `into`, returns (∂L/∂x, R{∂L/∂x}) when
  /// `needInput` (else an empty pair).
  func backwardTangent(
    _ g: TangentPair, input x: TangentPair, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>,
    tape: TangentTape, into acc: TangentAccumulator, needInput: Bool
  ) -> TangentPair
}

extension Network {
  /// The evaluation-mode loss, its gradient and the exact Hessian-vector product H v in one
  /// forward-over-reverse pass. Frozen parameters have zero rows and columns (v is masked on them and so
  /// is the result). Returns nil when v does not have `parameterCount` entries or a layer kind lacks a
  /// tangent rule (none does).
  /// With `gradient: false` the returned gradient is not computed (its entries are not ∂L/∂θ).
  func lossGradientAndHessianVector(
    _ x: Matrix, _ y: Matrix, loss: Loss, direction v: [Double], gradient wantsGradient: Bool = true
  ) -> (
    loss: Double, gradient: [Double], hessianVector: [Double]
  )? {
    guard layers.allSatisfy(Self.hasTangentRule), v.count == parameterCount else { return nil }
    let tangentLayers = layers.compactMap { $0 as? TangentLayer }
    var direction = [Double](repeating: 0, count: parameterCount + 1)
    for e in 0..<parameterCount { direction[e] = v[e] * trainable[e] }
    var gradient = [Double](repeating: 0, count: parameterCount + 1)
    var hv = [Double](repeating: 0, count: parameterCount + 1)
    var value = 0.0
    storage.withUnsafeBufferPointer { pb in
      direction.withUnsafeBufferPointer { vb in
        gradient.withUnsafeMutableBufferPointer { gb in
          hv.withUnsafeMutableBufferPointer { hb in
            let acc = TangentAccumulator(
              gradient: gb.baseAddress!, hessianVector: hb.baseAddress!, wantsGradient: wantsGradient)
            value = tangentPass(
              tangentLayers, x, y, loss: loss, p: pb.baseAddress!, v: vb.baseAddress!, acc: acc)
          }
        }
      }
    }
    for e in 0..<parameterCount {
      gradient[e] *= trainable[e]
      hv[e] *= trainable[e]
    }
    return (value, Array(gradient[0..<parameterCount]), Array(hv[0..<parameterCount]))
  }

  private func tangentPass(
    _ tangentLayers: [TangentLayer], _ x: Matrix, _ y: Matrix, loss: Loss, p: UnsafePointer<Double>,
    v: UnsafePointer<Double>, acc: TangentAccumulator
  ) -> Double {
    var inputs: [TangentPair] = []
    var tapes: [TangentTape] = []
    var current = TangentPair.constant(x)
    for (l, layer) in tangentLayers.enumerated() {
      let tape = TangentTape()
      inputs.append(current)
      tapes.append(tape)
      current = layer.forwardTangent(current, p + offsets[l], v + offsets[l], tape: tape)
    }
    let fused = fusedLayer(loss) != nil
    tapes[tapes.count - 1].fusedHead = fused
    let head = readoutTangent(fused ? tapes[tapes.count - 1].pre : current)
    let value = loss.value(head.value, y)
    var g = TangentPair(
      value: loss.gradient(head.value, y), tangent: loss.hessianVector(head.value, head.tangent, y))
    if readsRealPart { g = scatterRealPart(g, features: current.value.cols) }
    for l in stride(from: tangentLayers.count - 1, through: 0, by: -1) {
      g = tangentLayers[l].backwardTangent(
        g, input: inputs[l], p + offsets[l], v + offsets[l], tape: tapes[l], into: acc.shifted(offsets[l]),
        needInput: l > 0)
    }
    return value
  }

  /// True when the layer and, for a residual block, every layer of its body has an R-operator.
  private static func hasTangentRule(_ layer: Layer) -> Bool {
    guard layer is TangentLayer else { return false }
    return (layer as? ResidualBlock)?.body.allSatisfy(hasTangentRule) ?? true
  }

  /// Component 0 of each output unit when the readout is `real` (SPEC §4.2), else the pair itself.
  private func readoutTangent(_ out: TangentPair) -> TangentPair {
    guard readsRealPart else { return out }
    let k = spec.algebra.dimension
    let units = out.value.cols / k
    func pick(_ m: Matrix) -> Matrix {
      var s = Matrix(rows: m.rows, cols: units)
      for r in 0..<m.rows { for u in 0..<units { s.data[r * units + u] = m.data[r * m.cols + u * k] } }
      return s
    }
    return TangentPair(value: pick(out.value), tangent: pick(out.tangent))
  }

  /// The adjoint of `readoutTangent`: real-part sensitivities placed back on component 0.
  private func scatterRealPart(_ g: TangentPair, features: Int) -> TangentPair {
    let k = spec.algebra.dimension
    func spread(_ m: Matrix) -> Matrix {
      var s = Matrix(rows: m.rows, cols: features)
      for r in 0..<m.rows { for u in 0..<m.cols { s.data[r * features + u * k] = m.data[r * m.cols + u] } }
      return s
    }
    return TangentPair(value: spread(g.value), tangent: spread(g.tangent))
  }
}
