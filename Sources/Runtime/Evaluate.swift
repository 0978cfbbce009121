import Diagnostics
import Engine
import Foundation
import Lexer
import Parser
import Report
import Semantics

extension Interpreter {
  /// Evaluates an expression to a value; errors carry the span of the failing part.
  package func evaluate(_ e: IRExpr) throws -> Value {
    switch e {
    case .constant(let v, _): return v
    case .variable(let name, _, let span):
      guard let v = value(of: name) else { throw RuntimeError(.noValue(name), at: span) }
      return v
    case .list(let xs, _): return .list(try xs.map { try evaluate($0) })
    case .range(let a, let b, let span):
      let lo = try number(a)
      let hi = try number(b)
      guard lo == lo.rounded(), hi == hi.rounded(), abs(lo) < 1e9, abs(hi) < 1e9 else {
        throw RuntimeError(.rangeBounds(Table.format(lo), Table.format(hi)), at: span)
      }
      guard hi - lo < 10_000_000 else { throw RuntimeError(.rangeTooLong, at: span) }
      if hi < lo { return .list([]) }
      try budget(
        MemoryEstimates.value * (hi - lo + 1), "the range \(Table.format(lo))..\(Table.format(hi))",
        knob: "use a shorter range", at: span)
      return .list((Int(lo)...Int(hi)).map { .number(Double($0)) })
    case .unary(let op, let x, let span):
      let v = try evaluate(x)
      switch op {
      case .not:
        guard case .boolean(let b) = v else { throw RuntimeError(.needsBoolean("not"), at: span) }
        return .boolean(!b)
      case .negate: return try Arithmetic.map(v, at: span) { -$0 }
      case .plus: return try Arithmetic.map(v, at: span) { $0 }
      }
    case .binary(let op, let a, let b, let span):
      return try binary(op, a, b, span)
    case .call(let c):
      return try call(c)
    case .member(let base, let name, let span):
      return try member(try evaluate(base), name, span)
    case .index(let base, let idx, let span):
      return try index(try evaluate(base), try idx.map { try number($0) }, span)
    }
  }

  func binary(_ op: BinaryOperator, _ a: IRExpr, _ b: IRExpr, _ span: SourceSpan) throws -> Value {
    if op == .and || op == .or {
      guard case .boolean(let x) = try evaluate(a) else {
        throw RuntimeError(.needsBoolean(op.rawValue), at: a.span)
      }
      if op == .and && !x { return .boolean(false) }
      if op == .or && x { return .boolean(true) }
      guard case .boolean(let y) = try evaluate(b) else {
        throw RuntimeError(.needsBoolean(op.rawValue), at: b.span)
      }
      return .boolean(y)
    }
    let l = try evaluate(a)
    let r = try evaluate(b)
    switch op {
    case .add:
      if let joined = try Arithmetic.concatenate(l, r, at: span) { return .string(joined) }
      return try Arithmetic.zip(l, r, at: span, +)
    case .subtract: return try Arithmetic.zip(l, r, at: span, -)
    case .multiply: return try Arithmetic.zip(l, r, at: span, *)
    case .divide: return try Arithmetic.zip(l, r, at: span, /)
    case .power: return try Arithmetic.zip(l, r, at: span) { Foundation.pow($0, $1) }
    case .equal, .notEqual:
      let same: Bool
      switch (l, r) {
      case (.number(let x), .number(let y)): same = x == y
      case (.string(let x), .string(let y)): same = x == y
      case (.boolean(let x), .boolean(let y)): same = x == y
      case (.matrix(let x), .matrix(let y)): same = x.rows == y.rows && x.cols == y.cols && x.data == y.data
      case (.list, .list):
        same = try Arithmetic.numbers(l, at: span) == Arithmetic.numbers(r, at: span)
      default: throw RuntimeError(.cannotCompare("\(l.kind)", "\(r.kind)"), at: span)
      }
      return .boolean(op == .equal ? same : !same)
    default:
      guard case .number(let x) = l else {
        throw RuntimeError(.comparesNumbers(op.rawValue, found: "\(l.kind)"), at: a.span)
      }
      guard case .number(let y) = r else {
        throw RuntimeError(.comparesNumbers(op.rawValue, found: "\(r.kind)"), at: b.span)
      }
      switch op {
      case .less: return .boolean(x < y)
      case .lessEqual: return .boolean(x <= y)
      case .greater: return .boolean(x > y)
      default: return .boolean(x >= y)
      }
    }
  }

  func member(_ v: Value, _ name: String, _ span: SourceSpan) throws -> Value {
    func noMember(_ what: String, _ kind: ValueKind) -> RuntimeError {
      let names = (Builtins.valueMembers[kind] ?? []).map(\.name)
      return RuntimeError(
        .valueHasNoMember(what, member: name), at: span,
        fixIt: Suggest.didYouMean(name, in: names) ?? "its members: " + names.joined(separator: ", "))
    }
    switch v {
    case .record(let r):
      if let m = r[name] { return m }
      if let why = r.unavailable[name] {
        throw RuntimeError(
          .memberUnavailable("\(r.kind)", member: name, reason: why.reason), at: span, fixIt: why.fixIt)
      }
      throw RuntimeError(
        .valueHasNoMember("\(r.kind)", member: name), at: span,
        fixIt: Suggest.didYouMean(name, in: r.memberNames) ?? "its members: " + r.memberNames.joined(separator: ", "))
    case .data(let d):
      switch name {
      case "x", "inputs": return .matrix(d.x)
      case "y", "targets": return .matrix(d.y)
      case "n", "count": return .number(Double(d.count))
      case "features": return .number(Double(d.x.cols))
      default: throw noMember("a dataset", .data)
      }
    case .matrix(let m):
      switch name {
      case "rows": return .number(Double(m.rows))
      case "cols": return .number(Double(m.cols))
      default: throw noMember("a matrix", .matrix)
      }
    case .net(let h):
      switch name {
      case "parameters": return .number(Double(h.network.parameterCount))
      default: throw noMember("a net", .net)
      }
    case .algebra(let a):
      switch name {
      case "dimension": return .number(Double(a.dimension))
      default: throw noMember("an algebra", .algebra)
      }
    default:
      throw RuntimeError(.valueHasNoMember("\(v.kind)", member: name), at: span)
    }
  }

  func index(_ v: Value, _ idx: [Double], _ span: SourceSpan) throws -> Value {
    func checked(_ x: Double, _ n: Int) throws -> Int {
      guard x == x.rounded(), x >= 0, x < Double(n) else {
        throw RuntimeError(.indexOutOfRange(Table.format(x), count: n), at: span)
      }
      return Int(x)
    }
    switch (v, idx.count) {
    case (.list(let xs), 1): return xs[try checked(idx[0], xs.count)]
    case (.matrix(let m), 1):
      return .list(m.row(try checked(idx[0], m.rows)).map { .number($0) })
    case (.matrix(let m), 2):
      return .number(m[try checked(idx[0], m.rows), try checked(idx[1], m.cols)])
    case (.list(let xs), 2):
      guard case .list(let row) = xs[try checked(idx[0], xs.count)] else {
        throw RuntimeError(.needsMatrixForTwoIndices, at: span)
      }
      return row[try checked(idx[1], row.count)]
    default:
      throw RuntimeError(.cannotIndex("\(v.kind)", count: idx.count), at: span)
    }
  }

  /// Runs a call through its registry entry's implementation.
  func call(_ c: IRCall) throws -> Value {
    guard let run = c.info.run else {
      throw RuntimeError.internal("'\(c.name)' has no implementation in the registry", at: c.span)
    }
    return try run(self, c)
  }
}
