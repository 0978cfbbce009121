import Diagnostics
import Engine
import Foundation
import Lexer
import Report

/// Implementations of the dataset generators and transforms of the registry (SPEC §4.5).
extension Functions {
  static let generators: [String: Implementation] = [
    "circles": { i, c in
      try generate(i, c) { rng in
        try Datasets.circles(
          n: i.integer(c, "n"), noise: i.number(c, "noise"), factor: i.number(c, "factor"), rng: &rng)
      }
    },
    "moons": { i, c in
      try generate(i, c) { rng in
        try Datasets.moons(n: i.integer(c, "n"), noise: i.number(c, "noise"), rng: &rng)
      }
    },
    "gaussians": { i, c in
      try generate(i, c) { rng in
        try Datasets.gaussians(
          n: i.integer(c, "n"), centers: i.integer(c, "centers"), std: i.number(c, "std"), dim: i.integer(c, "dim"),
          rng: &rng)
      }
    },
    "checkerboard": { i, c in
      try generate(i, c) { rng in
        try Datasets.checkerboard(
          n: i.integer(c, "n"), cells: i.integer(c, "cells"), rng: &rng)
      }
    },
    "playground_spiral": playground(Datasets.playgroundSpiral),
    "playground_circle": playground(Datasets.playgroundCircle),
    "playground_xor": playground(Datasets.playgroundXOR),
    "playground_gauss": playground(Datasets.playgroundGauss),
    "gaussian": { i, c in
      try generate(i, c) { rng in
        try Datasets.gaussian(
          dim: i.integer(c, "dim"), n: i.integer(c, "n"), rng: &rng)
      }
    },
    "teacher": { i, c in
      let h = try i.netHandle(c.arguments["net"]!)
      let want = h.network.spec.inputFeatures
      let noise = try i.number(c, "noise")
      if let e = c.arguments["inputs"], case .data(let d) = try i.evaluate(e) {
        // Labels the given inputs (their targets are replaced): the teacher–student pair sees the same points.
        if let n = c.arguments["n"] {
          throw RuntimeError("n: counts generated inputs; with inputs: \(d.name) the points are given", at: n.span)
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
          "teacher '\(h.name)' takes \(want) input features, but inputs: \(inputs)", at: c.arguments["inputs"]!.span)
      }
      return try generate(i, c) { rng in
        try Datasets.teacher(
          predict: { h.network.predict($0) }, inputs: inputs, n: i.integer(c, "n"), noise: noise, rng: &rng)
      }
    },
    "affine": { i, c in
      let t = c.arguments["transform"]!
      let transforms = try affineTransforms(try i.evaluate(t), at: t.span)
      let shape = try Options.affineShape(try i.word(c, "shape"), at: c)
      return try generate(i, c) { rng in
        try Datasets.affine(transform: transforms, shape: shape, n: i.integer(c, "n"), rng: &rng)
      }
    },
    "piecewise_smooth": { i, c in
      let boundary = try Options.boundary(try i.word(c, "boundary"), at: c)
      return try generate(i, c) { rng in
        try Datasets.piecewiseSmooth(
          dim: i.integer(c, "dim"), smoothness: i.number(c, "smoothness"), boundary: boundary, n: i.integer(c, "n"),
          noise: i.number(c, "noise"), rng: &rng)
      }
    },
    "low_noise": { i, c in
      try generate(i, c) { rng in
        try Datasets.lowNoise(
          dim: i.integer(c, "dim"), margin: i.number(c, "margin"), flip: i.number(c, "flip"), n: i.integer(c, "n"),
          rng: &rng)
      }
    },
    "regression": { i, c in
      let f = c.arguments["f"]!
      let dim = try i.integer(c, "dim")
      var domain = (lo: -1.0, hi: 1.0)
      if let d = c.arguments["domain"] {
        let xs = try Arithmetic.numbers(try i.evaluate(d), at: d.span)
        guard xs.count == 2, xs[0] < xs[1] else { throw RuntimeError("domain is [lo, hi] with lo < hi", at: d.span) }
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
    "csv": { i, c in
      let path = i.resolve(try i.string(c.arguments["path"]!))
      let target = try c.arguments["target"].map { try i.string($0) }
      let features = try c.arguments["features"].map { e -> [String] in
        guard case .list(let xs) = try i.evaluate(e) else {
          throw RuntimeError("features is a list of names", at: e.span)
        }
        return try xs.map { v in
          guard case .string(let s) = v else { throw RuntimeError("features is a list of column names", at: e.span) }
          return s
        }
      }
      let classify = try c.arguments["classify"].map { _ in try i.flag(c, "classify") }
      do {
        return .data(try Datasets.csv(path: path, target: target, features: features, classify: classify))
      } catch DataError.unknownColumn(let file, let name, let columns) {
        // The Engine lists the columns; the near miss is the language's business.
        throw RuntimeError(
          "csv: no column '\(name)' in '\(file)'", at: c.span,
          fixIt: Suggest.didYouMean(name, in: columns) ?? "its columns: " + columns.joined(separator: ", "))
      } catch let e as RuntimeError {
        throw e
      } catch {
        throw RuntimeError("csv: \(error)", at: c.span)
      }
    },
    "standardize": { i, c in
      let d = try i.dataset(c.arguments["data"]!)
      if let like = c.arguments["like"] {
        let ref = try i.dataset(like)
        return .data(try engine(c) { try Datasets.standardize(d, using: ref) })
      }
      return .data(Datasets.standardize(d))
    },
    "subsample": { i, c in
      let d = try i.dataset(c.arguments["data"]!)
      let n = try i.integer(c, "n")
      guard n <= d.count else {
        throw RuntimeError(
          "'n' of subsample must be at most the \(d.count) points of '\(d.name)', found \(n)", at: c.span)
      }
      var rng = i.stream(i.dataLabel + ":subsample")
      return .data(try engine(c) { try Datasets.subsample(d, n: n, rng: &rng) })
    },
    "shuffle": { i, c in
      let d = try i.dataset(c.arguments["data"]!)
      var rng = i.stream(i.dataLabel + ":shuffle")
      return .data(Datasets.shuffle(d, rng: &rng))
    },
    "rotate": transform { i, c in .rotate(angle: try i.number(c.arguments["angle"]!)) },
    "scale": transform { i, c in .scale(try i.number(c.arguments["factor"]!)) },
    "translate": transform { i, c in
      .translate(dx: try i.number(c.arguments["dx"]!), dy: try i.number(c.arguments["dy"]!))
    },
    "reflect": transform { i, c in .reflect(axisAngle: try i.number(c, "angle")) },
    "shear": transform { i, c in .shear(try i.number(c.arguments["k"]!)) },
  ]

  /// A TensorFlow Playground generator: `n:` points (default 500) at a `noise:` level.
  static func playground(
    _ generator: @escaping @Sendable (Int, Double, inout RandomSource) throws -> Dataset
  ) -> Implementation {
    { i, c in
      try generate(i, c) { rng in try generator(i.integer(c, "n"), i.number(c, "noise"), &rng) }
    }
  }

  /// Runs a generator on the data statement's own stream, turning data errors into diagnostics.
  static func generate(_ i: Interpreter, _ c: IRCall, _ body: (inout RandomSource) throws -> Dataset) throws -> Value {
    try i.checkGeneratorMemory(c)
    var rng = i.stream(i.dataLabel)
    return .data(try engine(c) { try body(&rng) })
  }

  /// Affine transforms are records of kind `transform` carrying the Engine's map, with its name and
  /// parameters as members.
  static func transform(_ make: @escaping @Sendable (Interpreter, IRCall) throws -> Engine.AffineTransform)
    -> Implementation
  {
    { i, c in
      let t = try make(i, c)
      return .record(
        Record(
          kind: "transform", fields: [("name", .string(c.name)), ("parameters", ProbeRecords.numbers(t.parameters))],
          transform: t))
    }
  }

  static func affineTransforms(_ v: Value, at span: SourceSpan) throws -> [Engine.AffineTransform] {
    switch v {
    case .record(let r) where r.transform != nil:
      return r.transform.map { [$0] } ?? []
    case .list(let xs):
      return try xs.flatMap { try affineTransforms($0, at: span) }
    default:
      throw RuntimeError(
        "transform needs rotate(…), scale(…), translate(…), reflect(…), shear(…) or a list of them", at: span)
    }
  }
}
