import Testing

@testable import Runtime
@testable import Semantics

/// Probe records as the language sees them, checked against identities that tie independent code
/// paths together (the Engine tests check each probe against explicit matrices).
struct ProbeRecordTests {
  @Test func fisherAndNTKRecordsAgree() {
    let r = runScript(
      """
      seed 1
      data d = gaussian(dim: 3, n: 30)
      net m { input 3; dense 8, tanh; dense 2 }
      let f = fisher(m, d)
      let k = ntk(m, d)
      # mse: F = (1/N) JᵀJ, Θ = J Jᵀ, so trace F = trace Θ / N and the nonzero spectra agree up to 1/N.
      assert abs(f.trace - k.trace / len(d)) < 1e-9 * f.trace
      assert abs(f.max - max(k.eigenvalues) / len(d)) < 1e-9 * f.max
      assert abs(f.mean - f.trace / m.parameters) < 1e-12 * f.mean
      assert abs(f.second_moment - sum(f.spectrum * f.spectrum) / m.parameters) < 1e-9 * f.second_moment
      # mse over C = 2 outputs: the curvature is (2/C)·F, the bound 2/((2/C)·λmax) = C/λmax (conventions.md).
      assert abs(lr_bound(m, d) - 2 / f.max) < 1e-12 * lr_bound(m, d)
      assert len(f.spectrum) == m.parameters
      assert f.rank <= len(d) * 2
      print ok: 1
      """)
    #expect(r.errors == "", "\(r.errors)")
    #expect(r.out.contains("ok"))
  }

  @Test func ntkChangeIsZeroForTheSameNetAndPositiveAfterTraining() {
    let r = runScript(
      """
      seed 2
      data d = gaussian(dim: 2, n: 10)
      net teacher_net { input 2; dense 3, tanh; dense 1 }
      data t = teacher(teacher_net, n: 10)
      net m { input 2; dense 16, tanh; dense 1 }
      let k0 = ntk(m, t)
      assert ntk_change(k0, ntk(m, t)) == 0
      train m on t { optimizer gd(lr: 0.5); epochs 50 }
      assert ntk_change(k0, ntk(m, t)) > 0
      assert gap(m, t, t) == 0
      assert gradcheck(m, t) < 1e-6
      """)
    #expect(r.errors == "", "\(r.errors)")
  }

  @Test func singularitiesOfAConstantNet() {
    let r = runScript(
      """
      data d = gaussian(dim: 2, n: 20)
      net c { input 2; dense 4, tanh; dense 1; init constant(0.5) }
      let s = singularities(c, data: d)
      assert s.overlaps == 6
      assert s.distance == 0
      # 4 identical units: the Jacobian has at most one unit's 2 + 1 + 1 directions and the output
      # bias, so at most 5 of the 17 FIM eigenvalues are nonzero.
      assert fisher(c, d).rank <= 5
      assert s.near_zero >= c.parameters - 5
      """)
    #expect(r.errors == "", "\(r.errors)")
  }

  @Test func probesRejectMismatchedData() {
    let r = runScript(
      """
      data d = gaussian(dim: 2, n: 20)
      net m { input 3; dense 1 }
      print fisher(m, d)
      """)
    #expect(r.errors.contains("takes 3 real input features but the data has 2"))
  }
}

struct UserAlgebraTests {
  @Test func netsOverUserNamedAlgebrasTrainAndCheck() {
    let r = runScript(
      """
      algebra oct = cayley_dickson(3)
      algebra cl = clifford(p: 1, q: 1, r: 1)
      data d = gaussian(dim: 8, n: 20)
      net o over oct { input 1; dense 2, tanh; dense 1; readout real }
      net c over cl { input 1; dense 2, tanh; dense 1; readout real }
      assert oct.dimension == 8 and cl.dimension == 8
      assert gradcheck(o, d) < 1e-6 and gradcheck(c, d) < 1e-6
      assert max(abs(predict(realify(o), d) - predict(o, d))) < 1e-12
      """)
    #expect(r.errors == "", "\(r.errors)")
  }
}
