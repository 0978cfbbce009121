import Diagnostics
import Lexer
import Report
import Semantics

/// One finished sweep iteration as JSON (`nns run --shard`), read back by resume and `nns merge`.
///
/// It holds everything the iteration would have shown in a local run, so that replaying the records
/// in order gives the same bytes: its printed text, its rows for the sweep table (with the key and
/// column order it added), its report sections, the files it wrote (path and text, rewritten in order
/// by the merge, so the last writer wins as it does locally) and the runtime error that ended it.
/// Numbers are stored bit for bit (`JSONValue` prints shortest round-trip Doubles); NaN and ±∞,
/// which JSON lacks, are stored as the strings "nan", "inf", "-inf".
///
///     let json = ShardRecord.encode(outcome, index: 12, tag: "sweep[w=16,s=1]/", hash: h)
///     let back = try ShardRecord.decode(json)   // back.outcome == outcome
enum ShardRecord {
  static let format = "nns-iteration"
  static let version = 1

  struct Decoded {
    var index: Int
    var tag: String
    var hash: String
    var outcome: Interpreter.SweepOutcome
  }

  static func encode(_ o: Interpreter.SweepOutcome, index: Int, tag: String, hash: String) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("format", .string(format)), ("version", .number(Double(version))), ("hash", .string(hash)),
      ("index", .number(Double(index))), ("tag", .string(tag)), ("text", .string(o.text)),
      ("keys", .array(o.keys.map { .string($0) })), ("columns", .array(o.columns.map { .string($0) })),
      ("rows", .array(o.rows.map(row))),
      ("sections", .array(o.sections.map(section))),
      ("files", .array(o.files.map { .object([("path", .string($0.path)), ("text", .string($0.text))]) })),
    ]
    if let e = o.error { pairs.append(("error", diagnostic(e))) }
    return .object(pairs)
  }

  static func decode(_ json: JSONValue) throws -> Decoded {
    guard json["format"]?.stringValue == format, let v = json["version"]?.doubleValue, Int(v) == version,
      let index = json["index"]?.doubleValue, let tag = json["tag"]?.stringValue,
      let hash = json["hash"]?.stringValue
    else { throw bad("not an nns iteration record") }
    var o = Interpreter.SweepOutcome()
    o.text = try string(json["text"])
    o.keys = try array(json["keys"]).map(string)
    o.columns = try array(json["columns"]).map(string)
    o.rows = try array(json["rows"]).map(row)
    o.sections = try array(json["sections"]).map(section)
    o.files = try array(json["files"]).map { (path: try string($0["path"]), text: try string($0["text"])) }
    if let e = json["error"] { o.error = RuntimeError.from(try diagnostic(e)) }
    return Decoded(index: Int(index), tag: tag, hash: hash, outcome: o)
  }

  // MARK: - parts

  static func row(_ r: [String: Cell]) -> JSONValue {
    .array(r.keys.sorted().map { .array([.string($0), cell(r[$0]!)]) })
  }

  static func row(_ j: JSONValue) throws -> [String: Cell] {
    var r: [String: Cell] = [:]
    for pair in try array(j) {
      let p = try array(pair)
      guard p.count == 2 else { throw bad("a row entry is [column, cell]") }
      r[try string(p[0])] = try cell(p[1])
    }
    return r
  }

  static func cell(_ c: Cell) -> JSONValue {
    switch c {
    case .number(let x): return .array([.string("n"), number(x)])
    case .integer(let n): return .array([.string("i"), .number(Double(n))])
    case .text(let s): return .array([.string("t"), .string(s)])
    case .meanStd(let m, let s, let n): return .array([.string("ms"), number(m), number(s), .number(Double(n))])
    case .empty: return .array([.string("e")])
    }
  }

  static func cell(_ j: JSONValue) throws -> Cell {
    let a = try array(j)
    switch (a.first?.stringValue, a.count) {
    case ("n", 2): return .number(try number(a[1]))
    case ("i", 2): return .integer(Int(try number(a[1])))
    case ("t", 2): return .text(try string(a[1]))
    case ("ms", 4): return .meanStd(mean: try number(a[1]), std: try number(a[2]), count: Int(try number(a[3])))
    case ("e", 1): return .empty
    default: throw bad("unknown table cell")
    }
  }

  static func table(_ t: Table) -> JSONValue {
    .object([
      ("title", t.title.map { .string($0) } ?? .null), ("columns", .array(t.columns.map { .string($0) })),
      ("rows", .array(t.rows.map { .array($0.map(cell)) })),
    ])
  }

  static func table(_ j: JSONValue) throws -> Table {
    Table(
      columns: try array(j["columns"]).map(string), rows: try array(j["rows"]).map { try array($0).map(cell) },
      title: j["title"]?.stringValue)
  }

  static func section(_ s: MarkdownReport.Section) -> JSONValue {
    switch s {
    case .code(let text, let language): return .array([.string("code"), .string(text), .string(language)])
    case .output(let text): return .array([.string("output"), .string(text)])
    case .table(let t): return .array([.string("table"), table(t)])
    case .text(let text): return .array([.string("text"), .string(text)])
    case .figure(let path, let caption): return .array([.string("figure"), .string(path), .string(caption)])
    }
  }

  static func section(_ j: JSONValue) throws -> MarkdownReport.Section {
    let a = try array(j)
    switch (a.first?.stringValue, a.count) {
    case ("code", 3): return .code(try string(a[1]), language: try string(a[2]))
    case ("output", 2): return .output(try string(a[1]))
    case ("table", 2): return .table(try table(a[1]))
    case ("text", 2): return .text(try string(a[1]))
    case ("figure", 3): return .figure(path: try string(a[1]), caption: try string(a[2]))
    default: throw bad("unknown report section")
    }
  }

  /// A runtime error as its diagnostic: replayed, it renders exactly as it did in the shard.
  static func diagnostic(_ e: Error) -> JSONValue {
    let d =
      (e as? RuntimeError)?.diagnostic
      ?? Diagnostic(.internalError("\(e)"), at: .none)
    func span(_ s: SourceSpan?) -> JSONValue {
      guard let s else { return .null }
      return .array([.string(s.file)] + [s.start, s.end, s.line, s.column].map { .number(Double($0)) })
    }
    return .object(
      [
        ("severity", .string(d.severity.rawValue)), ("kind", .string(d.kind.rawValue)), ("span", span(d.span)),
        ("message", .string(d.message)), ("fixIt", d.fixIt.map { .string($0) } ?? .null),
        ("notes", .array(d.notes.map { .object([("span", span($0.span)), ("message", .string($0.message))]) })),
      ] + (d.id.map { [("id", .string($0))] } ?? []))
  }

  static func diagnostic(_ j: JSONValue) throws -> Diagnostic {
    func span(_ j: JSONValue?) throws -> SourceSpan? {
      guard let j, j != .null else { return nil }
      let a = try array(j)
      guard a.count == 5 else { throw bad("a span is [file, start, end, line, column]") }
      let n = try a[1...].map { Int(try number($0)) }
      return SourceSpan(file: try string(a[0]), start: n[0], end: n[1], line: n[2], column: n[3])
    }
    guard let severity = Diagnostic.Severity(rawValue: try string(j["severity"])),
      let kind = Diagnostic.Kind(rawValue: try string(j["kind"]))
    else { throw bad("unknown diagnostic severity or kind") }
    let notes = try array(j["notes"]).map {
      Diagnostic.Note(span: try span($0["span"]), message: try string($0["message"]))
    }
    return Diagnostic(
      severity, kind: kind, span: try span(j["span"]) ?? .none, message: try string(j["message"]), notes: notes,
      fixIt: j["fixIt"]?.stringValue, id: j["id"]?.stringValue)
  }

  static func number(_ x: Double) -> JSONValue {
    if x.isFinite { return .number(x) }
    return .string(x.isNaN ? "nan" : x > 0 ? "inf" : "-inf")
  }

  static func number(_ j: JSONValue) throws -> Double {
    switch j {
    case .number(let x): return x
    case .string("nan"): return .nan
    case .string("inf"): return .infinity
    case .string("-inf"): return -.infinity
    default: throw bad("expected a number")
    }
  }

  static func string(_ j: JSONValue?) throws -> String {
    guard let s = j?.stringValue else { throw bad("expected a string") }
    return s
  }

  static func array(_ j: JSONValue?) throws -> [JSONValue] {
    guard let a = j?.arrayValue else { throw bad("expected a list") }
    return a
  }

  static func bad(_ what: String) -> ShardError { ShardError("malformed iteration record: \(what)") }
}

extension RuntimeError {
  /// A runtime error carrying a diagnostic read back from a record.
  static func from(_ d: Diagnostic) -> RuntimeError {
    RuntimeError(diagnostic: d)
  }
}
