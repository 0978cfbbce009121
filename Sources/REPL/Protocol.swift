import Diagnostics
import Foundation
import Lexer
import Report
import Runtime
import Semantics

/// `nns repl --protocol jsonl`: the REPL's session driven by a program (the Jupyter kernel in `jupyter/`)
/// instead of a person. Each line read is one JSON request; each line written is one JSON reply naming the
/// request's `id`; every request ends with exactly one `status` reply (`ok`, `error` or `interrupted`).
///
///     → {"type":"execute","id":"1","code":"print 1 + 1"}
///     ← {"type":"stream","id":"1","name":"stdout","text":"1 + 1 = 2\n"}
///     ← {"type":"status","id":"1","status":"ok"}
///
/// Requests: `execute` (`code`, optional `name` for diagnostics), `complete` (`code`, `cursor`), `inspect`
/// (`code` and `cursor`, or `name`), `interrupt`. Replies: `ready` (once, first), `stream`, `display` (a
/// table or a figure as a MIME bundle), `diagnostic`, `complete`, `inspect`, `status`. `docs/jupyter.md`
/// lists every field. Cursors count Unicode scalars, as Jupyter's do.
public final class ProtocolServer {
  public static let protocolVersion = 1
  public static let requestTypes = ["execute", "complete", "inspect", "interrupt"]

  /// Takes one reply line (without its newline).
  let write: (String) -> Void
  let repl: REPL
  /// The id of the request being answered, echoed in every reply.
  var id: JSONValue = .null
  /// Whether the request being answered has reported an error.
  var failed = false
  /// Cells executed so far: cell N is named `<cell:N>` in diagnostics unless the request names it.
  var cells = 0

  /// `baseDirectory` is where relative `:load` paths start (the working directory when nil).
  /// `cancellation` stops the running cell's trains and sweeps (`interrupt`).
  public init(
    seed: UInt64? = nil, baseDirectory: String? = nil, cancellation: CancellationToken = CancellationToken(),
    write: @escaping (String) -> Void
  ) {
    self.write = write
    let sink = OutputSink()
    repl = REPL(
      reader: PlainReader(), seed: seed, baseDirectory: baseDirectory, cancellation: cancellation,
      output: { sink.take($0) })
    sink.take = { [unowned self] text in self.reply("stream", [("name", .string("stdout")), ("text", .string(text))]) }
    repl.onDiagnostics = { [unowned self] in self.report($0) }
  }

  /// The first line a client reads: who is speaking, in which version of the protocol.
  public static var greeting: String {
    encode(
      "ready", id: .null,
      [("nns", .string(nnsVersion)), ("protocol_version", .number(Double(protocolVersion)))])
  }

  /// Answers one request line completely (its replies end with a status).
  public func handle(_ line: String) {
    guard !line.allSatisfy(\.isWhitespace) else { return }
    id = .null
    failed = false
    let request: JSONValue
    do {
      request = try JSONValue.parse(line)
    } catch {
      return reject(.requestNotJSON(reason: "\(error)"))
    }
    id = request["id"] ?? .null
    guard case .object = request, let type = request["type"]?.stringValue else {
      return reject(.requestWithoutType(types: Self.requestTypes))
    }
    switch type {
    case "execute": execute(request)
    case "complete": complete(request)
    case "inspect": inspect(request)
    case "interrupt": write(Self.interrupt(id: id, repl.cancellation))
    default:
      let hint = Suggest.closest(to: type, in: Self.requestTypes).map { "; did you mean '\($0)'?" } ?? ""
      reject(.unknownRequestType(type, hint: hint))
    }
  }

  /// The reply to `interrupt`, after asking a running `train` or sweep to stop; safe from any thread (the
  /// process answers interrupts while a cell runs).
  public static func interrupt(id: JSONValue, _ cancellation: CancellationToken) -> String {
    let stopping = ProtocolInterrupts.request(cancellation)
    return encode("status", id: id, [("status", .string("ok")), ("training", .bool(stopping))])
  }

  // MARK: - execute

  /// Runs a cell in the session. A cell whose first line starts with `:` is typed line by line into the
  /// REPL (meta-commands such as `:help` and `:load`); any other cell runs as one source, so that all its
  /// check errors are reported before anything runs.
  func execute(_ request: JSONValue) {
    guard let code = request["code"]?.stringValue else {
      return reject(.requestNeeds("execute", what: "\"code\": a string"))
    }
    cells += 1
    repl.session.interpreter.stoppedByInterrupt = false
    let firstLine = code.split(separator: "\n").first { !$0.allSatisfy(\.isWhitespace) }
    if firstLine?.drop(while: \.isWhitespace).first == ":" {
      typeLines(code)
    } else {
      observeSession()
      repl.cancellation.reset()
      let name = request["name"]?.stringValue ?? "<cell:\(cells)>"
      repl.report(repl.session.run(SourceFile(path: name, text: code + "\n")))
    }
    finish()
  }

  func typeLines(_ code: String) {
    for line in code.split(separator: "\n", omittingEmptySubsequences: false) {
      observeSession()  // again after each line: `:reset` makes a new session
      if !repl.handle(String(line)) {
        repl.fail(.quitInProtocol)
      }
    }
    observeSession()
    if !repl.pending.isEmpty { repl.submit() }
  }

  /// Routes the session's tables and SVG files to this request's replies.
  func observeSession() {
    let interpreter = repl.session.interpreter
    interpreter.tableOutput = { [unowned self] table in
      let data: [(String, JSONValue)] = [
        ("text/plain", .string(table.render())), ("text/html", .string(table.renderHTML())),
      ]
      self.reply("display", [("kind", .string("table")), ("data", .object(data))])
    }
    interpreter.onFileWritten = { [unowned self] path, text in
      guard path.hasSuffix(".svg") else { return }
      let svg = Self.uniqueIDs(text)
      let data: [(String, JSONValue)] = [("image/svg+xml", .string(svg)), ("text/plain", .string("figure \(path)"))]
      self.reply("display", [("kind", .string("figure")), ("path", .string(path)), ("data", .object(data))])
    }
  }

  /// The SVG with its element ids, and the `url(#…)` references to them, suffixed with a hash of the text:
  /// a page that inlines several figures (the classic notebook, nbconvert's HTML) would otherwise let one
  /// figure's `clip-path` find another's clip rectangle.
  static func uniqueIDs(_ svg: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
    for byte in svg.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    let suffix = "-" + String(hash % 0xFFFF_FFFF, radix: 36)
    var ids: Set<String> = []
    var rest = svg[...]
    while let start = rest.range(of: " id=\""), let end = rest[start.upperBound...].firstIndex(of: "\"") {
      ids.insert(String(rest[start.upperBound..<end]))
      rest = rest[end...]
    }
    var out = svg
    for id in ids.sorted() {
      out = out.replacingOccurrences(of: " id=\"\(id)\"", with: " id=\"\(id)\(suffix)\"")
        .replacingOccurrences(of: "url(#\(id))", with: "url(#\(id)\(suffix))")
    }
    return out
  }

  // MARK: - complete and inspect

  /// The registry's and the session's words that may replace the word before the cursor.
  func complete(_ request: JSONValue) {
    guard let code = request["code"]?.stringValue else {
      return reject(.requestNeeds("complete", what: "\"code\": a string"))
    }
    let scalars = Array(code.unicodeScalars)
    let cursor = Self.cursor(request, count: scalars.count)
    let before = String(String.UnicodeScalarView(scalars[..<cursor]))
    let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
    let line = String(before[lineStart...])
    let matches = Completer(names: repl.session.names).complete(entry: String(before[..<lineStart]), line: line)
    let word = line.unicodeScalars.reversed().prefix { !Completer.wordBreaks.unicodeScalars.contains($0) }.count
    reply(
      "complete",
      [
        ("matches", .array((matches ?? []).map { .string($0) })),
        ("cursor_start", .number(Double(cursor - word))), ("cursor_end", .number(Double(cursor))),
      ])
    finish()
  }

  /// Help on the name at the cursor (or `name`): a built-in's signature and doc, or a name in scope with
  /// its kind and the IR that defined it.
  func inspect(_ request: JSONValue) {
    let word: String
    if let name = request["name"]?.stringValue {
      word = name
    } else if let code = request["code"]?.stringValue {
      let scalars = Array(code.unicodeScalars)
      word = Self.word(in: scalars, at: Self.cursor(request, count: scalars.count))
    } else {
      return reject(.requestNeeds("inspect", what: "\"name\", or \"code\" and \"cursor\""))
    }
    let text = describe(word)
    reply("inspect", [("found", .bool(text != nil)), ("name", .string(word)), ("text", .string(text ?? ""))])
    finish()
  }

  func describe(_ word: String) -> String? {
    let help = Help.text(for: word)
    guard let kind = repl.session.names[word] else { return help }
    var text = "\(word): \(kind.rawValue) in this session\n"
    if let statement = repl.session.definitions[word] { text += IRDump.dump(IRProgram(statements: [statement])) }
    return text + (help.map { "\n" + $0 } ?? "")
  }

  /// `cursor` clamped to the code; the end of the code when absent.
  static func cursor(_ request: JSONValue, count: Int) -> Int {
    guard let x = request["cursor"]?.doubleValue, x.isFinite else { return count }
    return Int(min(max(x, 0), Double(count)))
  }

  /// The identifier around `cursor` (letters, digits, `_`), or "".
  static func word(in scalars: [Unicode.Scalar], at cursor: Int) -> String {
    func isWord(_ s: Unicode.Scalar) -> Bool { s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s) }
    var start = cursor
    while start > 0, isWord(scalars[start - 1]) { start -= 1 }
    var end = cursor
    while end < scalars.count, isWord(scalars[end]) { end += 1 }
    return String(String.UnicodeScalarView(scalars[start..<end]))
  }

  // MARK: - replies

  /// Diagnostics as data: where (line and column from 1), what (with its catalogue id as `code`), the
  /// suggestion, and the text a terminal shows (location, source line, caret).
  func report(_ diagnostics: [Diagnostic]) {
    let ordered = diagnostics.enumerated().sorted {
      ($0.element.span.start, $0.offset) < ($1.element.span.start, $1.offset)
    }.map(\.element)
    for d in ordered {
      if d.severity == .error { failed = true }
      var fields: [(String, JSONValue)] = [
        ("severity", .string(d.severity.rawValue)), ("kind", .string(d.kind.rawValue)),
      ]
      // `code`, not `id`: every reply's `id` is already the request's (docs/jupyter.md).
      if let id = d.id { fields.append(("code", .string(id))) }
      fields.append(("message", .string(d.message)))
      if d.span.line > 0 {
        fields += [
          ("file", .string(d.span.file)), ("line", .number(Double(d.span.line))),
          ("column", .number(Double(d.span.column))),
        ]
      }
      if let fix = d.fixIt { fields.append(("help", .string(fix))) }
      fields.append(("rendered", .string(repl.session.render([d]))))
      reply("diagnostic", fields)
    }
  }

  /// A request that cannot be answered: a diagnostic, then status `error`.
  func reject(_ entry: Catalogue) {
    report([Diagnostic(entry, at: .none)])
    finish()
  }

  /// The request's closing status.
  func finish() {
    let interpreter = repl.session.interpreter
    let status = failed ? "error" : interpreter.stoppedByInterrupt ? "interrupted" : "ok"
    interpreter.stoppedByInterrupt = false
    reply("status", [("status", .string(status))])
  }

  func reply(_ type: String, _ fields: [(String, JSONValue)]) { write(Self.encode(type, id: id, fields)) }

  /// One reply line: `{"type":…,"id":…,…}` with no whitespace, keys in the order given.
  static func encode(_ type: String, id: JSONValue, _ fields: [(String, JSONValue)]) -> String {
    JSONValue.object([("type", .string(type)), ("id", id)] + fields).printed(pretty: false)
  }
}

/// Lets the REPL's output closure, made before the server exists, reach it.
private final class OutputSink {
  var take: (String) -> Void = { _ in }
}
