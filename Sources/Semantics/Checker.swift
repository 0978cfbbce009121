import Diagnostics
import Engine
import Lexer
import Parser
import Report

/// `Runtime.check`: resolves the AST into the IR. Reports every error of the script at once:
/// unknown names (with did-you-mean), argument names and kinds against the registry, and net shapes
/// (input width × algebra dimension against the data's features) wherever they are known statically.
public struct Checker {
  /// What the checker knows about a name in scope.
  package struct Symbol {
    package var kind: ValueKind
    package var span: SourceSpan
    /// Real features of a dataset, or real input features of a net, when known statically.
    package var features: Int?
    /// The number of points of a dataset, or the shape of a net, when known statically (memory estimates).
    package var points: Double? = nil
    package var spec: NetworkSpec? = nil
    /// The value, when it is a compile-time constant (lets of literals; `--set` overrides).
    package var constant: Value?
    package var isSweepVariable = false
    /// The members of the record it holds, when the record's built-in is known (`let f = fisher(m, d)`).
    package var record: RecordShape? = nil
  }

  /// What the checker knows of a record's members.
  package struct RecordShape {
    package var kind: String
    package var members: [MemberInfo]
    /// More members appear at run time (`history`: one per logged probe).
    var open: Bool
  }

  package var scopes: [[String: Symbol]] = [[:]]
  package var diagnostics: [Diagnostic] = []
  package let overrides: [String: Value]
  package var usedOverrides: Set<String> = []

  /// `overrides` are `--set name=value` values that replace the matching `let`.
  public init(overrides: [String: Value] = [:], predeclared: [String: (ValueKind, features: Int?)] = [:]) {
    self.overrides = overrides
    for (name, info) in predeclared {
      scopes[0][name] = Symbol(kind: info.0, span: .none, features: info.features)
    }
  }

  /// Checks a whole program. The returned diagnostics include every error found.
  public mutating func check(_ program: Program) -> (IRProgram, [Diagnostic]) {
    let statements = program.statements.compactMap { statement($0) }
    for name in overrides.keys.sorted() where !usedOverrides.contains(name) {
      diagnostics.append(
        Diagnostic(
          .unusedOverride(name), at: .none,
          fixIt: Suggest.didYouMean(name, in: allNames())))
    }
    return (IRProgram(statements: statements), diagnostics)
  }

  /// Names declared so far (for the REPL's completion and its persistent scope).
  public var declaredNames: [String: ValueKind] {
    var out: [String: ValueKind] = [:]
    for scope in scopes { for (k, v) in scope { out[k] = v.kind } }
    return out
  }

  // MARK: - Scope

  package func lookup(_ name: String) -> Symbol? {
    for scope in scopes.reversed() { if let s = scope[name] { return s } }
    return nil
  }

  package mutating func declare(_ id: Identifier, _ symbol: Symbol) {
    scopes[scopes.count - 1][id.name] = symbol
  }

  package func allNames() -> [String] { scopes.flatMap { $0.keys } }

  package mutating func error(
    _ entry: Catalogue, _ span: SourceSpan, fixIt: String? = nil, notes: [Diagnostic.Note] = []
  ) {
    diagnostics.append(Diagnostic(entry, at: span, notes: notes, fixIt: fixIt))
  }

  // MARK: - Statements

  package mutating func statement(_ s: Statement) -> IRStatement? {
    switch s {
    case .seed(let e, let span):
      let ir = expression(e)
      expect(ir, .number, what: "a seed")
      return .seed(ir, span: span)

    case .let_(let id, let e, let span):
      var ir = expression(e)
      var constant = constantValue(ir)
      if let o = overrides[id.name] {
        usedOverrides.insert(id.name)
        ir = .constant(o, e.span)
        constant = o
      }
      declare(id, Symbol(kind: kind(of: ir), span: id.span, constant: constant, record: recordShape(of: ir)))
      return .let_(id.name, ir, span: span)

    case .algebra(let id, let e, let span):
      let ir = expression(e)
      expect(ir, .algebra, what: "an algebra definition")
      declare(id, Symbol(kind: .algebra, span: id.span, constant: constantValue(ir)))
      return .algebra(id.name, ir, span: span)

    case .data(let ids, let e, let span):
      let ir = expression(e)
      let features = staticFeatures(of: ir)
      if ids.count == 1 {
        expect(ir, .data, what: "a data definition")
      } else if case .call(let c) = ir, c.name == "split" {
        if ids.count != 2 { error(.splitArity(ids.count), span) }
      } else if kind(of: ir) != .any && kind(of: ir) != .list {
        error(.namesNeedList(ids.count, found: "\(kind(of: ir))"), e.span)
      }
      let points = ids.count == 1 ? staticPoints(of: ir) : nil
      for id in ids { declare(id, Symbol(kind: .data, span: id.span, features: features, points: points)) }
      return .data(ids.map(\.name), ir, span: span)

    case .net(let decl):
      guard let net = netDeclaration(decl) else { return nil }
      validate(net)
      declare(
        decl.name,
        Symbol(kind: .net, span: decl.name.span, features: staticInputFeatures(net), spec: staticSpec(net)))
      return .net(net)

    case .netAssign(let id, let e, let span):
      let ir = expression(e)
      expect(ir, .net, what: "a net definition")
      var features: Int?
      if case .call(let c) = ir, let inner = c.arguments["net"] { features = staticFeatures(of: inner) }
      declare(id, Symbol(kind: .net, span: id.span, features: features))
      return .netAssign(id.name, ir, span: span)

    case .train(let decl):
      return trainDeclaration(decl).map { .train($0) }

    case .sweep(let vars, let body, let span):
      var irVars: [(name: String, values: IRExpr)] = []
      var sweepScope: [String: Symbol] = [:]
      for v in vars {
        let ir = expression(v.values)
        let k = kind(of: ir)
        if k != .list && k != .any {
          error(.sweepOverNonList(found: "\(k)"), v.values.span)
        }
        irVars.append((v.name.name, ir))
        sweepScope[v.name.name] = Symbol(kind: .any, span: v.name.span, isSweepVariable: true)
      }
      scopes.append(sweepScope)
      let irBody = body.compactMap { statement($0) }
      scopes.removeLast()
      return .sweep(irVars, irBody, span: span)

    case .print(let args, let span):
      return .print(items(args), span: span)

    case .plot(let args, let to, let span):
      let target = expression(to)
      expect(target, .string, what: "a plot's file name")
      let plotItems = items(args)
      plotOptions(plotItems, args)
      return .plot(plotItems, to: target, span: span)

    case .save(let e, let to, let span):
      let value = expression(e)
      let target = expression(to)
      expect(target, .string, what: "a file name")
      return .save(value, to: target, span: span)

    case .assert(let cond, let message, let span):
      let c = expression(cond)
      expect(c, .boolean, what: "an assertion")
      let m = message.map { expression($0) }
      return .assert(c, message: m, span: span)

    case .expression(let e, let span):
      return .expression(expression(e), span: span)
    }
  }

  /// Print items; inside a sweep, an item is a merge key when its value is a function of one sweep
  /// variable alone — `w`, but also `step: k * 200` or `log(w)` — and rows are grouped by the values of
  /// those variables, so they merge over the sweep variables that no key shows (seeds), whatever
  /// expression shows the others; a constant (`net: "dropout"`) is a key too, keeping apart the rows of
  /// different prints. An item computed from two sweep variables (`w * 10 + s`) is a value.
  package mutating func items(_ args: [Argument]) -> [IRItem] {
    args.map { a in
      let ir = expression(a.value)
      return IRItem(label: a.label?.name, expr: ir, sweepKey: sweepKey(of: ir))
    }
  }

  /// The key an expression makes (see `items`): it may use only math functions (no probe, no random
  /// draw) and at most one variable, a sweep variable.
  package func sweepKey(of ir: IRExpr) -> SweepKey? {
    guard IRWalk.calls(in: ir).allSatisfy({ $0.info.category == .function }) else { return nil }
    var names = Set<String>()
    IRWalk.variables(ir, into: &names)
    guard let name = names.first else { return .constant }
    guard names.count == 1, lookup(name)?.isSweepVariable == true else { return nil }
    return .variable(name)
  }

  /// A plot's labelled items are options (`title:`, `kind:` …, bound like arguments) or series
  /// (`train: h1`); a label that is no option on a value that cannot be drawn (a string, a number, a truth
  /// value) is a misspelt option: `titel: "loss"`.
  package mutating func plotOptions(_ items: [IRItem], _ args: [Argument]) {
    let options = Builtins.plotOptions
    for (item, arg) in zip(items, args) {
      guard let label = item.label, let labelSpan = arg.label?.span else { continue }
      if let p = options.parameters.first(where: { $0.name == label }) {
        check(item.expr, against: p, of: options)
      } else if [.string, .number, .boolean].contains(kind(of: item.expr)) {
        let names = options.parameters.map(\.name)
        error(
          .plotUnknownOption(label), labelSpan,
          fixIt: Suggest.didYouMean(label, in: names) ?? "its options: " + names.joined(separator: ", "))
      }
    }
  }

  /// Reports a kind mismatch when both kinds are known.
  package mutating func expect(_ ir: IRExpr, _ wanted: ValueKind, what: String) {
    let k = kind(of: ir)
    if !k.fits(wanted) { error(.kindMismatch(what, wanted: "\(wanted)", found: "\(k)"), ir.span) }
  }

  // MARK: - Static knowledge

  /// The value of an expression when it is a literal or a constant name (for shape checks).
  package func constantValue(_ ir: IRExpr) -> Value? {
    switch ir {
    case .constant(let v, _): return v
    case .variable(let name, _, _): return lookup(name)?.constant
    case .unary(.negate, let e, _):
      if case .number(let x)? = constantValue(e) { return .number(-x) }
      return nil
    case .binary(let op, let a, let b, _):
      guard case .number(let x)? = constantValue(a), case .number(let y)? = constantValue(b) else { return nil }
      switch op {
      case .add: return .number(x + y)
      case .subtract: return .number(x - y)
      case .multiply: return .number(x * y)
      case .divide: return y == 0 ? nil : .number(x / y)
      default: return nil
      }
    case .call(let c) where c.info.category == .algebra:
      // clifford(…) and cayley_dickson(…) with constant arguments are known now, so nets over a
      // user-named algebra get their input shapes checked too.
      func arg(_ name: String) -> Int? { c.arguments[name].map { constantInt($0) } ?? 0 }
      switch c.name {
      case "clifford":
        guard let p = arg("p"), let q = arg("q"), let r = arg("r") else { return nil }
        return (try? Algebra.clifford(p: p, q: q, r: r)).map { .algebra($0) }
      case "cayley_dickson":
        guard let n = c.arguments["n"].flatMap({ constantInt($0) }) else { return nil }
        return (try? Algebra.cayleyDickson(n)).map { .algebra($0) }
      default: return nil
      }
    default: return nil
    }
  }

  package func constantInt(_ ir: IRExpr) -> Int? {
    guard case .number(let x)? = constantValue(ir), x == x.rounded(), abs(x) < 1e9 else { return nil }
    return Int(x)
  }

  /// Real features of a dataset expression when known without running it.
  package func staticFeatures(of ir: IRExpr) -> Int? {
    switch ir {
    case .variable(let name, _, _): return lookup(name)?.features
    case .call(let c):
      switch c.name {
      case "split", "standardize", "subsample", "shuffle": return c.arguments["data"].flatMap { staticFeatures(of: $0) }
      case "teacher":
        if let i = c.arguments["inputs"] { return constantInt(i) }
        if case .variable(let n, _, _)? = c.arguments["net"] { return lookup(n)?.features }
        return nil
      default: return DatasetShapes.features(c, constant: { constantInt($0) })
      }
    default: return nil
    }
  }

  /// The number of points of a dataset expression when it is a generator with a constant (or default) `n:`,
  /// or a name bound to one.
  package func staticPoints(of ir: IRExpr) -> Double? {
    switch ir {
    case .variable(let name, _, _): return lookup(name)?.points
    case .call(let c) where c.info.category == .dataset:
      guard let p = c.info.parameters.first(where: { $0.name == "n" }) else { return nil }
      if let e = c.arguments["n"] {
        guard case .number(let x)? = constantValue(e) else { return nil }
        return x
      }
      if case .number(let x)? = p.defaultValue { return x }
      return nil
    default: return nil
    }
  }

  /// The shape of a net whose sizes are all constants (activations and initialisers do not matter for
  /// memory), for the static estimates of `MemoryEstimates.probe`.
  package func staticSpec(_ net: IRNet, activations: Bool = false) -> NetworkSpec? {
    func layers(_ ls: [IRLayer]) -> [LayerSpec]? {
      var out: [LayerSpec] = []
      for l in ls {
        switch l {
        case .dense(let units, let act, let bias, let fixed, let augmented, _, _):
          guard let u = constantInt(units) else { return nil }
          let activation = activations ? staticActivation(act) : .identity
          out.append(
            .dense(units: u, activation: activation, bias: bias && net.bias, fixed: fixed, augmented: augmented))
        case .residual(let span, let body, _, _):
          guard let b = layers(body), let k = constantInt(span) else { return nil }
          out.append(.residual(span: k, body: b, dropProbability: 0))
        case .dropout: out.append(.dropout(0))
        case .batchnorm: out.append(.batchnorm)
        }
      }
      return out
    }
    guard let input = constantInt(net.input), let body = layers(net.layers) else { return nil }
    var algebra = Algebra.real
    if let a = net.algebra {
      guard case .algebra(let alg)? = constantValue(a) else { return nil }
      algebra = alg
    }
    return NetworkSpec(inputUnits: input, algebra: algebra, layers: body, readout: net.readout ?? .all)
  }

  /// A net whose sizes are constants is checked now as building it would check it (residual widths and
  /// spans, activations the algebra lacks, sizes), and the problem is reported on its line.
  package mutating func validate(_ net: IRNet) {
    guard var spec = staticSpec(net, activations: true) else { return }
    spec.parametrization = .standard
    var spans: [SourceSpan] = []
    func walk(_ ls: [IRLayer]) {
      for l in ls {
        switch l {
        case .dense(_, _, _, _, _, _, let s), .dropout(_, let s), .batchnorm(let s): spans.append(s)
        case .residual(_, let body, _, let s):
          spans.append(s)
          walk(body)
        }
      }
    }
    walk(net.layers)
    do {
      try spec.validate()
    } catch {
      let span = error.position >= 1 && error.position <= spans.count ? spans[error.position - 1] : net.span
      self.error(.invalidNet(net: net.name, error.message), span)
    }
  }

  package func staticAlgebraDimension(_ net: IRNet) -> Int? {
    guard let a = net.algebra else { return 1 }
    if case .algebra(let alg)? = constantValue(a) { return alg.dimension }
    return nil
  }

  package func staticInputFeatures(_ net: IRNet) -> Int? {
    guard let units = constantInt(net.input), let dim = staticAlgebraDimension(net) else { return nil }
    return units * dim
  }

  /// The activation of a dense line when its arguments are constants (identity otherwise: the structural
  /// checks of `validate` look only at which activation it is).
  package func staticActivation(_ c: IRCall) -> Activation {
    guard c.arguments.values.allSatisfy({ constantValue($0) != nil }) else { return .identity }
    let constants = c.arguments.mapValues { IRExpr.constant(constantValue($0)!, $0.span) }
    let bound = IRCall(info: c.info, arguments: constants, variadic: [], span: c.span)
    return (try? Options.activation(bound, ConstantContext())) ?? .identity
  }

  /// A net used on a dataset: input width × algebra dimension must equal the data's features.
  package mutating func checkShapes(net: IRExpr, data: IRExpr) {
    guard case .variable(let netName, _, _) = net, let netFeatures = lookup(netName)?.features,
      let dataFeatures = staticFeatures(of: data)
    else { return }
    if netFeatures != dataFeatures {
      error(
        .inputFeatureMismatch(net: netName, netFeatures: netFeatures, dataFeatures: dataFeatures), data.span,
        fixIt: "change the net's 'input' line so that input units × algebra dimension = \(dataFeatures)")
    }
  }
}
