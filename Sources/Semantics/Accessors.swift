import Diagnostics
import Engine
import Foundation
import Lexer
import Parser
import Report

/// The typed accessors of evaluated expressions, for every implementation (the interpreter's and the
/// checker's constant context alike).
package extension CallContext {

  package func number(_ e: IRExpr) throws -> Double {
    switch try evaluate(e) {
    case .number(let x): return x
    case .boolean(let b): return b ? 1 : 0
    case let v: throw RuntimeError(.expectedKind("a number", found: "\(v.kind)"), at: e.span)
    }
  }

  package func integer(_ e: IRExpr, min lo: Int = Int.min, max hi: Int = Int.max, what: String) throws -> Int {
    let x = try number(e)
    guard x.isFinite, x == x.rounded(), x >= Double(lo), x <= Double(hi) else {
      let range = hi == Int.max ? "≥ \(lo)" : "from \(lo) to \(hi)"
      throw RuntimeError(.wholeNumber(what, range: range, found: Table.format(x)), at: e.span)
    }
    return Int(x)
  }

  package func string(_ e: IRExpr) throws -> String {
    guard case .string(let s) = try evaluate(e) else {
      throw RuntimeError(.expectedKind("a string", found: nil), at: e.span)
    }
    return s
  }

  package func dataset(_ e: IRExpr) throws -> Dataset {
    guard case .data(let d) = try evaluate(e) else {
      throw RuntimeError(.expectedKind("a dataset", found: nil), at: e.span)
    }
    return d
  }

  package func netHandle(_ e: IRExpr) throws -> NetHandle {
    guard case .net(let n) = try evaluate(e) else { throw RuntimeError(.expectedKind("a net", found: nil), at: e.span) }
    return n
  }
}

/// Elementwise arithmetic on numbers, lists and matrices (`predict(a, d) - predict(b, d)`).
package enum Arithmetic {
  /// `"net_" + w + ".json"`: when either side is a string, the two joined, numbers in the tables' format
  /// (`Table.format`: whole numbers plainly, others to 4 significant digits); nil when neither is a string.
  package static func concatenate(_ a: Value, _ b: Value, at span: SourceSpan) throws -> String? {
    guard case .string = a else {
      guard case .string(let y) = b else { return nil }
      return try piece(a, at: span) + y
    }
    return try piece(a, at: span) + piece(b, at: span)
  }

  private static func piece(_ v: Value, at span: SourceSpan) throws -> String {
    switch v {
    case .string(let s): return s
    case .number(let x): return Table.format(x)
    default: throw RuntimeError(.joinsStrings(found: "\(v.kind)"), at: span)
    }
  }

  package static func map(_ v: Value, at span: SourceSpan, _ f: (Double) -> Double) throws -> Value {
    switch v {
    case .number(let x): return .number(f(x))
    case .list(let xs): return .list(try xs.map { try map($0, at: span, f) })
    case .matrix(let m): return .matrix(m.map(f))
    default: throw RuntimeError(.arithmeticNeeds(found: "\(v.kind)"), at: span)
    }
  }

  package static func zip(_ a: Value, _ b: Value, at span: SourceSpan, _ f: (Double, Double) -> Double) throws -> Value
  {
    switch (a, b) {
    case (.number(let x), .number(let y)): return .number(f(x, y))
    case (.number(let x), _): return try map(b, at: span) { f(x, $0) }
    case (_, .number(let y)): return try map(a, at: span) { f($0, y) }
    case (.list(let xs), .list(let ys)):
      guard xs.count == ys.count else {
        throw RuntimeError(.listLengths(xs.count, ys.count), at: span)
      }
      return .list(try Swift.zip(xs, ys).map { try zip($0, $1, at: span, f) })
    case (.matrix(let x), .matrix(let y)):
      guard x.rows == y.rows, x.cols == y.cols else {
        throw RuntimeError(.matrixShapes("\(x.rows)×\(x.cols)", "\(y.rows)×\(y.cols)"), at: span)
      }
      return .matrix(Matrix(rows: x.rows, cols: x.cols, data: Swift.zip(x.data, y.data).map(f)))
    default:
      throw RuntimeError(.arithmeticBetween("\(a.kind)", "\(b.kind)"), at: span)
    }
  }

  /// All numbers in a value, flattened (for min/max/sum/mean).
  package static func numbers(_ v: Value, at span: SourceSpan) throws -> [Double] {
    switch v {
    case .number(let x): return [x]
    case .list(let xs): return try xs.flatMap { try numbers($0, at: span) }
    case .matrix(let m): return m.data
    default: throw RuntimeError(.expectedKind("numbers", found: "\(v.kind)"), at: span)
    }
  }
}
