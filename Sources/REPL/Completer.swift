import Parser
import Runtime
import Semantics

/// Tab completion: the words that may replace the word before the cursor, chosen by where the cursor is —
/// a statement word at the start of a line, layer words in a `net` block, settings in a `train` block,
/// `lr:` and `momentum:` inside `sgd(`, names of the right kind after `train` and `on`, meta-commands
/// after `:`. Pure Swift, so tests drive it without a terminal.
struct Completer {
  /// Characters that end a word; `.`, `/` and `-` are not among them so file paths complete as one word.
  static let wordBreaks = " \t\n\"'(),[]{}+*<>=;:^"

  /// Names in scope with their kinds.
  var names: [String: ValueKind]

  /// The completions of the word before the cursor; nil asks for file names instead (inside a string,
  /// after `:load`). `entry` holds the earlier lines of a multi-line entry, `line` the current line up to
  /// the cursor.
  func complete(entry: String = "", line: String) -> [String]? {
    let word = String(line.reversed().prefix { !Self.wordBreaks.contains($0) }.reversed())
    let before = String(line.dropLast(word.count))
    let candidates: [String]
    if entry.isEmpty, before.drop(while: \.isWhitespace).first == ":" {
      guard let words = metaCandidates(before) else { return nil }
      candidates = words
    } else {
      guard let scan = Scan(entry + before) else { return nil }
      candidates = self.candidates(scan)
    }
    return Set(candidates.filter { $0.hasPrefix(word) }).sorted()
  }

  /// After `:` — command names, then what each command takes.
  func metaCandidates(_ before: String) -> [String]? {
    let words = before.drop(while: \.isWhitespace).dropFirst().split(separator: " ")
    guard let command = words.first, before.last == " " || words.count > 1 else { return MetaCommand.words }
    switch MetaCommand.named(String(command)) {
    case .load: return nil
    case .help: return Help.topics.map(\.word) + Builtins.all.map(\.name)
    case .ir: return Array(names.keys)
    default: return []
    }
  }

  var expressionWords: [String] { Array(names.keys) + Builtins.callableNames + Keywords.reserved }

  func names(of kind: ValueKind) -> [String] { names.filter { $0.value == kind }.map(\.key) }

  func candidates(_ scan: Scan) -> [String] {
    if let open = scan.parens.last {
      guard let callee = open else { return expressionWords }
      let labels = Builtins.entries(named: callee).flatMap { $0.parameters.map { $0.name + ":" } }
      // `sgd(`, `clifford(`: settings, not expressions over data — only their named arguments fit.
      return Builtins.callable(callee) == nil && !labels.isEmpty ? labels : labels + expressionWords
    }
    let block = scan.blocks.last ?? ""
    let statement = scan.statement
    guard let head = statement.first else {
      switch block {
      case "net": return Builtins.names(.layer, .netOption)
      case "train": return Builtins.names(.trainSetting)
      default: return Keywords.statements + expressionWords
      }
    }
    switch block {
    case "net": return netLine(statement)
    case "train": return trainLine(statement)
    default: return statementLine(statement, head: head)
    }
  }

  func netLine(_ statement: [String]) -> [String] {
    if statement[0] == "init" { return Builtins.names(.initializer) }
    return statement.contains(",") ? Builtins.names(.activation) : expressionWords
  }

  func trainLine(_ statement: [String]) -> [String] {
    switch statement[0] {
    case "loss": return Builtins.names(.loss)
    case "optimizer": return Builtins.names(.optimizer)
    case "batch": return ["full"] + expressionWords
    case "stop": return statement.count == 1 ? ["when"] : expressionWords
    default: return expressionWords
    }
  }

  func statementLine(_ statement: [String], head: String) -> [String] {
    let afterEquals = statement.contains("=")
    switch head {
    case "net":
      if afterEquals { return ["load"] + expressionWords }
      if statement.last == "over" { return Builtins.names(.algebra) + names(of: .algebra) }
      return statement.count == 2 ? ["over"] : []
    case "train":
      if statement.contains("on") { return names(of: .data) + Builtins.names(.dataset) }
      return statement.count == 1 ? names(of: .net) : statement.count == 2 ? ["on"] : []
    case "let", "data", "algebra":
      guard afterEquals else { return [] }
      return head == "algebra" ? Builtins.names(.algebra) + expressionWords : expressionWords
    case "plot", "save": return ["to"] + expressionWords
    case "sweep": return ["in"] + expressionWords
    default: return expressionWords
    }
  }
}

/// A rough scan of the text before the word being completed: the open blocks (by the word that opened
/// each), the open brackets (with the function called, for `(`), and the words of the current statement.
/// Nil when the text ends inside a string.
struct Scan {
  var blocks: [String] = []
  var parens: [String?] = []
  var statement: [String] = []

  init?(_ text: String) {
    var chars = text.makeIterator()
    var pending: Character? = nil
    var word = ""
    func flush(_ scan: inout Scan) {
      if !word.isEmpty { scan.statement.append(word) }
      word = ""
    }
    while let c = pending ?? chars.next() {
      pending = nil
      if c.isLetter || c.isNumber || c == "_" || c == "." {
        word.append(c)
        continue
      }
      let callee = word.first.map { $0.isLetter || $0 == "_" } == true ? word : nil
      flush(&self)
      switch c {
      case "#":
        while let d = chars.next(), d != "\n" {}
        pending = "\n"
      case "\"":
        var closed = false
        while let d = chars.next() {
          if d == "\\" { _ = chars.next() } else if d == "\"" { closed = true; break }
        }
        guard closed else { return nil }
        statement.append("\"\"")
      case "\n", ";": if parens.isEmpty { statement = [] }
      case "{":
        blocks.append(statement.first ?? "")
        statement = []
      case "}":
        _ = blocks.popLast()
        statement = []
      case "(":
        parens.append(callee)
        statement.append("(")
      case "[":
        parens.append(nil)
        statement.append("[")
      case ")", "]":
        _ = parens.popLast()
        statement.append(String(c))
      case " ", "\t", "\r": break
      default: statement.append(String(c))
      }
    }
    flush(&self)
  }
}
