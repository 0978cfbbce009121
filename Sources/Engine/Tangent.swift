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
              x, y, loss: loss, p: pb.baseAddress!, v: vb.baseAddress!, acc: acc)
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
    _ x: Matrix, _ y: Matrix, loss: Loss, p: UnsafePointer<Double>,
    v: UnsafePointer<Double>, acc: TangentAccumulator
  ) -> Double {
    let (current, records) = chain.forwardTangent(.constant(x), p, v)
    let fused = fusedLayer(loss) != nil
    records[records.count - 1].tape.fusedHead = fused
    let head = readoutTangent(fused ? records[records.count - 1].tape.pre : current)
    let value = loss.value(head.value, y)
    var g = TangentPair(
      value: loss.gradient(head.value, y), tangent: loss.hessianVector(head.value, head.tangent, y))
    if let readout = realReadout {
      let features = current.value.cols
      g = TangentPair(
        value: readout.spread(g.value, features: features), tangent: readout.spread(g.tangent, features: features))
    }
    _ = chain.backwardTangent(g, records: records, p, v, into: acc, needInput: false)
    return value
  }

  /// True when the layer and, for a residual block, every layer of its body has an R-operator.
  private static func hasTangentRule(_ layer: Layer) -> Bool {
    guard layer is TangentLayer else { return false }
    return (layer as? ResidualBlock)?.body.allSatisfy(hasTangentRule) ?? true
  }

  /// Component 0 of each output unit when the readout is `real` (SPEC §4.2), else the pair itself (the
  /// readout is linear, so the tangent goes through the same map).
  private func readoutTangent(_ out: TangentPair) -> TangentPair {
    guard let readout = realReadout else { return out }
    return TangentPair(value: readout.read(out.value), tangent: readout.read(out.tangent))
  }
}

extension LayerChain {
  /// (y, ẏ) through the chain's R-operators, with each layer's input pair and tape for `backwardTangent`.
  /// A layer without a tangent rule is skipped; `lossGradientAndHessianVector` refuses such nets first.
  func forwardTangent(_ x: TangentPair, _ p: UnsafePointer<Double>, _ v: UnsafePointer<Double>) -> (
    output: TangentPair, records: [(input: TangentPair, tape: TangentTape)]
  ) {
    var current = x
    var records: [(input: TangentPair, tape: TangentTape)] = []
    for (l, layer) in layers.enumerated() {
      let tape = TangentTape()
      records.append((current, tape))
      guard let t = layer as? TangentLayer else { continue }
      current = t.forwardTangent(current, p + offsets[l], v + offsets[l], tape: tape)
    }
    return (current, records)
  }

  /// (∂L/∂x, R{∂L/∂x}) from (∂L/∂y, R{∂L/∂y}), last layer first, adding each layer's ∂L/∂θ and H v into
  /// `acc` at its offset; the first layer computes its input pair only when `needInput`.
  func backwardTangent(
    _ g: TangentPair, records: [(input: TangentPair, tape: TangentTape)], _ p: UnsafePointer<Double>,
    _ v: UnsafePointer<Double>, into acc: TangentAccumulator, needInput: Bool
  ) -> TangentPair {
    var g = g
    for l in stride(from: layers.count - 1, through: 0, by: -1) {
      guard let t = layers[l] as? TangentLayer else { continue }
      g = t.backwardTangent(
        g, input: records[l].input, p + offsets[l], v + offsets[l], tape: records[l].tape,
        into: acc.shifted(offsets[l]), needInput: l > 0 || needInput)
    }
    return g
  }
}
