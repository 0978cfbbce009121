import Engine
import Lexer

/// Turns bound option calls (`tanh`, `sgd(lr: 0.1)`, `he(uniform)`, `mse`, `cosine`) into Engine values.
/// A test checks every registry entry of these categories maps here.
enum Options {
  static func activation(_ c: IRCall, _ i: Interpreter) throws -> Activation {
    switch c.name {
    case "identity": return .identity
    case "tanh": return .tanh
    case "sigmoid": return .sigmoid
    case "relu": return .relu
    case "leaky_relu": return .leakyRelu(try i.number(c, "a", default: 0.01))
    case "softplus": return .softplus
    case "erf":
      let scale = try i.number(c, "s", default: 1)
      guard scale.isFinite, scale != 0 else {
        throw RuntimeError(
          "the scale s of erf(s) must be a finite nonzero number, found \(Table.format(scale))",
          at: c.arguments["s"]?.span ?? c.span)
      }
      return scale == 1 ? .erf : .scaledErf(scale)
    case "gelu": return .gelu
    case "sin": return .sin
    case "softmax": return .softmax
    case "polar_tanh": return .polarTanh
    case "modrelu": return .modrelu(try i.number(c, "b", default: -0.1))
    case "zrelu": return .zrelu
    case "cardioid": return .cardioid
    case "idempotent_tanh": return .idempotentTanh
    default: throw unmapped(c)
    }
  }

  /// An activation as a script writes it (`leaky_relu(0.2)`, `polar_tanh`): the inverse of `activation`.
  static func spelling(_ a: Activation) -> String {
    switch a {
    case .identity: return "identity"
    case .tanh: return "tanh"
    case .sigmoid: return "sigmoid"
    case .relu: return "relu"
    case .leakyRelu(let s): return "leaky_relu(\(Table.format(s)))"
    case .softplus: return "softplus"
    case .erf: return "erf"
    // The scale in full (shortest round-trip digits): erf(0.7071067811865476) must print as it is written.
    case .scaledErf(let s): return "erf(\(s))"
    case .gelu: return "gelu"
    case .sin: return "sin"
    case .softmax: return "softmax"
    case .polarTanh: return "polar_tanh"
    case .modrelu(let b): return "modrelu(\(Table.format(b)))"
    case .zrelu: return "zrelu"
    case .cardioid: return "cardioid"
    case .idempotentTanh: return "idempotent_tanh"
    }
  }

  /// An initializer as a script writes it (`he(uniform, fan_out)`, `even(std: 0.2)`): the inverse of `initializer`.
  static func spelling(_ i: Initializer) -> String {
    switch i {
    case .zeros: return "zeros"
    case .constant(let c): return "constant(\(Table.format(c)))"
    case .gaussian(let std): return "gaussian(std: \(Table.format(std)))"
    case .uniform(let a): return "uniform(a: \(Table.format(a)))"
    case .glorot(let uniform): return uniform ? "glorot(uniform)" : "glorot"
    case .he(let uniform, let fanOut):
      switch (uniform, fanOut) {
      case (false, false): return "he"
      case (true, false): return "he(uniform)"
      case (false, true): return "he(mode: fan_out)"
      case (true, true): return "he(uniform, fan_out)"
      }
    case .lecun: return "lecun"
    case .orthogonal: return "orthogonal"
    case .even(let std): return std.map { "even(std: \(Table.format($0)))" } ?? "even"
    }
  }

  static func loss(_ c: IRCall, _ i: Interpreter) throws -> Loss {
    guard let loss = loss(named: c.name) else { throw unmapped(c) }
    return loss
  }

  /// `param` words by parametrization.
  static let parametrizationNames: [Parametrization: String] = [
    .standard: "standard", .ntk: "ntk", .meanField: "mean_field",
  ]

  /// The loss a script name stands for (nil for "" or an unknown name).
  static func loss(named name: String) -> Loss? { lossNames.first { $0.value == name }?.key }

  /// The loss names of `loss(_:_:)`, for messages and printed nets.
  static let lossNames: [Loss: String] = [
    .mse: "mse", .crossEntropy: "cross_entropy", .logistic: "logistic", .hinge: "hinge",
  ]

  static func initializer(_ c: IRCall, _ i: Interpreter) throws -> Initializer {
    let uniform = try word(c, "distribution", i) == "uniform"
    switch c.name {
    case "zeros": return .zeros
    case "constant": return .constant(try i.number(c.arguments["c"]!))
    case "gaussian": return .gaussian(std: try positive(c, "std", 0.1, i))
    case "uniform": return .uniform(try positive(c, "a", 0.1, i))
    case "glorot", "xavier": return .glorot(uniform: uniform)
    case "he", "kaiming": return .he(uniform: uniform, fanOut: try word(c, "mode", i) == "fan_out")
    case "lecun": return .lecun
    case "orthogonal": return .orthogonal
    case "even": return .even(std: c.arguments["std"] == nil ? nil : try positive(c, "std", 1, i))
    default: throw unmapped(c)
    }
  }

  static func schedule(_ c: IRCall, _ i: Interpreter) throws -> Schedule {
    switch c.name {
    case "constant": return .constant
    case "step":
      return .step(
        every: try i.integer(c.arguments["every"]!, min: 1, max: 1_000_000_000, what: "'every'"),
        factor: try positive(c, "factor", 0.1, i))
    case "cosine": return .cosine
    case "inverse_time": return .inverseTime(try i.number(c, "k", default: 0.01))
    default: throw unmapped(c)
    }
  }

  /// The optimizer, and whether its learning rate is `auto` (to be set from λmax at the start).
  static func optimizer(_ c: IRCall, _ i: Interpreter) throws -> (spec: OptimizerSpec, autoRate: Bool) {
    let auto = try word(c, "lr", i) == "auto"
    // lr 0 is allowed: a train block that only evaluates (logs `every` probes) without moving the weights.
    let lr = auto ? 1 : try nonNegative(c, "lr", c.name == "adam" ? 0.001 : 0.1, i)
    let spec: OptimizerSpec
    switch c.name {
    case "gd": spec = .gd(lr: lr)
    case "sgd":
      let m = try i.number(c, "momentum", default: 0)
      guard m >= 0, m < 1 else {
        throw RuntimeError("momentum must be in [0, 1), found \(Table.format(m))", at: c.span)
      }
      spec = .sgd(lr: lr, momentum: m, nesterov: try flag(c, "nesterov", i))
    case "adam":
      spec = .adam(
        lr: lr, beta1: try i.number(c, "beta1", default: 0.9), beta2: try i.number(c, "beta2", default: 0.999),
        eps: try positive(c, "eps", 1e-8, i))
    case "natural":
      let kind: FisherKind
      switch try word(c, "fisher", i) {
      case "block_diagonal": kind = .blockDiagonal
      case "kfac": kind = .kfac
      default: kind = .exact
      }
      spec = .natural(lr: lr, damping: try positive(c, "damping", 0.001, i), fisher: kind)
    case "langevin": spec = .langevin(lr: lr, temperature: try i.number(c, "temperature", default: 0.001))
    case "averaged_sgd": spec = .averagedSGD(lr: lr)
    default: throw unmapped(c)
    }
    return (spec, auto)
  }

  // MARK: - Argument helpers

  /// A word argument (`uniform`, `auto`, `kfac`), or "" when absent or a number.
  static func word(_ c: IRCall, _ name: String, _ i: Interpreter) throws -> String {
    guard let e = c.arguments[name] else { return "" }
    if case .string(let s) = try i.evaluate(e) { return s }
    return ""
  }

  static func positive(_ c: IRCall, _ name: String, _ d: Double, _ i: Interpreter) throws -> Double {
    let x = try i.number(c, name, default: d)
    guard x > 0, x.isFinite else {
      throw RuntimeError(
        "'\(name)' of \(c.name) must be positive, found \(Table.format(x))", at: c.arguments[name]?.span ?? c.span)
    }
    return x
  }

  static func nonNegative(_ c: IRCall, _ name: String, _ d: Double, _ i: Interpreter) throws -> Double {
    let x = try i.number(c, name, default: d)
    guard x >= 0, x.isFinite else {
      throw RuntimeError(
        "'\(name)' of \(c.name) must be a finite number ≥ 0, found \(Table.format(x))",
        at: c.arguments[name]?.span ?? c.span)
    }
    return x
  }

  static func flag(_ c: IRCall, _ name: String, _ i: Interpreter) throws -> Bool {
    guard let e = c.arguments[name] else { return false }
    guard case .boolean(let b) = try i.evaluate(e) else { throw RuntimeError("'\(name)' is true or false", at: e.span) }
    return b
  }

  /// A registry entry with no Engine mapping: a bug in NNS (RegistryTests keeps it unreachable).
  static func unmapped(_ c: IRCall) -> RuntimeError {
    RuntimeError("internal error: '\(c.name)' is registered but has no Engine mapping", at: c.span)
  }
}

extension Loss {
  /// The script's spelling (`cross_entropy`).
  var scriptName: String { Options.lossNames[self] ?? rawValue }
}
