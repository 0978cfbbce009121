import Foundation
import Testing

@testable import Engine

/// The closed-form baselines against explicit linear algebra written out in the test.
struct BaselineTests {
  /// Gauss–Jordan elimination with partial pivoting: an independent solve of A X = B.
  static func solve(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    var m = zip(a, b).map { $0.0 + $0.1 }
    let n = a.count
    for col in 0..<n {
      let p = (col..<n).max { abs(m[$0][col]) < abs(m[$1][col]) }!
      m.swapAt(col, p)
      let pivot = m[col][col]
      m[col] = m[col].map { $0 / pivot }
      for r in 0..<n where r != col {
        let f = m[r][col]
        m[r] = zip(m[r], m[col]).map { $0.0 - f * $0.1 }
      }
    }
    return m.map { Array($0[n...]) }
  }

  static func rows(_ m: Matrix) -> [[Double]] { (0..<m.rows).map { m.row($0) } }

  @Test func kernelRidgeMatchesAnExplicitSolve() throws {
    let x = ProbeFixture.gaussian(12, 3, seed: 4)
    let y = ProbeFixture.gaussian(12, 2, seed: 5)
    let t = ProbeFixture.gaussian(7, 3, seed: 6)
    let gamma = 0.3
    let alpha = 0.05
    func rbf(_ u: [Double], _ v: [Double]) -> Double { exp(-gamma * zip(u, v).reduce(0) { $0 + pow($1.0 - $1.1, 2) }) }
    func lap(_ u: [Double], _ v: [Double]) -> Double { exp(-gamma * zip(u, v).reduce(0) { $0 + abs($1.0 - $1.1) }) }
    for (kernel, k) in [(KernelRidge.Kernel.rbf(gamma: gamma), rbf), (.laplacian(gamma: gamma), lap)] {
      let gram = (0..<12).map { i in (0..<12).map { j in k(x.row(i), x.row(j)) + (i == j ? alpha : 0) } }
      let dual = Self.solve(gram, Self.rows(y))
      let cross = (0..<7).map { i in (0..<12).map { j in k(t.row(i), x.row(j)) } }
      let want = cross.map { row in (0..<2).map { o in (0..<12).reduce(0) { $0 + row[$1] * dual[$1][o] } } }
      let m = try KernelRidge(x: x, y: y, kernel: kernel, alpha: alpha)
      // Cholesky vs Gauss–Jordan on a well-conditioned (K + 0.05 I): agreement to ~1e-12.
      #expect(ProbeFixture.relativeError(try m.predict(t).data, want.flatMap { $0 }) < 1e-10)
    }
  }

  /// The cross kernel from the joint recursion equals `kernelLimit` on each pair alone.
  @Test func ntkCrossKernelMatchesPairwiseLimits() throws {
    let net = try ProbeFixture.net(3, [ProbeFixture.dense(8, .relu), ProbeFixture.dense(1, .identity)])
    let a = ProbeFixture.gaussian(4, 3, seed: 7)
    let b = ProbeFixture.gaussian(3, 3, seed: 8)
    let k = try NTKKernel(net)
    #expect(ProbeFixture.relativeError(k.cross(a, nil).data, try kernelLimit(net, x: a).ntk.data) < 1e-12)
    let cross = k.cross(a, b)
    for i in 0..<4 {
      for j in 0..<3 {
        let pair = try kernelLimit(net, x: Matrix([a.row(i), b.row(j)])).ntk
        #expect(abs(cross[i, j] - pair[0, 1]) < 1e-12 * max(1, abs(pair[0, 1])))
      }
    }
  }

  @Test func fourierMatchesTheNormalEquationsAndRecoversATrigPolynomial() throws {
    var rng = RandomSource(seed: 3)
    let n = 40
    let x = Matrix(rows: n, cols: 1, data: (0..<n).map { _ in rng.uniform(-1, 1) })
    let f = { (u: Double) in 0.5 + cos(Double.pi * u) - 0.25 * sin(2 * Double.pi * u) }
    let y = Matrix(rows: n, cols: 1, data: x.data.map(f))
    // Period 2 on [−1, 1], phase t = (u + 1)/2: cos(πu) = −cos(2πt), sin(2πu) = sin(4πt) — in the k = 2 basis.
    let m = try FourierRegression(x: x, y: y, k: 2, domain: (-1, 1))
    let t = Matrix(rows: 9, cols: 1, data: (0..<9).map { -1 + 0.25 * Double($0) })
    #expect(ProbeFixture.relativeError(try m.predict(t).data, t.data.map(f)) < 1e-10)
    // Noisy targets: the least-squares fit equals (ΦᵀΦ)⁻¹Φᵀy with Φ written out here.
    let noisy = Matrix(rows: n, cols: 1, data: x.data.map { f($0) + 0.3 * rng.normal() })
    let fit = try FourierRegression(x: x, y: noisy, k: 3, domain: (-1, 1))
    let phi = x.data.map { u -> [Double] in
      var row = [1.0]
      for k in 1...3 {
        let t = 2 * Double.pi * Double(k) * (u + 1) / 2
        row += [cos(t), sin(t)]
      }
      return row
    }
    let gram = (0..<7).map { i in (0..<7).map { j in phi.reduce(0) { $0 + $1[i] * $1[j] } } }
    let rhs = (0..<7).map { i in [zip(phi, noisy.data).reduce(0) { $0 + $1.0[i] * $1.1 }] }
    let w = Self.solve(gram, rhs).map { $0[0] }
    let want = t.data.map { u -> Double in
      var s = w[0]
      for k in 1...3 {
        let a = 2 * Double.pi * Double(k) * (u + 1) / 2
        s += w[2 * k - 1] * cos(a) + w[2 * k] * sin(a)
      }
      return s
    }
    #expect(ProbeFixture.relativeError(try fit.predict(t).data, want) < 1e-9)
  }

  @Test func fourierCountsAndRefusesAbsurdBases() throws {
    #expect(FourierRegression.halfFrequencies(k: 2, dimension: 2).count == (25 - 1) / 2)
    let x = Matrix(rows: 10, cols: 10)
    #expect(throws: EngineError.self) {
      try FourierRegression(x: x, y: Matrix(rows: 10, cols: 1), k: 20, domain: (0, 1))
    }
  }

  /// With ridge 0 and more points than features, the readout is ordinary least squares on [1, H].
  @Test func randomFeaturesReadoutIsRidgeWithAnUnpenalisedIntercept() throws {
    let x = ProbeFixture.gaussian(30, 2, seed: 11)
    let y = Matrix(rows: 30, cols: 1, data: (0..<30).map { sin(x[$0, 0]) + x[$0, 1] })
    var rng = RandomSource(seed: 12)
    let m = try RandomFeatures(x: x, y: y, m: 5, activation: .tanh, ridge: 0, rng: &rng)
    let h = RandomFeatures.features(x, m.weights, m.biases, .tanh)
    let design = (0..<30).map { [1.0] + h.row($0) }
    let gram = (0..<6).map { i in (0..<6).map { j in design.reduce(0) { $0 + $1[i] * $1[j] } } }
    let rhs = (0..<6).map { i in [zip(design, y.data).reduce(0) { $0 + $1.0[i] * $1.1 }] }
    let w = Self.solve(gram, rhs).map { $0[0] }
    let want = design.map { row in zip(row, w).reduce(0) { $0 + $1.0 * $1.1 } }
    #expect(ProbeFixture.relativeError(try m.predict(x).data, want) < 1e-8)
  }

  @Test func rateRecoversAnExactPowerLawAndItsStandardError() throws {
    let n: [Double] = [100, 200, 400, 800, 1600]
    let exact = try rateFit(n: n, error: n.map { 3 * pow($0, -0.75) })
    #expect(abs(exact.slope + 0.75) < 1e-12)
    #expect(exact.standardError < 1e-12)
    #expect(abs(exact.intercept - log(3)) < 1e-10)
    // Residuals ±δ alternating on log n = log 100 + k log 2: the textbook formula by hand.
    let d = 0.1
    let noisy = try rateFit(n: n, error: n.enumerated().map { pow($1, -1) * exp($0 % 2 == 0 ? d : -d) })
    let lx = n.map(log)
    let mx = lx.reduce(0, +) / 5
    let sxx = lx.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    let ly = zip(n, noisy.error).map { log($0.1) }
    let my = ly.reduce(0, +) / 5
    let slope = zip(lx, ly).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / sxx
    let ssr = zip(lx, ly).reduce(0) { $0 + pow($1.1 - (my + slope * ($1.0 - mx)), 2) }
    #expect(abs(noisy.slope - slope) < 1e-12)
    #expect(abs(noisy.standardError - (ssr / 3 / sxx).squareRoot()) < 1e-12)
    #expect(throws: EngineError.self) { try rateFit(n: [1, 2], error: [1, 2]) }
    #expect(throws: EngineError.self) { try rateFit(n: [1, 2, 3], error: [1, 0, 2]) }
  }
}
