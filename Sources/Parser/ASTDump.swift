import Diagnostics
import Lexer

/// A stable S-expression dump of a program, one node per line, children indented by two spaces, every
/// node with its `@line:col`. Golden tests and `nns --ast` read it.
///
///     dumpAST(Parser.parse(SourceFile(path: "a", text: "seed 42")).program)
///     // (program
///     //   (seed @1:1
///     //     (number 42 @1:6)))
public func dumpAST(_ program: Program) -> String {
  var out = ""
  DumpNode("program", program.statements.map(DumpNode.init)).render(into: &out, indent: 0)
  return out
}

/// One node of the dump: a head line and children.
private struct DumpNode {
  var head: String
  var children: [DumpNode]

  init(_ head: String, _ children: [DumpNode] = []) {
    self.head = head
    self.children = children
  }

  init(_ head: String, at span: SourceSpan, _ children: [DumpNode] = []) {
    self.init("\(head) @\(span.line):\(span.column)", children)
  }

  func render(into out: inout String, indent: Int, closing: Int = 1) {
    out += String(repeating: " ", count: indent) + "(" + head
    if children.isEmpty {
      out += String(repeating: ")", count: closing) + "\n"
      return
    }
    out += "\n"
    for (i, child) in children.enumerated() {
      child.render(into: &out, indent: indent + 2, closing: i == children.count - 1 ? closing + 1 : 1)
    }
  }
}

extension DumpNode {
  init(_ statement: Statement) {
    switch statement {
    case .seed(let e, let s): self.init("seed", at: s, [DumpNode(e)])
    case .let_(let n, let e, let s): self.init("let \(n.name)", at: s, [DumpNode(e)])
    case .algebra(let n, let e, let s): self.init("algebra \(n.name)", at: s, [DumpNode(e)])
    case .data(let ns, let e, let s):
      self.init("data \(ns.map(\.name).joined(separator: " "))", at: s, [DumpNode(e)])
    case .net(let n):
      let over = n.algebra.map { [DumpNode("over", [DumpNode($0)])] } ?? []
      self.init("net \(n.name.name)", at: n.span, over + n.lines.map(DumpNode.init))
    case .netAssign(let n, let e, let s): self.init("net-assign \(n.name)", at: s, [DumpNode(e)])
    case .train(let t):
      self.init("train \(t.net.name)", at: t.span, [DumpNode("on", [DumpNode(t.data)])] + t.lines.map(DumpNode.init))
    case .sweep(let vars, let body, let s):
      let header = vars.map { DumpNode("in \($0.name.name)", at: $0.name.span, [DumpNode($0.values)]) }
      self.init("sweep", at: s, header + [DumpNode("body", body.map(DumpNode.init))])
    case .print(let args, let s): self.init("print", at: s, args.map(DumpNode.init))
    case .plot(let args, let to, let s):
      self.init("plot", at: s, args.map(DumpNode.init) + [DumpNode("to", [DumpNode(to)])])
    case .save(let e, let to, let s): self.init("save", at: s, [DumpNode(e), DumpNode("to", [DumpNode(to)])])
    case .assert(let e, let m, let s):
      self.init("assert", at: s, [DumpNode(e)] + (m.map { [DumpNode("message", [DumpNode($0)])] } ?? []))
    case .expression(let e, let s): self.init("expression", at: s, [DumpNode(e)])
    }
  }

  init(_ line: NetLine) {
    let body = line.body.map { [DumpNode("body", $0.map(DumpNode.init))] } ?? []
    self.init("line \(line.keyword.name)", at: line.span, line.arguments.map(DumpNode.init) + body)
  }

  init(_ line: TrainLine) {
    switch line {
    case .setting(let k, let args, let s): self.init("setting \(k.name)", at: s, args.map(DumpNode.init))
    case .every(let interval, let probes, let s):
      self.init("every", at: s, [DumpNode(interval)] + probes.map(DumpNode.init))
    case .stopWhen(let e, let s): self.init("stop-when", at: s, [DumpNode(e)])
    }
  }

  init(_ argument: Argument) {
    if let label = argument.label {
      self.init("label \(label.name)", at: label.span, [DumpNode(argument.value)])
    } else {
      self.init(argument.value)
    }
  }

  init(_ e: Expression) {
    switch e {
    case .number(let v, let s): self.init("number \(formatNumber(v))", at: s)
    case .string(let v, let s): self.init("string \(quoted(v))", at: s)
    case .boolean(let v, let s): self.init("\(v)", at: s)
    case .identifier(let id): self.init("name \(id.name)", at: id.span)
    case .list(let items, let s): self.init("list", at: s, items.map(DumpNode.init))
    case .range(let a, let b, let s): self.init("range", at: s, [DumpNode(a), DumpNode(b)])
    case .unary(let op, let a, let s): self.init("unary \(op.rawValue)", at: s, [DumpNode(a)])
    case .binary(let op, let a, let b, let s): self.init("binary \(op.rawValue)", at: s, [DumpNode(a), DumpNode(b)])
    case .call(let f, let args, let s): self.init("call", at: s, [DumpNode(f)] + args.map(DumpNode.init))
    case .member(let base, let name, let s): self.init("member \(name.name)", at: s, [DumpNode(base)])
    case .index(let base, let indices, let s): self.init("index", at: s, [DumpNode(base)] + indices.map(DumpNode.init))
    }
  }
}

/// Integers without a fraction (`42`, not `42.0`); everything else as Swift prints a Double.
private func formatNumber(_ v: Double) -> String {
  if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
  return "\(v)"
}
