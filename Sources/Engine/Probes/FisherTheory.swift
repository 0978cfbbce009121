/// Mean-field predictions of the Fisher spectrum of a random net (Karakida, Akaho & Amari, "Universal
/// statistics of Fisher information in deep neural networks: mean field approach", AISTATS 2019).
///
/// Order parameters, per dense layer l (inputs to layer l; l = 1 is the data):
/// - forward q̂₁ˡ = (1/n_l) Σ_j h_j(x)², q̂₂ˡ = (1/n_l) Σ_j h_j(x) h_j(x′) for x ≠ x′, propagated through
///   qˡ = ω_l n_l q̂ˡ (the pre-activation variances) and q̂ˡ⁺¹ = E[φ(u)φ(v)];
/// - backward q̃₁ˡ = Σ_i δ_i(x)², q̃₂ˡ = Σ_i δ_i(x) δ_i(x′) of δ = ∂f_k/∂zˡ, with q̃ᴸ = 1 (linear output)
///   and q̃ˡ⁻¹ = ω_l n_l E[φ′φ′] q̃ˡ.
///
/// The NTK of the net is then Θ(x, x) = Θ₁ = Σ_l q̃₁ˡ (s_l² n_l q̂₁ˡ + [bias]) and Θ(x, x′) = Θ₂ likewise
/// with index 2, so on T inputs the (T·C)² Gram K/T = [(Θ₁ − Θ₂) I + Θ₂ 11ᵀ]/T ⊗ I_C has eigenvalues
/// Θ₂ + (Θ₁ − Θ₂)/T (C times) and (Θ₁ − Θ₂)/T. With M the first hidden width, κᵢ = Θᵢ/M and α = P/M²
/// (P the parameter count), this is the paper's Theorem 1 with its finite-T correction:
///
///   m_λ = C κ₁/(α M),   s_λ = C ((T − 1)/T · κ₂² + κ₁²/T)/α,   λmax = M ((T − 1)/T · κ₂ + κ₁/T).
///
/// Inputs enter through q̂₁¹ = mean ‖x‖²/d and q̂₂¹ = mean over pairs x·x′/d of the given data. That
/// replaces every pair's overlap by the mean, which is exact only as d → ∞ at fixed T: on real data the
/// overlaps x·x′ scatter around their mean (by ~√(q̂₁²/d) for isotropic inputs), and Θ(x, x′) with them.
/// For ReLU the constant Θ₂ dominates λmax; for odd activations on centred inputs (tanh, erf, with
/// `bias off`) Θ₂ ≈ 0 and the scatter is the whole of λmax and most of s_λ (the mean-field values were
/// 2–10× off at d = 200, T = 300). So `.max` and `.second_moment` come from the Gram to first order in
/// the scatter of the input Gram G = XXᵀ around the means ḡ₁ (diagonal) and ḡ₂ (off-diagonal):
///
///   K_ii = Θ₁ + ∂Θ₁/∂g₁ (G_ii − ḡ₁),
///   K_ij = Θ₂ + ∂Θ₂/∂g₂ (G_ij − ḡ₂) + ∂Θ₂/∂g_end ((G_ii − ḡ₁) + (G_jj − ḡ₁)),
///
/// the derivatives by central differences of the recursion (step 1e-4 ḡ₁: truncation ~1e-8, round-off of
/// 1e-11-accurate integrals ~1e-7 relative); λmax = λmax(K)/T and s_λ = C ‖K‖²_F/(T² P). With equal
/// overlaps K is the matrix above, so the two agree; m_λ = C tr K/(T P) is unchanged by the scatter.
/// Valid for Λ = I (mse, hinge), the regression setting of the paper.
public struct FisherTheory: Sendable {
  public var qHat1: [Double]
  public var qHat2: [Double]
  public var qTilde1: [Double]
  public var qTilde2: [Double]
  public var kappa1: Double
  public var kappa2: Double
  public var alpha: Double
  public var width: Int
  public var samples: Int
  public var mean: Double
  public var secondMoment: Double
  public var max: Double
}

/// `FisherTheory` for `net` at its initialisation variances on inputs like `x`. Throws for losses other than
/// mse/hinge and for nets the kernel recursion does not cover (see `kernelLimit`).
public func fisherTheory(_ net: Network, x: Matrix, loss: Loss) throws -> FisherTheory {
  guard loss == .mse || loss == .hinge else {
    throw EngineError.invalid("the mean-field Fisher theory covers mse (Λ = I); the net's loss is \(loss)")
  }
  let layers = try kernelLayers(net)
  let t = x.rows
  guard t >= 2 else { throw EngineError.invalid("the mean-field Fisher theory needs at least 2 samples") }
  let gram = BLAS.matmul(x, x, transB: true)
  var diag = 0.0
  var off = 0.0
  for i in 0..<t {
    for j in 0..<t {
      if i == j { diag += gram[i, j] } else { off += gram[i, j] }
    }
  }
  let g1 = Matrix([[diag / Double(t), off / Double(t * (t - 1))], [off / Double(t * (t - 1)), diag / Double(t)]])
  let r = kernelRecursion(layers, inputGram: g1)
  let qHat1 = zip(r.grams, layers).map { $0[0, 0] / Double(max(1, $1.fanIn)) }
  let qHat2 = zip(r.grams, layers).map { $0[0, 1] / Double(max(1, $1.fanIn)) }
  var qTilde1 = [Double](repeating: 1, count: layers.count)
  var qTilde2 = [Double](repeating: 1, count: layers.count)
  for l in stride(from: layers.count - 1, to: 0, by: -1) {
    let d = r.derivatives[l - 1]
    qTilde1[l - 1] = layers[l].weightVariance * d[0, 0] * qTilde1[l]
    qTilde2[l - 1] = layers[l].weightVariance * d[0, 1] * qTilde2[l]
  }
  let theta1 = r.theta[0, 0]
  let theta2 = r.theta[0, 1]
  let c = Double(net.spec.outputFeatures)
  let p = Double(max(1, net.parameterCount))
  let m = layers.count > 1 ? layers[1].fanIn : layers[0].fanIn
  let big = Double(max(1, m))
  let k = scatteredGram(layers, gram: gram, mean: (g1[0, 0], g1[0, 1]), theta: (theta1, theta2))
  let tt = Double(t)
  var frobenius = 0.0
  for v in k.data { frobenius += v * v }
  let top = (BLAS.symmetricEigen(k)?.values.max() ?? theta2 * tt + theta1 - theta2) / tt
  return FisherTheory(
    qHat1: qHat1, qHat2: qHat2, qTilde1: qTilde1, qTilde2: qTilde2, kappa1: theta1 / big, kappa2: theta2 / big,
    alpha: p / (big * big), width: m, samples: t, mean: c * theta1 / p,
    secondMoment: c * frobenius / (tt * tt * p), max: top)
}

/// The T×T limiting Gram to first order in the scatter of the input Gram around its means (see
/// `FisherTheory`), from three pairs of recursions on perturbed 2×2 mean Grams.
func scatteredGram(
  _ layers: [KernelLayer], gram: Matrix, mean: (diag: Double, off: Double), theta: (Double, Double)
) -> Matrix {
  let h = 1e-4 * max(abs(mean.diag), Double.leastNormalMagnitude)
  func thetas(_ d0: Double, _ d1: Double, _ off: Double) -> Matrix {
    kernelRecursion(layers, inputGram: Matrix([[d0, off], [off, d1]])).theta
  }
  let upEnd = thetas(mean.diag + h, mean.diag, mean.off)
  let downEnd = thetas(mean.diag - h, mean.diag, mean.off)
  let dDiag = (upEnd[0, 0] - downEnd[0, 0]) / (2 * h)
  let dEnd = (upEnd[0, 1] - downEnd[0, 1]) / (2 * h)
  let dOff =
    (thetas(mean.diag, mean.diag, mean.off + h)[0, 1] - thetas(mean.diag, mean.diag, mean.off - h)[0, 1]) / (2 * h)
  let t = gram.rows
  var k = Matrix(rows: t, cols: t)
  for i in 0..<t {
    let di = gram[i, i] - mean.diag
    k[i, i] = theta.0 + dDiag * di
    for j in 0..<i {
      let v = theta.1 + dOff * (gram[i, j] - mean.off) + dEnd * (di + gram[j, j] - mean.diag)
      k[i, j] = v
      k[j, i] = v
    }
  }
  return k
}
