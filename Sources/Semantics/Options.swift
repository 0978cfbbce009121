import Diagnostics
import Engine
import Lexer
import Report

/// Turns bound option calls (`tanh`, `sgd(lr: 0.1)`, `he(uniform)`, `mse`, `cosine`) into Engine values,
/// through the `option` their registry entries carry. A test checks every entry of these categories has one.
package enum Options {
  package static func activation(_ c: IRCall, _ i: any CallContext) throws -> Activation {
    guard case .activation(let make)? = c.info.option else { throw unmapped(c) }
    return try make(i, c)
  }

  /// An activation as a script writes it (`leaky_relu(0.2)`, `polar_tanh`): the inverse of `activation`.
  package static func spelling(_ a: Activation) -> String {
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
  package static func spelling(_ i: Initializer) -> String {
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

  package static func loss(_ c: IRCall, _ i: any CallContext) throws -> Loss {
    guard case .loss(let loss)? = c.info.option else { throw unmapped(c) }
    return loss
  }

  /// `param` words by parametrization.
  package static let parametrizationNames: [Parametrization: String] = [
    .standard: "standard", .ntk: "ntk", .meanField: "mean_field",
  ]

  /// The loss a script name stands for (nil for "" or an unknown name).
  package static func loss(named name: String) -> Loss? { lossNames.first { $0.value == name }?.key }

  /// The loss names of the registry's loss entries, for messages and printed nets.
  package static let lossNames: [Loss: String] = Dictionary(
    uniqueKeysWithValues: Builtins.losses.compactMap { b in
      if case .loss(let l)? = b.option { (l, b.name) } else { nil }
    })

  package static func initializer(_ c: IRCall, _ i: any CallContext) throws -> Initializer {
    guard case .initializer(let make)? = c.info.option else { throw unmapped(c) }
    return try make(i, c)
  }

  package static func schedule(_ c: IRCall, _ i: any CallContext) throws -> Schedule {
    guard case .schedule(let make)? = c.info.option else { throw unmapped(c) }
    return try make(i, c)
  }

  /// The optimizer, and whether its learning rate is `auto` (to be set from λmax at the start).
  package static func optimizer(_ c: IRCall, _ i: any CallContext) throws -> (spec: OptimizerSpec, autoRate: Bool) {
    let auto = try i.isWord(c, "lr")
    // lr 0 is allowed: a train block that only evaluates (logs `every` probes) without moving the weights.
    let lr = auto ? 1 : try i.number(c, "lr")
    guard case .optimizer(let make)? = c.info.option else { throw unmapped(c) }
    let spec = try make(i, c, lr)
    return (spec, auto)
  }

  // MARK: - Argument helpers

  /// A registry entry with no Engine mapping: a bug in NNS (RegistryTests keeps it unreachable).
  package static func unmapped(_ c: IRCall) -> RuntimeError {
    .internal("'\(c.name)' is registered but has no Engine mapping", at: c.span)
  }

  /// How `hessian(…).kind` names what the Hessian says of the point.
  package static let criticalPointNames: [CriticalPoint: String] = [
    .minimum: "minimum", .maximum: "maximum", .saddle: "saddle", .degenerate: "degenerate",
  ]

  /// The shapes of `affine(shape:)`, by script word.
  package static let affineShapes: [(word: String, shape: AffineShape)] = [
    ("circle", .circle), ("square", .square), ("letter", .letter), ("grid", .grid), ("disc", .disc), ("box", .box),
  ]

  /// The boundaries of `piecewise_smooth(boundary:)`, by script word.
  package static let boundaries: [(word: String, boundary: PiecewiseBoundary)] = [
    ("linear", .linear), ("sphere", .sphere), ("wave", .wave), ("none", .none),
  ]

  package static func affineShape(_ word: String, at c: IRCall) throws -> AffineShape {
    guard let s = affineShapes.first(where: { $0.word == word }) else { throw unknownWord(word, "shape", c) }
    return s.shape
  }

  package static func boundary(_ word: String, at c: IRCall) throws -> PiecewiseBoundary {
    guard let b = boundaries.first(where: { $0.word == word }) else { throw unknownWord(word, "boundary", c) }
    return b.boundary
  }

  /// A word the checker could not see (a computed string) that is not in the parameter's word set.
  package static func unknownWord(_ word: String, _ name: String, _ c: IRCall) -> RuntimeError {
    let words = c.info.parameters.first { $0.name == name }?.symbols ?? []
    return RuntimeError(
      .argumentOneOf(name, of: c.name, words: words, found: word),
      at: c.arguments[name]?.span ?? c.span, fixIt: Suggest.didYouMean(word, in: words))
  }
}

package extension Loss {
  /// The script's spelling (`cross_entropy`).
  package var scriptName: String { Options.lossNames[self] ?? rawValue }
}
