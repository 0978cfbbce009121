import Diagnostics
import Engine
import Foundation
import Lexer
import Report
import Semantics

extension Interpreter {
  /// The text `print` and the REPL show for a value: tables for records and matrices, plain text otherwise.
  func render(_ v: Value, label: String) -> String {
    switch v {
    case .string(let s):
      report?.addOutput(s)
      return s + "\n"
    case .number(let x):
      let text = isLiteral(label) ? Table.format(x) : "\(label) = \(Table.format(x))"
      report?.addOutput(text)
      return text + "\n"
    case .record(let r):
      return show(table(of: r))
    case .matrix(let m):
      return show(table(of: m))
    case .net(let h):
      return show(table(of: h))
    default:
      let text = v.summary
      report?.addOutput(text)
      return text + "\n"
    }
  }

  func isLiteral(_ s: String) -> Bool { Double(s) != nil || s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }

  /// A record as a two-column table of its members; lists show their length and extremes.
  func table(of r: Record) -> Table {
    var rows: [[Cell]] = []
    for (name, value) in r.fields {
      switch value {
      case .number(let x): rows.append([.text(name), .number(x)])
      case .list(let xs):
        let nums = xs.compactMap { if case .number(let x) = $0 { return x } else { return nil } }
        if nums.count == xs.count, let last = nums.last {
          rows.append([.text(name), .text("\(nums.count) values, last \(Table.format(last))")])
        } else {
          rows.append([.text(name), .text("\(xs.count) values")])
        }
      default: rows.append([.text(name), .text(value.summary)])
      }
    }
    return Table(columns: ["member", "value"], rows: rows, title: r.kind.rawValue)
  }

  /// A net as a table of its layers (widths in algebra units).
  func table(of h: NetHandle) -> Table {
    let spec = h.network.spec
    var rows: [[Cell]] = [[.text("input"), .integer(spec.inputUnits), .text(""), .text("")]]
    func describe(_ layers: [LayerSpec], _ indent: String) {
      for l in layers {
        switch l {
        case .dense(let units, let act, let bias, let fixed, let augmented, let initializer):
          var notes: [String] = []
          if !bias { notes.append("no bias") }
          if fixed { notes.append("fixed") }
          if augmented { notes.append("augmented") }
          if let initializer { notes.append("init \(Options.spelling(initializer))") }
          rows.append([
            .text(indent + "dense"), .integer(units), .text(Options.spelling(act)),
            .text(notes.joined(separator: ", ")),
          ])
        case .residual(let span, let body, let p):
          rows.append([
            .text(indent + "residual"), .text(""), .text(""),
            .text("span \(span)" + (p > 0 ? ", drop \(Table.format(p))" : "")),
          ])
          describe(body, indent + "  ")
        case .dropout(let p):
          rows.append([.text(indent + "dropout"), .text(""), .text(""), .text("p \(Table.format(p))")])
        case .batchnorm: rows.append([.text(indent + "batchnorm"), .text(""), .text(""), .text("")])
        }
      }
    }
    describe(spec.layers, "")
    return Table(
      columns: ["layer", "units", "activation", "notes"], rows: rows,
      title:
        "net \(h.name) over \(spec.algebra.name): \(h.network.parameterCount) parameters, "
        + "init \(Options.spelling(spec.initializer)), param \(Options.parametrizationNames[spec.parametrization] ?? "")"
        + (spec.algebra.dimension > 1 ? ", readout \(h.autoReadout ? "auto" : spec.readout.rawValue)" : ""))
  }

  /// A matrix as a table (at most 20 rows shown, with a note of the rest).
  func table(of m: Matrix) -> Table {
    let shown = min(m.rows, 20)
    var rows = (0..<shown).map { i in m.row(i).map { Cell.number($0) } }
    if m.rows > shown {
      rows.append([.text("… \(m.rows - shown) more rows")] + Array(repeating: Cell.empty, count: max(0, m.cols - 1)))
    }
    return Table(columns: (0..<m.cols).map { "[\($0)]" }, rows: rows, title: "matrix \(m.rows)×\(m.cols)")
  }

  // MARK: - save

  func executeSave(_ e: IRExpr, to: IRExpr, span: SourceSpan) throws {
    let path = resolve(try string(to))
    let v = try evaluate(e)
    let text: String
    switch v {
    case .net(let h):
      guard path.hasSuffix(".json") else {
        throw RuntimeError(.saveNetNeedsJSON, at: to.span)
      }
      text = try NetFile.encode(h, at: span)
    default:
      if path.hasSuffix(".csv") {
        text = try csvTable(of: v, label: sourceText(e.span), at: e.span).renderCSV()
      } else if path.hasSuffix(".json") {
        text = JSONValue(v).printed()
      } else {
        throw RuntimeError(.saveNeedsJSONOrCSV(path), at: to.span)
      }
    }
    do {
      try writeFile(text, to: path)
    } catch {
      throw RuntimeError(.failed("\(error)"), at: to.span)
    }
    didWrite(path, text: text)
  }

  /// A value as a table for CSV: matrices by rows, records by members (lists become columns), numbers as one cell.
  func csvTable(of v: Value, label: String, at span: SourceSpan) throws -> Table {
    switch v {
    case .matrix(let m):
      return Table(columns: (0..<m.cols).map { "c\($0)" }, rows: (0..<m.rows).map { m.row($0).map { .number($0) } })
    case .record(let r):
      let lists = r.fields.compactMap { f -> (String, [Value])? in
        if case .list(let xs) = f.value { return (f.name, xs) } else { return nil }
      }
      if !lists.isEmpty {
        let n = lists.map(\.1.count).max() ?? 0
        let rows = (0..<n).map { i in
          lists.map { col -> Cell in
            guard i < col.1.count else { return .empty }
            if case .number(let x) = col.1[i] { return .number(x) }
            return .text(col.1[i].summary)
          }
        }
        return Table(columns: lists.map(\.0), rows: rows)
      }
      return table(of: r)
    case .list(let xs):
      return Table(
        columns: [label],
        rows: xs.map { x in
          if case .number(let n) = x { return [.number(n)] }
          return [.text(x.summary)]
        })
    case .number(let x): return Table(columns: [label], rows: [[.number(x)]])
    case .data(let d):
      return Table(
        columns: d.featureNames + (0..<d.y.cols).map { d.y.cols == 1 ? "target" : "target\($0)" },
        rows: (0..<d.count).map { i in (d.x.row(i) + d.y.row(i)).map { .number($0) } })
    default:
      throw RuntimeError(.cannotSaveAsCSV("\(v.kind)"), at: span)
    }
  }
}
