import Foundation

/// A plateau of a decreasing curve: the run of points where it is flat, and its level.
public struct Plateau: Sendable, Equatable {
  public var start: Double
  public var end: Double
  /// The median of the curve over the run.
  public var level: Double
}

/// Plateaus of a positive curve y(x), x > 0 increasing (a loss against epochs or α).
///
/// The rule: at each point the local relative slope s = d ln y / d ln x is the least-squares slope of ln y
/// against ln x over the points with x in [x/√2, x·√2] (a window one factor of 2 wide in time, so noise is
/// averaged over more points late in training, where points are dense in log x). A plateau is a maximal
/// run of consecutive points with |s| < `threshold` whose end is at least `duration` times its start.
/// A power law y ∝ x^(−a) is a plateau exactly when a < threshold; an exponential decay never is once
/// its slope −c·x exceeds the threshold. Points with x ≤ 0, y ≤ 0 or non-finite values are skipped; a
/// window holding fewer than 3 points (the first epochs, sparse in log x) is widened to the neighbours.
///
/// `plateaus(x: [1, 2, 3, 4], y: [1, 1, 1, 1], threshold: 0.1, duration: 2)` is one plateau [1, 4] at level 1.
public func plateaus(x: [Double], y: [Double], threshold: Double = 0.1, duration: Double = 2) -> [Plateau] {
  var points: [(x: Double, lx: Double, ly: Double, y: Double)] = []
  for (a, b) in zip(x, y) where a > 0 && b > 0 && a.isFinite && b.isFinite {
    points.append((a, Foundation.log(a), Foundation.log(b), b))
  }
  let n = points.count
  guard n >= 3 else { return [] }
  let half = Foundation.log(2.0) / 2
  var flat = [Bool](repeating: false, count: n)
  var lo = 0
  var hi = 0
  for t in 0..<n {
    while points[lo].lx < points[t].lx - half { lo += 1 }
    while hi + 1 < n && points[hi + 1].lx <= points[t].lx + half { hi += 1 }
    // Where points are sparse in log x (the first epochs) the window grows to the neighbours t − 1 … t + 1.
    let (a, b) = (Swift.max(0, Swift.min(lo, t - 1, n - 3)), Swift.min(n - 1, Swift.max(hi, t + 1, 2)))
    var (sx, sy) = (0.0, 0.0)
    for j in a...b { (sx, sy) = (sx + points[j].lx, sy + points[j].ly) }
    let m = Double(b - a + 1)
    let (mx, my) = (sx / m, sy / m)
    var (sxx, sxy) = (0.0, 0.0)
    for j in a...b {
      let dx = points[j].lx - mx
      sxx += dx * dx
      sxy += dx * (points[j].ly - my)
    }
    flat[t] = sxx > 0 && Swift.abs(sxy / sxx) < threshold
  }
  var out: [Plateau] = []
  var t = 0
  while t < n {
    guard flat[t] else {
      t += 1
      continue
    }
    var e = t
    while e + 1 < n && flat[e + 1] { e += 1 }
    if points[e].x >= duration * points[t].x {
      let ys = points[t...e].map(\.y).sorted()
      let mid = ys.count / 2
      let level = ys.count % 2 == 1 ? ys[mid] : (ys[mid - 1] + ys[mid]) / 2
      out.append(Plateau(start: points[t].x, end: points[e].x, level: level))
    }
    t = e + 1
  }
  return out
}
