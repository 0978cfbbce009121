import Diagnostics
import Engine
import Foundation
import Lexer
import Report

/// A baseline fitted in closed form, as a language value: `predict`, `loss` and `accuracy` take it where
/// they take a net (docs/conventions.md, "Baselines, rates and optimal transport").
public struct FittedModel: Sendable {
  public var regressor: any Regressor
}

/// What `predict`, `loss` and `accuracy` were given: a net (with its checks done) or a fitted model.
package enum Predictor {
  case net(NetHandle, Dataset)
  case model(FittedModel, Dataset)
}

package extension CallContext {
  /// Evaluates the `net` argument once: a net goes through `checkInput` and `adaptReadout` as in
  /// `netAndData`, a fitted model has its input width checked against the data.
  package func predictorAndData(_ c: IRCall) throws -> Predictor {
    let netExpr = c.arguments["net"]!
    let dataExpr = c.arguments["data"]!
    let v = try evaluate(netExpr)
    let d = try dataset(dataExpr)
    switch v {
    case .net(let h):
      try checkInput(h, d, at: dataExpr.span)
      try adaptReadout(h, d, at: dataExpr.span)
      return .net(h, d)
    case .model(let m):
      guard m.regressor.inputFeatures == d.x.cols else {
        throw RuntimeError(
          .modelFeatures(fitted: m.regressor.inputFeatures, data: d.name, features: d.x.cols), at: dataExpr.span)
      }
      return .model(m, d)
    default:
      throw RuntimeError(.needsNetOrModel(c.name, found: "\(v.kind)"), at: netExpr.span)
    }
  }

  package func modelPredict(_ m: FittedModel, _ d: Dataset, _ c: IRCall) throws -> Matrix {
    try Builtins.engine(c) { try m.regressor.predict(d.x) }
  }

  /// A model's loss (mse unless `loss:` names another; a one-output model's prediction is the logit or
  /// margin of the other losses).
  package func modelLoss(_ m: FittedModel, _ d: Dataset, _ c: IRCall) throws -> Double {
    let loss = Options.loss(named: try word(c, "loss") { "mse" }) ?? .mse
    let out = try modelPredict(m, d, c)
    try Builtins.engine(c) { try loss.validate(outputs: out.cols, targets: d.y) }
    return loss.value(out, d.y)
  }

  /// Accuracy by the rule of `Metrics` for an identity head under mse (the label midpoint for one output).
  package func modelAccuracy(_ m: FittedModel, _ d: Dataset, _ c: IRCall) throws -> Double {
    let out = try modelPredict(m, d, c)
    guard d.y.cols == 1 || d.y.cols == out.cols else {
      throw RuntimeError(.accuracyShapes(outputs: out.cols, targets: d.y.cols), at: c.arguments["data"]!.span)
    }
    return try Metrics.accuracy(
      out, d, threshold: Metrics.threshold(head: nil, loss: .mse, labels: d.y), at: c.arguments["data"]!.span)
  }

  /// A point cloud: a dataset's inputs, a matrix, or a list of points (numbers for 1-D, or lists).
  package func cloud(_ e: IRExpr, _ what: String) throws -> Matrix {
    switch try evaluate(e) {
    case .data(let d): return d.x
    case .matrix(let m): return m
    case .list(let xs):
      let rows = try xs.map { try Arithmetic.numbers($0, at: e.span) }
      guard let d = rows.first?.count, d > 0, rows.allSatisfy({ $0.count == d }) else {
        throw RuntimeError(.raggedPoints(what), at: e.span)
      }
      return Matrix(rows)
    case let v:
      throw RuntimeError(.needsPointCloud(what, found: "\(v.kind)"), at: e.span)
    }
  }

  /// A list of positive weights normalised to sum 1 (nil when the argument is absent).
  package func weights(_ e: IRExpr?, count: Int, what: String) throws -> [Double]? {
    guard let e else { return nil }
    let w = try Arithmetic.numbers(try evaluate(e), at: e.span)
    guard w.count == count else {
      throw RuntimeError(.weightCount(what, count: count, found: w.count), at: e.span)
    }
    guard w.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      throw RuntimeError(.weightsPositive, at: e.span)
    }
    let total = w.reduce(0, +)
    return w.map { $0 / total }
  }
}

package extension Builtins {

  /// `domain: [lo, hi]`, by default the range of the data's inputs over all coordinates.
  package static func fourierDomain(_ i: any CallContext, _ c: IRCall, _ d: Dataset) throws -> (lo: Double, hi: Double)
  {
    guard let e = c.arguments["domain"] else {
      let lo = d.x.data.min() ?? 0
      let hi = d.x.data.max() ?? 1
      return (lo, hi > lo ? hi : lo + 1)
    }
    let xs = try Arithmetic.numbers(try i.evaluate(e), at: e.span)
    guard xs.count == 2, xs[0] < xs[1] else {
      throw RuntimeError(.domainOrder, at: e.span)
    }
    return (xs[0], xs[1])
  }

  package static func activationWord(_ i: any CallContext, _ c: IRCall) throws -> Activation {
    let word = try i.word(c, "activation")
    guard let info = Builtins.lookup(word, .activation) else {
      throw RuntimeError(.unknownActivation(word), at: c.arguments["activation"]?.span ?? c.span)
    }
    let call = IRCall(info: info, arguments: [:], variadic: [], span: c.span)
    return try Options.activation(call, i)
  }

  /// `rate(ns, errors)`: two lists of numbers.
  package static func rateInput(_ i: any CallContext, _ c: IRCall) throws -> ([Double], [Double]) {
    let nExpr = c.arguments["n"]!
    let ns = try Arithmetic.numbers(try i.evaluate(nExpr), at: nExpr.span)
    guard let eExpr = c.arguments["error"] else {
      throw RuntimeError(.rateNeedsErrors, at: c.span, fixIt: "write rate(ns, errors)")
    }
    return (ns, try Arithmetic.numbers(try i.evaluate(eExpr), at: eExpr.span))
  }
}

/// Records of the baselines' probes.
package enum BaselineRecords {
  package static func rate(_ r: RateFit) -> Record {
    Record(
      kind: .rate,
      fields: [
        ("slope", .number(r.slope)), ("stderr", .number(r.standardError)), ("intercept", .number(r.intercept)),
        ("r2", .number(r.rSquared)), ("n", ProbeRecords.numbers(r.n)), ("error", ProbeRecords.numbers(r.error)),
        ("fitted", ProbeRecords.numbers(r.fitted)),
      ])
  }

  /// One member per printed column, a list with one entry per printed row (before merging): numbers
  /// and text as they were printed; a row that did not print a column has no entry there.
  package static func sweepTable(_ rows: [[String: Cell]], columns: [String]) -> Record {
    var fields: [(name: String, value: Value)] = []
    for name in columns {
      let values = rows.compactMap { row -> Value? in
        switch row[name] {
        case .number(let x)?: return .number(x)
        case .integer(let k)?: return .number(Double(k))
        case .text(let s)?: return .string(s)
        case .meanStd(let m, _, _)?: return .number(m)
        case .empty?, nil: return nil
        }
      }
      fields.append((name, .list(values)))
    }
    return Record(kind: .sweepTable, fields: fields)
  }

  package static func sinkhorn(_ r: SinkhornResult, eps: Double) -> Record {
    Record(
      kind: .sinkhorn,
      fields: [
        ("cost", .number(r.cost)), ("iterations", .number(Double(r.iterations))), ("converged", .boolean(r.converged)),
        ("marginal_error", .number(r.marginalError)), ("eps", .number(eps)), ("plan", .matrix(r.plan)),
      ])
  }

  package static func barycenter(_ r: BarycenterResult, clouds: [Matrix]) -> Record {
    Record(
      kind: .barycenter,
      fields: [
        ("cost", .number(r.cost)), ("iterations", .number(Double(r.iterations))), ("converged", .boolean(r.converged)),
        ("points", .matrix(r.points)), ("clouds", .list(clouds.map { .matrix($0) })),
      ])
  }
}
