import Foundation
import Testing

@testable import Engine

/// The idempotent-split tanh of hyperbolic numbers and commutative quaternions (SPEC §4.2).
struct IdempotentTanhTests {
  func net(_ algebra: Algebra, seed: UInt64 = 3) throws -> Network {
    var rng = RandomSource(seed: seed)
    let spec = NetworkSpec(
      inputUnits: 2, algebra: algebra,
      layers: [
        .dense(units: 3, activation: .idempotentTanh, bias: true, fixed: false, augmented: false),
        .dense(units: 1, activation: .identity, bias: true, fixed: false, augmented: false),
      ])
    return try Network(spec: spec, rng: &rng)
  }

  @Test func hyperbolicTanhIsTheAnalyticExtension() {
    // f(x + yu) = f(x + y)e₊ + f(x − y)e₋ with e± = (1 ± u)/2: components ½(t₊ + t₋), ½(t₊ − t₋).
    let z: [Double] = [0.3, -1.1]
    var a = [Double](repeating: 0, count: 2)
    z.withUnsafeBufferPointer { zp in
      a.withUnsafeMutableBufferPointer { ap in Activation.idempotentTanh.forward(zp, ap, rows: 1, cols: 2, k: 2) }
    }
    let tp = Foundation.tanh(0.3 - 1.1)
    let tm = Foundation.tanh(0.3 + 1.1)
    #expect(abs(a[0] - 0.5 * (tp + tm)) < 1e-15 && abs(a[1] - 0.5 * (tp - tm)) < 1e-15)
    // Analytic: it commutes with the algebra's multiplication structure, e.g. f(x) on the real axis is tanh(x).
    let real: [Double] = [0.7, 0]
    real.withUnsafeBufferPointer { zp in
      a.withUnsafeMutableBufferPointer { ap in Activation.idempotentTanh.forward(zp, ap, rows: 1, cols: 2, k: 2) }
    }
    #expect(abs(a[0] - Foundation.tanh(0.7)) < 1e-15 && abs(a[1]) < 1e-15)
  }

  /// tanh(q) = sinh(q)·cosh(q)⁻¹ computed in the algebra itself from the power series of sinh and cosh
  /// (60 terms: the remainder of |q|ⁿ/n! at |q| ≤ 1.5 is far below 1e-16) and a linear solve with the
  /// left-multiplication matrix of cosh(q) — independent of the idempotent split.
  func seriesTanh(_ q: [Double], _ a: Algebra) -> [Double] {
    var power = [1.0, 0, 0, 0]
    var sinh = [Double](repeating: 0, count: 4)
    var cosh = [Double](repeating: 0, count: 4)
    var factorial = 1.0
    for n in 0..<60 {
      if n > 0 {
        power = a.multiply(power, q)
        factorial *= Double(n)
      }
      for c in 0..<4 {
        if n % 2 == 0 { cosh[c] += power[c] / factorial } else { sinh[c] += power[c] / factorial }
      }
    }
    // Solve cosh · t = sinh: the matrix of t ↦ cosh·t, column j = cosh · e_j.
    var m = Matrix(rows: 4, cols: 4)
    for j in 0..<4 {
      var e = [0.0, 0, 0, 0]
      e[j] = 1
      let col = a.multiply(cosh, e)
      for i in 0..<4 { m[i, j] = col[i] }
    }
    return BLAS.solve(m, Matrix(rows: 4, cols: 1, data: sinh))?.data ?? []
  }

  @Test(arguments: [[0.2, -0.4, 0.5, 0.1], [0.9, 0.3, -0.6, 0.7], [-0.05, 1.1, 0.2, -0.3]])
  func commutativeQuaternionTanhIsAnalytic(_ q: [Double]) throws {
    let algebra = Algebra.commutativeQuaternion
    var a = [Double](repeating: 0, count: 4)
    q.withUnsafeBufferPointer { zp in
      a.withUnsafeMutableBufferPointer { ap in Activation.idempotentTanh.forward(zp, ap, rows: 1, cols: 4, k: 4) }
    }
    let expected = seriesTanh(q, algebra)
    try #require(expected.count == 4)
    for c in 0..<4 { #expect(abs(a[c] - expected[c]) < 1e-13, "component \(c): \(a) vs \(expected)") }
  }

  @Test func complexTanhMatchesTheDefinition() {
    // tanh(w) = (e^{2w} − 1)/(e^{2w} + 1), evaluated with real exp/sin/cos away from overflow.
    for (x, y) in [(0.3, -1.2), (-2.5, 0.7), (1e-9, 1.5), (10.0, 3.0), (25.0, 0.4), (-30.0, -2.0)] {
      let e = Foundation.exp(2 * x)
      let (nr, ni) = (e * Foundation.cos(2 * y) - 1, e * Foundation.sin(2 * y))
      let (dr, di) = (e * Foundation.cos(2 * y) + 1, e * Foundation.sin(2 * y))
      let d2 = dr * dr + di * di
      let (re, im) = ((nr * dr + ni * di) / d2, (ni * dr - nr * di) / d2)
      let t = IdempotentParts.complexTanh(x, y)
      #expect(abs(t.re - re) < 1e-14 && abs(t.im - im) < 1e-14 * max(1, abs(im)) + 1e-300, "\(x), \(y)")
    }
  }

  @Test(arguments: ["hyperbolic", "commutative_quaternion"])
  func gradientAndExactHessianVectorProduct(_ name: String) throws {
    let algebra = name == "hyperbolic" ? Algebra.hyperbolic : Algebra.commutativeQuaternion
    let n = try net(algebra)
    var rng = RandomSource(seed: 9)
    let x = Matrix(rows: 6, cols: 2 * algebra.dimension, data: (0..<(12 * algebra.dimension)).map { _ in rng.normal() })
    let y = Matrix(
      rows: 6, cols: n.spec.outputFeatures, data: (0..<(6 * n.spec.outputFeatures)).map { _ in rng.normal() })
    #expect(gradientCheck(n, x: x, y: y, loss: .mse) < 1e-6)
    // H v against central differences of the gradient (h = 1e-5: error O(h²) ≈ 1e-10 relative).
    let v = (0..<n.parameterCount).map { _ in rng.normal() }
    let hv = hessianVectorProduct(n, x: x, y: y, loss: .mse, v: v)
    let theta = n.parameters
    let h = 1e-5
    var r = RandomSource(seed: 0)
    n.parameters = zip(theta, v).map { $0 + h * $1 }
    let gp = n.lossAndGradient(x, y, loss: .mse, training: false, rng: &r).gradient
    n.parameters = zip(theta, v).map { $0 - h * $1 }
    let gm = n.lossAndGradient(x, y, loss: .mse, training: false, rng: &r).gradient
    n.parameters = theta
    let fd = zip(gp, gm).map { ($0 - $1) / (2 * h) }
    let scale = max(1e-12, fd.map(abs).max()!)
    let err = zip(hv, fd).map { abs($0 - $1) }.max()! / scale
    #expect(err < 1e-6)
  }

  @Test func otherAlgebrasAreRefusedWithAMessage() {
    #expect(throws: EngineError.self) { try net(.real) }
    #expect(throws: EngineError.self) { try net(Algebra.complex) }
  }

  @Test func realifyKeepsTheFunction() throws {
    let algebra = Algebra.hyperbolic
    let n = try net(algebra)
    let real = try realify(n)
    var rng = RandomSource(seed: 5)
    let x = Matrix(rows: 5, cols: 4, data: (0..<20).map { _ in rng.normal() })
    let d = zip(n.predict(x).data, real.predict(x).data).map { abs($0 - $1) }.max()!
    #expect(d < 1e-12)
  }
}
