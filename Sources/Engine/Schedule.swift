import Foundation

/// Learning-rate schedule: the factor applied to the base rate in epoch e (0-based) of E.
/// `constant` 1; `step(every: s, factor: γ)` γ^⌊e/s⌋; `cosine` ½(1 + cos(π e/E)) (Loshchilov & Hutter
/// 2017, no restarts); `inverseTime(k)` 1/(1 + k e) (the 1/t decay of Robbins–Monro stochastic approximation).
public enum Schedule: Sendable, Codable, Hashable {
  case constant
  case step(every: Int, factor: Double)
  case cosine
  case inverseTime(Double)

  /// `Schedule.step(every: 10, factor: 0.5).factor(epoch: 25, of: 100)` is 0.25.
  public func factor(epoch e: Int, of total: Int) -> Double {
    switch self {
    case .constant: return 1
    case .step(let every, let f): return pow(f, Double(e / max(1, every)))
    case .cosine: return 0.5 * (1 + cos(Double.pi * Double(e) / Double(max(1, total))))
    case .inverseTime(let k): return 1 / (1 + k * Double(e))
    }
  }

  func validate() throws {
    switch self {
    case .step(let every, let f):
      guard every >= 1, f.isFinite, f > 0 else {
        throw EngineError.invalid(
          "step schedule needs every ≥ 1 and a positive factor, found every \(every), factor \(f)")
      }
    case .inverseTime(let k):
      guard k.isFinite, k >= 0 else { throw EngineError.invalid("1/t schedule needs k ≥ 0, found \(k)") }
    default: break
    }
  }
}
