/// The one place that lists every built-in name of the language: its category, parameters with
/// kinds and defaults, and a doc line. The checker binds arguments against it, the REPL's `:help`
/// and tab completion read it. Only what actually runs is registered: a name that is not built yet
/// is an "unknown" diagnostic, never a stub (a test checks each function entry has an implementation).
public struct ParameterInfo: Sendable {
  public var name: String
  public var kind: ValueKind
  /// nil = required; otherwise the default as written in the docs (and parsed by the implementation).
  public var defaultValue: String?
  public var doc: String

  public init(_ name: String, _ kind: ValueKind, default defaultValue: String? = nil, _ doc: String = "") {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.doc = doc
  }
  public var isRequired: Bool { defaultValue == nil }
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

  /// An entry without parameters: `BuiltinInfo("tanh", .activation, "hyperbolic tangent")`.
  public init(_ name: String, _ category: Category, _ doc: String) {
    self.init(name, category, [], doc)
  }

  /// `dense(units, activation)` style signature for help texts.
  public var signature: String {
    let ps = parameters.map { p in p.defaultValue.map { "\(p.name): \($0)" } ?? p.name }
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
    statements + functions + probes + datasets + activations + losses + optimizers + initializers
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
  }
  public static var callableNames: [String] { names(.function, .probe, .dataset) }

  // MARK: - Statements (for :help)

  static let statements: [BuiltinInfo] = [
    BuiltinInfo("seed", .statement, [ParameterInfo("n", .number)], "seed n — every random draw after it derives from n"),
    BuiltinInfo("let", .statement, [], "let name = value — a constant: number, string, list or range"),
    BuiltinInfo("algebra", .statement, [], "algebra name = clifford(p: 0, q: 2, r: 0) — name an algebra"),
    BuiltinInfo("data", .statement, [], "data name = generator(…) or data a, b = split(d, 0.8)"),
    BuiltinInfo("net", .statement, [], "net name [over algebra] { input n; dense n, act; … } or net name = load(\"f.json\")"),
    BuiltinInfo("train", .statement, [], "train net on data { loss …; optimizer …; batch …; epochs …; every k: …; stop when … }"),
    BuiltinInfo("sweep", .statement, [], "sweep a in [..], b in 1..3 { … } — one merged table of the prints inside"),
    BuiltinInfo("print", .statement, [], "print x or print label: x, other: y — an aligned table"),
    BuiltinInfo("plot", .statement, [], "plot value to \"file.svg\" — an SVG figure"),
    BuiltinInfo("save", .statement, [], "save net to \"net.json\" or save result to \"r.json\" / \"r.csv\""),
    BuiltinInfo("assert", .statement, [], "assert condition, \"message\" — fails the run (exit 1) when false"),
  ]

  // MARK: - Functions

  static let functions: [BuiltinInfo] = [
    BuiltinInfo("abs", .function, [ParameterInfo("x", .any)], returns: .any, "absolute value, elementwise"),
    BuiltinInfo("sqrt", .function, [ParameterInfo("x", .any)], returns: .any, "square root, elementwise"),
    BuiltinInfo("exp", .function, [ParameterInfo("x", .any)], returns: .any, "exponential, elementwise"),
    BuiltinInfo("log", .function, [ParameterInfo("x", .any)], returns: .any, "natural logarithm, elementwise"),
    BuiltinInfo("sin", .function, [ParameterInfo("x", .any)], returns: .any, "sine, elementwise"),
    BuiltinInfo("cos", .function, [ParameterInfo("x", .any)], returns: .any, "cosine, elementwise"),
    BuiltinInfo(
      "min", .function, [ParameterInfo("x", .any)], returns: .number, variadic: true,
      "smallest element of a list or matrix, or of the arguments"),
    BuiltinInfo(
      "max", .function, [ParameterInfo("x", .any)], returns: .number, variadic: true,
      "largest element of a list or matrix, or of the arguments"),
    BuiltinInfo("sum", .function, [ParameterInfo("x", .any)], returns: .number, "sum of a list or matrix"),
    BuiltinInfo("mean", .function, [ParameterInfo("x", .any)], returns: .number, "mean of a list or matrix"),
    BuiltinInfo("len", .function, [ParameterInfo("x", .any)], returns: .number, "number of elements (rows of a dataset)"),
    BuiltinInfo(
      "split", .function, [ParameterInfo("data", .data), ParameterInfo("fraction", .number, default: "0.8")],
      returns: .list, "deterministic shuffle then split into (train, test): data a, b = split(d, 0.8)"),
    BuiltinInfo(
      "load", .function, [ParameterInfo("path", .string)], returns: .net,
      "a net saved with save net to \"f.json\", restored bit for bit"),
  ]

  // MARK: - Probes

  static let probes: [BuiltinInfo] = [
    BuiltinInfo(
      "loss", .probe, [ParameterInfo("net", .net), ParameterInfo("data", .data)], returns: .number,
      "the training loss of net on data (the loss of its last train block; mse if never trained)"),
    BuiltinInfo(
      "accuracy", .probe, [ParameterInfo("net", .net), ParameterInfo("data", .data)], returns: .number,
      "fraction of correctly classified points (threshold 0.5 for one output, argmax otherwise)"),
    BuiltinInfo(
      "predict", .probe, [ParameterInfo("net", .net), ParameterInfo("data", .data)], returns: .matrix,
      "the net's outputs on data: an N×outputs matrix"),
    BuiltinInfo(
      "history", .probe, [ParameterInfo("net", .net)], returns: .record,
      "the logged training history: loss per epoch and the every-k probes"),
  ]

  // MARK: - Datasets

  static let datasets: [BuiltinInfo] = [
    BuiltinInfo("xor", .dataset, [], returns: .data, "the four XOR points, labels 0/1"),
    BuiltinInfo(
      "two_spirals", .dataset,
      [ParameterInfo("points", .number, default: "194"), ParameterInfo("noise", .number, default: "0")],
      returns: .data, "Lang & Witbrock's two spirals by Wieland's generator: 194 points, labels 0/1"),
  ]

  // MARK: - Model vocabulary

  static let activations: [BuiltinInfo] = [
    BuiltinInfo("identity", .activation, "f(x) = x"),
    BuiltinInfo("tanh", .activation, "hyperbolic tangent (split-wise on hypercomplex algebras)"),
    BuiltinInfo("sigmoid", .activation, "logistic sigmoid 1/(1+e^-x)"),
    BuiltinInfo("relu", .activation, "max(0, x)"),
  ]

  static let losses: [BuiltinInfo] = [
    BuiltinInfo("mse", .loss, "mean over samples and outputs of (f − y)² (PyTorch MSELoss)")
  ]

  static let optimizers: [BuiltinInfo] = [
    BuiltinInfo("gd", .optimizer, [ParameterInfo("lr", .number, default: "0.1")], "full-step gradient descent"),
    BuiltinInfo(
      "sgd", .optimizer,
      [
        ParameterInfo("lr", .number, default: "0.01"), ParameterInfo("momentum", .number, default: "0"),
        ParameterInfo("nesterov", .boolean, default: "false"),
      ], "stochastic gradient descent with optional (Nesterov) momentum"),
  ]

  static let initializers: [BuiltinInfo] = [
    BuiltinInfo("glorot", .initializer, "Glorot/Xavier normal: var 2/(fan_in + fan_out) (the default)"),
    BuiltinInfo("he", .initializer, "He/Kaiming normal: var 2/fan_in"),
  ]

  static let schedules: [BuiltinInfo] = []

  static let layers: [BuiltinInfo] = [
    BuiltinInfo("input", .layer, [ParameterInfo("units", .number)], "input n — n units of the net's algebra"),
    BuiltinInfo(
      "dense", .layer, [ParameterInfo("units", .number), ParameterInfo("activation", .symbol, default: "identity")],
      "dense n, act — a fully connected layer (one OpenBLAS GEMM)"),
  ]

  static let netOptions: [BuiltinInfo] = [
    BuiltinInfo("init", .netOption, [ParameterInfo("initializer", .symbol)], "init he — how weights are drawn")
  ]

  static let trainSettings: [BuiltinInfo] = [
    BuiltinInfo("loss", .trainSetting, [ParameterInfo("loss", .symbol)], "loss mse — the training loss"),
    BuiltinInfo(
      "optimizer", .trainSetting, [ParameterInfo("optimizer", .symbol)], "optimizer sgd(lr: 0.1, momentum: 0.9)"),
    BuiltinInfo("batch", .trainSetting, [ParameterInfo("size", .any)], "batch 32 or batch full"),
    BuiltinInfo("epochs", .trainSetting, [ParameterInfo("n", .number)], "epochs 3000 — passes over the data"),
    BuiltinInfo("every", .trainSetting, [], "every k: probe, probe — log probes every k epochs"),
    BuiltinInfo("stop", .trainSetting, [], "stop when condition — end training early"),
  ]

  static let algebras: [BuiltinInfo] = [
    BuiltinInfo("real", .algebra, "the real numbers (dimension 1)")
  ]
}
