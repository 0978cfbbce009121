import Engine
import Report

/// What a built-in's implementation may ask of whoever runs it. The registry's entries are typed against
/// this protocol, not against the interpreter: the semantic phase (registry, checker, IR) knows nothing of
/// how statements run. Runtime's `Interpreter` provides it; `ConstantContext` provides it to the checker,
/// which runs an option's implementation on constant arguments to validate a net at check time.
///
/// Everything else an implementation uses (the typed accessors `number(c, "tol")`, `netAndData`, the
/// memory budget, …) is built on these requirements, in extensions of this protocol.
package protocol CallContext: AnyObject {
  /// The value of an expression of the running program; errors carry the span of the failing part.
  func evaluate(_ e: IRExpr) throws -> Value
  /// A fresh random stream for one named draw, independent of statement order.
  func stream(_ label: String) -> RandomSource
  /// A path a script names, as the process opens it (relative to the running script's folder).
  func resolve(_ path: String) -> String
  /// The label data generators draw their stream from (the `data` statement's names).
  var dataLabel: String { get }
  /// The local scopes, innermost last (a list comprehension pushes one per element).
  var locals: [[String: Value]] { get set }
  /// The rows the last finished top-level sweep printed, unmerged, and its column order.
  var lastSweep: (rows: [[String: Cell]], columns: [String])? { get }
}

/// The context of the checker's constant folding: it evaluates constants only, so an implementation run
/// on constant arguments (`Options.activation` of a dense line) gives its value, and any other expression
/// is an error the caller treats as "not known statically".
package final class ConstantContext: CallContext {
  package init() {}
  package func evaluate(_ e: IRExpr) throws -> Value {
    guard case .constant(let v, _) = e else { throw RuntimeError(.notConstant, at: e.span) }
    return v
  }
  package func stream(_ label: String) -> RandomSource { RandomSource(seed: 0).fork(label) }
  package func resolve(_ path: String) -> String { path }
  package var dataLabel: String { "data" }
  package var locals: [[String: Value]] = []
  package var lastSweep: (rows: [[String: Cell]], columns: [String])? { nil }
}
