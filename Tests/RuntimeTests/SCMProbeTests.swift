import Foundation
import Testing

@testable import Runtime
@testable import Semantics

/// Soft committee machines written natively (erf(s), per-layer init, teacher on given inputs) and the
/// probes overlaps, scm_theory and plateaus as scripts see them. The theory itself is checked in
/// Tests/EngineTests/SoftCommitteeTests.swift.
struct SCMProbeTests {
  static let nets = """
    seed 4
    net t { input 20; dense 3, erf(0.7071067811865476); dense 1, identity, fixed, init: constant(1); bias off; init orthogonal }
    net s { input 20; dense 2, erf(0.7071067811865476); dense 1, identity, fixed, init: constant(1); bias off; init gaussian(std: 0.1) }
    """

  /// overlaps against the explicit products of the weights as saved: row i of W is column i of the
  /// first layer's N×K block w[u·K + i].
  @Test func overlapsAreTheProductsOfTheSavedWeights() throws {
    let dir = try temporaryDirectory("overlaps")
    let r = runScript(
      Self.nets + """

        save s to "\(dir.path)/s.json"
        save t to "\(dir.path)/t.json"
        save overlaps(s, t) to "\(dir.path)/o.json"
        """)
    #expect(r.errors == "", "\(r.errors)")
    func weights(_ name: String, _ k: Int) throws -> [[Double]] {
      let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name)))
      let p = (json as! [String: Any])["parameters"] as! [Double]
      return (0..<k).map { i in (0..<20).map { u in p[u * k + i] } }
    }
    let (ws, wt) = (try weights("s.json", 2), try weights("t.json", 3))
    let o = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("o.json")))
    let record = o as! [String: Any]
    func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
    for (name, a, b) in [("Q", ws, ws), ("R", ws, wt), ("T", wt, wt)] {
      let m = record[name] as! [[Double]]
      #expect(m.count == a.count && m[0].count == b.count)
      for i in a.indices { for j in b.indices { #expect(abs(m[i][j] - dot(a[i], b[j])) < 1e-14) } }
    }
    // The orthogonal teacher has T = I; the readout line's own init gives 1s whatever the net's init.
    let t = record["T"] as! [[Double]]
    for i in 0..<3 { for j in 0..<3 { #expect(abs(t[i][j] - (i == j ? 1 : 0)) < 1e-12) } }
    let s = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("s.json")))
    let p = (s as! [String: Any])["parameters"] as! [Double]
    #expect(Array(p.suffix(2)) == [1, 1])
  }

  @Test func overlapsLogInEveryAndHistoryCarriesThem() {
    let r = runScript(
      Self.nets + """

        data d = teacher(t, n: 200)
        train s on d { loss mse; optimizer sgd(lr: 0.01); batch 1; epochs 3; every 1: o: overlaps(s, t) }
        let h = history(s)
        assert len(h.o_Q_0_0) == 3 and len(h.o_R_1_2) == 3 and len(h.o_T_2_2) == 3
        assert abs(h.o_R_1_2[2] - overlaps(s, t).R[1, 2]) < 1e-15
        assert h.o_inputs[0] == 20
        print ok: 1
        """)
    #expect(r.errors == "", "\(r.errors)")
    #expect(r.out.contains("ok"))
  }

  @Test func erfScaleLayerInitAndTeacherOnGivenInputs() throws {
    let dir = try temporaryDirectory("scm-net")
    let r = runScript(
      Self.nets + """

        data x = gaussian(dim: 20, n: 50)
        data d = teacher(t, inputs: x)
        assert loss(t, d, loss: mse) == 0
        assert len(d) == 50
        assert gradcheck(s, d) < 1e-6
        print s
        save s to "\(dir.path)/s.json"
        net again = load("\(dir.path)/s.json")
        assert max(abs(predict(again, d) - predict(s, d))) == 0
        print again
        """)
    #expect(r.errors == "", "\(r.errors)")
    #expect(r.out.contains("erf(0.7071067811865476)"))
    #expect(r.out.contains("fixed, init constant(1)"))
  }

  /// erf(s) is erf(s·x): a one-unit net with weight 1 and readout 1 computes it, to the bit of the math erf.
  @Test func scaledErfComputesErfOfScaledInput() {
    let r = runScript(
      """
      net one { input 1; dense 1, erf(0.5), init: constant(1); dense 1, identity, fixed, init: constant(1); bias off }
      net lin { input 1; dense 1, identity, init: constant(1); bias off }
      data p = regression(f: x, n: 7, domain: [-3, 3])
      assert max(abs(predict(one, p) - erf(0.5 * predict(lin, p)))) < 1e-15
      print ok: 1
      """)
    #expect(r.errors == "", "\(r.errors)")
    #expect(r.out.contains("ok"))
  }

  @Test func scmTheoryRecordAndPlateaus() throws {
    let dir = try temporaryDirectory("scm-plot")
    let r = runScript(
      """
      seed 7
      net t { input 100; dense 2, erf(0.7071067811865476); dense 1, identity, fixed, init: constant(1); bias off; init orthogonal }
      net s { input 100; dense 2, erf(0.7071067811865476); dense 1, identity, fixed, init: constant(1); bias off; init gaussian(std: 0.001) }
      let th = scm_theory(s, t, lr: 0.001, time: 600, points: 60)
      assert len(th.time) == 61 and th.time[60] == 600 and abs(th.eta - 0.2) < 1e-15
      assert abs(th.plateau.level - 0.0252) < 0.001 and th.plateau.start < 60 and th.plateau.end > 200
      # At α = 0 the theory's error is the expected mse of the nets as they are.
      data test = teacher(t, n: 20000)
      assert abs(th.error[0] - loss(s, test, loss: mse)) < 0.05 * th.error[0]
      let p = plateaus(th)
      assert p.count == 1 and p.levels[0] == th.plateau.level
      let flat = plateaus([1, 1, 1, 1, 1, 0.5, 0.1, 0.01])
      assert flat.count == 1 and flat.starts[0] == 1 and flat.levels[0] == 1
      plot th to "\(dir.path)/th.svg"
      print ok: 1
      """)
    #expect(r.errors == "", "\(r.errors)")
    let svg = try String(contentsOf: dir.appendingPathComponent("th.svg"), encoding: .utf8)
    #expect(svg.contains("soft committee machine"))
  }

  /// Several outputs with a trained readout (Yoshida et al. 2019): the record carries the readouts V
  /// (K×L) from the student's own at α = 0, η = 2·N·lr/L, and the error at α = 0 is the mse of the nets on
  /// Gaussian inputs: E[(f − y)²] averaged over the L outputs, within 4 standard errors of the mean over
  /// 20 000 points (the squared residual's relative spread is ≈ 1.5, so 4 SE ≈ 4.2 %).
  @Test func scmTheoryWithSeveralTrainedOutputs() throws {
    let r = runScript(
      """
      seed 3
      net t { input 50; dense 2, erf(0.7071067811865476); dense 3, identity, init: orthogonal; bias off; init orthogonal }
      net s { input 50; dense 2, erf(0.7071067811865476); dense 3, identity; bias off; init gaussian(std: 0.1) }
      data d = teacher(t, inputs: gaussian(dim: 50, n: 20000))
      let th = scm_theory(s, t, lr: 0.003, time: 20, points: 4)
      assert th.eta == 2 * 50 * 0.003 / 3, "η = 2·N·lr/L"
      assert len(th.V) == 5 and len(th.Q) == 5, "one V per reported time"
      assert abs(th.error[0] - loss(s, d, loss: mse)) < 0.045 * th.error[0], "the error at α = 0 is the mse"
      assert th.error[4] < th.error[0], "learning"
      """)
    #expect(r.errors == "", "\(r.errors)")
  }

  @Test(arguments: [
    ("net s { input 5; dense 2, tanh; dense 1, identity, fixed, init: constant(1); bias off }", "erf or erf(s)"),
    ("net s { input 5; dense 2, erf; dense 3, identity; bias off }", "has 3 outputs but teacher 't' has 1"),
    ("net s { input 5; dense 2, erf; dense 1, tanh, fixed; bias off }", "'dense L, identity'"),
    ("net s { input 5; dense 2, erf; dense 1, identity, fixed }", "no biases"),
    ("net s { input 5; dense 2, erf; dense 2, erf; dense 1, identity, fixed; bias off }", "found 3 layers"),
    ("net s { input 4; dense 2, erf; dense 1, identity, fixed; bias off }", "same inputs"),
  ]) func scmTheoryRefusesNetsThatAreNotCommittees(_ net: String, _ message: String) {
    let r = runScript(
      """
      net t { input 5; dense 2, erf; dense 1, identity, fixed, init: constant(1); bias off }
      \(net)
      print scm_theory(s, t, lr: 0.01, time: 10)
      """)
    #expect(r.errors.contains(message), "\(r.errors)")
    #expect(r.errors.contains("t.nns:3:"), "\(r.errors)")
  }

  @Test(arguments: [
    ("lr: 0, time: 10", "'lr' of scm_theory must be a number strictly between 0 and 1e9"),
    ("lr: -1, time: 10", "'lr' of scm_theory must be"), ("lr: 0 / 0, time: 10", "'lr' of scm_theory must be"),
    ("lr: 0.01, time: 0", "'time' of scm_theory must be"), ("lr: 0.01, time: 1e12", "'time' of scm_theory must be"),
    ("lr: 0.01, time: 10, points: 1", "'points'"),
  ]) func scmTheoryRefusesBadRatesAndTimes(_ args: String, _ message: String) {
    let r = runScript(
      """
      net t { input 5; dense 2, erf; dense 1, identity, fixed, init: constant(1); bias off }
      net s { input 5; dense 2, erf; dense 1, identity, fixed, init: constant(1); bias off }
      print scm_theory(s, t, \(args))
      """)
    #expect(r.errors.contains(message), "\(r.errors)")
  }

  @Test func hugeCommitteesAreRefusedWithTheirSize() {
    let r = runScript(
      """
      net t { input 1; dense 1000000, erf; dense 1, identity, fixed, init: constant(1); bias off }
      print scm_theory(t, t, lr: 0.01, time: 10)
      """)
    #expect(r.errors.contains("four-unit integrals"), "\(r.errors)")
    #expect(r.errors.contains("GB"), "\(r.errors)")
    let o = runScript(
      """
      net t { input 1; dense 1000000, erf; dense 1, identity, fixed, init: constant(1); bias off }
      print overlaps(t, t)
      """)
    #expect(o.errors.contains("order-parameter matrices"), "\(o.errors)")
  }

  /// A version-1 net file written before per-layer init and erf(s) existed still loads, and the layers of
  /// nets without `init:` are still written in that layout (the optional key is left out).
  @Test func netFilesFromBeforePerLayerInitLoad() throws {
    let dir = try temporaryDirectory("old-net")
    let old = """
      {"autoReadout": true, "format": "nns-net", "loss": "mse", "name": "m", "parameters": [0.5, 0.5],
       "spec": {"algebra": {"dimension": 1, "name": "real", "table": [[{"index": 0, "sign": 1}]]},
                "initializer": {"constant": {"_0": 0.5}}, "inputUnits": 1,
                "layers": [{"dense": {"activation": {"tanh": {}}, "augmented": false, "bias": true, "fixed": false,
                                      "units": 1}}],
                "parametrization": "standard", "readout": "all"},
       "state": [], "version": 1}
      """
    try old.write(to: dir.appendingPathComponent("old.json"), atomically: true, encoding: .utf8)
    let r = runScript(
      """
      net m = load("\(dir.path)/old.json")
      data d = gaussian(dim: 1, n: 3)
      assert max(abs(predict(m, d) - tanh(0.5 * predict(m, d) * 0 + 0.5))) >= 0
      assert m.parameters == 2
      save m to "\(dir.path)/new.json"
      print ok: 1
      """)
    #expect(r.errors == "", "\(r.errors)")
    let written = try String(contentsOf: dir.appendingPathComponent("new.json"), encoding: .utf8)
    let layers = written[written.range(of: "\"layers\"")!.lowerBound...]
    #expect(!layers.prefix(400).contains("initializer"))
  }

  @Test func erfScaleMustBeFiniteAndNonzero() {
    let r = runScript("net m { input 1; dense 1, erf(0) }\nprint m")
    #expect(r.errors.contains("scale s of erf(s)"), "\(r.errors)")
    let u = runScript("net m { input 1; dense 1, erf, init: nonsense }")
    #expect(u.errors.contains("nonsense"), "\(u.errors)")
    let p = runScript("print plateaus(3)")
    #expect(p.errors.contains("plateaus needs"), "\(p.errors)")
  }
}
