/// How a dense layer's weights are drawn (SPEC §4.4). Biases start at 0, except under `constant(c)`.
///
/// Variance-scaling rules give a variance σ² per algebra-valued weight from the fans n (in units) and m
/// (out units): `glorot` 2/(n+m) (Glorot & Bengio 2010), `he` 2/n or 2/m (He et al. 2015), `lecun` 1/n
/// (LeCun et al. 1998). They are **algebra-aware**: each of the k real components gets variance
/// σ²·k/Σ_ijk C_ijk², which keeps E‖Wx‖² = σ²·n·E‖x‖²·… exactly as for a real layer (the sum of squared
/// structure constants counts how many component products reach the output). On ℂ and the quaternions
/// the normal variants draw in polar form as Trabelsi et al. 2018 (*Deep Complex Networks*: Rayleigh
/// modulus, uniform phase) and Parcollet et al. 2019 (*Quaternion Recurrent Neural Networks*: chi(4)
/// modulus, uniform angle θ and uniform unit pure-quaternion axis), with the same E|w|². The polar form
/// keeps E|w|² but does not share it equally among the components: on ℂ each gets ½ E|w|², on the
/// quaternions the real part gets E[cos²θ] = ½ of E|w|² and each imaginary part ½·⅓ = ⅙ (Parcollet et al.'s
/// construction; the uniform variants and the other algebras give every component the same variance).
///
/// `even(std:)` is Nitta's even initialisation (seed 000): the weights of each layer come from a density
/// symmetric about 0. We make the empirical distribution *exactly* even: ⌊P/2⌋ values are drawn from
/// N(0, std²) (std = the glorot-normal σ when nil), each is used once with each sign, an odd leftover
/// weight is 0, and the positions are a seeded random permutation.
///
/// `Initializer.he(uniform: false, fanOut: false)` is Kaiming-normal with fan-in.
public enum Initializer: Codable, Hashable, Sendable {
  case zeros
  case constant(Double)
  case gaussian(std: Double)
  /// Uniform on [−a, a].
  case uniform(Double)
  case glorot(uniform: Bool)
  case he(uniform: Bool, fanOut: Bool)
  case lecun
  case orthogonal
  case even(std: Double?)

  /// True when the rule describes the effective weights s·θ (see `Parametrization`).
  var describesEffectiveWeights: Bool {
    switch self {
    case .glorot, .he, .lecun, .orthogonal: return true
    case .even(let std): return std == nil
    default: return false
    }
  }

  /// σ² of one algebra-valued weight of an n→m layer (fans in units, each ≥ 1) under a variance-scaling
  /// rule: `glorot` (and `even` without a std) 2/(n+m), `he` 2/n or 2/m, `lecun` 1/n, `orthogonal`
  /// 1/max(n, m) (the mean square entry of a semi-orthogonal matrix); nil for the explicit rules. The one
  /// table behind `weights` and the infinite-width probes (`effectiveVariance`).
  ///
  /// `Initializer.glorot(uniform: false).scalingVariance(n: 3, m: 5)` is 0.25.
  func scalingVariance(n: Int, m: Int) -> Double? {
    let fanIn = Double(max(1, n))
    let fanOut = Double(max(1, m))
    switch self {
    case .glorot, .even(nil): return 2 / (fanIn + fanOut)
    case .he(_, let useFanOut): return 2 / (useFanOut ? fanOut : fanIn)
    case .lecun: return 1 / fanIn
    case .orthogonal: return 1 / Swift.max(fanIn, fanOut)
    case .zeros, .constant, .gaussian, .uniform, .even: return nil
    }
  }

  /// Var(s·θ) of one effective weight of an n→m layer with parametrisation multiplier s at initialisation:
  /// the variance-scaling rules describe s·θ itself (`scalingVariance`), the explicit ones θ, whose variance
  /// (std², a²/3 for uniform on [−a, a]) s² multiplies. Nil for the deterministic `zeros` and `constant`.
  func effectiveVariance(n: Int, m: Int, scale s: Double) -> Double? {
    if let v = scalingVariance(n: n, m: m) { return v }
    switch self {
    case .even(let std?), .gaussian(let std): return s * s * std * std
    case .uniform(let a): return s * s * a * a / 3
    case .zeros, .constant, .glorot, .he, .lecun, .orthogonal, .even: return nil
    }
  }

  /// Initial bias value.
  var biasValue: Double {
    if case .constant(let c) = self { return c }
    return 0
  }

  /// Weights w[(u·m + o)·k + i] of an n→m layer over `algebra` (component i of the weight from input unit u
  /// to output unit o). Throws if LAPACK fails to orthonormalise.
  func weights(n: Int, m: Int, algebra: Algebra, rng: inout RandomSource) throws -> [Double] {
    let k = algebra.dimension
    let count = n * m * k
    let algebraFactor = Double(k) / Double(max(1, algebra.structureNorm))
    func componentVariance(_ unitVariance: Double) -> Double { unitVariance * algebraFactor }
    // 0 for the explicit rules, which do not read it.
    let ruleVariance = scalingVariance(n: n, m: m) ?? 0
    switch self {
    case .zeros: return [Double](repeating: 0, count: count)
    case .constant(let c): return [Double](repeating: c, count: count)
    case .gaussian(let std): return (0..<count).map { _ in std * rng.normal() }
    case .uniform(let a): return (0..<count).map { _ in rng.uniform(-a, a) }
    case .glorot(let uniform), .he(let uniform, _):
      return Self.scaled(componentVariance(ruleVariance), uniform, count, algebra, &rng)
    case .lecun: return Self.scaled(componentVariance(ruleVariance), false, count, algebra, &rng)
    case .orthogonal: return try Self.orthogonal(n: n, m: m, k: k, scale: algebraFactor.squareRoot(), &rng)
    case .even(let std):
      let s = std ?? componentVariance(ruleVariance).squareRoot()
      var values = [Double](repeating: 0, count: count)
      for h in 0..<(count / 2) {
        let v = s * rng.normal()
        values[2 * h] = v
        values[2 * h + 1] = -v
      }
      let perm = rng.permutation(count)
      return perm.map { values[$0] }
    }
  }

  private static func scaled(
    _ variance: Double, _ uniform: Bool, _ count: Int, _ algebra: Algebra, _ rng: inout RandomSource
  ) -> [Double] {
    let std = variance.squareRoot()
    if uniform {
      let a = (3 * variance).squareRoot()
      return (0..<count).map { _ in rng.uniform(-a, a) }
    }
    if algebra.dimension == 2, algebra.table == Algebra.complex.table {
      // Trabelsi et al. 2018: |w| ~ Rayleigh(σ) has E|w|² = 2σ² = k·(component variance); phase ~ U(−π, π).
      var w = [Double](repeating: 0, count: count)
      for q in stride(from: 0, to: count, by: 2) {
        var u = rng.uniform()
        while u <= 0 { u = rng.uniform() }
        let modulus = std * (-2 * _log(u)).squareRoot()
        let phase = rng.uniform(-Double.pi, Double.pi)
        w[q] = modulus * _cos(phase)
        w[q + 1] = modulus * _cos(phase - Double.pi / 2)
      }
      return w
    }
    if algebra.dimension == 4, algebra.table == Algebra.quaternion.table {
      // Parcollet et al. 2019: w = φ (cos θ + u sin θ), φ ~ chi(4)·σ, θ ~ U(−π, π), u uniform unit pure quaternion.
      var w = [Double](repeating: 0, count: count)
      for q in stride(from: 0, to: count, by: 4) {
        var modulus = 0.0
        for _ in 0..<4 { modulus += pow2(rng.normal()) }
        modulus = std * modulus.squareRoot()
        let theta = rng.uniform(-Double.pi, Double.pi)
        var axis = (0..<3).map { _ in rng.normal() }
        let len = max(1e-300, axis.reduce(0) { $0 + $1 * $1 }.squareRoot())
        axis = axis.map { $0 / len }
        let s = _cos(theta - Double.pi / 2)
        w[q] = modulus * _cos(theta)
        for c in 0..<3 { w[q + 1 + c] = modulus * s * axis[c] }
      }
      return w
    }
    return (0..<count).map { _ in std * rng.normal() }
  }

  /// One orthogonal n×m matrix per algebra component (semi-orthogonal when n ≠ m, Saxe et al. 2014).
  private static func orthogonal(n: Int, m: Int, k: Int, scale: Double, _ rng: inout RandomSource) throws -> [Double] {
    var w = [Double](repeating: 0, count: n * m * k)
    for i in 0..<k {
      let tall = n >= m
      var g = Matrix(rows: tall ? n : m, cols: tall ? m : n)
      for e in 0..<g.count { g.data[e] = rng.normal() }
      guard let q = BLAS.orthonormalColumns(g) else {
        throw EngineError.invalid("orthogonal initialisation failed (QR of a \(g.rows)×\(g.cols) matrix)")
      }
      for u in 0..<n {
        for o in 0..<m { w[(u * m + o) * k + i] = scale * (tall ? q[u, o] : q[o, u]) }
      }
    }
    return w
  }
}

@inline(__always) func pow2(_ x: Double) -> Double { x * x }
