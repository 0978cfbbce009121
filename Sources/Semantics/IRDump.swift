import Diagnostics
import Lexer
import Parser
import Report

/// A stable text form of the IR for `nns ir` and snapshot tests: one node per line, indented,
/// names resolved (`var x : data`, `call split[function](data: …, fraction: …)`).
public enum IRDump {
  public static func dump(_ p: IRProgram) -> String {
    var out: [String] = []
    for s in p.statements { statement(s, 0, &out) }
    return out.joined(separator: "\n") + "\n"
  }

  package static func pad(_ d: Int) -> String { String(repeating: "  ", count: d) }

  package static func statement(_ s: IRStatement, _ d: Int, _ out: inout [String]) {
    let p = pad(d)
    let at = "@\(s.span.line):\(s.span.column)"
    switch s {
    case .seed(let e, _): out.append("\(p)seed \(expr(e)) \(at)")
    case .let_(let n, let e, _): out.append("\(p)let \(n) = \(expr(e)) \(at)")
    case .algebra(let n, let e, _): out.append("\(p)algebra \(n) = \(expr(e)) \(at)")
    case .data(let ns, let e, _): out.append("\(p)data \(ns.joined(separator: ", ")) = \(expr(e)) \(at)")
    case .net(let n):
      out.append("\(p)net \(n.name) over \(n.algebra.map(expr) ?? "real") \(at)")
      out.append("\(p)  input \(expr(n.input))")
      for l in n.layers { layer(l, d + 1, &out) }
      out.append("\(p)  init \(n.initializer.map(call) ?? "glorot (default)")")
      out.append(
        "\(p)  param \(Options.parametrizationNames[n.parametrization] ?? ""); readout \(n.readout?.rawValue ?? "auto"); "
          + "bias \(n.bias ? "on" : "off")")
    case .netAssign(let n, let e, _): out.append("\(p)net \(n) = \(expr(e)) \(at)")
    case .train(let t):
      out.append("\(p)train \(t.net) on \(expr(t.data)) \(at)")
      out.append("\(p)  loss \(t.loss.map(call) ?? "(net's loss, mse by default)")")
      out.append("\(p)  optimizer \(t.optimizer.map(call) ?? "gd(lr: 0.1) (default)")")
      switch t.batch {
      case .size(let e)?: out.append("\(p)  batch \(expr(e))")
      default: out.append("\(p)  batch full")
      }
      out.append("\(p)  epochs \(t.epochs.map(expr) ?? "100 (default)")")
      for e in t.every { out.append("\(p)  every \(expr(e.interval)): \(e.items.map(item).joined(separator: ", "))") }
      if let s = t.schedule { out.append("\(p)  schedule \(call(s))") }
      if let e = t.escape { out.append("\(p)  escape \(call(e))") }
      if let s = t.stop { out.append("\(p)  stop when \(expr(s))") }
    case .sweep(let vars, let body, _):
      out.append("\(p)sweep \(vars.map { "\($0.name) in \(expr($0.values))" }.joined(separator: ", ")) \(at)")
      for b in body { statement(b, d + 1, &out) }
    case .print(let items, _): out.append("\(p)print \(items.map(item).joined(separator: ", ")) \(at)")
    case .plot(let items, let to, _):
      out.append("\(p)plot \(items.map(item).joined(separator: ", ")) to \(expr(to)) \(at)")
    case .save(let e, let to, _): out.append("\(p)save \(expr(e)) to \(expr(to)) \(at)")
    case .assert(let c, let m, _): out.append("\(p)assert \(expr(c))\(m.map { ", " + expr($0) } ?? "") \(at)")
    case .expression(let e, _): out.append("\(p)eval \(expr(e)) \(at)")
    }
  }

  package static func layer(_ l: IRLayer, _ d: Int, _ out: inout [String]) {
    let p = pad(d)
    switch l {
    case .dense(let u, let a, let bias, let fixed, let augmented, let initializer, _):
      var flags: [String] = []
      if !bias { flags.append("bias off") }
      if fixed { flags.append("fixed") }
      if augmented { flags.append("augmented") }
      if let initializer { flags.append("init: \(call(initializer))") }
      out.append("\(p)dense \(expr(u)), \(call(a))\(flags.isEmpty ? "" : ", " + flags.joined(separator: ", "))")
    case .residual(let s, let body, let drop, _):
      out.append("\(p)residual span: \(expr(s))\(drop.map { ", stochastic_depth: " + expr($0) } ?? "")")
      for b in body { layer(b, d + 1, &out) }
    case .dropout(let e, _): out.append("\(p)dropout \(expr(e))")
    case .batchnorm: out.append("\(p)batchnorm")
    }
  }

  package static func item(_ i: IRItem) -> String {
    (i.label.map { "\($0): " } ?? "") + expr(i.expr)
      + (i.sweepKey.map { if case .variable(let v) = $0 { " [key \(v)]" } else { " [key]" } } ?? "")
  }

  package static func call(_ c: IRCall) -> String {
    let named = c.info.parameters.compactMap { p in c.arguments[p.name].map { "\(p.name): \(expr($0))" } }
    let args = c.variadic.map(expr) + named
    return "\(c.name)[\(c.info.category.rawValue)]" + (args.isEmpty ? "" : "(\(args.joined(separator: ", ")))")
  }

  public static func expr(_ e: IRExpr) -> String {
    switch e {
    case .constant(let v, _):
      if case .string(let s) = v { return "\"\(s)\"" }
      return v.summary
    case .variable(let n, let k, _): return "\(n):\(k.rawValue)"
    case .list(let xs, _): return "[" + xs.map(expr).joined(separator: ", ") + "]"
    case .range(let a, let b, _): return "\(expr(a))..\(expr(b))"
    case .unary(let op, let x, _): return "(\(op.rawValue) \(expr(x)))"
    case .binary(let op, let a, let b, _): return "(\(expr(a)) \(op.rawValue) \(expr(b)))"
    case .call(let c): return call(c)
    case .member(let b, let n, _): return "\(expr(b)).\(n)"
    case .index(let b, let i, _): return "\(expr(b))[\(i.map(expr).joined(separator: ", "))]"
    }
  }
}
