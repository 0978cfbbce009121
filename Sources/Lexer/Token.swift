import Diagnostics

/// The kinds of token the lexer produces. Statement keywords (`seed`, `net`, …) and contextual words
/// (`over`, `on`, `to`, `in`, `when`) are plain identifiers here: the parser decides by position.
/// Only the operator words `and or not` and the literals `true false` are reserved.
public enum TokenKind: String, Hashable, Sendable, CaseIterable {
  case identifier, number, string
  case keywordAnd = "and", keywordOr = "or", keywordNot = "not", keywordTrue = "true", keywordFalse = "false"
  case newline, semicolon
  case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"
  case plus = "+", minus = "-", star = "*", slash = "/", caret = "^"
  case equalEqual = "==", bangEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
  case equal = "=", colon = ":", comma = ",", dot = ".", dotDot = ".."
  /// Text the lexer could not make sense of; it has already reported it, so the parser stays quiet.
  case invalid
  case eof

  /// The reserved words and the token each lexes to.
  public static let reservedWords: [String: TokenKind] = [
    "and": .keywordAnd, "or": .keywordOr, "not": .keywordNot, "true": .keywordTrue, "false": .keywordFalse,
  ]
}

/// One token: its kind, its source text, where it is, and for literals the value.
public struct Token: Hashable, Sendable {
  public var kind: TokenKind
  /// The source text exactly as written (`"a\n"` with its quotes and backslash for a string).
  public var text: String
  public var span: SourceSpan
  /// The value of a `.number` token (NaN when the literal was malformed and reported).
  public var number: Double?
  /// The decoded value of a `.string` token (escapes resolved, quotes removed).
  public var string: String?

  public init(kind: TokenKind, text: String, span: SourceSpan, number: Double? = nil, string: String? = nil) {
    self.kind = kind
    self.text = text
    self.span = span
    self.number = number
    self.string = string
  }

  /// How a message names this token: `'x'`, `end of line`, `end of file`.
  public var described: String {
    switch kind {
    case .newline: return "end of line"
    case .eof: return "end of file"
    default: return "'\(text)'"
    }
  }
}

/// A stable one-token-per-line dump, `line:col kind text`, for golden tests and `nns --tokens`.
///
///     dumpTokens(Lexer.tokenize(SourceFile(path: "a", text: "seed 1")).tokens)
///     // 1:1 identifier seed
///     // 1:6 number 1
///     // 1:7 eof
public func dumpTokens(_ tokens: [Token]) -> String {
  var out = ""
  for t in tokens {
    out += "\(t.span.line):\(t.span.column) \(dumpName(t.kind))"
    switch t.kind {
    case .newline, .eof: break
    case .string: out += " \(t.text) = \(quoted(t.string ?? ""))"
    default: out += " \(t.text)"
    }
    out += "\n"
  }
  return out
}

private func dumpName(_ kind: TokenKind) -> String {
  switch kind {
  case .identifier, .number, .string, .newline, .semicolon, .invalid, .eof: return "\(kind)"
  case .keywordAnd, .keywordOr, .keywordNot, .keywordTrue, .keywordFalse: return "keyword"
  default: return "punct"
  }
}

/// A string in double quotes with `\" \\ \n \t` and other control characters escaped.
public func quoted(_ s: String) -> String {
  var out = "\""
  for u in s.unicodeScalars {
    switch u {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\t": out += "\\t"
    case "\r": out += "\\r"
    default:
      if u.value < 0x20 || u.value == 0x7F {
        out += "\\u{\(String(u.value, radix: 16))}"
      } else {
        out.unicodeScalars.append(u)
      }
    }
  }
  return out + "\""
}
