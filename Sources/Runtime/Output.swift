import Diagnostics
import Engine
import Foundation
import Lexer
import Report

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

extension JSONValue {
  /// A language value as JSON (numbers exact, records as objects, matrices as lists of rows).
  init(_ v: Value) {
    switch v {
    case .number(let x): self = .number(x)
    case .string(let s): self = .string(s)
    case .boolean(let b): self = .bool(b)
    case .list(let xs): self = .array(xs.map { JSONValue($0) })
    case .matrix(let m): self = .array((0..<m.rows).map { i in .array(m.row(i).map { .number($0) }) })
    case .record(let r):
      self = .object([("kind", .string(r.kind.rawValue))] + r.fields.map { ($0.name, JSONValue($0.value)) })
    case .data(let d):
      self = .object([
        ("name", .string(d.name)),
        ("x", JSONValue(.matrix(d.x))), ("y", JSONValue(.matrix(d.y))),
      ])
    case .net(let h): self = .string("net \(h.name)")
    case .algebra(let a): self = .string(a.name)
    case .model(let m): self = .string(m.regressor.summary)
    }
  }
}

/// Nets saved as versioned JSON: the spec (layers, algebra, options) and the flat parameters, with
/// Doubles printed shortest-round-trip so `load` restores them bit for bit.
enum NetFile {
  static let format = "nns-net"
  static let version = 1
  /// Net files larger than this are refused before decoding (4 GiB holds ~200 million parameters).
  static let maxNetFileBytes = 4 << 30

  struct Contents: Codable {
    var format: String
    var version: Int
    var name: String
    var loss: String
    var spec: NetworkSpec
    var parameters: [Double]
    /// Non-trainable state (batch-norm running statistics), so evaluation mode restores exactly.
    var state: [Double]?
    /// The readout is still the default, to be fixed by the first data with targets.
    var autoReadout: Bool?
  }

  static func encode(_ h: NetHandle, at span: SourceSpan) throws -> String {
    guard h.network.parameters.allSatisfy(\.isFinite), h.network.state.allSatisfy(\.isFinite) else {
      throw RuntimeError(.nonFiniteWeights(net: h.name), at: span)
    }
    let c = Contents(
      format: format, version: version, name: h.name, loss: h.loss.rawValue, spec: h.network.spec,
      parameters: h.network.parameters, state: h.network.state, autoReadout: h.autoReadout)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(c)
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// A decoding error as "field 'spec.layers[2].units': …", naming where in the file it went wrong.
  static func describe(_ error: any Error) -> String {
    func field(_ path: [any CodingKey]) -> String {
      let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
      return text.hasPrefix(".") ? String(text.dropFirst()) : text
    }
    switch error {
    case DecodingError.keyNotFound(let key, let c): return "field '\(field(c.codingPath + [key]))' is missing"
    case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
      return "field '\(field(c.codingPath))' has the wrong type"
    case DecodingError.dataCorrupted(let c):
      return c.codingPath.isEmpty ? "it is not valid JSON" : "field '\(field(c.codingPath))': \(c.debugDescription)"
    default: return "\(error)"
    }
  }

  static func load(_ path: String, at span: SourceSpan) throws -> NetHandle {
    let data: Data
    switch FileReading.read(path, limit: maxNetFileBytes) {
    case .success(let d): data = d
    case .failure(.missing): throw RuntimeError(.noSuchFile(path), at: span)
    case .failure(let f): throw RuntimeError(.cannotLoadNet("\(f)"), at: span)
    }
    let c: Contents
    do {
      c = try JSONDecoder().decode(Contents.self, from: data)
    } catch {
      throw RuntimeError(.notANetFile(path, reason: describe(error)), at: span)
    }
    guard c.format == format else { throw RuntimeError(.notANetFile(path, reason: nil), at: span) }
    guard c.version >= 1 else {
      throw RuntimeError(.netFileVersionBelowOne(path, version: c.version), at: span)
    }
    guard c.version <= version else {
      throw RuntimeError(.netFileVersionTooNew(path, version: c.version, reads: version), at: span)
    }
    var rng = RandomSource(seed: 0)
    let net: Network
    do {
      net = try Network(spec: c.spec, rng: &rng)
    } catch {
      throw RuntimeError(.failedIn("'\(path)'", reason: "\(error)"), at: span)
    }
    guard c.parameters.allSatisfy(\.isFinite), c.state?.allSatisfy(\.isFinite) ?? true else {
      throw RuntimeError(.netFileNonFinite(path), at: span)
    }
    guard Loss(rawValue: c.loss) != nil else {
      throw RuntimeError(.netFileUnknownLoss(path, loss: c.loss), at: span)
    }
    guard c.parameters.count == net.parameterCount else {
      throw RuntimeError(
        .netFileCount(path, found: c.parameters.count, what: "parameters", needs: net.parameterCount), at: span)
    }
    do {
      try net.setParameters(c.parameters)
    } catch {
      throw RuntimeError(.failedIn("'\(path)'", reason: "\(error)"), at: span)
    }
    if let state = c.state {
      guard state.count == net.state.count else {
        throw RuntimeError(
          .netFileCount(path, found: state.count, what: "state values", needs: net.state.count), at: span)
      }
      net.state = state
    }
    return NetHandle(
      name: c.name, network: net, loss: Loss(rawValue: c.loss) ?? .mse, autoReadout: c.autoReadout ?? false)
  }
}
