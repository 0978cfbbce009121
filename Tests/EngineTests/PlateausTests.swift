import Foundation
import Testing

@testable import Engine

/// `plateaus` (Sources/Engine/Probes/Plateaus.swift) on synthetic curves whose plateaus are known.
struct PlateausTests {
  /// Level 1 on [1, 30], a power-law drop (slope −3.3) to 0.1 at 60, level 0.1 on [60, 600], then an
  /// exponential decay: two plateaus, found to within the half-window (a factor √2) at their ends.
  static func twoPlateaus(noise: Double, seed: UInt64) -> (x: [Double], y: [Double]) {
    var rng = RandomSource(seed: seed)
    let x = (1...2000).map(Double.init)
    let y = x.map { t -> Double in
      let clean: Double
      if t <= 30 {
        clean = 1
      } else if t <= 60 {
        clean = Foundation.pow(t / 30, -log2(10.0))
      } else if t <= 600 {
        clean = 0.1
      } else {
        clean = 0.1 * Foundation.exp(-(t - 600) / 100)
      }
      return clean * (1 + noise * rng.normal())
    }
    return (x, y)
  }

  @Test(arguments: [0.0, 0.03]) func twoKnownPlateaus(noise: Double) {
    let c = Self.twoPlateaus(noise: noise, seed: 4)
    let p = plateaus(x: c.x, y: c.y)
    #expect(p.count == 2, "\(p)")
    guard p.count == 2 else { return }
    #expect(p[0].start == 1)
    #expect(p[0].end >= 30 / 2.0.squareRoot() && p[0].end <= 30)
    #expect(abs(p[0].level - 1) < 0.01 + noise)
    #expect(p[1].start >= 60 && p[1].start <= 60 * 2.0.squareRoot())
    #expect(p[1].end >= 600 / 2.0.squareRoot() && p[1].end <= 600 * 1.1)
    #expect(abs(p[1].level - 0.1) < 0.001 + 0.1 * noise)
  }

  @Test func powerLawsAndExponentialsHaveNone() {
    let x = (1...1000).map(Double.init)
    #expect(plateaus(x: x, y: x.map { 1 / $0 }).isEmpty)
    #expect(plateaus(x: x, y: x.map { Foundation.exp(-$0 / 10) }).isEmpty)
    // A power law flatter than the threshold is one plateau over the whole curve.
    let slow = plateaus(x: x, y: x.map { Foundation.pow($0, -0.05) })
    #expect(slow.count == 1 && slow[0].start == 1 && slow[0].end == 1000)
  }

  @Test func durationAndDegenerateInput() {
    let x = (1...10).map(Double.init)
    #expect(plateaus(x: x, y: [Double](repeating: 1, count: 10), duration: 20).isEmpty)
    #expect(plateaus(x: [], y: []).isEmpty)
    #expect(plateaus(x: [1, 2], y: [1, 1]).isEmpty)
    // Non-positive and non-finite points are skipped, not fatal.
    #expect(plateaus(x: x, y: [1, 1, .nan, 1, 0, 1, 1, -1, 1, 1]).count == 1)
  }
}
