import Foundation

/// The analytic infinite-width kernels of a net at its random initialisation: the NNGP Σ (covariance of
/// the outputs) and the NTK Θ (Jacot, Gabriel & Hongler 2018; Arora et al. 2019, eq. (4)–(5)), each
/// (N·C)×(N·C) in the row order of `ntkGram` (outputs are independent: K ⊗ I_C).
public struct KernelLimit: Sendable {
  public var ntk: Matrix
  public var nngp: Matrix
}

/// A dense layer as the recursion sees it: z = s·h W + b with W's entries of variance `thetaVariance`.
struct KernelLayer {
  var fanIn: Int
  /// s² — the factor of the weight-gradient term (1 standard, 1/n ntk).
  var gradientScale: Double
  /// ω = s²·Var(θ): the variance of an effective weight s·θ.
  var weightVariance: Double
  /// Whether the bias is present and trainable (a frozen bias adds nothing to Θ).
  var trainableBias: Bool
  var trainableWeights: Bool
  var activation: Activation
}

/// The recursion, per layer l with fan-in n_l and G_l = Σ_j h_j(x) h_j(x′) the Gram of its inputs
/// (G_1 = X Xᵀ; G_l = n_l · E[φ(u)φ(v)] over (u, v) ~ N(0, Σ^{l−1}) for l > 1):
///
///   Σ^l = ω_l G_l,   Θ^l = s_l² G_l + [bias] + ω_l n_l E[φ′(u)φ′(v)] ∘ Θ^{l−1},
///
/// with s_l the parametrisation multiplier and ω_l = s_l² Var(θ) the effective weight variance (so under
/// `standard` the kernel is the expected NTK at the net's actual widths, growing with them, and under
/// `ntk` it is width-independent). Biases start at 0 (deterministic), so they add nothing to Σ but 1 to Θ
/// (∂z/∂b = 1). Frozen layers contribute to Σ but not to Θ. For a bias-free two-layer ReLU net with `lecun`
/// init in ntk parametrisation this is Θ(x, x′) = ‖x‖‖x′‖/(2πd)(sin θ + (π − θ) cos θ) + (x·x′/d)(π − θ)/(2π).
///
/// Supported: real dense layers (dropout is the identity in evaluation) with elementwise activations and a
/// linear last layer, under random variance-scaling or explicit random initialisers. Throws otherwise.
public func kernelLimit(_ net: Network, x: Matrix) throws -> KernelLimit {
  let layers = try kernelLayers(net)
  let r = kernelRecursion(layers, inputGram: BLAS.matmul(x, x, transB: true))
  let c = net.spec.outputFeatures
  return KernelLimit(ntk: kron(r.theta, c), nngp: kron(r.sigma, c))
}

/// The recursion of `kernelLimit` on an input Gram matrix G_1 = X Xᵀ; also returns, per layer, G_l and
/// the derivative kernels n_l E[φ′φ′] (for the mean-field order parameters of `fisherTheory`).
func kernelRecursion(_ layers: [KernelLayer], inputGram: Matrix) -> (
  sigma: Matrix, theta: Matrix, grams: [Matrix], derivatives: [Matrix]
) {
  let n = inputGram.rows
  var g = inputGram
  var sigma = Matrix(rows: n, cols: n)
  var theta = Matrix(rows: n, cols: n)
  var grams: [Matrix] = []
  var derivatives: [Matrix] = []
  for (l, layer) in layers.enumerated() {
    if l > 0 {
      let prev = layers[l - 1].activation
      let e = dualKernels(prev, sigma)
      var gNext = Matrix(rows: n, cols: n)
      var dot = Matrix(rows: n, cols: n)
      let fan = Double(layer.fanIn)
      for k in 0..<(n * n) {
        gNext.data[k] = fan * e[k].x
        dot.data[k] = fan * e[k].y
      }
      g = gNext
      derivatives.append(dot)
      for e in 0..<(n * n) { theta.data[e] *= layer.weightVariance * dot.data[e] }
    }
    grams.append(g)
    for e in 0..<(n * n) {
      sigma.data[e] = layer.weightVariance * g.data[e]
      theta.data[e] +=
        (layer.trainableWeights ? layer.gradientScale * g.data[e] : 0) + (layer.trainableBias ? 1 : 0)
    }
  }
  return (sigma, theta, grams, derivatives)
}

/// (E[φ(u)φ(v)], E[φ′(u)φ′(v)]) for every pair of rows of Σ, row-major and symmetric. Rows run in parallel
/// when the activation needs quadrature (~0.1–2 ms a pair); each entry is computed on its own, so the
/// bits do not depend on the thread that computed them.
func dualKernels(_ act: Activation, _ sigma: Matrix) -> [SIMD2<Double>] {
  let n = sigma.rows
  var out = [SIMD2<Double>](repeating: .zero, count: n * n)
  out.withUnsafeMutableBufferPointer { buffer in
    let target = SharedBuffer(buffer)
    let row: @Sendable (Int) -> Void = { i in
      for j in i..<n {
        let e = GaussianDual.expectations(act, sigma[i, i], sigma[j, j], sigma[i, j])
        target.buffer[i * n + j] = SIMD2(e.phi, e.dphi)
        target.buffer[j * n + i] = SIMD2(e.phi, e.dphi)
      }
    }
    if GaussianDual.needsQuadrature(act) && n > 2 {
      DispatchQueue.concurrentPerform(iterations: n, execute: row)
    } else {
      for i in 0..<n { row(i) }
    }
  }
  return out
}

/// A buffer that parallel rows write at disjoint indices.
private struct SharedBuffer: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<SIMD2<Double>>
  init(_ buffer: UnsafeMutableBufferPointer<SIMD2<Double>>) { self.buffer = buffer }
}

/// K ⊗ I_C: entry (n·C + o, n′·C + o) = K[n, n′].
func kron(_ k: Matrix, _ c: Int) -> Matrix {
  if c == 1 { return k }
  var out = Matrix(rows: k.rows * c, cols: k.cols * c)
  for i in 0..<k.rows {
    for j in 0..<k.cols {
      for o in 0..<c { out[i * c + o, j * c + o] = k[i, j] }
    }
  }
  return out
}

/// The net's dense layers as the recursion needs them, or an error naming what is not covered.
func kernelLayers(_ net: Network) throws -> [KernelLayer] {
  var out: [KernelLayer] = []
  for layer in net.layers {
    if layer is Dropout { continue }
    guard let d = layer as? Dense else {
      throw EngineError.invalid(
        "the infinite-width kernels cover dense layers only (not residual or batch-norm layers)")
    }
    guard d.k == 1, !d.augmented else {
      throw EngineError.invalid("the infinite-width kernels cover real nets only (this one is over \(d.algebra.name))")
    }
    guard d.activation.isElementwise else {
      throw EngineError.invalid("the infinite-width kernels need elementwise activations, not \(d.activation)")
    }
    let v = try effectiveVariance(d)
    out.append(
      KernelLayer(
        fanIn: d.n, gradientScale: d.scale * d.scale, weightVariance: v, trainableBias: d.hasBias && !d.frozen,
        trainableWeights: !d.frozen, activation: d.activation))
  }
  guard let last = out.last else { throw EngineError.invalid("the net has no dense layers") }
  guard last.activation == .identity else {
    throw EngineError.invalid(
      "the infinite-width kernels need a linear last layer (this one applies \(last.activation)); "
        + "remove the output activation or use the empirical ntk")
  }
  return out
}

/// ω = Var(s·θ) of a dense layer's effective weights at initialisation.
func effectiveVariance(_ d: Dense) throws -> Double {
  guard let v = d.initializer.effectiveVariance(n: d.n, m: d.m, scale: d.scale) else {
    throw EngineError.invalid("the infinite-width kernels need random weights; init \(d.initializer) is deterministic")
  }
  return v
}
