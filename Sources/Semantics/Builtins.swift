import Diagnostics
import Engine
import Foundation
import Lexer
import Parser
import Report

/// The one place that lists every built-in name of the language: its category, parameters with
/// kinds and defaults, and a doc line. The checker binds arguments against it, the REPL's `:help`
/// and tab completion read it. Only what actually runs is registered: a name that is not built yet
/// is an "unknown" diagnostic, never a stub (a test checks each function entry has an implementation).
/// A parameter's default, as a value: the checker documents it, and the implementation's argument
/// accessors (`CallContext.number(c, name)` …) return exactly it when the argument is left out, so the
/// docs and the run cannot disagree. `computed` defaults depend on the other arguments (the text says how);
/// only their implementation computes them (`number(c, name, computed:)`).
public enum Default: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  ExpressibleByBooleanLiteral
{
  case number(Double)
  case boolean(Bool)
  case string(String)
  /// A bare word (`exact`, `identity`).
  case word(String)
  case list([Double])
  case computed(String)

  public init(integerLiteral value: Int) { self = .number(Double(value)) }
  public init(floatLiteral value: Double) { self = .number(value) }
  public init(booleanLiteral value: Bool) { self = .boolean(value) }

  /// The value an omitted argument takes (a word as a string, as the checker binds bare words).
  public var value: Value? {
    switch self {
    case .number(let x): .number(x)
    case .boolean(let b): .boolean(b)
    case .string(let s), .word(let s): .string(s)
    case .list(let xs): .list(xs.map { .number($0) })
    case .computed: nil
    }
  }

  /// How the default reads in help texts and docs/builtins.md.
  public var text: String {
    switch self {
    case .number(let x): Default.numberText(x)
    case .boolean(let b): b ? "true" : "false"
    case .string(let s): "\"\(s)\""
    case .word(let w): w
    case .list(let xs): "[" + xs.map(Default.numberText).joined(separator: ", ") + "]"
    case .computed(let how): how
    }
  }

  /// Shortest text that reads back as the same Double (`194`, `0.001`, `1e-10`).
  package static func numberText(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return "\(x)"
  }
}

public struct ParameterInfo: Sendable {
  public var name: String
  public var kind: ValueKind
  /// nil = required.
  public var defaultValue: Default?
  public var doc: String
  /// Bare words this parameter accepts besides values of `kind` (`glorot(uniform)`, `lr: auto`); for a
  /// `.string` parameter, the strings it accepts (`boundary: "sphere"`), checked when constant.
  public var symbols: [String]
  /// The values a number may take (`open`: the ends excluded) and whether it must be whole; the
  /// checker refuses constants outside it, so `two_spirals(points: 0)` is found before anything runs,
  /// and the run refuses computed values outside it with the same message.
  public var range: ClosedRange<Double>?
  public var open = false
  public var whole = false

  public init(
    _ name: String, _ kind: ValueKind, default defaultValue: Default? = nil, _ doc: String = "", symbols: [String] = []
  ) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.doc = doc
    self.symbols = symbols
  }
  public var isRequired: Bool { defaultValue == nil }

  /// The same parameter with a range: `ParameterInfo("k", .number).within(1...1000, whole: true)`.
  public func within(_ range: ClosedRange<Double>, open: Bool = false, whole: Bool = false) -> ParameterInfo {
    var p = self
    p.range = range
    p.open = open
    p.whole = whole
    return p
  }

  /// Whether `x` is allowed, and how the allowed values read in a message.
  package func allows(_ x: Double) -> Bool {
    guard let range else { return true }
    if !x.isFinite || (whole && x != x.rounded()) { return false }
    return open ? x > range.lowerBound && x < range.upperBound : range.contains(x)
  }

  package var rangeText: String {
    guard let range else { return "" }
    let (lo, hi) = (Table.format(range.lowerBound), Table.format(range.upperBound))
    let kind = whole ? "a whole number" : "a number"
    if range.upperBound == .infinity {
      return open ? "a finite \(kind.dropFirst(2)) > \(lo)" : "a finite \(kind.dropFirst(2)) ≥ \(lo)"
    }
    return open ? "\(kind) strictly between \(lo) and \(hi)" : "\(kind) from \(lo) to \(hi)"
  }
}

/// A member of a record a built-in returns (`fisher(m, d).max`), or of a value kind (`d.x`): the checker
/// resolves `.name` against these, the docs list them, and RegistryTests runs every record built-in and
/// checks its record has exactly these members (present, or absent with a reason).
public struct MemberInfo: Sendable {
  public var name: String
  public var kind: ValueKind
  public var doc: String
  /// The members of a nested record (`scm_theory(…).plateau.level`).
  public var members: [MemberInfo]

  public init(_ name: String, _ kind: ValueKind, _ doc: String = "", members: [MemberInfo] = []) {
    self.name = name
    self.kind = kind
    self.doc = doc
    self.members = members
  }
}

/// How the checker reads a net line or a train line of an entry into the IR (the rules themselves are the
/// checker's methods, in CheckDeclarations.swift).
package enum LineRule: Sendable {
  /// A layer line: its IR layer, or nil after reporting why there is none.
  case layer(@Sendable (inout Checker, NetLine) -> IRLayer?)
  /// A net option line (`init he`), set into the net.
  case netOption(@Sendable (inout Checker, NetLine, inout IRNet) -> Void)
  /// A train setting (`epochs 100`): its one value, set into the train block.
  case trainSetting(@Sendable (inout Checker, Argument, inout IRTrain) -> Void)
}

/// The Engine value an option entry stands for, by category (`BuiltinInfo.option`).
package enum OptionValue: Sendable {
  case activation(@Sendable (any CallContext, IRCall) throws -> Activation)
  case loss(Loss)
  case initializer(@Sendable (any CallContext, IRCall) throws -> Initializer)
  case schedule(@Sendable (any CallContext, IRCall) throws -> Schedule)
  case optimizer(@Sendable (any CallContext, IRCall, _ lr: Double) throws -> OptimizerSpec)
}

public struct BuiltinInfo: Sendable {
  public enum Category: String, Sendable, CaseIterable {
    case function, probe, dataset, activation, loss, optimizer, initializer, schedule, layer, netOption
    case trainSetting, algebra, statement
  }
  public var name: String
  public var category: Category
  public var parameters: [ParameterInfo]
  public var returns: ValueKind
  public var doc: String
  /// Accepts any number of positional arguments of `parameters[0].kind` (min, max, sum, mean).
  public var variadic: Bool
  /// The members of the record it returns; empty when it returns no record, or when `openMembers`.
  public var members: [MemberInfo] = []
  /// The record's members are known only when it runs (`history`: one per logged probe).
  public var openMembers = false
  /// The algebra a parameterless algebra entry names (`complex`).
  public var algebra: Algebra?
  /// What a call does, for callable entries (functions, probes, datasets, parameterised algebras): it reads
  /// its arguments through the typed accessors of `CallContext` (`i.number(c, "tol")`, …), which the
  /// interpreter provides.
  package var run: Implementation?

  /// A callable entry's implementation: the context evaluating the call (the interpreter), and the bound call.
  package typealias Implementation = @Sendable (any CallContext, IRCall) throws -> Value

  /// What an option entry (an activation, a loss, an initializer, a schedule, an optimizer) stands for in
  /// the Engine, made from its bound call (`Options` reads it; RegistryTests checks every option has one).
  package var option: OptionValue?

  /// How the checker reads a net line or train line of this entry (layers, net options, train settings).
  package var lineRule: LineRule?

  public init(
    _ name: String, _ category: Category, _ parameters: [ParameterInfo] = [], returns: ValueKind = .none,
    variadic: Bool = false, _ doc: String
  ) {
    self.name = name
    self.category = category
    self.parameters = parameters
    self.returns = returns
    self.variadic = variadic
    self.doc = doc
  }

  /// An entry without parameters: `BuiltinInfo("tanh", .activation, "hyperbolic tangent").activation(.tanh)`.
  public init(_ name: String, _ category: Category, _ doc: String) {
    self.init(name, category, [], doc)
  }

  /// The same entry with the members of the record it returns.
  public func withMembers(_ ms: [MemberInfo]) -> BuiltinInfo {
    var b = self
    b.members = ms
    return b
  }

  /// The same entry with its implementation: `BuiltinInfo("ntk", .probe, …).run { i, c in … }`.
  package func run(_ implementation: @escaping Implementation) -> BuiltinInfo {
    var b = self
    b.run = implementation
    return b
  }

  /// The same entry, standing for an Engine activation: a fixed one, or one made from its arguments.
  package func activation(_ a: Activation) -> BuiltinInfo { activation { _, _ in a } }
  package func activation(_ make: @escaping @Sendable (any CallContext, IRCall) throws -> Activation) -> BuiltinInfo {
    var b = self
    b.option = .activation(make)
    return b
  }

  package func loss(_ l: Loss) -> BuiltinInfo {
    var b = self
    b.option = .loss(l)
    return b
  }

  package func initializer(_ i: Initializer) -> BuiltinInfo { initializer { _, _ in i } }
  package func initializer(_ make: @escaping @Sendable (any CallContext, IRCall) throws -> Initializer) -> BuiltinInfo {
    var b = self
    b.option = .initializer(make)
    return b
  }

  package func schedule(_ s: Schedule) -> BuiltinInfo { schedule { _, _ in s } }
  package func schedule(_ make: @escaping @Sendable (any CallContext, IRCall) throws -> Schedule) -> BuiltinInfo {
    var b = self
    b.option = .schedule(make)
    return b
  }

  /// An optimizer, made from its call and its learning rate (`Options.optimizer` reads `lr`, `auto` included).
  package func optimizer(
    _ make: @escaping @Sendable (any CallContext, IRCall, _ lr: Double) throws -> OptimizerSpec
  ) -> BuiltinInfo {
    var b = self
    b.option = .optimizer(make)
    return b
  }

  /// The same entry, with the checker's rule for its lines.
  package func rule(_ r: LineRule) -> BuiltinInfo {
    var b = self
    b.lineRule = r
    return b
  }

  /// The same entry, whose record's members are known only at run time.
  public func withOpenMembers(_ known: [MemberInfo]) -> BuiltinInfo {
    var b = withMembers(known)
    b.openMembers = true
    return b
  }

  /// Its record's members for help texts and docs.
  public var memberSummary: String {
    Builtins.memberList(members) + (openMembers ? (members.isEmpty ? "" : ", ") + "and one per logged column" : "")
  }

  /// `dense(units, activation)` style signature for help texts.
  public var signature: String {
    let ps = parameters.map { p in p.defaultValue.map { "\(p.name): \($0.text)" } ?? p.name }
    let args = variadic ? "\(parameters.first?.name ?? "x"), …" : ps.joined(separator: ", ")
    switch category {
    case .layer, .netOption, .trainSetting, .statement:
      return parameters.isEmpty ? name : "\(name) \(args)"
    case .activation, .loss, .initializer, .schedule, .algebra:
      return parameters.isEmpty ? name : "\(name)(\(args))"
    default:
      return "\(name)(\(args))"
    }
  }
}

/// The registry. Lookups are by category because one spelling may mean two things in two places
/// (`sin` is a math function in expressions and an activation in a `dense` line).
public enum Builtins {
  public static let all: [BuiltinInfo] =
    statements + functions + probes + analysisProbes + dynamicsProbes + scmProbes + baselineProbes + datasets
    + activations + losses
    + optimizers
    + initializers
    + schedules + layers + netOptions + trainSettings + algebras

  private static let byCategory: [BuiltinInfo.Category: [String: BuiltinInfo]] = {
    var map: [BuiltinInfo.Category: [String: BuiltinInfo]] = [:]
    for b in all { map[b.category, default: [:]][b.name] = b }
    return map
  }()

  public static func lookup(_ name: String, _ category: BuiltinInfo.Category) -> BuiltinInfo? {
    byCategory[category]?[name]
  }

  public static func names(_ categories: BuiltinInfo.Category...) -> [String] {
    categories.flatMap { (byCategory[$0] ?? [:]).keys }.sorted()
  }

  /// Every entry with this name, any category (for `:help name`).
  public static func entries(named name: String) -> [BuiltinInfo] { all.filter { $0.name == name } }

  /// Functions callable in expressions: plain functions, probes and dataset generators.
  public static func callable(_ name: String) -> BuiltinInfo? {
    lookup(name, .function) ?? lookup(name, .probe) ?? lookup(name, .dataset)
      ?? lookup(name, .algebra).flatMap { $0.parameters.isEmpty ? nil : $0 }
  }
  public static var callableNames: [String] {
    names(.function, .probe, .dataset) + algebras.filter { !$0.parameters.isEmpty }.map(\.name)
  }

  /// The members of values that are not records (`d.x`, `m.parameters`).
  public static let valueMembers: [ValueKind: [MemberInfo]] = [
    .data: [
      MemberInfo("x", .matrix, "the inputs, N × features"), MemberInfo("inputs", .matrix, "= x"),
      MemberInfo("y", .matrix, "the targets, N × outputs"), MemberInfo("targets", .matrix, "= y"),
      MemberInfo("n", .number, "the number of points"), MemberInfo("count", .number, "= n"),
      MemberInfo("features", .number, "the number of input features"),
    ],
    .matrix: [MemberInfo("rows", .number), MemberInfo("cols", .number)],
    .net: [MemberInfo("parameters", .number, "the number of real parameters")],
    .algebra: [MemberInfo("dimension", .number, "the real dimension")],
  ]

  // MARK: - Statements (for :help)

  package static let statements: [BuiltinInfo] = [
    BuiltinInfo(
      "seed", .statement, [ParameterInfo("n", .number)], "seed n — every random draw after it derives from n"),
    BuiltinInfo("let", .statement, [], "let name = value — a constant: number, string, list or range"),
    BuiltinInfo("algebra", .statement, [], "algebra name = clifford(p: 0, q: 2, r: 0) — name an algebra"),
    BuiltinInfo("data", .statement, [], "data name = generator(…) or data a, b = split(d, 0.8)"),
    BuiltinInfo(
      "net", .statement, [], "net name [over algebra] { input n; dense n, act; … } or net name = load(\"f.json\")"),
    BuiltinInfo(
      "train", .statement, [], "train net on data { loss …; optimizer …; batch …; epochs …; every k: …; stop when … }"),
    BuiltinInfo("sweep", .statement, [], "sweep a in [..], b in 1..3 { … } — one merged table of the prints inside"),
    BuiltinInfo("print", .statement, [], "print x or print label: x, other: y — an aligned table"),
    BuiltinInfo(
      "plot", .statement, [],
      "plot value[, title:, xlabel:, ylabel:, kind: \"line|semilogy|loglog|histogram|heatmap|scatter\", bins:, net:, x:] to \"f.svg\" — a history is a loss curve, a list a line against its index or x: (a .spectrum a histogram), a matrix a heat map, 2-D data a scatter (over a net's decision regions with net:)"
    ),
    BuiltinInfo("save", .statement, [], "save net to \"net.json\" or save result to \"r.json\" / \"r.csv\""),
    BuiltinInfo("assert", .statement, [], "assert condition, \"message\" — fails the run (exit 1) when false"),
  ]

  // MARK: - Functions

  package static let functions: [BuiltinInfo] = [
    elementwise("abs", "absolute value") { Swift.abs($0) },
    elementwise("sqrt", "square root") { $0.squareRoot() },
    elementwise("exp", "exponential") { Foundation.exp($0) },
    elementwise("log", "natural logarithm") { Foundation.log($0) },
    elementwise("sin", "sine") { Foundation.sin($0) },
    elementwise("cos", "cosine") { Foundation.cos($0) },
    elementwise("tan", "tangent") { Foundation.tan($0) },
    // The activations' own definitions, so a formula and a net's activation agree to the bit.
    elementwise("tanh", "hyperbolic tangent") { Activation.tanh.apply($0) },
    elementwise("sigmoid", "1/(1 + e^(−x))") { Activation.sigmoid.apply($0) },
    elementwise("relu", "max(0, x)") { Activation.relu.apply($0) },
    elementwise("softplus", "log(1 + e^x)") { Activation.softplus.apply($0) },
    elementwise("erf", "the error function") { Activation.erf.apply($0) },
    elementwise("gelu", "x Φ(x)") { Activation.gelu.apply($0) },
    elementwise("sign", "−1, 0 or 1") { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 },
    elementwise("floor", "largest integer ≤ x") { $0.rounded(.down) },
    BuiltinInfo(
      "min", .function, [ParameterInfo("x", .any)], returns: .number, variadic: true,
      "smallest element of a list or matrix, or of the arguments"
    ).run(reduction(empty: "min") { $0.min()! }),
    BuiltinInfo(
      "max", .function, [ParameterInfo("x", .any)], returns: .number, variadic: true,
      "largest element of a list or matrix, or of the arguments"
    ).run(reduction(empty: "max") { $0.max()! }),
    BuiltinInfo("sum", .function, [ParameterInfo("x", .any)], returns: .number, "sum of a list or matrix").run(
      reduction(empty: nil) { $0.reduce(0, +) }),
    BuiltinInfo("mean", .function, [ParameterInfo("x", .any)], returns: .number, "mean of a list or matrix").run(
      reduction(empty: "mean") { $0.reduce(0, +) / Double($0.count) }),
    BuiltinInfo(
      "len", .function, [ParameterInfo("x", .any)], returns: .number, "number of elements (rows of a dataset)"
    ).run { i, c in
      let x = c.arguments["x"]!
      switch try i.evaluate(x) {
      case .list(let xs): return .number(Double(xs.count))
      case .matrix(let m): return .number(Double(m.rows))
      case .data(let d): return .number(Double(d.count))
      case .string(let s): return .number(Double(s.count))
      case let v: throw RuntimeError(.lenInput(found: "\(v.kind)"), at: x.span)
      }
    },
    BuiltinInfo(
      "split", .function,
      [ParameterInfo("data", .data), ParameterInfo("fraction", .number, default: 0.8).within(0...1, open: true)],
      returns: .list, "deterministic shuffle then split into (train, test): data a, b = split(d, 0.8)"
    ).run { i, c in
      let d = try i.dataset(c.arguments["data"]!)
      let f = try i.number(c, "fraction")
      var rng = i.stream(i.dataLabel)
      let (a, b) = try engine(c) { try Datasets.split(d, fraction: f, rng: &rng) }
      return .list([.data(a), .data(b)])
    },
    BuiltinInfo(
      "load", .function, [ParameterInfo("path", .string)], returns: .net,
      "a net saved with save net to \"f.json\", restored bit for bit"
    ).run { i, c in
      let path = i.resolve(try i.string(c.arguments["path"]!))
      return .net(try NetFile.load(path, at: c.span))
    },
    BuiltinInfo(
      "realify", .function, [ParameterInfo("net", .net)], returns: .net,
      "the equivalent real net of a hypercomplex net (Nitta: a complex net is a real net with structured weights)"
    ).run { i, c in
      let h = try i.netHandle(c.arguments["net"]!)
      let real = try engine(c) { try Engine.realify(h.network) }
      return .net(NetHandle(name: h.name + "_real", network: real, loss: h.loss))
    },
  ]

  // MARK: - Probes

  package static let probes: [BuiltinInfo] = [
    BuiltinInfo(
      "loss", .probe,
      [
        ParameterInfo("net", .predictor), ParameterInfo("data", .data),
        ParameterInfo(
          "loss", .symbol, default: .computed("the net's (mse for a fitted model)"),
          "any loss: mse, cross_entropy, logistic, hinge",
          symbols: losses.map(\.name)),
      ], returns: .number,
      "the loss of net on data: by default the loss of its last train block (mse if never trained)"
    ).run { i, c in
      let (h, d): (NetHandle, Dataset)
      switch try i.predictorAndData(c) {
      case .model(let m, let d): return .number(try i.modelLoss(m, d, c))
      case .net(let nh, let nd): (h, d) = (nh, nd)
      }
      let loss = try i.word(c, "loss") { "" }
      return .number(try i.lossValue(h, d, loss: Options.loss(named: loss) ?? h.loss, at: c.arguments["data"]!.span))
    },
    BuiltinInfo(
      "accuracy", .probe, [ParameterInfo("net", .predictor), ParameterInfo("data", .data)], returns: .number,
      "fraction of correctly classified points: argmax for several outputs; one output: f > 0.5 on a sigmoid "
        + "head, the sign of f on a logit/margin head (logistic, cross_entropy, hinge), the label midpoint under mse (so for a fitted model)"
    ).run { i, c in
      let (h, d): (NetHandle, Dataset)
      switch try i.predictorAndData(c) {
      case .model(let m, let d): return .number(try i.modelAccuracy(m, d, c))
      case .net(let nh, let nd): (h, d) = (nh, nd)
      }
      guard d.y.cols == 1 || d.y.cols == h.network.spec.outputFeatures else {
        throw RuntimeError(
          .accuracyShapes(outputs: h.network.spec.outputFeatures, targets: d.y.cols), at: c.arguments["data"]!.span)
      }
      let t = Metrics.threshold(head: h.network.spec.outputActivation, loss: h.loss, labels: d.y)
      return .number(try Metrics.accuracy(h.network.predict(d.x), d, threshold: t, at: c.arguments["data"]!.span))
    },
    BuiltinInfo(
      "predict", .probe, [ParameterInfo("net", .predictor), ParameterInfo("data", .data)], returns: .matrix,
      "the outputs of a net or a fitted model on data: an N×outputs matrix"
    ).run { i, c in
      switch try i.predictorAndData(c) {
      case .model(let m, let d): return .matrix(try i.modelPredict(m, d, c))
      case .net(let h, let d): return .matrix(h.network.predict(d.x))
      }
    },
    BuiltinInfo(
      "history", .probe, [ParameterInfo("net", .net)], returns: .record,
      "the logged training history: loss per epoch and one member per every-k probe"
    ).withOpenMembers([MemberInfo("epochs", .list), MemberInfo("loss", .list, "per epoch")]).run { i, c in
      let h = try i.netHandle(c.arguments["net"]!)
      return .record(h.history.record)
    },
  ]

  // MARK: - Datasets

  package static let datasets: [BuiltinInfo] = [
    BuiltinInfo("xor", .dataset, [], returns: .data, "the four XOR points, labels 0/1").run { _, _ in
      .data(Datasets.xor())
    },
    BuiltinInfo(
      "two_spirals", .dataset,
      [
        ParameterInfo("points", .number, default: 194).within(2...10_000_000, whole: true),
        noise,
      ],
      returns: .data, "Lang & Witbrock's two spirals by Wieland's generator: 194 points, labels 0/1"
    ).run { i, c in
      var rng = i.stream(i.dataLabel)
      let points = try i.integer(c, "points")
      let noise = try i.number(c, "noise")
      return .data(try engine(c) { try Datasets.twoSpirals(points: points, noise: noise, rng: &rng) })
    },
    BuiltinInfo(
      "circles", .dataset,
      [n(100), noise, ParameterInfo("factor", .number, default: 0.8, "inner radius / outer radius").within(0...1)],
      returns: .data, "two concentric circles (scikit-learn make_circles), labels 0 outer / 1 inner"
    ).run { i, c in
      try generate(i, c) { rng in
        try Datasets.circles(
          n: i.integer(c, "n"), noise: i.number(c, "noise"), factor: i.number(c, "factor"), rng: &rng)
      }
    },
    BuiltinInfo("moons", .dataset, [n(100), noise], returns: .data, "two interleaving half circles (make_moons)").run {
      i, c in
      try generate(i, c) { rng in
        try Datasets.moons(n: i.integer(c, "n"), noise: i.number(c, "noise"), rng: &rng)
      }
    },
    BuiltinInfo(
      "gaussians", .dataset,
      [
        n(100), ParameterInfo("centers", .number, default: 3).within(1...10_000, whole: true),
        ParameterInfo("std", .number, default: 1).within(0...Double.infinity),
        ParameterInfo("dim", .number, default: 2).within(1...100_000, whole: true),
      ], returns: .data, "isotropic Gaussian blobs, one class per centre (make_blobs)"
    ).run { i, c in
      try generate(i, c) { rng in
        try Datasets.gaussians(
          n: i.integer(c, "n"), centers: i.integer(c, "centers"), std: i.number(c, "std"), dim: i.integer(c, "dim"),
          rng: &rng)
      }
    },
    BuiltinInfo(
      "checkerboard", .dataset, [n(200), ParameterInfo("cells", .number, default: 4).within(1...1_000, whole: true)],
      returns: .data,
      "uniform points on a cells×cells checkerboard, labels by square colour"
    ).run { i, c in
      try generate(i, c) { rng in
        try Datasets.checkerboard(
          n: i.integer(c, "n"), cells: i.integer(c, "cells"), rng: &rng)
      }
    },
    BuiltinInfo("playground_spiral", .dataset, [n(500), noise], returns: .data, "TensorFlow Playground's spiral").run(
      playground(Datasets.playgroundSpiral)),
    BuiltinInfo("playground_circle", .dataset, [n(500), noise], returns: .data, "TensorFlow Playground's circle").run(
      playground(Datasets.playgroundCircle)),
    BuiltinInfo("playground_xor", .dataset, [n(500), noise], returns: .data, "TensorFlow Playground's xor").run(
      playground(Datasets.playgroundXOR)),
    BuiltinInfo(
      "playground_gauss", .dataset, [n(500), noise], returns: .data, "TensorFlow Playground's two Gaussians"
    ).run(playground(Datasets.playgroundGauss)),
    BuiltinInfo(
      "gaussian", .dataset, [ParameterInfo("dim", .number).within(1...1_000_000, whole: true), n(100)], returns: .data,
      "standard normal inputs (targets 0): inputs for Fisher and NTK probes"
    ).run { i, c in
      try generate(i, c) { rng in
        try Datasets.gaussian(
          dim: i.integer(c, "dim"), n: i.integer(c, "n"), rng: &rng)
      }
    },
    BuiltinInfo(
      "teacher", .dataset,
      [
        ParameterInfo("net", .net),
        ParameterInfo(
          "inputs", .any, default: .computed("the net's input features"),
          "a feature count (standard Gaussian inputs are drawn) or a dataset whose points are labelled"
        ).within(1...1_000_000, whole: true), n(1000),
        noise,
      ], returns: .data,
      "teacher–student data: targets = teacher net's outputs + noise on fresh Gaussian inputs or on given ones "
        + "(teacher(t, inputs: d))"
    ).run { i, c in
      let h = try i.netHandle(c.arguments["net"]!)
      let want = h.network.spec.inputFeatures
      let noise = try i.number(c, "noise")
      if let e = c.arguments["inputs"], case .data(let d) = try i.evaluate(e) {
        // Labels the given inputs (their targets are replaced): the teacher–student pair sees the same points.
        if let n = c.arguments["n"] {
          throw RuntimeError(.generatedInputsCount(d.name), at: n.span)
        }
        try i.checkInput(h, d, at: e.span)
        return try generate(i, c) { rng in
          var t = try Datasets.teacher(predict: { h.network.predict($0) }, labeling: d.x, noise: noise, rng: &rng)
          t.featureNames = d.featureNames
          return t
        }
      }
      let inputs = try i.integer(c, "inputs") { want }
      guard inputs == want else {
        throw RuntimeError(
          .teacherInputs(h.name, features: want, inputs: "\(inputs)"), at: c.arguments["inputs"]!.span)
      }
      return try generate(i, c) { rng in
        try Datasets.teacher(
          predict: { h.network.predict($0) }, inputs: inputs, n: i.integer(c, "n"), noise: noise, rng: &rng)
      }
    },
    BuiltinInfo(
      "affine", .dataset,
      [
        ParameterInfo("transform", .any, "a transform or a list of them (applied in order)"),
        ParameterInfo("shape", .string, default: .string("circle"), symbols: Options.affineShapes.map(\.word)), n(100),
      ], returns: .data, "2-D points and their images under an affine map of the plane (Nitta)"
    ).run { i, c in
      let t = c.arguments["transform"]!
      let transforms = try affineTransforms(try i.evaluate(t), at: t.span)
      let shape = try Options.affineShape(try i.word(c, "shape"), at: c)
      return try generate(i, c) { rng in
        try Datasets.affine(transform: transforms, shape: shape, n: i.integer(c, "n"), rng: &rng)
      }
    },
    BuiltinInfo(
      "piecewise_smooth", .dataset,
      [
        ParameterInfo("dim", .number, default: 2).within(1...10_000, whole: true),
        ParameterInfo("smoothness", .number, default: 2).within(0...Double.infinity, open: true),
        ParameterInfo("boundary", .string, default: .string("sphere"), symbols: Options.boundaries.map(\.word)),
        n(1000),
        noise,
      ], returns: .data, "a target smooth except for a jump across a hypersurface (Imaizumi & Fukumizu 2019)"
    ).run { i, c in
      let boundary = try Options.boundary(try i.word(c, "boundary"), at: c)
      return try generate(i, c) { rng in
        try Datasets.piecewiseSmooth(
          dim: i.integer(c, "dim"), smoothness: i.number(c, "smoothness"), boundary: boundary, n: i.integer(c, "n"),
          noise: i.number(c, "noise"), rng: &rng)
      }
    },
    BuiltinInfo(
      "low_noise", .dataset,
      [
        ParameterInfo("dim", .number, default: 2).within(1...10_000, whole: true),
        ParameterInfo("margin", .number, default: 0.1, "below half of √dim").within(0...Double.infinity),
        ParameterInfo("flip", .number, default: 0, "probability of a flipped label, below 0.5").within(0...0.5),
        n(1000),
      ], returns: .data, "a hard-margin linear classification problem with label flips (Nitanda & Suzuki 2019)"
    ).run { i, c in
      try generate(i, c) { rng in
        try Datasets.lowNoise(
          dim: i.integer(c, "dim"), margin: i.number(c, "margin"), flip: i.number(c, "flip"), n: i.integer(c, "n"),
          rng: &rng)
      }
    },
    BuiltinInfo(
      "regression", .dataset,
      [
        ParameterInfo("f", .number, "an expression in x1 … xd (x = x1)"),
        ParameterInfo("dim", .number, default: 1).within(1...16, whole: true),
        n(200), noise, ParameterInfo("domain", .list, default: .list([-1, 1])),
      ], returns: .data, "y = f(x) + noise with x uniform on domain^dim: regression(f: sin(3 * x1), n: 100)"
    ).run { i, c in
      let f = c.arguments["f"]!
      let dim = try i.integer(c, "dim")
      var domain = (lo: -1.0, hi: 1.0)
      if let d = c.arguments["domain"] {
        let xs = try Arithmetic.numbers(try i.evaluate(d), at: d.span)
        guard xs.count == 2, xs[0] < xs[1] else { throw RuntimeError(.domainOrder, at: d.span) }
        domain = (xs[0], xs[1])
      }
      return try generate(i, c) { rng in
        try Datasets.regression(
          f: { x in
            var scope: [String: Value] = ["x": .number(x[0])]
            for (k, v) in x.enumerated() { scope["x\(k + 1)"] = .number(v) }
            i.locals.append(scope)
            defer { i.locals.removeLast() }
            return try i.number(f)
          }, dim: dim, n: i.integer(c, "n"), noise: i.number(c, "noise"), domain: domain, rng: &rng)
      }
    },
    BuiltinInfo(
      "csv", .dataset,
      [
        ParameterInfo("path", .string), ParameterInfo("target", .string, default: .computed("the last column")),
        ParameterInfo("features", .list, default: .computed("all other columns")),
        ParameterInfo("classify", .boolean, default: .computed("true for text targets")),
      ], returns: .data, "a CSV file with a header row; text targets become classes"
    ).run { i, c in
      let path = i.resolve(try i.string(c.arguments["path"]!))
      let target = try c.arguments["target"].map { try i.string($0) }
      let features = try c.arguments["features"].map { e -> [String] in
        guard case .list(let xs) = try i.evaluate(e) else {
          throw RuntimeError(.featureNames, at: e.span)
        }
        return try xs.map { v in
          guard case .string(let s) = v else { throw RuntimeError(.featureColumnNames, at: e.span) }
          return s
        }
      }
      let classify = try c.arguments["classify"].map { _ in try i.flag(c, "classify") }
      do {
        return .data(try Datasets.csv(path: path, target: target, features: features, classify: classify))
      } catch DataError.unknownColumn(let file, let name, let columns) {
        // The Engine lists the columns; the near miss is the language's business.
        throw RuntimeError(
          .csvNoColumn(name, file: file), at: c.span,
          fixIt: Suggest.didYouMean(name, in: columns) ?? "its columns: " + columns.joined(separator: ", "))
      } catch let e as RuntimeError {
        throw e
      } catch {
        throw RuntimeError(.failedIn("csv", reason: "\(error)"), at: c.span)
      }
    },
    BuiltinInfo(
      "standardize", .dataset,
      [ParameterInfo("data", .data), ParameterInfo("like", .data, default: .computed("data"))],
      returns: .data, "zero mean, unit variance features (with like: use another dataset's statistics)"
    ).run { i, c in
      let d = try i.dataset(c.arguments["data"]!)
      if let like = c.arguments["like"] {
        let ref = try i.dataset(like)
        return .data(try engine(c) { try Datasets.standardize(d, using: ref) })
      }
      return .data(Datasets.standardize(d))
    },
    BuiltinInfo(
      "subsample", .dataset,
      [ParameterInfo("data", .data), ParameterInfo("n", .number).within(1...10_000_000, whole: true)], returns: .data,
      "n points drawn without replacement"
    ).run { i, c in
      let d = try i.dataset(c.arguments["data"]!)
      let n = try i.integer(c, "n")
      guard n <= d.count else {
        throw RuntimeError(.subsampleTooMany(points: d.count, data: d.name, found: n), at: c.span)
      }
      var rng = i.stream(i.dataLabel + ":subsample")
      return .data(try engine(c) { try Datasets.subsample(d, n: n, rng: &rng) })
    },
    BuiltinInfo(
      "shuffle", .dataset, [ParameterInfo("data", .data)], returns: .data, "the points in a seeded random order"
    ).run { i, c in
      let d = try i.dataset(c.arguments["data"]!)
      var rng = i.stream(i.dataLabel + ":shuffle")
      return .data(Datasets.shuffle(d, rng: &rng))
    },
    BuiltinInfo(
      "rotate", .function, [ParameterInfo("angle", .number)], returns: .record,
      "an affine transform: rotation (radians)"
    ).withMembers(transformMembers).run(transform { i, c in .rotate(angle: try i.number(c.arguments["angle"]!)) }),
    BuiltinInfo(
      "scale", .function, [ParameterInfo("factor", .number)], returns: .record, "an affine transform: scaling"
    ).withMembers(transformMembers).run(transform { i, c in .scale(try i.number(c.arguments["factor"]!)) }),
    BuiltinInfo(
      "translate", .function, [ParameterInfo("dx", .number), ParameterInfo("dy", .number)], returns: .record,
      "an affine transform: translation"
    ).withMembers(transformMembers).run(
      transform { i, c in
        .translate(dx: try i.number(c.arguments["dx"]!), dy: try i.number(c.arguments["dy"]!))
      }),
    BuiltinInfo(
      "reflect", .function, [ParameterInfo("angle", .number, default: 0)], returns: .record,
      "an affine transform: reflection across the line at angle (0 = complex conjugation)"
    ).withMembers(transformMembers).run(transform { i, c in .reflect(axisAngle: try i.number(c, "angle")) }),
    BuiltinInfo(
      "shear", .function, [ParameterInfo("k", .number)], returns: .record, "an affine transform: (x, y) ↦ (x, y + kx)"
    ).withMembers(transformMembers).run(transform { i, c in .shear(try i.number(c.arguments["k"]!)) }),
  ]

  package static let transformMembers = [
    MemberInfo("name", .string, "rotate, scale, translate, reflect or shear"),
    MemberInfo("parameters", .list, "its arguments"),
  ]

  package static func n(_ d: Int) -> ParameterInfo {
    ParameterInfo("n", .number, default: .number(Double(d)), "number of points").within(1...10_000_000, whole: true)
  }
  package static let noise = ParameterInfo("noise", .number, default: 0, "Gaussian noise level")
    .within(0...Double.infinity)

  // MARK: - Model vocabulary

  package static let activations: [BuiltinInfo] = [
    BuiltinInfo("identity", .activation, "f(x) = x").activation(.identity),
    BuiltinInfo("tanh", .activation, "hyperbolic tangent (split-wise on hypercomplex algebras)").activation(.tanh),
    BuiltinInfo("sigmoid", .activation, "logistic sigmoid 1/(1+e^-x)").activation(.sigmoid),
    BuiltinInfo("relu", .activation, "max(0, x)").activation(.relu),
    BuiltinInfo(
      "leaky_relu", .activation, [ParameterInfo("a", .number, default: 0.01, "slope for x < 0")], "max(ax, x)"
    ).activation { i, c in .leakyRelu(try i.number(c, "a")) },
    BuiltinInfo("softplus", .activation, "log(1 + e^x)").activation(.softplus),
    BuiltinInfo(
      "erf", .activation, [ParameterInfo("s", .number, default: 1, "scale of the input: erf(s·x)")],
      "the error function erf(s·x) (closed-form NTK, mean-field and soft-committee integrals); Saad & Solla's "
        + "g(x) = erf(x/√2) is erf(0.7071067811865476)"
    ).activation { i, c in
      let scale = try i.number(c, "s")
      guard scale.isFinite, scale != 0 else {
        throw RuntimeError(.erfScale(Table.format(scale)), at: c.arguments["s"]?.span ?? c.span)
      }
      return scale == 1 ? .erf : .scaledErf(scale)
    },
    BuiltinInfo("gelu", .activation, "x Φ(x) (Hendrycks & Gimpel 2016)").activation(.gelu),
    BuiltinInfo("sin", .activation, "sine").activation(.sin),
    BuiltinInfo("softmax", .activation, "normalised exponentials over the outputs (use with cross_entropy)").activation(
      .softmax),
    BuiltinInfo("polar_tanh", .activation, "tanh(|z|)·z/|z| on each algebra unit (Hirose 2012)").activation(.polarTanh),
    BuiltinInfo(
      "modrelu", .activation, [ParameterInfo("b", .number, default: -0.1, "bias of the modulus")],
      "ReLU(|z| + b)·z/|z| (Arjovsky, Shah & Bengio 2016)"
    ).activation { i, c in .modrelu(try i.number(c, "b")) },
    BuiltinInfo("zrelu", .activation, "z if every component is positive, else 0 (Guberman 2016)").activation(.zrelu),
    BuiltinInfo("cardioid", .activation, "½(1 + cos arg z)·z (Virtue, Yu & Lustig 2017)").activation(.cardioid),
    BuiltinInfo(
      "idempotent_tanh", .activation,
      "the analytic tanh of hyperbolic numbers and commutative quaternions via the idempotent split: tanh(x + y)e₊ + tanh(x − y)e₋"
    ).activation(.idempotentTanh),
  ]

  package static let losses: [BuiltinInfo] = [
    BuiltinInfo("mse", .loss, "mean over samples and outputs of (f − y)² (PyTorch MSELoss)").loss(.mse),
    BuiltinInfo("cross_entropy", .loss, "softmax + negative log-likelihood; targets are class labels or one-hot").loss(
      .crossEntropy),
    BuiltinInfo("logistic", .loss, "log-loss on each output taken as a logit, 0/1 labels").loss(.logistic),
    BuiltinInfo("hinge", .loss, "max(0, 1 − t f), t = ±1 (0/1 labels count as −1/+1)").loss(.hinge),
  ]

  package static let lr = ParameterInfo(
    "lr", .number, default: 0.1,
    "learning rate ≥ 0 (0 evaluates without moving), or auto (= half the stability bound lr_bound)", symbols: ["auto"]
  ).within(0...Double.infinity)

  package static let optimizers: [BuiltinInfo] = [
    BuiltinInfo("gd", .optimizer, [lr], "gradient descent").optimizer { _, _, lr in .gd(lr: lr) },
    BuiltinInfo(
      "sgd", .optimizer,
      [
        lr, ParameterInfo("momentum", .number, default: 0, "in [0, 1)").within(0...1),
        ParameterInfo("nesterov", .boolean, default: false),
      ],
      "stochastic gradient descent with optional (Nesterov) momentum"
    ).optimizer { i, c, lr in
      let m = try i.number(c, "momentum")
      guard m < 1 else {
        throw RuntimeError(.momentumRange(Table.format(m)), at: c.arguments["momentum"]?.span ?? c.span)
      }
      return .sgd(lr: lr, momentum: m, nesterov: try i.flag(c, "nesterov"))
    },
    BuiltinInfo(
      "adam", .optimizer,
      [
        ParameterInfo("lr", .number, default: 0.001, symbols: ["auto"]).within(0...Double.infinity),
        ParameterInfo("beta1", .number, default: 0.9).within(0...1),
        ParameterInfo("beta2", .number, default: 0.999).within(0...1),
        ParameterInfo("eps", .number, default: 1e-8).within(0...Double.infinity, open: true),
      ], "Adam (Kingma & Ba 2015)"
    ).optimizer { i, c, lr in
      .adam(lr: lr, beta1: try i.number(c, "beta1"), beta2: try i.number(c, "beta2"), eps: try i.number(c, "eps"))
    },
    BuiltinInfo(
      "natural", .optimizer,
      [
        lr, ParameterInfo("damping", .number, default: 0.001).within(0...Double.infinity, open: true),
        ParameterInfo(
          "fisher", .symbol, default: .word("exact"), "exact, block_diagonal or kfac",
          symbols: ["exact", "block_diagonal", "kfac"]),
      ], "natural gradient θ ← θ − lr (F + damping·I)⁻¹ ∇L (Amari 1998)"
    ).optimizer { i, c, lr in
      let kind: FisherKind =
        switch try i.word(c, "fisher") {
        case "block_diagonal": .blockDiagonal
        case "kfac": .kfac
        default: .exact
        }
      return .natural(lr: lr, damping: try i.number(c, "damping"), fisher: kind)
    },
    BuiltinInfo(
      "langevin", .optimizer, [lr, ParameterInfo("temperature", .number, default: 0.001).within(0...Double.infinity)],
      "noisy gradient (Langevin) dynamics: gradient step plus √(2·lr·temperature) Gaussian noise"
    ).optimizer { i, c, lr in .langevin(lr: lr, temperature: try i.number(c, "temperature")) },
    BuiltinInfo("averaged_sgd", .optimizer, [lr], "SGD with Polyak–Ruppert averaging of the iterates").optimizer {
      _, _, lr in .averagedSGD(lr: lr)
    },
  ]

  package static let distribution = ParameterInfo(
    "distribution", .symbol, default: .word("normal"), "normal or uniform", symbols: ["normal", "uniform"])

  package static let initializers: [BuiltinInfo] = [
    BuiltinInfo("zeros", .initializer, "all weights 0").initializer(.zeros),
    BuiltinInfo("constant", .initializer, [ParameterInfo("c", .number)], "all weights c (every hidden unit overlaps)")
      .initializer { i, c in .constant(try i.number(c, "c")) },
    BuiltinInfo(
      "gaussian", .initializer, [ParameterInfo("std", .number, default: 0.1).within(0...Double.infinity, open: true)],
      "N(0, std²)"
    ).initializer { i, c in .gaussian(std: try i.number(c, "std")) },
    BuiltinInfo(
      "uniform", .initializer, [ParameterInfo("a", .number, default: 0.1).within(0...Double.infinity, open: true)],
      "U(−a, a)"
    ).initializer { i, c in .uniform(try i.number(c, "a")) },
    BuiltinInfo(
      "glorot", .initializer, [distribution], "Glorot/Xavier: var 2/(fan_in + fan_out), algebra-aware (default)"
    ).initializer { i, c in .glorot(uniform: try i.word(c, "distribution") == "uniform") },
    BuiltinInfo("xavier", .initializer, [distribution], "= glorot").initializer { i, c in
      .glorot(uniform: try i.word(c, "distribution") == "uniform")
    },
    BuiltinInfo(
      "he", .initializer,
      [distribution, ParameterInfo("mode", .symbol, default: .word("fan_in"), symbols: ["fan_in", "fan_out"])],
      "He/Kaiming: var 2/fan (for ReLU nets)"
    ).initializer { i, c in
      .he(uniform: try i.word(c, "distribution") == "uniform", fanOut: try i.word(c, "mode") == "fan_out")
    },
    BuiltinInfo(
      "kaiming", .initializer,
      [distribution, ParameterInfo("mode", .symbol, default: .word("fan_in"), symbols: ["fan_in", "fan_out"])], "= he"
    ).initializer { i, c in
      .he(uniform: try i.word(c, "distribution") == "uniform", fanOut: try i.word(c, "mode") == "fan_out")
    },
    BuiltinInfo("lecun", .initializer, "LeCun: var 1/fan_in").initializer(.lecun),
    BuiltinInfo("orthogonal", .initializer, "orthogonal weight matrices (Saxe et al. 2014)").initializer(.orthogonal),
    BuiltinInfo(
      "even", .initializer,
      [
        ParameterInfo("std", .number, default: .computed("variance-scaled like glorot")).within(
          0...Double.infinity, open: true)
      ],
      "parameters from an even density: half drawn, half mirrored (Nitta)"
    ).initializer { i, c in .even(std: c.arguments["std"] == nil ? nil : try i.number(c, "std")) },
  ]

  package static let schedules: [BuiltinInfo] = [
    BuiltinInfo("constant", .schedule, "the learning rate stays").schedule(.constant),
    BuiltinInfo(
      "step", .schedule,
      [
        ParameterInfo("every", .number).within(1...1_000_000_000, whole: true),
        ParameterInfo("factor", .number, default: 0.1).within(0...Double.infinity, open: true),
      ],
      "multiply the rate by factor every k epochs"
    ).schedule { i, c in .step(every: try i.integer(c, "every"), factor: try i.number(c, "factor")) },
    BuiltinInfo("cosine", .schedule, "cosine decay to 0 over the epochs").schedule(.cosine),
    BuiltinInfo(
      "inverse_time", .schedule, [ParameterInfo("k", .number, default: 0.01).within(0...Double.infinity)],
      "lr / (1 + k·epoch) (1/t)"
    ).schedule { i, c in .inverseTime(try i.number(c, "k")) },
  ]

  package static let layers: [BuiltinInfo] = [
    BuiltinInfo("input", .layer, [ParameterInfo("units", .number)], "input n — n units of the net's algebra"),
    BuiltinInfo(
      "dense", .layer,
      [
        ParameterInfo("units", .number), ParameterInfo("activation", .symbol, default: .word("identity")),
        ParameterInfo("fixed", .boolean, default: false, "written as the bare word: the layer is not trained"),
        ParameterInfo(
          "augmented", .boolean, default: false, "written as the bare word: the widely linear layer y = Wz + Vz̄"),
        ParameterInfo("init", .symbol, default: .computed("the net's init"), "this layer's own initializer"),
      ],
      "dense n, act[, fixed][, augmented][, init: constant(1)] — a fully connected layer (one OpenBLAS GEMM); fixed freezes it, augmented is the widely linear complex layer y = Wz + Vz̄, init: draws this layer's weights by its own rule instead of the net's"
    ).rule(.layer { ch, line in ch.denseLayer(line) }),
    BuiltinInfo(
      "residual", .layer,
      [
        ParameterInfo("span", .number, default: 1).within(1...2, whole: true),
        ParameterInfo("drop", .number, default: 0, "stochastic depth: skip the block with this probability in training")
          .within(0...1),
      ],
      "residual span: 1|2 { layers } — skip connections over 1 or 2 layers (He et al. 2016)"
    ).rule(.layer { ch, line in ch.residualLayer(line) }),
    BuiltinInfo(
      "dropout", .layer, [ParameterInfo("p", .number)], "dropout p — drop units with probability p in training"
    ).rule(.layer { ch, line in ch.probability(line).map { .dropout($0, span: line.span) } }),
    BuiltinInfo(
      "stochastic_depth", .layer, [ParameterInfo("p", .number)],
      "stochastic_depth p — inside a residual block: skip it with probability p in training (Huang et al. 2016)"
    ).rule(.layer { ch, line in ch.stochasticDepthOutsideResidual(line) }),
    BuiltinInfo("batchnorm", .layer, "batch normalisation of each feature (Ioffe & Szegedy 2015)").rule(
      .layer { ch, line in ch.batchnormLayer(line) }),
  ]

  package static let netOptions: [BuiltinInfo] = [
    BuiltinInfo("init", .netOption, [ParameterInfo("initializer", .symbol)], "init he — how weights are drawn").rule(
      .netOption { ch, line, net in
        guard let first = ch.optionValue(line) else { return }
        net.initializer = ch.option(first.value, .initializer, what: "initializer")
      }),
    BuiltinInfo(
      "param", .netOption, [ParameterInfo("kind", .symbol)],
      "param standard|ntk|mean_field — output scaling 1, 1/√n, 1/n"
    ).rule(
      .netOption { ch, line, net in
        guard let word = ch.optionWord(line, Options.parametrizationNames.values.sorted()) else { return }
        net.parametrization = Options.parametrizationNames.first { $0.value == word }?.key ?? .standard
      }),
    BuiltinInfo(
      "readout", .netOption, [ParameterInfo("kind", .symbol)],
      "readout all|real — all components of a hypercomplex output, or real parts"
    ).rule(
      .netOption { ch, line, net in
        guard let word = ch.optionWord(line, ["all", "real"]) else { return }
        net.readout = word == "real" ? .real : .all
      }),
    BuiltinInfo("bias", .netOption, [ParameterInfo("on", .symbol)], "bias off — no biases in any layer").rule(
      .netOption { ch, line, net in
        guard let word = ch.optionWord(line, ["on", "off"]) else { return }
        net.bias = word == "on"
      }),
  ]

  package static let trainSettings: [BuiltinInfo] = [
    BuiltinInfo("loss", .trainSetting, [ParameterInfo("loss", .symbol)], "loss mse — the training loss").rule(
      .trainSetting { ch, v, t in t.loss = ch.option(v.value, .loss, what: "loss") }),
    BuiltinInfo(
      "optimizer", .trainSetting, [ParameterInfo("optimizer", .symbol)], "optimizer sgd(lr: 0.1, momentum: 0.9)"
    ).rule(.trainSetting { ch, v, t in t.optimizer = ch.option(v.value, .optimizer, what: "optimizer") }),
    BuiltinInfo("batch", .trainSetting, [ParameterInfo("size", .any)], "batch 32 or batch full").rule(
      .trainSetting { ch, v, t in ch.batchSetting(v, &t) }),
    BuiltinInfo("epochs", .trainSetting, [ParameterInfo("n", .number)], "epochs 3000 — passes over the data").rule(
      .trainSetting { ch, v, t in ch.epochsSetting(v, &t) }),
    BuiltinInfo(
      "schedule", .trainSetting, [ParameterInfo("schedule", .symbol)], "schedule cosine — learning-rate schedule"
    ).rule(.trainSetting { ch, v, t in t.schedule = ch.option(v.value, .schedule, what: "schedule") }),
    BuiltinInfo(
      "escape", .trainSetting, [ParameterInfo("what", .symbol)],
      "escape singularities(tol: 1e-3) — perturb units out of a singular region when training enters one (Nitta)"
    ).rule(.trainSetting { ch, v, t in ch.escapeSetting(v, &t) }),
    BuiltinInfo("every", .trainSetting, [], "every k: probe, probe — log probes every k epochs"),
    BuiltinInfo("stop", .trainSetting, [], "stop when condition — end training early"),
  ]

  package static func named(_ name: String, _ a: Algebra, _ doc: String) -> BuiltinInfo {
    var b = BuiltinInfo(name, .algebra, doc)
    b.algebra = a
    return b
  }

  /// The algebra a script names (`complex`), nil for any other word.
  public static func algebra(named name: String) -> Algebra? { lookup(name, .algebra)?.algebra }

  /// The options of `plot … to "f.svg"`; a labelled item with another label is a series (`train: h1`).
  public static let plotOptions = BuiltinInfo(
    "plot", .statement,
    [
      ParameterInfo("title", .string, default: .computed("the value's name")),
      ParameterInfo("xlabel", .string, default: .computed("by what is plotted")),
      ParameterInfo("ylabel", .string, default: .computed("by what is plotted")),
      ParameterInfo(
        "kind", .string, default: .computed("by the value"),
        symbols: PlotKind.allCases.map(\.rawValue)),
      ParameterInfo("bins", .number, default: .computed("by the values"), "histogram bins")
        .within(1...10_000, whole: true),
      ParameterInfo("net", .net, default: .computed("none"), "draw 2-D data over this net's decision regions"),
      ParameterInfo("x", .list, default: .computed("the index"), "the abscissae of a list"),
    ], "plot options")

  /// What `escape` takes: `escape singularities(tol: 1e-3)`.
  package static let escapeSingularities = BuiltinInfo(
    "singularities", .trainSetting,
    [
      ParameterInfo("tol", .number, default: 0.001, "distance under which units count as singular")
        .within(0...Double.infinity, open: true)
    ], "escape singularities(tol:)")

  package static let algebras: [BuiltinInfo] = [
    named("real", .real, "the real numbers (dimension 1)"),
    named("complex", .complex, "complex numbers, i² = −1 (dimension 2)"),
    named("hyperbolic", .hyperbolic, "split-complex numbers, u² = +1 (dimension 2)"),
    named("dual", .dual, "dual numbers, ε² = 0 (dimension 2)"),
    named("quaternion", .quaternion, "Hamilton's quaternions (dimension 4)"),
    named(
      "commutative_quaternion", .commutativeQuaternion,
      "Segre's commutative quaternions: i² = k² = −1, j² = +1 (dimension 4)"),
    named("octonion", .octonion, "the octonions = cayley_dickson(3) (dimension 8, non-associative)"),
    BuiltinInfo(
      "clifford", .algebra,
      [
        ParameterInfo("p", .number, default: 0, "generators squaring to +1").within(0...8, whole: true),
        ParameterInfo("q", .number, default: 0, "generators squaring to −1").within(0...8, whole: true),
        ParameterInfo("r", .number, default: 0, "generators squaring to 0").within(0...8, whole: true),
      ], returns: .algebra, "the Clifford algebra Cl(p, q, r) (dimension 2^(p+q+r))"
    ).run { i, c in
      let (p, q, r) = (try i.integer(c, "p"), try i.integer(c, "q"), try i.integer(c, "r"))
      return .algebra(try engine(c) { try Algebra.clifford(p: p, q: q, r: r) })
    },
    BuiltinInfo(
      "cayley_dickson", .algebra, [ParameterInfo("n", .number).within(0...6, whole: true)], returns: .algebra,
      "the Cayley–Dickson algebra of dimension 2^n (n = 3: octonions, non-associative)"
    ).run { i, c in
      let n = try i.integer(c, "n")
      return .algebra(try engine(c) { try Algebra.cayleyDickson(n) })
    },
  ]
}
