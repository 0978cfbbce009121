import Foundation
import Testing

@testable import Engine

/// Sinkhorn checked against a hand-written standard-domain solver and against exact optimal transport.
struct SinkhornTests {
  /// Standard-domain Sinkhorn–Knopp (POT's `sinkhorn_knopp`): K = e^{−C/ε}, v ← b/Kᵀu, u ← a/Kv, run
  /// for a fixed, large number of iterations; safe here because C/ε stays below ~30.
  static func standardSinkhorn(_ c: [[Double]], _ a: [Double], _ b: [Double], eps: Double) -> [[Double]] {
    let k = c.map { $0.map { exp(-$0 / eps) } }
    var u = [Double](repeating: 1, count: a.count)
    var v = [Double](repeating: 1, count: b.count)
    for _ in 0..<5000 {
      for j in b.indices { v[j] = b[j] / a.indices.reduce(0) { $0 + k[$1][j] * u[$1] } }
      for i in a.indices { u[i] = a[i] / b.indices.reduce(0) { $0 + k[i][$1] * v[$1] } }
    }
    return a.indices.map { i in b.indices.map { j in u[i] * k[i][j] * v[j] } }
  }

  @Test func matchesAStandardDomainSolverOnA5x4Problem() throws {
    let x = Matrix([[0, 0], [1, 0.5], [0.2, 1], [1.5, 1.5], [-0.5, 0.3]])
    let y = Matrix([[0.1, 0.2], [1.2, 0.8], [0.4, 1.4], [-0.3, -0.2]])
    let a = [0.1, 0.3, 0.2, 0.25, 0.15]
    let b = [0.4, 0.2, 0.3, 0.1]
    let eps = 0.2
    let c = (0..<5).map { i in (0..<4).map { j in pow(x[i, 0] - y[j, 0], 2) + pow(x[i, 1] - y[j, 1], 2) } }
    let p = Self.standardSinkhorn(c, a, b, eps: eps)
    let r = try sinkhorn(x: x, y: y, a: a, b: b, epsilon: eps, tolerance: 1e-13, maxIterations: 100_000)
    let cost = (0..<5).reduce(0.0) { s, i in s + (0..<4).reduce(0.0) { $0 + p[i][$1] * c[i][$1] } }
    // Both solve the same strictly convex problem to ~1e-13 in the marginals: plans agree to ~1e-12.
    #expect(r.converged)
    #expect(abs(r.cost - cost) < 1e-11)
    #expect(ProbeFixture.relativeError(r.plan.data, p.flatMap { $0 }) < 1e-10)
    for i in 0..<5 { #expect(abs(r.plan.row(i).reduce(0, +) - a[i]) < 1e-12) }
  }

  /// 1-D clouds of equal size with uniform weights: exact W₂² = mean (x₍ᵢ₎ − y₍ᵢ₎)² (sorted matching).
  /// P_ε minimises ⟨P, C⟩ − εH(P), so 0 ≤ ⟨P_ε, C⟩ − W₂² ≤ ε(H(P_ε) − H(P*)) ≤ ε log N. The iterate meets
  /// the column marginals only to tol (2-norm, so ≤ √N·tol in total mass), which moves the cost by at most
  /// C_max·√N·tol: that is the slack. (At small ε Sinkhorn's last digits come slowly — mass leaks between
  /// near-permutation blocks at a rate ~e^{−gap/ε} — so tol is 1e-6 here, not POT's 1e-9.)
  @Test func approachesExactOTIn1DAsEpsilonShrinks() throws {
    let xs: [Double] = [0.3, -1.2, 2.5, 0.9, -0.4, 1.7, 3.1, -2.0]
    let ys: [Double] = [1.1, -0.7, 0.2, 2.8, -1.9, 3.6, 0.5, 1.4]
    let exact = zip(xs.sorted(), ys.sorted()).reduce(0.0) { $0 + pow($1.0 - $1.1, 2) } / 8
    let tol = 1e-6
    let slack = 5.6 * 5.6 * 8.0.squareRoot() * tol
    var previous = Double.infinity
    for eps in [1.0, 0.1, 0.01, 0.001] {
      let r = try sinkhorn(
        x: Matrix(rows: 8, cols: 1, data: xs), y: Matrix(rows: 8, cols: 1, data: ys), epsilon: eps, tolerance: tol,
        maxIterations: 1_000_000)
      #expect(r.cost >= exact - slack)
      #expect(r.cost - exact <= eps * log(8.0) + slack)
      #expect(r.cost <= previous + slack)
      previous = r.cost
    }
    #expect(abs(previous - exact) < 1e-3 * log(8.0) + slack)
  }

  /// A 2-D assignment problem solved by trying all 4! permutations; ε = 1e-3 is far below the cost gaps, so
  /// exp(−C/ε) underflows to 0 in the standard domain but not in the log domain.
  @Test func approachesTheExactAssignmentIn2D() throws {
    let x = Matrix([[0, 0], [1, 0], [0, 1], [1, 1]])
    let y = Matrix([[0.9, 0.2], [0.1, 1.3], [1.4, 1.1], [-0.2, 0.1]])
    var best = Double.infinity
    func permute(_ rest: [Int], _ chosen: [Int]) {
      if rest.isEmpty {
        let cost = chosen.enumerated().reduce(0.0) {
          $0 + pow(x[$1.offset, 0] - y[$1.element, 0], 2) + pow(x[$1.offset, 1] - y[$1.element, 1], 2)
        }
        best = min(best, cost / 4)
      }
      for (k, j) in rest.enumerated() { permute(Array(rest[..<k] + rest[(k + 1)...]), chosen + [j]) }
    }
    permute([0, 1, 2, 3], [])
    let tol = 1e-6
    let slack = 4 * 2 * tol  // C_max ≤ 4, √N = 2
    let r = try sinkhorn(x: x, y: y, epsilon: 1e-3, tolerance: tol, maxIterations: 1_000_000)
    #expect(r.cost >= best - slack)
    #expect(r.cost - best <= 1e-3 * log(4.0) + slack)
    #expect(r.plan.isFinite)
  }

  /// The scaling iterations with absorption and the pure log-domain iterations are the same iterates up to
  /// rounding; both stop within 1e-9 of the marginals, so their plans agree to about that over the
  /// problem's spectral gap (1e-6 here; ε = 0.005 is left out: its last digits come slowly, see above).
  @Test func stabilisedAndLogDomainIteratesAgree() throws {
    let c = squaredDistances(ProbeFixture.gaussian(30, 2, seed: 3), ProbeFixture.gaussian(25, 2, seed: 4))
    let a = [Double](repeating: 1 / 30, count: 30)
    let b = [Double](repeating: 1 / 25, count: 25)
    for eps in [0.5, 0.1] {
      let s = try #require(stabilisedSinkhorn(cost: c, a: a, b: b, eps: eps, tolerance: 1e-9, maxIterations: 100_000))
      let l = logDomainSinkhorn(cost: c, a: a, b: b, eps: eps, tolerance: 1e-9, maxIterations: 100_000)
      #expect(s.error < 1e-9 && l.error < 1e-9)
      #expect(ProbeFixture.relativeError(s.plan.data, l.plan.data) < 1e-6)
    }
  }

  @Test func nonConvergenceReportsIterationsAndAnEpsilon() {
    let x = ProbeFixture.gaussian(30, 2, seed: 1)
    let y = ProbeFixture.gaussian(25, 2, seed: 2)
    do {
      _ = try sinkhorn(x: x, y: y, epsilon: 0.01, maxIterations: 20)
      Issue.record("expected non-convergence")
    } catch let e as SinkhornNotConverged {
      #expect(e.iterations == 20)
      #expect(e.suggestedEpsilon > 0.01)
      #expect(e.description.contains("20 iterations"))
      #expect(e.description.contains("eps: "))
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func refusesAbsurdSizesBeforeAllocatingThePlan() {
    let x = Matrix(rows: 20_000, cols: 1)
    #expect(throws: EngineError.self) { try sinkhorn(x: x, y: x, epsilon: 0.1) }
    #expect(throws: EngineError.self) { try sinkhorn(x: Matrix([[0, 1]]), y: Matrix([[0]]), epsilon: 0.1) }
  }

  /// The barycenter of two equal-size 1-D clouds with weights ½ is the sorted midpoints (McCann's
  /// interpolation at t = ½); with ε small against the gaps the entropic version is within ~1e-6.
  @Test func barycenterOf1DCloudsIsTheSortedMidpoint() throws {
    let xs: [Double] = [0, 1, 2, 3, 4]
    let ys: [Double] = [0.5, 2, 3.5, 5, 6.5]
    let r = try sinkhornBarycenter(
      [Matrix(rows: 5, cols: 1, data: xs), Matrix(rows: 5, cols: 1, data: ys)], weights: [0.5, 0.5], points: 5,
      epsilon: 0.02)
    let mid = zip(xs, ys).map { ($0 + $1) / 2 }
    #expect(r.converged)
    #expect(ProbeFixture.relativeError(r.points.data.sorted(), mid, floor: 1) < 1e-4)
    // W₂²(bary, x) = W₂²(bary, y) = mean((y − x)/2)² at t = ½.
    let half = zip(xs, ys).reduce(0.0) { $0 + pow(($1.1 - $1.0) / 2, 2) } / 5
    #expect(abs(r.cost - half) < 1e-3)
  }
}

@Test func simdExpMatchesGlibcOnNonPositiveArguments() {
  var worst = 0.0
  var x = -707.9
  while x <= 0 {
    let v = expNonPositive8(SIMD8<Double>(repeating: x))[0]
    worst = max(worst, abs(v - exp(x)) / exp(x))
    x += 0.0731
  }
  #expect(worst < 1e-15)
  #expect(expNonPositive8(SIMD8<Double>(repeating: -800))[0] == 0)
  #expect(expNonPositive8(SIMD8<Double>(repeating: -.infinity))[0] == 0)
  #expect(expNonPositive8(SIMD8<Double>(repeating: 0))[0] == 1)
}
