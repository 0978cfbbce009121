import Diagnostics
import Engine
import Lexer
import Parser
import Report

package extension Checker {
  // MARK: - net

  package mutating func netDeclaration(_ decl: NetDeclaration) -> IRNet? {
    var algebra: IRExpr?
    if let a = decl.algebra {
      let ir = expression(a)
      expect(ir, .algebra, what: "'over'")
      algebra = ir
    }
    var net = IRNet(
      name: decl.name.name, algebra: algebra, input: .constant(.number(0), decl.span), layers: [],
      initializer: nil, parametrization: .standard, readout: nil, bias: true, span: decl.span)
    var sawInput = false
    for (i, line) in decl.lines.enumerated() {
      if line.keyword.name == "input" {
        if i != 0 { error(.inputNotFirst, line.keyword.span) }
        if sawInput { error(.duplicateInput, line.keyword.span) }
        sawInput = true
        if let units = units(of: line, what: "input") { net.input = units }
        continue
      }
      if let layer = layer(line) {
        net.layers.append(layer)
      } else {
        netOption(line, into: &net)
      }
    }
    if !sawInput {
      error(
        .netWithoutInput(net: decl.name.name), decl.name.span, fixIt: "start the net with 'input n'")
    }
    if net.layers.isEmpty && sawInput {
      error(.netWithoutLayers(net: decl.name.name), decl.name.span, fixIt: "add a line such as 'dense 1'")
    }
    return net
  }

  /// The first argument of a line as a positive size.
  package mutating func units(of line: NetLine, what: String) -> IRExpr? {
    guard let first = line.arguments.first, first.label == nil else {
      error(.needsSize(what), line.keyword.span, fixIt: "write '\(what) 8'")
      return nil
    }
    let ir = expression(first.value)
    expect(ir, .number, what: "a layer size")
    if case .number(let x)? = constantValue(ir), !(x >= 1 && x == x.rounded() && x <= 1e7) {
      error(
        .layerSizeOutOfRange(found: Table.format(x)), ir.span)
    }
    return ir
  }

  /// A layer line through its registry entry's rule, or nil when the line is no layer (a net option, or
  /// unknown) or the rule reported why it cannot be one.
  package mutating func layer(_ line: NetLine) -> IRLayer? {
    let kw = line.keyword
    guard let entry = Builtins.lookup(kw.name, .layer), case .layer(let rule)? = entry.lineRule else { return nil }
    if line.body != nil && kw.name != "residual" {
      error(.takesNoBlock(kw.name), line.span)
    }
    return rule(&self, line)
  }

  /// `dense n, act[, fixed][, augmented][, init: …]`.
  package mutating func denseLayer(_ line: NetLine) -> IRLayer? {
    guard let u = units(of: line, what: "dense") else { return nil }
    var activation: IRCall?
    var flags: Set<String> = []
    var initializer: IRCall?
    for arg in line.arguments.dropFirst() {
      if let label = arg.label, label.name == "activation" {
        if activation != nil { error(.duplicateActivation, arg.value.span) }
        activation = option(arg.value, .activation, what: "activation")
        continue
      }
      if let label = arg.label, ["fixed", "augmented"].contains(label.name) {
        let v = expression(arg.value)
        if case .boolean(let b)? = constantValue(v) {
          if b { flags.insert(label.name) }
        } else {
          error(.flagNotConstant(label.name), arg.value.span)
        }
        continue
      }
      if let label = arg.label {
        guard label.name == "init" else {
          let names = Builtins.lookup("dense", .layer)?.parameters.dropFirst().map(\.name) ?? []
          error(
            .denseUnknownOption(label.name), label.span,
            fixIt: Suggest.didYouMean(label.name, in: names)
              ?? "write dense n, activation[, fixed][, augmented][, init: constant(1)]")
          continue
        }
        if initializer != nil { error(.duplicateInitializer, label.span) }
        initializer = option(arg.value, .initializer, what: "initializer")
        continue
      }
      if case .identifier(let id) = arg.value, ["fixed", "augmented"].contains(id.name) {
        flags.insert(id.name)
        continue
      }
      if activation != nil {
        if case .identifier(let id) = arg.value, let flag = Suggest.didYouMean(id.name, in: ["fixed", "augmented"]) {
          error(.denseUnknownFlag(id.name), id.span, fixIt: flag)
        } else {
          error(.duplicateActivation, arg.value.span)
        }
        continue
      }
      activation = option(arg.value, .activation, what: "activation")
    }
    let identity = Builtins.lookup("identity", .activation)!
    return .dense(
      units: u, activation: activation ?? IRCall(info: identity, arguments: [:], variadic: [], span: line.span),
      bias: true, fixed: flags.contains("fixed"), augmented: flags.contains("augmented"), initializer: initializer,
      span: line.span)
  }

  /// `residual [span: 1|2][, drop: p] { layers }`.
  package mutating func residualLayer(_ line: NetLine) -> IRLayer? {
    var spanExpr: IRExpr = .constant(.number(1), line.span)
    var drop: IRExpr?
    for arg in line.arguments {
      switch arg.label?.name {
      case "span":
        spanExpr = expression(arg.value)
        if let k = constantInt(spanExpr), k != 1 && k != 2 {
          error(.residualSpanOutOfRange(found: "\(k)"), spanExpr.span)
        }
      case "drop", "stochastic_depth":
        drop = expression(arg.value)
      default:
        error(
          .residualUnknownArgument, arg.span,
          fixIt: arg.label.flatMap { Suggest.didYouMean($0.name, in: ["span", "drop"]) }
            ?? "write residual span: 2 { … }")
      }
    }
    guard let body = line.body else {
      error(.residualNeedsBlock, line.span, fixIt: "write residual span: 2 { dense 8, tanh; … }")
      return nil
    }
    var layers: [IRLayer] = []
    for l in body {
      if l.keyword.name == "stochastic_depth" {
        drop = probability(l)
      } else if let x = layer(l) {
        layers.append(x)
      } else {
        error(.nonLayerInResidual, l.keyword.span)
      }
    }
    return .residual(span: spanExpr, body: layers, dropProbability: drop, at: line.span)
  }

  /// `stochastic_depth p` is read by the residual block it stands in; anywhere else it is an error.
  package mutating func stochasticDepthOutsideResidual(_ line: NetLine) -> IRLayer? {
    error(
      .stochasticDepthOutsideResidual, line.keyword.span,
      fixIt: "write residual span: 2 { stochastic_depth 0.1; dense 8, relu; dense 8, relu }")
    return nil
  }

  package mutating func batchnormLayer(_ line: NetLine) -> IRLayer? {
    if !line.arguments.isEmpty { error(.batchnormTakesNoArguments, line.arguments[0].span) }
    return .batchnorm(span: line.span)
  }

  package mutating func probability(_ line: NetLine) -> IRExpr? {
    guard let first = line.arguments.first else {
      error(.needsProbability(line.keyword.name), line.keyword.span, fixIt: "write '\(line.keyword.name) 0.1'")
      return nil
    }
    let ir = expression(first.value)
    if case .number(let p)? = constantValue(ir), !(p >= 0 && p < 1) {
      error(.probabilityOutOfRange(found: Table.format(p)), ir.span)
    }
    return ir
  }

  /// A net option line (`init he`, `param ntk`) through its registry entry's rule.
  package mutating func netOption(_ line: NetLine, into net: inout IRNet) {
    let kw = line.keyword
    guard let entry = Builtins.lookup(kw.name, .netOption) else {
      error(
        .unknownNetLine(kw.name), kw.span,
        fixIt: Suggest.didYouMean(kw.name, in: Builtins.names(.layer, .netOption))
          ?? "a net line is one of: " + Builtins.names(.layer, .netOption).joined(separator: ", "))
      return
    }
    guard case .netOption(let rule)? = entry.lineRule else { return error(.cannotStandHere(kw.name), kw.span) }
    rule(&self, line, &net)
  }

  /// The value of a net option line, or nil after saying it is missing.
  package mutating func optionValue(_ line: NetLine) -> Argument? {
    guard let first = line.arguments.first else {
      error(.needsValue(line.keyword.name), line.keyword.span)
      return nil
    }
    return first
  }

  /// The word of a net option line that takes one of `allowed` (`readout real`), or nil after reporting.
  package mutating func optionWord(_ line: NetLine, _ allowed: [String]) -> String? {
    guard let first = optionValue(line) else { return nil }
    guard case .identifier(let id) = first.value, allowed.contains(id.name) else {
      error(.oneOf(line.keyword.name, allowed), first.value.span)
      return nil
    }
    return id.name
  }

  // MARK: - train

  package mutating func trainDeclaration(_ decl: TrainDeclaration) -> IRTrain? {
    guard let sym = lookup(decl.net.name) else {
      error(
        .unknownNet(decl.net.name), decl.net.span,
        fixIt: Suggest.didYouMean(decl.net.name, in: scopes.flatMap { $0.filter { $0.value.kind == .net }.keys }))
      _ = expression(decl.data)
      return nil
    }
    if sym.kind != .net && sym.kind != .any {
      error(.notANet(decl.net.name, kind: "\(sym.kind)"), decl.net.span)
    }
    let data = expression(decl.data)
    expect(data, .data, what: "'train … on'")
    checkShapes(net: .variable(decl.net.name, .net, decl.net.span), data: data)
    var t = IRTrain(
      net: decl.net.name, netSpan: decl.net.span, data: data, loss: nil, optimizer: nil, batch: nil, epochs: nil,
      every: [], stop: nil, schedule: nil, escape: nil, span: decl.span)
    for line in decl.lines { trainLine(line, into: &t) }
    return t
  }

  package mutating func trainLine(_ line: TrainLine, into t: inout IRTrain) {
    switch line {
    case .every(let interval, let probes, let span):
      let k = expression(interval)
      expect(k, .number, what: "'every'")
      t.every.append((k, items(probes), span))
    case .stopWhen(let cond, _):
      let c = expression(cond)
      expect(c, .boolean, what: "'stop when'")
      t.stop = c
    case .setting(let kw, _, _) where kw.name == "stop":
      error(.stopNeedsCondition, kw.span, fixIt: "write stop when loss(m, d) < 0.01")
    case .setting(let kw, _, _) where kw.name == "every":
      error(.everyNeedsInterval, kw.span, fixIt: "write every 100: loss(m, d)")
    case .setting(let kw, let args, let span):
      guard let entry = Builtins.lookup(kw.name, .trainSetting) else {
        error(
          .unknownTrainSetting(kw.name), kw.span,
          fixIt: Suggest.didYouMean(kw.name, in: Builtins.names(.trainSetting))
            ?? "a train line is one of: " + Builtins.names(.trainSetting).joined(separator: ", "))
        return
      }
      guard let first = args.first else {
        error(.needsValue(kw.name), kw.span)
        return
      }
      if args.count > 1 { error(.takesOneValue(kw.name), args[1].span) }
      guard case .trainSetting(let rule)? = entry.lineRule else {
        return error(.cannotStandHere(kw.name), span)
      }
      rule(&self, first, &t)
    }
  }

  /// `batch n` or `batch full`.
  package mutating func batchSetting(_ first: Argument, _ t: inout IRTrain) {
    if case .identifier(let id) = first.value, id.name == "full" {
      t.batch = .full
    } else {
      let ir = expression(first.value)
      expect(ir, .number, what: "'batch'")
      if case .number(let x)? = constantValue(ir), !(x >= 1 && x <= 1e8 && x == x.rounded()) {
        error(.batchOutOfRange(found: Table.format(x)), ir.span)
      }
      t.batch = .size(ir)
    }
  }

  /// `escape singularities[(tol: …)]`.
  package mutating func escapeSetting(_ first: Argument, _ t: inout IRTrain) {
    let singularities = Builtins.escapeSingularities
    switch first.value {
    case .identifier(let id) where id.name == "singularities":
      t.escape = IRCall(info: singularities, arguments: [:], variadic: [], span: first.value.span)
    case .call(.identifier(let id), let a, let s) where id.name == "singularities":
      t.escape = bind(singularities, a, span: s)
    default:
      error(.escapeWhat, first.value.span)
    }
  }

  /// `epochs n`.
  package mutating func epochsSetting(_ first: Argument, _ t: inout IRTrain) {
    let ir = expression(first.value)
    expect(ir, .number, what: "'epochs'")
    if case .number(let x)? = constantValue(ir), !(x >= 0 && x <= 1e9 && x == x.rounded()) {
      error(.epochsOutOfRange(found: Table.format(x)), ir.span)
    }
    t.epochs = ir
  }
}
