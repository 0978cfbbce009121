import Diagnostics
import Lexer

/// The abstract syntax tree of an `.nns` script: `indirect enum`s, every node with its `SourceSpan`.
/// The parser builds it; `Runtime.check` resolves it into the IR. Names follow `grammar.md`.

/// A name as written, with where it was written.
public struct Identifier: Hashable, Sendable {
  public var name: String
  public var span: SourceSpan
  public init(_ name: String, span: SourceSpan) {
    self.name = name
    self.span = span
  }
}

/// A whole script (or one REPL entry).
public struct Program: Sendable {
  public var statements: [Statement]
  public init(statements: [Statement]) { self.statements = statements }
}

/// `f(x, k: v)` arguments, `print a: x, b`, layer arguments `dense 12, tanh`: an optional label and a value.
public struct Argument: Sendable {
  public var label: Identifier?
  public var value: Expression
  public init(label: Identifier? = nil, value: Expression) {
    self.label = label
    self.value = value
  }
  public var span: SourceSpan { label.map { $0.span.to(value.span) } ?? value.span }
}

public enum UnaryOperator: String, Sendable {
  case negate = "-"
  case plus = "+"
  case not = "not"
}

public enum BinaryOperator: String, Sendable, CaseIterable {
  case or, and
  case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
  case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
}

public indirect enum Expression: Sendable {
  case number(Double, SourceSpan)
  case string(String, SourceSpan)
  case boolean(Bool, SourceSpan)
  case identifier(Identifier)
  case list([Expression], SourceSpan)
  /// `a..b`, inclusive of both ends.
  case range(Expression, Expression, SourceSpan)
  case unary(UnaryOperator, Expression, SourceSpan)
  case binary(BinaryOperator, Expression, Expression, SourceSpan)
  /// `callee(args)`; the callee is almost always an identifier.
  case call(Expression, [Argument], SourceSpan)
  /// `base.name`
  case member(Expression, Identifier, SourceSpan)
  /// `base[i]` or `base[i, j]`
  case index(Expression, [Expression], SourceSpan)

  public var span: SourceSpan {
    switch self {
    case .number(_, let s), .string(_, let s), .boolean(_, let s), .list(_, let s), .range(_, _, let s),
      .unary(_, _, let s), .binary(_, _, _, let s), .call(_, _, let s), .member(_, _, let s),
      .index(_, _, let s):
      return s
    case .identifier(let id): return id.span
    }
  }
}

/// One line of a `net` block: `keyword args` — `input 2`, `dense 12, tanh, fixed`, `dropout 0.1`,
/// `batchnorm`, `bias off`, `init he`, `param ntk`, `readout real` — or a block line
/// `residual span: 2 { … }` whose body holds more lines.
public struct NetLine: Sendable {
  public var keyword: Identifier
  public var arguments: [Argument]
  /// Present for block lines (`residual … { … }`).
  public var body: [NetLine]?
  public var span: SourceSpan
  public init(keyword: Identifier, arguments: [Argument], body: [NetLine]? = nil, span: SourceSpan) {
    self.keyword = keyword
    self.arguments = arguments
    self.body = body
    self.span = span
  }
}

/// `net name [over algebra] { lines }`
public struct NetDeclaration: Sendable {
  public var name: Identifier
  public var algebra: Expression?
  public var lines: [NetLine]
  public var span: SourceSpan
  public init(name: Identifier, algebra: Expression?, lines: [NetLine], span: SourceSpan) {
    self.name = name
    self.algebra = algebra
    self.lines = lines
    self.span = span
  }
}

/// One line of a `train` block.
public enum TrainLine: Sendable {
  /// `loss mse`, `optimizer sgd(lr: 0.1)`, `batch 32`, `batch full`, `epochs 3000`, `schedule cosine`,
  /// `escape singularities(tol: 1e-3)`: a keyword and its arguments.
  case setting(keyword: Identifier, arguments: [Argument], span: SourceSpan)
  /// `every 500: loss(net, train), accuracy(net, test)`
  case every(interval: Expression, probes: [Argument], span: SourceSpan)
  /// `stop when <condition>`
  case stopWhen(Expression, span: SourceSpan)

  public var span: SourceSpan {
    switch self {
    case .setting(_, _, let s), .every(_, _, let s), .stopWhen(_, let s): return s
    }
  }
}

/// `train net on data { lines }`
public struct TrainDeclaration: Sendable {
  public var net: Identifier
  public var data: Expression
  public var lines: [TrainLine]
  public var span: SourceSpan
  public init(net: Identifier, data: Expression, lines: [TrainLine], span: SourceSpan) {
    self.net = net
    self.data = data
    self.lines = lines
    self.span = span
  }
}

/// `name in values` of a sweep header.
public struct SweepVariable: Sendable {
  public var name: Identifier
  public var values: Expression
  public init(name: Identifier, values: Expression) {
    self.name = name
    self.values = values
  }
}

public indirect enum Statement: Sendable {
  /// `seed 42`
  case seed(Expression, span: SourceSpan)
  /// `let name = value`
  case let_(Identifier, Expression, span: SourceSpan)
  /// `algebra name = cayley_dickson(3)`
  case algebra(Identifier, Expression, span: SourceSpan)
  /// `data name = gen(…)` or `data a, b = split(…)`
  case data([Identifier], Expression, span: SourceSpan)
  /// `net name [over algebra] { … }`
  case net(NetDeclaration)
  /// `net name = load("…")`, `net name = realify(other)`
  case netAssign(Identifier, Expression, span: SourceSpan)
  /// `train net on data { … }`
  case train(TrainDeclaration)
  /// `sweep a in […], b in 1..3 { … }`
  case sweep([SweepVariable], [Statement], span: SourceSpan)
  /// `print x` or `print label: x, other: y`
  case print([Argument], span: SourceSpan)
  /// `plot x [, option: v …] to "file.svg"`
  case plot([Argument], to: Expression, span: SourceSpan)
  /// `save x to "file.json"`
  case save(Expression, to: Expression, span: SourceSpan)
  /// `assert condition [, "message"]`
  case assert(Expression, message: Expression?, span: SourceSpan)
  /// An expression on its own (the REPL prints its value).
  case expression(Expression, span: SourceSpan)

  public var span: SourceSpan {
    switch self {
    case .seed(_, let s), .let_(_, _, let s), .algebra(_, _, let s), .data(_, _, let s), .netAssign(_, _, let s),
      .sweep(_, _, let s), .print(_, let s), .plot(_, _, let s), .save(_, _, let s), .assert(_, _, let s),
      .expression(_, let s):
      return s
    case .net(let n): return n.span
    case .train(let t): return t.span
    }
  }
}
