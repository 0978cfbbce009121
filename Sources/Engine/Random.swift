/// The one seeded generator every random draw of a run derives from: xoshiro256** (Blackman & Vigna
/// 2018), seeded through SplitMix64. Documented and portable, so same seed → same numbers everywhere.
/// Independent streams (one per layer, per dataset, per sweep iteration) come from `fork(_:)`.
public struct RandomSource: RandomNumberGenerator, Sendable {
  private var s: (UInt64, UInt64, UInt64, UInt64)

  /// `var rng = RandomSource(seed: 42)`
  public init(seed: UInt64) {
    var sm = seed
    func splitmix() -> UInt64 {
      sm &+= 0x9E37_79B9_7F4A_7C15
      var z = sm
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s = (splitmix(), splitmix(), splitmix(), splitmix())
  }

  public mutating func next() -> UInt64 {
    let result = rotl(s.1 &* 5, 7) &* 9
    let t = s.1 << 17
    s.2 ^= s.0
    s.3 ^= s.1
    s.1 ^= s.2
    s.0 ^= s.3
    s.2 ^= t
    s.3 = rotl(s.3, 45)
    return result
  }

  private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// A new independent stream named by `label` (e.g. a layer index or a dataset's name hash); the
  /// parent is not advanced, so adding a draw in one place does not shift numbers elsewhere.
  public func fork(_ label: UInt64) -> RandomSource {
    RandomSource(seed: s.0 ^ (label &* 0x9E37_79B9_7F4A_7C15) ^ rotl(s.2, 17))
  }

  /// `fork` by a string label (FNV-1a hash).
  public func fork(_ label: String) -> RandomSource {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in label.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    return fork(h)
  }

  /// Uniform in [0, 1) with 53 random bits.
  public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Uniform in [a, b).
  public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

  /// Standard normal by the Box–Muller transform (one value per call; the pair's second is dropped
  /// to keep the stream position a function of the call count only).
  public mutating func normal() -> Double {
    var u = uniform()
    while u <= 0 { u = uniform() }
    let v = uniform()
    return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
  }

  public mutating func normal(mean: Double, std: Double) -> Double { mean + std * normal() }

  /// Uniform integer in 0..<n.
  public mutating func int(below n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

  /// A Fisher–Yates permutation of 0..<n.
  public mutating func permutation(_ n: Int) -> [Int] {
    var p = Array(0..<n)
    if n < 2 { return p }
    for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, int(below: i + 1)) }
    return p
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
  @inline(__always) func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
  import Foundation
  @inline(__always) func _log(_ x: Double) -> Double { Foundation.log(x) }
  @inline(__always) func _cos(_ x: Double) -> Double { Foundation.cos(x) }
#endif
