import Diagnostics
import Engine
import Lexer
import Parser
import Report

/// The checked intermediate representation: every name resolved (to a variable of known kind or to a
/// registry entry), every call's arguments bound to parameters by name, every net line and train
/// setting interpreted. `Runtime.check` builds it from the AST; the interpreter runs it; `nns ir` dumps it.
public indirect enum IRExpr: Sendable {
  case constant(Value, SourceSpan)
  case variable(String, ValueKind, SourceSpan)
  case list([IRExpr], SourceSpan)
  case range(IRExpr, IRExpr, SourceSpan)
  case unary(UnaryOperator, IRExpr, SourceSpan)
  case binary(BinaryOperator, IRExpr, IRExpr, SourceSpan)
  case call(IRCall)
  case member(IRExpr, String, SourceSpan)
  case index(IRExpr, [IRExpr], SourceSpan)

  public var span: SourceSpan {
    switch self {
    case .constant(_, let s), .variable(_, _, let s), .list(_, let s), .range(_, _, let s), .unary(_, _, let s),
      .binary(_, _, _, let s), .member(_, _, let s), .index(_, _, let s):
      return s
    case .call(let c): return c.span
    }
  }
}

/// A call or an option (`sgd(lr: 0.1)`, `tanh`, `leaky_relu(0.1)`) bound against its registry entry.
public struct IRCall: Sendable {
  public var info: BuiltinInfo
  /// Arguments by parameter name; parameters left out take their defaults.
  public var arguments: [String: IRExpr]
  /// For variadic entries (min, max): all positional arguments in order.
  public var variadic: [IRExpr]
  public var span: SourceSpan
  public var name: String { info.name }
}

/// `label: expr` in print, plot and every.
public struct IRItem: Sendable {
  public var label: String?
  public var expr: IRExpr
  /// Whether a sweep table groups its rows by this item (see `SweepKey`); nil for a measured value.
  public var sweepKey: SweepKey?
}

/// What makes a printed item a grouping key of a sweep table.
public enum SweepKey: Sendable, Equatable {
  /// The item is a function of this one sweep variable alone (`w`, `step: k * 200`, `log(w)`): rows group
  /// by the variable's value.
  case variable(String)
  /// The item is a constant (`net: "dropout"`): it names the print it belongs to, and rows group by it.
  case constant
}

public indirect enum IRLayer: Sendable {
  /// `initializer`: the line's own `init:` (this layer's weights), nil = the net's `init`.
  case dense(
    units: IRExpr, activation: IRCall, bias: Bool, fixed: Bool, augmented: Bool, initializer: IRCall?,
    span: SourceSpan)
  case residual(span: IRExpr, body: [IRLayer], dropProbability: IRExpr?, at: SourceSpan)
  case dropout(IRExpr, span: SourceSpan)
  case batchnorm(span: SourceSpan)
}

public struct IRNet: Sendable {
  public var name: String
  /// A built-in algebra name or a user-declared `algebra` variable.
  public var algebra: IRExpr?
  public var input: IRExpr
  public var layers: [IRLayer]
  public var initializer: IRCall?
  public var parametrization: Parametrization
  /// nil: the default, fixed by the first data the net meets (SPEC §4.2).
  public var readout: Readout?
  public var bias: Bool
  public var span: SourceSpan
}

public enum IRBatch: Sendable {
  case full
  case size(IRExpr)
}

public struct IRTrain: Sendable {
  public var net: String
  public var netSpan: SourceSpan
  public var data: IRExpr
  public var loss: IRCall?
  public var optimizer: IRCall?
  public var batch: IRBatch?
  public var epochs: IRExpr?
  public var every: [(interval: IRExpr, items: [IRItem], span: SourceSpan)]
  public var stop: IRExpr?
  public var schedule: IRCall?
  /// `escape singularities(tol:)`
  public var escape: IRCall?
  public var span: SourceSpan
}

public indirect enum IRStatement: Sendable {
  case seed(IRExpr, span: SourceSpan)
  case let_(String, IRExpr, span: SourceSpan)
  case algebra(String, IRExpr, span: SourceSpan)
  case data([String], IRExpr, span: SourceSpan)
  case net(IRNet)
  case netAssign(String, IRExpr, span: SourceSpan)
  case train(IRTrain)
  case sweep([(name: String, values: IRExpr)], [IRStatement], span: SourceSpan)
  case print([IRItem], span: SourceSpan)
  case plot([IRItem], to: IRExpr, span: SourceSpan)
  case save(IRExpr, to: IRExpr, span: SourceSpan)
  case assert(IRExpr, message: IRExpr?, span: SourceSpan)
  case expression(IRExpr, span: SourceSpan)

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

public struct IRProgram: Sendable {
  public var statements: [IRStatement]
  public init(statements: [IRStatement]) { self.statements = statements }
}
