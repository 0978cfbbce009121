import Diagnostics
import Engine
import Foundation
import Lexer
import Report

/// Helpers the registry's implementations share (elementwise maps, reductions, Engine calls).
package extension Builtins {
  /// The entry of a math function applied elementwise to a number, list or matrix: `abs(x)`.
  package static func elementwise(_ name: String, _ doc: String, _ f: @escaping @Sendable (Double) -> Double)
    -> BuiltinInfo
  {
    BuiltinInfo(name, .function, [ParameterInfo("x", .any)], returns: .any, doc + ", elementwise").run { i, c in
      let x = c.arguments["x"]!
      return try Arithmetic.map(try i.evaluate(x), at: x.span, f)
    }
  }

  /// min/max/sum/mean: of one list or matrix, or of several numbers.
  package static func reduction(empty: String?, _ f: @escaping @Sendable ([Double]) -> Double)
    -> BuiltinInfo.Implementation
  {
    { i, c in
      let args = c.variadic.isEmpty ? [c.arguments["x"]!] : c.variadic
      var xs: [Double] = []
      for a in args { xs += try Arithmetic.numbers(try i.evaluate(a), at: a.span) }
      if xs.isEmpty {
        if let name = empty { throw RuntimeError(.emptyReduction(name), at: c.span) }
        return .number(0)
      }
      return .number(f(xs))
    }
  }

  /// Runs an Engine call, turning its errors into diagnostics at the call.
  package static func engine<T>(_ c: IRCall, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as RuntimeError {
      throw e
    } catch {
      throw RuntimeError(.failedIn(c.name, reason: "\(error)"), at: c.span)
    }
  }
}

package extension CallContext {
  /// The (net, data) pair of a probe, with the input width checked against the data's features. A default
  /// hypercomplex readout is fixed here by the first data the net meets, whatever the probe, so that
  /// `predict` before and after an `accuracy` call give the same columns (SPEC §4.2).
  package func netAndData(_ c: IRCall) throws -> (NetHandle, Dataset) {
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
  package func netAndTrainTest(_ c: IRCall) throws -> (NetHandle, [Dataset]) {
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
  package func lossValue(_ h: NetHandle, _ d: Dataset, loss: Loss? = nil, at span: SourceSpan) throws -> Double {
    let loss = loss ?? h.loss
    try checkInput(h, d, at: span)
    try adaptReadout(h, d, at: span)
    do {
      try h.network.validate(x: d.x, y: d.y, loss: loss)
    } catch {
      throw RuntimeError(.failedIn("net '\(h.name)' on data '\(d.name)'", reason: "\(error)"), at: span)
    }
    return h.network.loss(d.x, d.y, loss: loss)
  }

  /// Fixes a default hypercomplex readout against data with targets (training, loss, accuracy).
  package func adaptReadout(_ h: NetHandle, _ d: Dataset, at span: SourceSpan) throws {
    do {
      try h.adaptReadout(to: d, loss: h.loss)
    } catch {
      throw RuntimeError(.failedIn("net '\(h.name)'", reason: "\(error)"), at: span)
    }
  }

  package func checkInput(_ h: NetHandle, _ d: Dataset, at span: SourceSpan) throws {
    let want = h.network.spec.inputFeatures
    if want != d.x.cols {
      let a = h.network.spec.algebra
      throw RuntimeError(
        .inputFeatures(
          net: h.name, want: want, input: h.network.spec.inputUnits, algebra: a.name, dimension: a.dimension,
          data: d.name, features: d.x.cols), at: span)
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
package enum Metrics {
  /// The one-output threshold for a net with `head` activation trained with `loss` on labels `y`.
  package static func threshold(head: Activation?, loss: Loss, labels y: Matrix) -> Double {
    let labelMidpoint = y.data.contains { $0 < 0 } ? 0.0 : 0.5
    if head == .sigmoid { return 0.5 }
    switch loss {
    case .logistic, .crossEntropy, .hinge: return 0
    case .mse: return labelMidpoint
    }
  }

  package static func accuracy(_ out: Matrix, _ d: Dataset, threshold t: Double, at span: SourceSpan) throws -> Double {
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
  package static func classOf(
    _ d: Dataset, row n: Int, at span: SourceSpan,
    why: String = "accuracy compares predicted classes with whole-number targets; use loss(...) for regression data"
  ) throws -> Int {
    guard let k = WholeNumber.rounded(d.y[n, 0]) else { throw notALabel(d, row: n, at: span, why: why) }
    return k
  }

  package static func notALabel(
    _ d: Dataset, row n: Int, at span: SourceSpan,
    why: String = "accuracy compares predicted classes with class labels; use loss(...) for regression data"
  ) -> RuntimeError {
    RuntimeError(
      .notAClassLabel(data: d.name, target: Table.format(d.y[n, 0]), row: n + 1), at: span,
      fixIt: why)
  }

  package static func argmax(_ xs: [Double]) -> Int {
    var best = 0
    for (i, x) in xs.enumerated() where x > xs[best] { best = i }
    return best
  }
}
