import Engine
import Lexer

/// Turns bound option calls (`tanh`, `sgd(lr: 0.1)`, `he`, `mse`) into Engine values.
enum Options {
  static func activation(_ c: IRCall, _ i: Interpreter) throws -> Activation {
    switch c.name {
    case "identity": return .identity
    case "tanh": return .tanh
    case "sigmoid": return .sigmoid
    case "relu": return .relu
    default: throw RuntimeError("activation '\(c.name)' is not available", at: c.span)
    }
  }

  static func loss(_ c: IRCall, _ i: Interpreter) throws -> Loss {
    switch c.name {
    case "mse": return .mse
    default: throw RuntimeError("loss '\(c.name)' is not available", at: c.span)
    }
  }

  static func initializer(_ c: IRCall, _ i: Interpreter) throws -> Initializer {
    switch c.name {
    case "glorot": return .glorot(uniform: false)
    case "he": return .he(uniform: false, fanOut: false)
    default: throw RuntimeError("initializer '\(c.name)' is not available", at: c.span)
    }
  }

  static func optimizer(_ c: IRCall, _ i: Interpreter) throws -> OptimizerSpec {
    let lr = try i.number(c, "lr", default: c.name == "gd" ? 0.1 : 0.01)
    guard lr > 0, lr.isFinite else {
      throw RuntimeError("the learning rate must be positive, found \(Table.format(lr))", at: c.span)
    }
    switch c.name {
    case "gd": return .gd(lr: lr)
    case "sgd":
      let m = try i.number(c, "momentum", default: 0)
      guard m >= 0, m < 1 else { throw RuntimeError("momentum must be in [0, 1), found \(Table.format(m))", at: c.span) }
      var nesterov = false
      if let e = c.arguments["nesterov"] {
        guard case .boolean(let b) = try i.evaluate(e) else { throw RuntimeError("nesterov is true or false", at: e.span) }
        nesterov = b
      }
      return .sgd(lr: lr, momentum: m, nesterov: nesterov)
    default: throw RuntimeError("optimizer '\(c.name)' is not available", at: c.span)
    }
  }
}
