import Diagnostics
import Lexer

@testable import Parser

/// Parses `text` as a file named `test.nns`.
func parse(_ text: String) -> ParseResult {
  Parser.parse(SourceFile(path: "test.nns", text: text))
}

/// The AST dump of `text`, or the diagnostics' messages if there were any (so a failing test shows why).
func ast(_ text: String) -> String {
  let result = parse(text)
  if !result.diagnostics.isEmpty { return result.diagnostics.map(\.description).joined(separator: "\n") }
  return dumpAST(result.program)
}

/// The dump of the single expression in `print <text>`, without spans, as a compact S-expression.
func expr(_ text: String) -> String {
  let result = parse(text)
  if !result.diagnostics.isEmpty { return result.diagnostics.map(\.message).joined(separator: "; ") }
  guard case .expression(let e, _) = result.program.statements.first else { return "not an expression" }
  return compact(e)
}

/// `(+ 1 (* 2 3))`-style rendering that makes precedence tests short.
func compact(_ e: Expression) -> String {
  switch e {
  case .number(let v, _): return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
  case .string(let s, _): return quoted(s)
  case .boolean(let b, _): return "\(b)"
  case .identifier(let id): return id.name
  case .list(let items, _): return "[" + items.map(compact).joined(separator: " ") + "]"
  case .range(let a, let b, _): return "(.. \(compact(a)) \(compact(b)))"
  case .unary(let op, let a, _): return "(\(op == .negate ? "neg" : op.rawValue) \(compact(a)))"
  case .binary(let op, let a, let b, _): return "(\(op.rawValue) \(compact(a)) \(compact(b)))"
  case .call(let f, let args, _):
    return "(call \(compact(f))" + args.map { " " + compact($0) }.joined() + ")"
  case .member(let base, let name, _): return "(. \(compact(base)) \(name.name))"
  case .index(let base, let idx, _): return "(idx \(compact(base))" + idx.map { " " + compact($0) }.joined() + ")"
  }
}

func compact(_ a: Argument) -> String {
  a.label.map { "\($0.name): \(compact(a.value))" } ?? compact(a.value)
}

/// Just the messages of the diagnostics for `text`, in order.
func messages(_ text: String) -> [String] { parse(text).diagnostics.map(\.message) }
