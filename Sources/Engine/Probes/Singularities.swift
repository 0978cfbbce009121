/// Singular regions of a net's parameter space (Fukumizu & Amari 2000; Amari, Park & Ozeki 2006; Nitta on
/// hypercomplex nets), where the Fisher information degenerates and gradient learning slows into
/// plateaus. For every hidden dense layer (real nets; hypercomplex units compare all k components):
/// - overlap: units i ≠ j with ‖(w_i, b_i) − (w_j, b_j)‖ ≤ tol (equal incoming weights and bias);
/// - eliminated: a unit with ‖outgoing weights‖ ≤ tol or ‖(w_i, b_i)‖ ≤ tol;
/// - symmetric (odd activations only: identity, tanh, erf, sin): ‖(w_i, b_i) + (w_j, b_j)‖ ≤ tol;
/// - distance: the Euclidean distance to the nearest such set, min over units and pairs of
///   ‖(w_i, b_i) ∓ (w_j, b_j)‖/√2 (moving both units to their mean) and the norms above.
///
/// Pairs are counted in full but listed only up to `maxListed` (a `dense 4096` layer with constant
/// weights has 8 million overlapping pairs).
public struct SingularityReport: Sendable {
  public static let maxListed = 100_000
  public var overlaps: [(layer: Int, i: Int, j: Int)]
  public var eliminated: [(layer: Int, unit: Int)]
  public var symmetric: [(layer: Int, i: Int, j: Int)]
  public var distance: Double
  /// How many pairs overlap and are sign-symmetric (the lists above hold the first `maxListed`).
  public var overlapCount = 0
  public var symmetricCount = 0

  public init(
    overlaps: [(layer: Int, i: Int, j: Int)], eliminated: [(layer: Int, unit: Int)],
    symmetric: [(layer: Int, i: Int, j: Int)], distance: Double
  ) {
    self.overlaps = overlaps
    self.eliminated = eliminated
    self.symmetric = symmetric
    self.distance = distance
    overlapCount = overlaps.count
    symmetricCount = symmetric.count
  }
}

/// A hidden unit's incoming vector (weights and bias) and outgoing weights, by dense layer.
struct HiddenUnits {
  var layer: Int
  /// Offsets into the parameter vector of each unit's incoming entries and outgoing entries.
  var incoming: [[Int]]
  var outgoing: [[Int]]
  var odd: Bool
}

func hiddenUnits(_ net: Network) -> [HiddenUnits] {
  var dense: [(Dense, Int)] = []
  for (l, layer) in net.layers.enumerated() {
    if let d = layer as? Dense { dense.append((d, net.offsets[l])) }
  }
  var out: [HiddenUnits] = []
  for a in 0..<max(0, dense.count - 1) {
    let (d, off) = dense[a]
    let (next, nextOff) = dense[a + 1]
    guard next.n == d.m else { continue }
    let k = d.k
    var incoming: [[Int]] = []
    var outgoing: [[Int]] = []
    for o in 0..<d.m {
      var inc: [Int] = []
      for u in 0..<d.n { for i in 0..<k { inc.append(off + (u * d.m + o) * k + i) } }
      if d.hasBias { for i in 0..<k { inc.append(off + d.biasOffset + o * k + i) } }
      incoming.append(inc)
      var outg: [Int] = []
      for q in 0..<next.m { for i in 0..<k { outg.append(nextOff + (o * next.m + q) * k + i) } }
      outgoing.append(outg)
    }
    let odd: Bool
    switch d.activation {
    case .identity, .tanh, .erf, .scaledErf, .sin: odd = true
    default: odd = false
    }
    out.append(HiddenUnits(layer: a + 1, incoming: incoming, outgoing: outgoing, odd: odd))
  }
  return out
}

/// The singular structure of `net` with tolerance `tol` (absolute, in parameter units).
public func singularities(_ net: Network, tol: Double) -> SingularityReport {
  let theta = net.parameters
  var report = SingularityReport(overlaps: [], eliminated: [], symmetric: [], distance: .infinity)
  func norm(_ idx: [Int]) -> Double { idx.reduce(0) { $0 + theta[$1] * theta[$1] }.squareRoot() }
  for h in hiddenUnits(net) {
    for i in 0..<h.incoming.count {
      let nin = norm(h.incoming[i])
      let nout = norm(h.outgoing[i])
      report.distance = min(report.distance, nin, nout)
      if nin <= tol || nout <= tol { report.eliminated.append((h.layer, i + 1)) }
      for j in (i + 1)..<max(i + 1, h.incoming.count) {
        var minus = 0.0
        var plus = 0.0
        for (a, b) in zip(h.incoming[i], h.incoming[j]) {
          minus += (theta[a] - theta[b]) * (theta[a] - theta[b])
          plus += (theta[a] + theta[b]) * (theta[a] + theta[b])
        }
        let dm = minus.squareRoot()
        let dp = plus.squareRoot()
        report.distance = min(report.distance, dm / 2.0.squareRoot())
        if dm <= tol {
          report.overlapCount += 1
          if report.overlaps.count < SingularityReport.maxListed { report.overlaps.append((h.layer, i + 1, j + 1)) }
        }
        if h.odd {
          report.distance = min(report.distance, dp / 2.0.squareRoot())
          if dp <= tol {
            report.symmetricCount += 1
            if report.symmetric.count < SingularityReport.maxListed {
              report.symmetric.append((h.layer, i + 1, j + 1))
            }
          }
        }
      }
    }
  }
  return report
}

/// Moves every unit that sits in a singular region out of it (Nitta's escape from hierarchical
/// singularities): the second unit of each overlapping or sign-symmetric pair gets N(0, σ²) noise on its
/// incoming weights and bias, σ = max(10·tol, 0.1·rms of the layer's incoming weights) — a deliberate
/// kick that changes the function by O(σ); an eliminated unit gets N(0, (10·tol)²) noise only on its
/// vanishing side (incoming or outgoing), which changes the function by O(tol), so a unit the fit wants
/// switched off is not thrown around. Returns how many units moved.
public func escapeSingularities(_ net: Network, tol: Double, rng: inout RandomSource) -> Int {
  let report = singularities(net, tol: tol)
  let units = hiddenUnits(net)
  var theta = net.parameters
  var moved = Set<[Int]>()
  func norm(_ idx: [Int]) -> Double { idx.reduce(0) { $0 + theta[$1] * theta[$1] }.squareRoot() }
  for p in report.overlaps + report.symmetric where !moved.contains([p.layer, p.j]) && !moved.contains([p.layer, p.i]) {
    guard let h = units.first(where: { $0.layer == p.layer }) else { continue }
    let all = h.incoming.flatMap { $0 }
    let rms = (all.reduce(0) { $0 + theta[$1] * theta[$1] } / Double(max(1, all.count))).squareRoot()
    let sigma = max(10 * tol, 0.1 * rms)
    for e in h.incoming[p.j - 1] { theta[e] += sigma * rng.normal() }
    moved.insert([p.layer, p.j])
  }
  for e in report.eliminated where !moved.contains([e.layer, e.unit]) {
    guard let h = units.first(where: { $0.layer == e.layer }) else { continue }
    let incoming = h.incoming[e.unit - 1]
    let outgoing = h.outgoing[e.unit - 1]
    for i in norm(incoming) <= tol ? incoming : outgoing { theta[i] += 10 * tol * rng.normal() }
    moved.insert([e.layer, e.unit])
  }
  net.parameters = theta
  return moved.count
}
