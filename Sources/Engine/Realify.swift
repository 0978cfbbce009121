/// The real network equivalent to a hypercomplex one (Nitta, seed 000: a deep complex net is a real net
/// whose weight matrices have the structure M = Σ_i A_i ⊗ W_i). Each dense layer of n → m units over an
/// algebra of dimension k becomes a real dense layer of n·k → m·k with weights s·M (the parametrization's
/// scale folded in, so the result uses `standard`), the same bias and activation; widely linear layers
/// fold V into M; batch norm, dropout and residual blocks carry over. `readout real` is folded into the
/// last dense layer by keeping only its real-part columns.
///
/// Evaluation outputs agree with the original to rounding. Unit-wise activations (`polarTanh`, `modrelu`,
/// `zrelu`, `cardioid`) keep acting on groups of k real features (such a net is not described by its
/// spec alone: `copy()` keeps the grouping, a spec round-trip does not). In training mode dropout acts per
/// real feature instead of per unit.
///
/// Throws when `readout real` follows a last layer that is not a dense layer with a split-wise activation.
public func realify(_ net: Network) throws -> Network {
  let spec = net.spec
  let k = spec.algebra.dimension
  let foldReadout = net.readsRealPart
  if foldReadout {
    guard let last = net.layers.last as? Dense, last.activation.isElementwise else {
      throw EngineError.invalid(
        "realify: 'readout real' can only be folded into a last dense layer with a split-wise activation")
    }
  }
  func mapSpecs(_ specs: [LayerSpec], top: Bool) -> [LayerSpec] {
    specs.enumerated().map { idx, s in
      switch s {
      case .dense(let units, let act, let bias, let fixed, _, let initializer):
        let isReadout = top && foldReadout && idx == specs.count - 1
        return .dense(
          units: isReadout ? units : units * k, activation: act, bias: bias, fixed: fixed, augmented: false,
          initializer: initializer)
      case .residual(let span, let body, let p):
        return .residual(span: span, body: mapSpecs(body, top: false), dropProbability: p)
      default: return s
      }
    }
  }
  let realSpec = NetworkSpec(
    inputUnits: spec.inputFeatures, algebra: .real, layers: mapSpecs(spec.layers, top: true),
    // The weights are copied below; the initializer is kept only as the record of how they were drawn.
    initializer: spec.initializer, parametrization: .standard, readout: .all)
  var rng = RandomSource(seed: 0)
  let hasUnitWise = containsUnitWise(net.layers)
  let real = try Network(spec: realSpec, activationGroup: hasUnitWise ? k : nil, rng: &rng)
  net.storage.withUnsafeBufferPointer { src in
    real.storage.withUnsafeMutableBufferPointer { dst in
      for (l, layer) in net.layers.enumerated() {
        copy(
          layer, src.baseAddress! + net.offsets[l], into: real.layers[l], dst.baseAddress! + real.offsets[l],
          sliceReal: foldReadout && l == net.layers.count - 1)
      }
    }
  }
  real.state = net.state
  return real
}

private func containsUnitWise(_ layers: [Layer]) -> Bool {
  layers.contains { layer in
    if let d = layer as? Dense { return !d.activation.isElementwise && d.activation != .softmax }
    if let r = layer as? ResidualBlock { return containsUnitWise(r.body) }
    return false
  }
}

private func copy(
  _ layer: Layer, _ p: UnsafePointer<Double>, into target: Layer, _ q: UnsafeMutablePointer<Double>, sliceReal: Bool
) {
  if let d = layer as? Dense {
    let m = d.realMatrix(p)
    let k = d.k
    let cols = sliceReal ? d.m : m.cols
    for r in 0..<m.rows {
      for c in 0..<cols { q[r * cols + c] = d.scale * m[r, sliceReal ? c * k : c] }
    }
    if d.hasBias {
      let tb = m.rows * cols
      for c in 0..<cols { q[tb + c] = p[d.biasOffset + (sliceReal ? c * k : c)] }
    }
  } else if let r = layer as? ResidualBlock, let t = target as? ResidualBlock {
    for (l, inner) in r.body.enumerated() {
      copy(inner, p + r.offsets[l], into: t.body[l], q + t.offsets[l], sliceReal: false)
    }
  } else {
    for e in 0..<layer.parameterCount { q[e] = p[e] }
  }
}
