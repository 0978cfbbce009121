import Foundation

/// Gaussian expectations of activations, E[φ(u)φ(v)] and E[φ'(u)φ'(v)] for (u, v) ~ N(0, [[a, c], [c, b]]),
/// the "dual" kernels of the mean-field and NTK recursions. Closed forms where they exist:
/// - ReLU: the arc-cosine kernels of degree 1 and 0 (Cho & Saul 2009):
///   E[φφ] = √(ab)/(2π) (sin θ + (π − θ) cos θ), E[φ'φ'] = (π − θ)/(2π), θ = arccos(c/√(ab));
/// - leaky ReLU with slope α: φ = r(x) − α r(−x) gives (1 + α²) k₁(ρ) − 2α k₁(−ρ) and
///   (1 + α²)(π − θ)/(2π) + α θ/π;
/// - erf (Williams 1997): E[φφ] = (2/π) asin(2c/√((1+2a)(1+2b))), E[φ'φ'] = (4/π)/√((1+2a)(1+2b) − 4c²);
/// - identity: c and 1.
/// Any other elementwise activation: a 2-D Gauss–Hermite product rule (`GaussHermite.nodes`, 48 points per
/// axis) on the Cholesky factor of the covariance.
enum GaussianDual {
  static func expectations(_ act: Activation, _ a: Double, _ b: Double, _ c: Double) -> (phi: Double, dphi: Double) {
    let sab = (max(0, a) * max(0, b)).squareRoot()
    let rho = sab > 0 ? min(1, max(-1, c / sab)) : 0
    switch act {
    case .identity: return (c, 1)
    case .relu: return (sab * arcCos1(rho), (Double.pi - acos(rho)) / (2 * Double.pi))
    case .leakyRelu(let s):
      let t = acos(rho)
      return (
        sab * ((1 + s * s) * arcCos1(rho) - 2 * s * arcCos1(-rho)),
        (1 + s * s) * (Double.pi - t) / (2 * Double.pi) + s * t / Double.pi
      )
    case .erf:
      let d = (1 + 2 * a) * (1 + 2 * b)
      return (2 / Double.pi * asin(2 * c / d.squareRoot()), 4 / Double.pi / max(1e-300, d - 4 * c * c).squareRoot())
    default: return quadrature(act, a, b, c)
    }
  }

  /// (sin θ + (π − θ) cos θ)/(2π): E[relu(u) relu(v)] for unit variances and correlation ρ = cos θ.
  static func arcCos1(_ rho: Double) -> Double {
    let t = acos(rho)
    return (sin(t) + (Double.pi - t) * rho) / (2 * Double.pi)
  }

  /// Gauss–Hermite product rule for E[φ(u)φ(v)], E[φ'(u)φ'(v)].
  static func quadrature(_ act: Activation, _ a: Double, _ b: Double, _ c: Double) -> (phi: Double, dphi: Double) {
    let g = GaussHermite.standard
    let sa = max(0, a).squareRoot()
    let l21 = sa > 0 ? c / sa : 0
    let l22 = max(0, b - l21 * l21).squareRoot()
    var e1 = 0.0
    var e2 = 0.0
    for (z1, w1) in zip(g.nodes, g.weights) {
      let u = sa * z1
      let fu = act.apply(u)
      let du = act.derivative(u, fu)
      for (z2, w2) in zip(g.nodes, g.weights) {
        let v = l21 * z1 + l22 * z2
        let fv = act.apply(v)
        e1 += w1 * w2 * fu * fv
        e2 += w1 * w2 * du * act.derivative(v, fv)
      }
    }
    return (e1, e2)
  }
}

/// Gauss–Hermite nodes and weights for the standard normal (probabilists' rule, weights sum to 1), by
/// Golub–Welsch: eigenvalues of the Jacobi matrix with off-diagonal √i are the nodes, squared first
/// components of its eigenvectors the weights.
enum GaussHermite {
  static let standard = rule(48)

  static func rule(_ n: Int) -> (nodes: [Double], weights: [Double]) {
    var j = Matrix(rows: n, cols: n)
    for i in 1..<n {
      j[i, i - 1] = Double(i).squareRoot()
      j[i - 1, i] = Double(i).squareRoot()
    }
    guard let e = BLAS.symmetricEigen(j, vectors: true), let v = e.vectors else { return ([0], [1]) }
    return (e.values, (0..<n).map { v[0, $0] * v[0, $0] })
  }

  /// E[f(z)], z ~ N(0, 1).
  static func expect(_ f: (Double) -> Double) -> Double {
    zip(standard.nodes, standard.weights).reduce(0) { $0 + $1.1 * f($1.0) }
  }
}
