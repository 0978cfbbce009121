/// Collects the variable names (and calls) an IR fragment reads: the sweep's independence check and its merge keys.
package enum IRWalk {
  package static func variables(_ e: IRExpr, into out: inout Set<String>) {
    switch e {
    case .constant: break
    case .variable(let n, _, _): out.insert(n)
    case .list(let xs, _): for x in xs { variables(x, into: &out) }
    case .range(let a, let b, _), .binary(_, let a, let b, _):
      variables(a, into: &out)
      variables(b, into: &out)
    case .unary(_, let x, _), .member(let x, _, _): variables(x, into: &out)
    case .call(let c): variables(c, into: &out)
    case .index(let b, let i, _):
      variables(b, into: &out)
      for x in i { variables(x, into: &out) }
    }
  }

  /// Every call in an expression (outermost first).
  package static func calls(in e: IRExpr) -> [IRCall] {
    switch e {
    case .constant, .variable: return []
    case .list(let xs, _): return xs.flatMap { calls(in: $0) }
    case .range(let a, let b, _), .binary(_, let a, let b, _): return calls(in: a) + calls(in: b)
    case .unary(_, let x, _), .member(let x, _, _): return calls(in: x)
    case .call(let c): return [c] + c.arguments.values.flatMap { calls(in: $0) } + c.variadic.flatMap { calls(in: $0) }
    case .index(let b, let i, _): return calls(in: b) + i.flatMap { calls(in: $0) }
    }
  }

  package static func variables(_ c: IRCall, into out: inout Set<String>) {
    for a in c.arguments.values { variables(a, into: &out) }
    for a in c.variadic { variables(a, into: &out) }
  }

  package static func variables(_ t: IRTrain, into out: inout Set<String>) {
    out.insert(t.net)
    variables(t.data, into: &out)
    for c in [t.loss, t.optimizer, t.schedule, t.escape].compactMap({ $0 }) { variables(c, into: &out) }
    if case .size(let e)? = t.batch { variables(e, into: &out) }
    if let e = t.epochs { variables(e, into: &out) }
    for ev in t.every {
      variables(ev.interval, into: &out)
      for i in ev.items { variables(i.expr, into: &out) }
    }
    if let s = t.stop { variables(s, into: &out) }
  }

  package static func variables(_ l: IRLayer, into out: inout Set<String>) {
    switch l {
    case .dense(let u, let a, _, _, _, let initializer, _):
      variables(u, into: &out)
      variables(a, into: &out)
      if let initializer { variables(initializer, into: &out) }
    case .residual(let s, let body, let p, _):
      variables(s, into: &out)
      if let p { variables(p, into: &out) }
      for b in body { variables(b, into: &out) }
    case .dropout(let p, _): variables(p, into: &out)
    case .batchnorm: break
    }
  }

  package static func variables(_ s: IRStatement, into out: inout Set<String>) {
    switch s {
    case .seed(let e, _), .let_(_, let e, _), .algebra(_, let e, _), .data(_, let e, _), .netAssign(_, let e, _),
      .expression(let e, _):
      variables(e, into: &out)
    case .net(let n):
      if let a = n.algebra { variables(a, into: &out) }
      variables(n.input, into: &out)
      for l in n.layers { variables(l, into: &out) }
      if let i = n.initializer { variables(i, into: &out) }
    case .train(let t): variables(t, into: &out)
    case .sweep(let vs, let body, _):
      for v in vs { variables(v.values, into: &out) }
      for b in body { variables(b, into: &out) }
    case .print(let items, _): for i in items { variables(i.expr, into: &out) }
    case .plot(let items, let to, _):
      for i in items { variables(i.expr, into: &out) }
      variables(to, into: &out)
    case .save(let e, let to, _):
      variables(e, into: &out)
      variables(to, into: &out)
    case .assert(let c, let m, _):
      variables(c, into: &out)
      if let m { variables(m, into: &out) }
    }
  }
}
