/// The static kinds the checker tracks for expressions. `any` is used where a kind is only known at run time.
public enum ValueKind: String, Sendable, Hashable, CustomStringConvertible {
  case number, string, boolean, list, matrix, data, net, record, algebra, symbol, any, none
  /// A fitted baseline model; `predictor` = a net or a model (what `predict`, `loss`, `accuracy` take).
  case model, predictor

  public var description: String {
    switch self {
    case .number: "a number"
    case .string: "a string"
    case .boolean: "a boolean"
    case .list: "a list"
    case .matrix: "a matrix"
    case .data: "a dataset"
    case .net: "a net"
    case .record: "a result record"
    case .algebra: "an algebra"
    case .symbol: "a name"
    case .any: "a value"
    case .none: "nothing"
    case .model: "a fitted model"
    case .predictor: "a net or a fitted model"
    }
  }

  /// Whether a value of kind `self` may stand where `expected` is wanted.
  public func fits(_ expected: ValueKind) -> Bool {
    if self == expected || self == .any || expected == .any { return true }
    switch (self, expected) {
    case (.number, .list), (.list, .matrix), (.matrix, .list), (.number, .matrix): return false
    case (.boolean, .number): return true
    case (.net, .predictor), (.model, .predictor): return true
    default: return false
    }
  }
}
