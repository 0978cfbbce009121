import Testing

@testable import Engine

@Test func constantInitOverlapsEveryPairAndDegeneratesTheFisher() throws {
  let net = try ProbeFixture.net(
    2, [ProbeFixture.dense(4, .tanh), ProbeFixture.dense(1, .identity)], init: .constant(0.3))
  let s = singularities(net, tol: 1e-9)
  #expect(s.overlaps.count == 6 && s.distance == 0)
  // Identical units: the Fisher has rank ≤ (n + 1) + 1 + 1 = 5 (one unit's incoming weights and bias, the
  // summed outgoing weight, the output bias), so at least P − 5 = 12 eigenvalues vanish.
  let f = fisherSummary(net, x: ProbeFixture.gaussian(30, 2, seed: 31), loss: .mse)
  #expect(f.rank <= 5)
  #expect(f.spectrum.filter { $0 <= 1e-10 * f.max }.count >= net.parameterCount - 5)
  var rng = RandomSource(seed: 3)
  #expect(escapeSingularities(net, tol: 1e-9, rng: &rng) == 3)
  #expect(singularities(net, tol: 1e-9).overlaps.isEmpty)
  #expect(fisherSummary(net, x: ProbeFixture.gaussian(30, 2, seed: 31), loss: .mse).rank > f.rank)
}

/// Fukumizu & Amari (2000): duplicating hidden unit 1 and splitting its outgoing weight a into t·a and
/// (1 − t)·a embeds a 2-3-1 net into a 2-4-1 net computing the same function, on an overlap singularity.
@Test func fukumizuAmariEmbeddingIsDetectedAndPreservesTheFunction() throws {
  let small = try ProbeFixture.net(2, [ProbeFixture.dense(3, .tanh), ProbeFixture.dense(1, .identity)], seed: 32)
  let big = try ProbeFixture.net(2, [ProbeFixture.dense(4, .tanh), ProbeFixture.dense(1, .identity)], seed: 33)
  let s = small.parameters  // W1 2×3 (u·3 + o), b1 (3), W2 3×1, b2
  var b = [Double](repeating: 0, count: big.parameterCount)  // W1 2×4, b1 (4), W2 4×1, b2
  for u in 0..<2 {
    for o in 0..<3 { b[u * 4 + o] = s[u * 3 + o] }
    b[u * 4 + 3] = s[u * 3]
  }
  for o in 0..<3 { b[8 + o] = s[6 + o] }
  b[11] = s[6]
  let t = 0.3
  for o in 0..<3 { b[12 + o] = s[9 + o] }
  b[12] = t * s[9]
  b[15] = (1 - t) * s[9]
  b[16] = s[12]
  big.parameters = b
  let x = ProbeFixture.gaussian(7, 2, seed: 34)
  #expect(ProbeFixture.relativeError(big.predict(x).data, small.predict(x).data) < 1e-14)
  let report = singularities(big, tol: 1e-12)
  #expect(report.overlaps.count == 1 && report.overlaps[0] == (1, 1, 4))
  #expect(report.eliminated.isEmpty && report.symmetric.isEmpty)
  #expect(singularities(small, tol: 1e-12).overlaps.isEmpty)
}

@Test func symmetricAndEliminatedUnitsAreFound() throws {
  let net = try ProbeFixture.net(2, [ProbeFixture.dense(3, .tanh), ProbeFixture.dense(1, .identity)], seed: 35)
  var p = net.parameters  // W1 2×3, b1 3, W2 3, b2
  for u in 0..<2 { p[u * 3 + 1] = -p[u * 3] }
  p[7] = -p[6]
  p[11] = 0  // unit 3 has no outgoing weight
  net.parameters = p
  let r = singularities(net, tol: 1e-12)
  #expect(r.symmetric.count == 1 && r.symmetric[0] == (1, 1, 2))
  #expect(r.eliminated.count == 1 && r.eliminated[0] == (1, 3))
}

@Test func weightEvennessIsZeroForEvenInitAndOneForPositiveWeights() throws {
  let even = try ProbeFixture.net(
    3, [ProbeFixture.dense(8, .tanh), ProbeFixture.dense(2, .identity)], init: .even(std: nil))
  #expect(weightSummary(even).evenness < 1e-12)
  let positive = try ProbeFixture.net(3, [ProbeFixture.dense(8, .tanh)], init: .constant(0.2))
  #expect(weightSummary(positive).evenness == 1)
  let w = weightSummary(positive)
  #expect(w.layerNorms.count == 1 && w.values.count == positive.parameterCount)
}
