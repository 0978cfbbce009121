import Engine
import Foundation

/// One axis of a plot: a domain, its ticks at "nice" numbers, and the map to [0, 1].
///
/// A linear axis works in value space; a log axis in log10 space (so 5e-324 and 1e308 are fine),
/// with ticks at decades and unlabelled minor ticks at 2…9 × 10^k when few decades are shown.
package struct PlotScale {
  /// Domain ends, in log10 space on a log axis.
  private(set) var lo: Double
  private(set) var hi: Double
  package let isLog: Bool
  /// Major ticks as values (not log10), with their labels.
  private(set) var ticks: [(value: Double, label: String)] = []
  private(set) var minorTicks: [Double] = []

  /// A linear axis covering the finite `values`; `nice` widens it to tick multiples.
  package static func linear(_ values: [Double], nice: Bool = true, integerTicks: Bool = false) -> PlotScale {
    let finite = values.filter(\.isFinite)
    var lo = finite.min() ?? 0
    var hi = finite.max() ?? 1
    if lo == hi {
      let delta = lo == 0 ? 1 : abs(lo) * 0.1
      (lo, hi) = (lo - delta, hi + delta)
    }
    return PlotScale(linearFrom: lo, to: hi, nice: nice, integerTicks: integerTicks)
  }

  /// A log10 axis covering the positive finite `values`, widened to whole decades.
  package static func logarithmic(_ values: [Double]) -> PlotScale {
    let exponents = values.filter { $0.isFinite && $0 > 0 }.map(log10)
    var lo = (exponents.min() ?? 0).rounded(.down)
    var hi = (exponents.max() ?? 1).rounded(.up)
    if lo == hi { (lo, hi) = (lo - 1, hi + 1) }
    return PlotScale(logFrom: lo, to: hi)
  }

  package init(linearFrom lo: Double, to hi: Double, nice: Bool, integerTicks: Bool) {
    self.isLog = false
    self.lo = lo
    self.hi = hi
    guard var step = PlotScale.niceStep((hi / 2 - lo / 2) / 2.5) else { return }
    if integerTicks { step = max(step, 1) }
    if nice {
      let niceLo = (lo / step).rounded(.down) * step
      let niceHi = (hi / step).rounded(.up) * step
      if niceLo.isFinite, niceHi.isFinite, niceLo < niceHi { (self.lo, self.hi) = (niceLo, niceHi) }
    }
    var values: [Double] = []
    var k = (self.lo / step).rounded(.up)
    let tolerance = step * 1e-9
    while values.count < 50, k * step <= self.hi + tolerance {
      values.append(k * step == 0 ? 0 : k * step)
      k += 1
    }
    let largest = values.map(abs).max() ?? 0
    let exponents = (WholeNumber.int(log10(largest).rounded(.down)), WholeNumber.int(log10(step).rounded(.down)))
    let digits = largest > 0 ? (exponents.0 ?? 0) - (exponents.1 ?? 0) + 1 : 1
    let significant = min(max(digits, 1), 15)
    ticks = values.map { ($0, Table.format($0, significant: significant)) }
  }

  package init(logFrom lo: Double, to hi: Double) {
    self.isLog = true
    self.lo = lo
    self.hi = hi
    // Decade exponents of finite positive numbers lie within ±324; anything else draws no ticks.
    let first = WholeNumber.clamped(lo, -400, 400)
    let last = WholeNumber.clamped(hi, -400, 400)
    let decades = max(0, last - first)
    let stride = max(1, (decades + 7) / 8)
    var k = first
    while k <= last {
      ticks.append((pow(10, Double(k)), PlotScale.decadeLabel(k)))
      k += stride
    }
    if decades <= 6 {
      for k in first..<max(first, last) {
        minorTicks += (2...9).map { Double($0) * pow(10, Double(k)) }
      }
    }
  }

  /// The position of `value` along the axis, 0 at `lo` and 1 at `hi`; nil if it cannot be shown.
  package func fraction(_ value: Double) -> Double? {
    guard value.isFinite else { return nil }
    if isLog {
      guard value > 0 else { return nil }
      return (log10(value) - lo) / (hi - lo)
    }
    let f = (value / 2 - lo / 2) / (hi / 2 - lo / 2)
    return f.isFinite ? f : nil
  }

  /// 1, 2, 5 or 10 times a power of ten, the nearest to `raw` (Heckbert, Graphics Gems 1990); nil when `raw` is not a usable step.
  package static func niceStep(_ raw: Double) -> Double? {
    guard raw.isFinite, raw > 0 else { return nil }
    let power = pow(10, log10(raw).rounded(.down))
    let f = raw / power
    let step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * power
    return step.isFinite && step > 0 ? step : nil
  }

  package static func decadeLabel(_ k: Int) -> String {
    (-3...5).contains(k) ? Table.format(pow(10, Double(k))) : "1e\(k)"
  }
}
