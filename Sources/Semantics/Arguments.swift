import Diagnostics
import Engine
import Lexer
import Report

/// Typed access to a bound call's arguments. Every accessor reads the parameter's default and range from
/// the call's registry entry (`IRCall.info`), so what the docs say a left-out argument means is what the
/// run uses, and a computed value outside the range gets the checker's message for a constant one.
/// A parameter the registry does not list is a bug in NNS: an internal error, never a trap.
package extension CallContext {
  /// The registry's entry for parameter `name` of `c`.
  package func parameter(_ c: IRCall, _ name: String) throws -> ParameterInfo {
    guard let p = c.info.parameters.first(where: { $0.name == name }) else {
      throw RuntimeError.internal("'\(c.name)' reads a parameter '\(name)' its registry entry lacks", at: c.span)
    }
    return p
  }

  /// A number: the argument as given, else the registry's default, within the registry's range.
  package func number(_ c: IRCall, _ name: String) throws -> Double {
    try number(c, name) { throw missingDefault(c, name) }
  }

  /// A number whose default the registry states as `.computed(…)`: `computed` gives it.
  package func number(_ c: IRCall, _ name: String, computed: () throws -> Double) throws -> Double {
    let p = try parameter(c, name)
    let x: Double
    if let e = c.arguments[name] {
      x = try number(e)
    } else if case .number(let d)? = p.defaultValue {
      x = d
    } else if case .computed? = p.defaultValue {
      x = try computed()
    } else {
      throw missingDefault(c, name)
    }
    guard p.allows(x) else { throw outOfRange(c, p, x) }
    return x
  }

  /// A whole number (the registry's range says `whole`): as given, else the default.
  package func integer(_ c: IRCall, _ name: String) throws -> Int {
    try integer(c, name) { throw missingDefault(c, name) }
  }

  package func integer(_ c: IRCall, _ name: String, computed: () throws -> Int) throws -> Int {
    let p = try parameter(c, name)
    guard p.whole, p.range != nil else {
      throw RuntimeError.internal("'\(name)' of \(c.name) is read as a whole number but has no whole range", at: c.span)
    }
    let x = try number(c, name) { Double(try computed()) }
    guard let k = WholeNumber.int(x) else { throw outOfRange(c, p, x) }
    return k
  }

  /// A word (`uniform`, `auto`, `kfac`, or a string of a word set): as given, else the default word.
  package func word(_ c: IRCall, _ name: String) throws -> String {
    try word(c, name) { throw missingDefault(c, name) }
  }

  /// A word whose default the registry states as `.computed(…)`: `computed` gives it.
  package func word(_ c: IRCall, _ name: String, computed: () throws -> String) throws -> String {
    let p = try parameter(c, name)
    if let e = c.arguments[name] {
      switch try evaluate(e) {
      case .string(let s): return s
      case let v: throw RuntimeError(.argumentIsWord(name, of: c.name, found: "\(v.kind)"), at: e.span)
      }
    }
    switch p.defaultValue {
    case .word(let w)?, .string(let w)?: return w
    case .computed?: return try computed()
    default: throw missingDefault(c, name)
    }
  }

  /// Whether a parameter's argument is a word rather than a value of its kind (`lr: auto`).
  package func isWord(_ c: IRCall, _ name: String) throws -> Bool {
    guard let e = c.arguments[name] else { return false }
    if case .string = try evaluate(e) { return true }
    return false
  }

  /// true or false: as given, else the default.
  package func flag(_ c: IRCall, _ name: String) throws -> Bool {
    let p = try parameter(c, name)
    if let e = c.arguments[name] {
      guard case .boolean(let b) = try evaluate(e) else {
        throw RuntimeError(.argumentIsBoolean(name, of: c.name), at: e.span)
      }
      return b
    }
    guard case .boolean(let b)? = p.defaultValue else { throw missingDefault(c, name) }
    return b
  }

  /// The checker's message for a constant outside the range, at the argument (or the call).
  private func outOfRange(_ c: IRCall, _ p: ParameterInfo, _ x: Double) -> RuntimeError {
    RuntimeError(
      .argumentOutOfRange(p.name, of: c.name, range: p.rangeText, found: Table.format(x)),
      at: c.arguments[p.name]?.span ?? c.span)
  }

  private func missingDefault(_ c: IRCall, _ name: String) -> RuntimeError {
    .internal("'\(name)' of \(c.name) was left out but its registry entry has no default of that kind", at: c.span)
  }
}
