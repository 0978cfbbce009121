/// Compiles a `NetworkSpec` into layers, checking every size and parameter so that no user input can
/// make the engine trap: each problem becomes an `EngineError.invalid` naming the layer and the numbers.
enum NetworkBuilder {
  /// The largest layer accepted: 10⁸ real weights (0.8 GB of Doubles).
  static let maxWeights = 100_000_000
  static let maxLayers = 10_000
  static let maxNesting = 64

  /// Checks a spec as `build` would, without allocating a weight: the checker calls it on every net whose
  /// sizes are constants, so what would fail when the net is built is found on the offending line.
  /// A problem with one layer names its position (pre-order over the layers, residual bodies after
  /// their line, from 1); a problem of the whole net has position 0.
  static func validate(_ spec: NetworkSpec) throws(NetworkSpecProblem) {
    do {
      _ = try build(spec, activationGroup: nil, dryRun: true)
    } catch let p as NetworkSpecProblem {
      throw p
    } catch {
      throw NetworkSpecProblem(position: 0, message: "\(error)")
    }
  }

  static func build(_ spec: NetworkSpec, activationGroup: Int? = nil, dryRun: Bool = false) throws -> [Layer] {
    guard spec.inputUnits >= 1, spec.inputUnits <= maxWeights else {
      throw EngineError.invalid("input must be between 1 and \(maxWeights) units, found \(spec.inputUnits)")
    }
    guard !spec.layers.isEmpty else { throw EngineError.invalid("a net needs at least one layer after 'input'") }
    let denseCount = try countDense(spec.layers, depth: 0)
    guard denseCount <= maxLayers else { throw EngineError.invalid("a net may have at most \(maxLayers) dense layers") }
    var context = Context(
      spec: spec, denseSeen: 0, denseTotal: denseCount, position: 0, activationGroup: activationGroup, dryRun: dryRun)
    let (layers, _) = try build(spec.layers, width: spec.inputUnits, &context)
    return layers
  }

  struct Context {
    let spec: NetworkSpec
    var denseSeen: Int
    let denseTotal: Int
    var position: Int
    let activationGroup: Int?
    /// Check only: build no layer (`validate`), and name the position of what fails.
    var dryRun = false
  }

  private static func countDense(_ specs: [LayerSpec], depth: Int) throws -> Int {
    guard depth <= maxNesting else { throw EngineError.invalid("residual blocks nested deeper than \(maxNesting)") }
    var c = 0
    for s in specs {
      switch s {
      case .dense: c += 1
      case .residual(_, let body, _): c += try countDense(body, depth: depth + 1)
      default: break
      }
      if c > maxLayers { return c }
    }
    return c
  }

  /// Layers for `specs` starting from `width` units; returns them and the width after them.
  private static func build(_ specs: [LayerSpec], width: Int, _ ctx: inout Context) throws -> ([Layer], Int) {
    var layers: [Layer] = []
    var w = width
    for s in specs {
      ctx.position += 1
      let here = ctx.position
      do {
        w = try add(s, width: w, to: &layers, &ctx)
      } catch let e as EngineError where ctx.dryRun {
        throw NetworkSpecProblem(position: here, message: "\(e)")
      }
    }
    return (layers, w)
  }

  /// Adds the layers of one line after `w` units; returns the width after them.
  private static func add(_ s: LayerSpec, width: Int, to layers: inout [Layer], _ ctx: inout Context) throws -> Int {
    var w = width
    let algebra = ctx.spec.algebra
    let k = algebra.dimension
    switch s {
    case .dense(let units, let activation, let bias, let fixed, let augmented, let initializer):
      try checkDense(units: units, input: w, k: k, activation: activation, augmented: augmented)
      if activation == .idempotentTanh && !algebra.hasIdempotentSplit
        && ctx.activationGroup == nil
      {
        throw EngineError.invalid(
          "idempotent_tanh is the analytic tanh of hyperbolic numbers and commutative quaternions, "
            + "not of \(algebra.name); use tanh (split-wise) or polar_tanh")
      }
      ctx.denseSeen += 1
      if !ctx.dryRun {
        let scale = scaleFor(ctx.spec, fanIn: w, isLast: ctx.denseSeen == ctx.denseTotal)
        let dense = Dense(
          n: w, m: units, algebra: algebra, activation: activation, bias: bias, fixed: fixed, augmented: augmented,
          scale: scale, initializer: initializer ?? ctx.spec.initializer)
        if let g = ctx.activationGroup { dense.activationGroup = g }
        layers.append(dense)
      }
      w = units
    case .dropout(let p):
      guard p >= 0, p < 1 else { throw EngineError.invalid("dropout probability must be in [0, 1), found \(p)") }
      if !ctx.dryRun { layers.append(Dropout(probability: p, features: w * k, k: k)) }
    case .batchnorm:
      if !ctx.dryRun { layers.append(BatchNorm(features: w * k)) }
    case .residual(let span, let body, let p):
      layers += try residual(span: span, body: body, dropProbability: p, width: w, &ctx)
    }
    return w
  }

  private static func residual(
    span: Int, body: [LayerSpec], dropProbability p: Double, width w: Int, _ ctx: inout Context
  ) throws -> [Layer] {
    guard span >= 1 else { throw EngineError.invalid("residual span must be at least 1, found \(span)") }
    guard p >= 0, p < 1 else {
      throw EngineError.invalid("stochastic depth probability must be in [0, 1), found \(p)")
    }
    var groups: [[LayerSpec]] = []
    var current: [LayerSpec] = []
    var dense = 0
    for s in body {
      if case .dense = s, dense == span {
        groups.append(current)
        current = []
        dense = 0
      }
      if case .dense = s { dense += 1 }
      current.append(s)
    }
    guard dense == span else {
      let total = body.filter { if case .dense = $0 { return true } else { return false } }.count
      throw EngineError.invalid(
        "a residual block with span \(span) needs a multiple of \(span) dense layers in its body, found \(total)")
    }
    groups.append(current)
    var blocks: [Layer] = []
    for g in groups {
      let (inner, out) = try build(g, width: w, &ctx)
      guard out == w else {
        throw EngineError.invalid(
          "a residual branch must end with as many units as it starts with (\(w)), but it ends with \(out)")
      }
      if !ctx.dryRun {
        blocks.append(ResidualBlock(body: inner, features: w * ctx.spec.algebra.dimension, dropProbability: p))
      }
    }
    return blocks
  }

  private static func checkDense(units: Int, input: Int, k: Int, activation: Activation, augmented: Bool) throws {
    guard units >= 1 else { throw EngineError.invalid("dense layer width must be at least 1, found \(units)") }
    let (nm, o1) = units.multipliedReportingOverflow(by: input)
    let (weights, o2) = nm.multipliedReportingOverflow(by: k)
    let (block, o3) = weights.multipliedReportingOverflow(by: k)
    guard !o1, !o2, !o3, weights <= maxWeights, block <= 4 * maxWeights else {
      throw EngineError.invalid(
        "dense \(units) after \(input) units has too many weights (limit \(maxWeights) real weights per layer)")
    }
    switch activation {
    case .leakyRelu(let a), .modrelu(let a), .scaledErf(let a):
      guard a.isFinite else { throw EngineError.invalid("activation parameter must be finite, found \(a)") }
    default: break
    }
    if augmented && k < 2 {
      throw EngineError.invalid("'augmented' (widely linear) layers need a hypercomplex algebra such as complex")
    }
  }

  /// Forward multiplier s of `Parametrization` for a layer with `fanIn` units.
  static func scaleFor(_ spec: NetworkSpec, fanIn: Int, isLast: Bool) -> Double {
    let k = Double(spec.algebra.dimension)
    let effective = Double(fanIn) * Double(max(1, spec.algebra.structureNorm)) / k
    switch spec.parametrization {
    case .standard: return 1
    case .ntk: return 1 / effective.squareRoot()
    case .meanField: return isLast ? 1 / effective : 1 / effective.squareRoot()
    }
  }

  static func markFrozen(_ layer: Layer, _ offset: Int, _ mask: inout [Double]) {
    if let d = layer as? Dense, d.frozen {
      for e in 0..<d.parameterCount { mask[offset + e] = 0 }
    }
    if let r = layer as? ResidualBlock {
      for (l, inner) in r.body.enumerated() { markFrozen(inner, offset + r.offsets[l], &mask) }
    }
  }
}

/// What `NetworkSpec.validate` found: the layer's position (0 = the whole net) and what is wrong.
public struct NetworkSpecProblem: Error, CustomStringConvertible {
  public var position: Int
  public var message: String
  public var description: String { message }
}

extension NetworkSpec {
  /// Checks the spec as building the net would, without allocating a weight (see `NetworkBuilder.validate`).
  public func validate() throws(NetworkSpecProblem) { try NetworkBuilder.validate(self) }
}
