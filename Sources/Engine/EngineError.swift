/// Errors the modelling and training core reports instead of trapping: every one names what was wrong
/// and, where it can, what to do about it.
public enum EngineError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A net, algebra or configuration that cannot be built (sizes, widths, bad parameters).
  case invalid(String)
  /// Training diverged at `epoch` (1-based): the loss or the parameters became NaN or ±∞ (`loss` is then
  /// that non-finite loss, or NaN), or the loss grew past `Divergence.growth` times its value at the start.
  case diverged(epoch: Int, loss: Double)
  /// Data whose shape does not fit the net (e.g. feature counts).
  case shapeMismatch(String)

  public var description: String {
    switch self {
    case .invalid(let message): return message
    case .diverged(let epoch, let loss):
      return "training diverged at epoch \(epoch) (\(Divergence.reason(loss))); try a smaller learning rate, "
        + "below the stability bound 2/λmax of the loss's curvature (lr_bound)"
    case .shapeMismatch(let message): return message
    }
  }
}

/// When training counts as diverged: a non-finite loss or parameter, or a loss that grew by more than
/// `growth` times its value at the parameters training started from — a blow-up that finite
/// arithmetic has not yet turned into ∞ (e.g. adam at lr 1e6 settles near 1e13). The first loss is
/// floored at `floor` so that a run starting at an exact fit is not called diverged for round-off.
public enum Divergence {
  public static let growth = 1e8
  public static let floor = 1e-6

  static func hasDiverged(_ loss: Double, first: Double) -> Bool {
    guard loss.isFinite else { return true }
    return first.isFinite && loss > growth * Swift.max(first, floor)
  }

  public static func reason(_ loss: Double) -> String {
    loss.isFinite
      ? "the loss grew to \(loss), more than \(Int(growth)) times its value at the start"
      : "the loss or the parameters became NaN or infinite"
  }
}
