import Diagnostics
import Engine
import Foundation
import Lexer
import Report

/// Implementations of the dataset generators and transforms of the registry (SPEC §4.5).
package extension Builtins {

  /// A TensorFlow Playground generator: `n:` points (default 500) at a `noise:` level.
  package static func playground(
    _ generator: @escaping @Sendable (Int, Double, inout RandomSource) throws -> Dataset
  ) -> BuiltinInfo.Implementation {
    { i, c in
      try generate(i, c) { rng in try generator(i.integer(c, "n"), i.number(c, "noise"), &rng) }
    }
  }

  /// Runs a generator on the data statement's own stream, turning data errors into diagnostics.
  package static func generate(_ i: any CallContext, _ c: IRCall, _ body: (inout RandomSource) throws -> Dataset) throws
    -> Value
  {
    try i.checkGeneratorMemory(c)
    var rng = i.stream(i.dataLabel)
    return .data(try engine(c) { try body(&rng) })
  }

  /// Affine transforms are records of kind `transform` carrying the Engine's map, with its name and
  /// parameters as members.
  package static func transform(_ make: @escaping @Sendable (any CallContext, IRCall) throws -> Engine.AffineTransform)
    -> BuiltinInfo.Implementation
  {
    { i, c in
      let t = try make(i, c)
      return .record(
        Record(
          kind: .transform, fields: [("name", .string(c.name)), ("parameters", ProbeRecords.numbers(t.parameters))],
          transform: t))
    }
  }

  package static func affineTransforms(_ v: Value, at span: SourceSpan) throws -> [Engine.AffineTransform] {
    switch v {
    case .record(let r) where r.transform != nil:
      return r.transform.map { [$0] } ?? []
    case .list(let xs):
      return try xs.flatMap { try affineTransforms($0, at: span) }
    default:
      throw RuntimeError(.transformInput, at: span)
    }
  }
}
