import Diagnostics
import Engine
import Foundation
import Lexer
import Report

/// The implementations of the registry's callable entries (functions, probes, datasets), by name.
/// A test checks that every callable registry entry has one here and vice versa.
enum Functions {
  typealias Implementation = @Sendable (Interpreter, IRCall) throws -> Value

  static let table: [String: Implementation] = math.merging(data) { a, _ in a }.merging(probes) { a, _ in a }
    .merging(generators) { a, _ in a }.merging(analysis) { a, _ in a }
    .merging(dynamics) { a, _ in a }.merging(scm) { a, _ in a }
    .merging(baselines) { a, _ in a }

  // MARK: math

  static let math: [String: Implementation] = [
    "abs": elementwise { Swift.abs($0) },
    "sqrt": elementwise { $0.squareRoot() },
    "exp": elementwise { Foundation.exp($0) },
    "log": elementwise { Foundation.log($0) },
    "sin": elementwise { Foundation.sin($0) },
    "cos": elementwise { Foundation.cos($0) },
    "tan": elementwise { Foundation.tan($0) },
    // The activations' own definitions, so a formula and a net's activation agree to the bit.
    "tanh": elementwise { Activation.tanh.apply($0) },
    "sigmoid": elementwise { Activation.sigmoid.apply($0) },
    "relu": elementwise { Activation.relu.apply($0) },
    "softplus": elementwise { Activation.softplus.apply($0) },
    "erf": elementwise { Activation.erf.apply($0) },
    "gelu": elementwise { Activation.gelu.apply($0) },
    "sign": elementwise { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 },
    "floor": elementwise { $0.rounded(.down) },
    "min": reduction(empty: "min") { $0.min()! },
    "max": reduction(empty: "max") { $0.max()! },
    "sum": reduction(empty: nil) { $0.reduce(0, +) },
    "mean": reduction(empty: "mean") { $0.reduce(0, +) / Double($0.count) },
    "len": { i, c in
      let x = c.arguments["x"]!
      switch try i.evaluate(x) {
      case .list(let xs): return .number(Double(xs.count))
      case .matrix(let m): return .number(Double(m.rows))
      case .data(let d): return .number(Double(d.count))
      case .string(let s): return .number(Double(s.count))
      case let v: throw RuntimeError("len needs a list, matrix, dataset or string, found \(v.kind)", at: x.span)
      }
    },
  ]

  static func elementwise(_ f: @escaping @Sendable (Double) -> Double) -> Implementation {
    { i, c in
      let x = c.arguments["x"]!
      return try Arithmetic.map(try i.evaluate(x), at: x.span, f)
    }
  }

  /// min/max/sum/mean: of one list or matrix, or of several numbers.
  static func reduction(empty: String?, _ f: @escaping @Sendable ([Double]) -> Double) -> Implementation {
    { i, c in
      let args = c.variadic.isEmpty ? [c.arguments["x"]!] : c.variadic
      var xs: [Double] = []
      for a in args { xs += try Arithmetic.numbers(try i.evaluate(a), at: a.span) }
      if xs.isEmpty {
        if let name = empty { throw RuntimeError("\(name) of an empty list", at: c.span) }
        return .number(0)
      }
      return .number(f(xs))
    }
  }

  // MARK: data

  static let data: [String: Implementation] = [
    "xor": { _, _ in .data(Datasets.xor()) },
    "two_spirals": { i, c in
      var rng = i.stream(i.dataLabel)
      let points = try i.integer(c, "points")
      let noise = try i.number(c, "noise")
      return .data(try engine(c) { try Datasets.twoSpirals(points: points, noise: noise, rng: &rng) })
    },
    "split": { i, c in
      let d = try i.dataset(c.arguments["data"]!)
      let f = try i.number(c, "fraction")
      var rng = i.stream(i.dataLabel)
      let (a, b) = try engine(c) { try Datasets.split(d, fraction: f, rng: &rng) }
      return .list([.data(a), .data(b)])
    },
    "realify": { i, c in
      let h = try i.netHandle(c.arguments["net"]!)
      let real = try engine(c) { try Engine.realify(h.network) }
      return .net(NetHandle(name: h.name + "_real", network: real, loss: h.loss))
    },
    "clifford": { i, c in
      let (p, q, r) = (try i.integer(c, "p"), try i.integer(c, "q"), try i.integer(c, "r"))
      return .algebra(try engine(c) { try Algebra.clifford(p: p, q: q, r: r) })
    },
    "cayley_dickson": { i, c in
      let n = try i.integer(c, "n")
      return .algebra(try engine(c) { try Algebra.cayleyDickson(n) })
    },
    "load": { i, c in
      let path = i.resolve(try i.string(c.arguments["path"]!))
      return .net(try NetFile.load(path, at: c.span))
    },
  ]

  // MARK: probes

  static let probes: [String: Implementation] = [
    "loss": { i, c in
      let (h, d): (NetHandle, Dataset)
      switch try i.predictorAndData(c) {
      case .model(let m, let d): return .number(try i.modelLoss(m, d, c))
      case .net(let nh, let nd): (h, d) = (nh, nd)
      }
      let loss = try i.word(c, "loss") { "" }
      return .number(try i.lossValue(h, d, loss: Options.loss(named: loss) ?? h.loss, at: c.arguments["data"]!.span))
    },
    "accuracy": { i, c in
      let (h, d): (NetHandle, Dataset)
      switch try i.predictorAndData(c) {
      case .model(let m, let d): return .number(try i.modelAccuracy(m, d, c))
      case .net(let nh, let nd): (h, d) = (nh, nd)
      }
      guard d.y.cols == 1 || d.y.cols == h.network.spec.outputFeatures else {
        throw RuntimeError(
          "accuracy compares \(h.network.spec.outputFeatures) outputs with \(d.y.cols) targets per point",
          at: c.arguments["data"]!.span)
      }
      let t = Metrics.threshold(head: h.network.spec.outputActivation, loss: h.loss, labels: d.y)
      return .number(try Metrics.accuracy(h.network.predict(d.x), d, threshold: t, at: c.arguments["data"]!.span))
    },
    "predict": { i, c in
      switch try i.predictorAndData(c) {
      case .model(let m, let d): return .matrix(try i.modelPredict(m, d, c))
      case .net(let h, let d): return .matrix(h.network.predict(d.x))
      }
    },
    "history": { i, c in
      let h = try i.netHandle(c.arguments["net"]!)
      return .record(h.history.record)
    },
  ]

  /// Runs an Engine call, turning its errors into diagnostics at the call.
  static func engine<T>(_ c: IRCall, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as RuntimeError {
      throw e
    } catch {
      throw RuntimeError("\(c.name): \(error)", at: c.span)
    }
  }
}

extension Interpreter {
  func call(_ c: IRCall) throws -> Value {
    guard let f = Functions.table[c.name] else {
      throw RuntimeError("'\(c.name)' cannot be evaluated here", at: c.span)
    }
    return try f(self, c)
  }

  /// The (net, data) pair of a probe, with the input width checked against the data's features. A default
  /// hypercomplex readout is fixed here by the first data the net meets, whatever the probe, so that
  /// `predict` before and after an `accuracy` call give the same columns (SPEC §4.2).
  func netAndData(_ c: IRCall) throws -> (NetHandle, Dataset) {
    let h = try netHandle(c.arguments["net"]!)
    let dataExpr = c.arguments["data"]!
    let d = try dataset(dataExpr)
    try checkInput(h, d, at: dataExpr.span)
    try adaptReadout(h, d, at: dataExpr.span)
    try checkMemory(c, h, d)
    return (h, d)
  }

  /// The net and the `train` and `test` datasets of a probe (`gap`, `ntk_predict`), each checked as in
  /// `netAndData`.
  func netAndTrainTest(_ c: IRCall) throws -> (NetHandle, [Dataset]) {
    let h = try netHandle(c.arguments["net"]!)
    let sets = try ["train", "test"].map { name -> Dataset in
      let e = c.arguments[name]!
      let d = try dataset(e)
      try checkInput(h, d, at: e.span)
      try adaptReadout(h, d, at: e.span)
      return d
    }
    return (h, sets)
  }

  /// The net's loss on data — its training loss unless another is given (a fused softmax/sigmoid head is
  /// evaluated on its logits, as in training).
  func lossValue(_ h: NetHandle, _ d: Dataset, loss: Loss? = nil, at span: SourceSpan) throws -> Double {
    let loss = loss ?? h.loss
    try checkInput(h, d, at: span)
    try adaptReadout(h, d, at: span)
    do {
      try h.network.validate(x: d.x, y: d.y, loss: loss)
    } catch {
      throw RuntimeError("net '\(h.name)' on data '\(d.name)': \(error)", at: span)
    }
    return h.network.loss(d.x, d.y, loss: loss)
  }

  /// Fixes a default hypercomplex readout against data with targets (training, loss, accuracy).
  func adaptReadout(_ h: NetHandle, _ d: Dataset, at span: SourceSpan) throws {
    do {
      try h.adaptReadout(to: d, loss: h.loss)
    } catch {
      throw RuntimeError("net '\(h.name)': \(error)", at: span)
    }
  }

  func checkInput(_ h: NetHandle, _ d: Dataset, at span: SourceSpan) throws {
    let want = h.network.spec.inputFeatures
    if want != d.x.cols {
      let a = h.network.spec.algebra
      throw RuntimeError(
        "net '\(h.name)' takes \(want) real input features (input \(h.network.spec.inputUnits) × \(a.name) dimension "
          + "\(a.dimension)) but data '\(d.name)' has \(d.x.cols)", at: span)
    }
  }
}

/// Classification accuracy (docs/conventions.md, "accuracy"):
/// - several outputs: the argmax, against integer labels (N×1) or the argmax of one-hot/probability rows;
/// - one output: class 1 when f > t. The threshold t follows the head: 0.5 on a probability head
///   (`sigmoid`), 0 on a logit or margin head (any other head under `logistic`, `cross_entropy` or
///   `hinge`: the class is the sign), and under `mse` the midpoint of the label convention — 0.5 for 0/1
///   labels, 0 for ±1 labels (labels with a negative value are ±1). A label is class 1 when it is above the
///   midpoint of its convention.
enum Metrics {
  /// The one-output threshold for a net with `head` activation trained with `loss` on labels `y`.
  static func threshold(head: Activation?, loss: Loss, labels y: Matrix) -> Double {
    let labelMidpoint = y.data.contains { $0 < 0 } ? 0.0 : 0.5
    if head == .sigmoid { return 0.5 }
    switch loss {
    case .logistic, .crossEntropy, .hinge: return 0
    case .mse: return labelMidpoint
    }
  }

  static func accuracy(_ out: Matrix, _ d: Dataset, threshold t: Double, at span: SourceSpan) throws -> Double {
    let y = d.y
    guard out.rows > 0 else { return 0 }
    let labelMidpoint = y.data.contains { $0 < 0 } ? 0.0 : 0.5
    var correct = 0
    for n in 0..<out.rows {
      let hit: Bool
      if out.cols == 1 {
        // 0/1 and ±1 labels, or probabilities: anything else is not a class label.
        guard y[n, 0] >= -1, y[n, 0] <= 1 else { throw notALabel(d, row: n, at: span) }
        hit = (out[n, 0] > t) == (y[n, 0] > labelMidpoint)
      } else if y.cols == 1 {
        hit = argmax(out.row(n)) == (try classOf(d, row: n, at: span))
      } else {
        hit = argmax(out.row(n)) == argmax(y.row(n))
      }
      if hit { correct += 1 }
    }
    return Double(correct) / Double(out.rows)
  }

  /// The class a single-column target names (rounded), or an error naming the value and its row.
  static func classOf(
    _ d: Dataset, row n: Int, at span: SourceSpan,
    why: String = "accuracy compares predicted classes with whole-number targets; use loss(...) for regression data"
  ) throws -> Int {
    guard let k = WholeNumber.rounded(d.y[n, 0]) else { throw notALabel(d, row: n, at: span, why: why) }
    return k
  }

  static func notALabel(
    _ d: Dataset, row n: Int, at span: SourceSpan,
    why: String = "accuracy compares predicted classes with class labels; use loss(...) for regression data"
  ) -> RuntimeError {
    RuntimeError(
      "data '\(d.name)' has target \(Table.format(d.y[n, 0])) in row \(n + 1), which is not a class label", at: span,
      fixIt: why)
  }

  static func argmax(_ xs: [Double]) -> Int {
    var best = 0
    for (i, x) in xs.enumerated() where x > xs[best] { best = i }
    return best
  }
}
