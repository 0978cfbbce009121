/// Errors the modelling and training core reports instead of trapping: every one names what was wrong
/// and, where it can, what to do about it.
public enum EngineError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A net, algebra or configuration that cannot be built (sizes, widths, bad parameters).
  case invalid(String)
  /// Loss or parameters became NaN or ±∞ during training; `epoch` is 1-based.
  case diverged(epoch: Int)
  /// Data whose shape does not fit the net (e.g. feature counts).
  case shapeMismatch(String)

  public var description: String {
    switch self {
    case .invalid(let message): return message
    case .diverged(let epoch):
      return "training diverged at epoch \(epoch) (loss or parameters became NaN/Inf); try a smaller learning rate, "
        + "e.g. below 2/λmax of the Fisher matrix (lr: auto)"
    case .shapeMismatch(let message): return message
    }
  }
}
