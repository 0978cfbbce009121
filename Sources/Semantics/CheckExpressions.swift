import Diagnostics
import Engine
import Lexer
import Parser
import Report

package extension Checker {
  /// Resolves an expression. On an error it records a diagnostic and returns an `any`-kinded node so
  /// checking goes on and later errors are found too.
  package mutating func expression(_ e: Expression) -> IRExpr {
    switch e {
    case .number(let x, let s): return .constant(.number(x), s)
    case .string(let x, let s): return .constant(.string(x), s)
    case .boolean(let b, let s): return .constant(.boolean(b), s)
    case .identifier(let id): return identifier(id)
    case .list(let xs, let s): return .list(xs.map { expression($0) }, s)
    case .range(let a, let b, let s):
      let lo = expression(a)
      let hi = expression(b)
      expect(lo, .number, what: "a range bound")
      expect(hi, .number, what: "a range bound")
      return .range(lo, hi, s)
    case .unary(let op, let x, let s):
      let ir = expression(x)
      if op == .not { expect(ir, .boolean, what: "'not'") }
      return .unary(op, ir, s)
    case .binary(let op, let a, let b, let s):
      let l = expression(a)
      let r = expression(b)
      if op == .and || op == .or {
        expect(l, .boolean, what: "'\(op.rawValue)'")
        expect(r, .boolean, what: "'\(op.rawValue)'")
      } else if op == .add && (kind(of: l) == .string || kind(of: r) == .string) {
        // String building: "net_" + w + ".json" (numbers formatted as tables print them).
        for side in [l, r] where ![.string, .number, .any].contains(kind(of: side)) {
          error(.stringJoin(found: "\(kind(of: side))"), side.span)
        }
      } else {
        for side in [l, r] {
          let k = kind(of: side)
          if ![.number, .list, .matrix, .any, .boolean].contains(k) && !(op == .equal || op == .notEqual) {
            error(.operatorNeedsNumbers(op.rawValue, found: "\(k)"), side.span)
          }
        }
      }
      return .binary(op, l, r, s)
    case .call(let callee, let args, let s):
      return call(callee, args, s)
    case .member(let base, let name, let s):
      let b = expression(base)
      let k = kind(of: b)
      if let shape = recordShape(of: b) {
        if !shape.open && !shape.members.contains(where: { $0.name == name.name }) {
          let names = shape.members.map(\.name)
          error(
            .noMember(name.name, of: "\(shape.kind)"), name.span,
            fixIt: Suggest.didYouMean(name.name, in: names) ?? "its members: " + names.joined(separator: ", "))
        }
      } else if let members = Builtins.valueMembers[k] {
        if !members.contains(where: { $0.name == name.name }) {
          let names = members.map(\.name)
          error(
            .noMember(name.name, of: "\(k)"), name.span,
            fixIt: Suggest.didYouMean(name.name, in: names) ?? "its members: " + names.joined(separator: ", "))
        }
      } else if ![ValueKind.record, .any].contains(k) {
        error(.noMember(name.name, of: "\(k)"), name.span)
      }
      return .member(b, name.name, s)
    case .index(let base, let idx, let s):
      let b = expression(base)
      let k = kind(of: b)
      if ![ValueKind.list, .matrix, .any].contains(k) { error(.cannotBeIndexed("\(k)"), base.span) }
      if idx.count > 2 { error(.indexArity(idx.count), s) }
      let i = idx.map { expression($0) }
      for x in i { expect(x, .number, what: "an index") }
      return .index(b, i, s)
    }
  }

  package mutating func identifier(_ id: Identifier) -> IRExpr {
    if let sym = lookup(id.name) { return .variable(id.name, sym.kind, id.span) }
    if id.name == "pi" { return .constant(.number(Double.pi), id.span) }
    if let alg = Builtins.algebra(named: id.name) { return .constant(.algebra(alg), id.span) }
    if let b = Builtins.callable(id.name) {
      error(.functionNotCalled(id.name), id.span, fixIt: "write \(b.signature)")
      return .constant(.number(0), id.span)
    }
    error(
      .unknownName(id.name), id.span,
      fixIt: Suggest.didYouMean(id.name, in: allNames() + Builtins.callableNames + ["pi"]))
    return .variable(id.name, .any, id.span)
  }

  package mutating func call(_ callee: Expression, _ args: [Argument], _ span: SourceSpan) -> IRExpr {
    guard case .identifier(let id) = callee else {
      error(.onlyBuiltinsCallable, callee.span)
      return .constant(.number(0), span)
    }
    guard let info = Builtins.callable(id.name) else {
      if lookup(id.name) != nil {
        error(.notAFunction(id.name, kind: "\(lookup(id.name)!.kind)"), id.span)
      } else {
        error(
          .unknownFunction(id.name), id.span,
          fixIt: Suggest.didYouMean(id.name, in: Builtins.callableNames + Builtins.names(.algebra)))
      }
      _ = args.map { expression($0.value) }
      return .constant(.number(0), span)
    }
    let c = bind(info, args, span: span)
    if info.category == .dataset { staticMemory(c) }
    if c.arguments["net"] != nil, let d = c.arguments["data"] {
      checkShapes(net: c.arguments["net"]!, data: d)
      staticProbeMemory(c, net: c.arguments["net"]!, data: d)
    }
    return .call(c)
  }

  /// A probe whose net and data sizes are constants is checked against the memory budget now, with the
  /// estimate the run would make (`MemoryEstimates.probe`).
  package mutating func staticProbeMemory(_ c: IRCall, net: IRExpr, data: IRExpr) {
    guard case .variable(let netName, _, _) = net, let spec = lookup(netName)?.spec,
      let points = staticPoints(of: data)
    else { return }
    let (bytes, knob) = MemoryEstimates.probe(
      c.name, spec: spec, parameters: MemoryEstimates.parameters(spec), points: points)
    do {
      try MemoryBudget.check(
        bytes: bytes, for: "\(c.name)(\(netName), …) on \(Table.format(points)) points", knob: knob)
    } catch {
      self.error(.memoryBudget("\(error)"), c.span)
    }
  }

  /// A generator whose sizes are constants is checked against the memory budget now, not when it runs.
  package mutating func staticMemory(_ c: IRCall) {
    func size(_ name: String) -> Double? {
      guard let e = c.arguments[name], case .number(let x)? = constantValue(e) else { return nil }
      return x
    }
    guard let n = size("n") else { return }
    let bytes = MemoryEstimates.generator(
      n: n, features: max(size("dim") ?? 2, size("inputs") ?? 2), centres: size("centers") ?? 0)
    do {
      try MemoryBudget.check(bytes: bytes, for: "\(c.name)(…) with n: \(Table.format(n))", knob: "reduce n: or dim:")
    } catch {
      self.error(.memoryBudget("\(error)"), c.span)
    }
  }

  /// Binds arguments to the parameters of a registry entry: positional in order, then named.
  /// Reports unknown names (did-you-mean), duplicates, too many, missing required, and kinds.
  package mutating func bind(_ info: BuiltinInfo, _ args: [Argument], span: SourceSpan) -> IRCall {
    var bound: [String: IRExpr] = [:]
    var variadic: [IRExpr] = []
    var position = 0
    for a in args {
      let target: ParameterInfo? =
        a.label.map { l in info.parameters.first { $0.name == l.name } }
        ?? (info.variadic || position >= info.parameters.count ? nil : info.parameters[position])
      let value = target.flatMap { symbolArgument($0, a) } ?? argumentExpression(info, a)
      if let label = a.label {
        guard let p = info.parameters.first(where: { $0.name == label.name }) else {
          let names = info.parameters.map(\.name)
          error(
            .noParameter(label.name, function: info.name), label.span,
            fixIt: Suggest.didYouMean(label.name, in: names)
              ?? (names.isEmpty
                ? "\(info.name) takes no arguments" : "its parameters: \(names.joined(separator: ", "))"))
          continue
        }
        if bound[p.name] != nil { error(.givenTwice(p.name), label.span) }
        check(value, against: p, of: info)
        bound[p.name] = value
      } else if info.variadic {
        variadic.append(value)
      } else if position < info.parameters.count {
        let p = info.parameters[position]
        check(value, against: p, of: info)
        bound[p.name] = value
        position += 1
      } else {
        error(
          .tooManyArguments(function: info.name, count: info.parameters.count),
          value.span, fixIt: "write \(info.signature)")
      }
    }
    if info.variadic {
      if variadic.isEmpty { error(.needsAnArgument(function: info.name), span, fixIt: "write \(info.signature)") }
    } else {
      for p in info.parameters where p.isRequired && bound[p.name] == nil {
        error(.missingArgument(p.name, function: info.name), span, fixIt: "write \(info.signature)")
      }
    }
    return IRCall(info: info, arguments: bound, variadic: variadic, span: span)
  }

  /// A bare word given to a parameter that takes words (`glorot(uniform)`, `lr: auto`,
  /// `fisher: kfac`) becomes a string constant; other bare words resolve as names.
  package mutating func symbolArgument(_ p: ParameterInfo, _ a: Argument) -> IRExpr? {
    guard p.kind == .symbol || !p.symbols.isEmpty, case .identifier(let id) = a.value, lookup(id.name) == nil else {
      return nil
    }
    if p.symbols.isEmpty || p.symbols.contains(id.name) { return .constant(.string(id.name), id.span) }
    error(
      .oneOf(p.name, p.symbols, orKind: p.kind == .symbol ? nil : "\(p.kind)"), id.span,
      fixIt: Suggest.didYouMean(id.name, in: p.symbols))
    return .constant(.string(id.name), id.span)
  }

  /// `regression(f: …)`'s formula sees the coordinates x1 … x16 (and x = x1) as numbers.
  package mutating func argumentExpression(_ info: BuiltinInfo, _ a: Argument) -> IRExpr {
    guard info.name == "regression", a.label?.name == "f" || (a.label == nil && !a.value.isLiteral) else {
      return expression(a.value)
    }
    var coordinates: [String: Symbol] = ["x": Symbol(kind: .number, span: .none)]
    for k in 1...16 { coordinates["x\(k)"] = Symbol(kind: .number, span: .none) }
    scopes.append(coordinates)
    defer { scopes.removeLast() }
    return expression(a.value)
  }

  package mutating func check(_ value: IRExpr, against p: ParameterInfo, of info: BuiltinInfo) {
    let k = kind(of: value)
    if case .constant(.string(let w), _) = value, p.symbols.contains(w) { return }
    if p.kind == .string, !p.symbols.isEmpty, case .string(let w)? = constantValue(value) {
      error(
        .stringOneOf(p.name, function: info.name, p.symbols, found: w),
        value.span, fixIt: Suggest.didYouMean(w, in: p.symbols))
      return
    }
    if !k.fits(p.kind) && p.kind != .symbol {
      error(.parameterKind(p.name, function: info.name, wanted: "\(p.kind)", found: "\(k)"), value.span)
    }
    if case .number(let x)? = constantValue(value), !p.allows(x) {
      error(.parameterRange(p.name, function: info.name, range: p.rangeText, found: Table.format(x)), value.span)
    }
  }

  /// The static kind of an IR expression.
  package func kind(of ir: IRExpr) -> ValueKind {
    switch ir {
    case .constant(let v, _): return v.kind
    case .variable(_, let k, _): return k
    case .list: return .list
    case .range: return .list
    case .unary(let op, let e, _): return op == .not ? .boolean : kind(of: e)
    case .binary(let op, let a, let b, _):
      switch op {
      case .and, .or, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return .boolean
      default:
        let (ka, kb) = (kind(of: a), kind(of: b))
        if op == .add && (ka == .string || kb == .string) { return .string }
        if ka == .matrix || kb == .matrix { return .matrix }
        if ka == .list || kb == .list { return .list }
        if ka == .any || kb == .any { return .any }
        return .number
      }
    case .call(let c): return c.info.returns
    case .member(let base, let name, _):
      if let m = recordShape(of: base)?.members.first(where: { $0.name == name }) { return m.kind }
      return Builtins.valueMembers[kind(of: base)]?.first { $0.name == name }?.kind ?? .any
    case .index(let b, let i, _):
      if kind(of: b) == .matrix && i.count == 1 { return .list }
      return .any
    }
  }

  /// The members of the record an expression gives, when its built-in is known statically: a record
  /// built-in's call, a name bound to one, or a record member of one (`scm_theory(…).plateau`).
  package func recordShape(of ir: IRExpr) -> RecordShape? {
    switch ir {
    case .call(let c) where c.info.returns == .record && (!c.info.members.isEmpty || c.info.openMembers):
      return RecordShape(kind: c.name, members: c.info.members, open: c.info.openMembers)
    case .variable(let name, _, _):
      return lookup(name)?.record
    case .member(let base, let name, _):
      guard let m = recordShape(of: base)?.members.first(where: { $0.name == name }), m.kind == .record,
        !m.members.isEmpty
      else { return nil }
      return RecordShape(kind: name, members: m.members, open: false)
    default:
      return nil
    }
  }

  /// Interprets an option written as a name or a call (`tanh`, `leaky_relu(0.1)`, `sgd(lr: 0.1)`)
  /// against one registry category.
  package mutating func option(_ e: Expression, _ category: BuiltinInfo.Category, what: String) -> IRCall? {
    let (id, args): (Identifier, [Argument])
    switch e {
    case .identifier(let i): (id, args) = (i, [])
    case .call(.identifier(let i), let a, _): (id, args) = (i, a)
    default:
      error(.expectedNameFoundExpression(what), e.span, fixIt: hint(category))
      return nil
    }
    guard let info = Builtins.lookup(id.name, category) else {
      error(
        .unknownEntry(id.name, category: what), id.span,
        fixIt: Suggest.didYouMean(id.name, in: Builtins.names(category)) ?? hint(category))
      return nil
    }
    return bind(info, args, span: e.span)
  }

  package func hint(_ category: BuiltinInfo.Category) -> String {
    "one of: " + Builtins.names(category).joined(separator: ", ")
  }
}

package extension Expression {
  package var isLiteral: Bool {
    switch self {
    case .number, .string, .boolean: return true
    default: return false
    }
  }
}
