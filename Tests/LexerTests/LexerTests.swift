import Diagnostics
import Testing

@testable import Lexer

private func lex(_ text: String) -> (tokens: [Token], diagnostics: [Diagnostic]) {
  Lexer.tokenize(SourceFile(path: "t.nns", text: text))
}

private func kinds(_ text: String) -> [TokenKind] { lex(text).tokens.map(\.kind) }

private func errors(_ text: String) -> [String] { lex(text).diagnostics.map(\.message) }

@Suite struct LexerTests {
  @Test func identifiersAndReservedWords() {
    let tokens = lex("seed _x9 and or not true false over").tokens
    #expect(
      tokens.map(\.kind) == [
        .identifier, .identifier, .keywordAnd, .keywordOr, .keywordNot, .keywordTrue, .keywordFalse, .identifier,
        .eof,
      ])
    #expect(tokens[1].text == "_x9")
  }

  @Test func numbers() {
    let tokens = lex("42 3.25 1e-3 2.5E+4 7e2").tokens
    #expect(tokens.dropLast().map(\.kind) == Array(repeating: .number, count: 5))
    #expect(tokens.compactMap(\.number) == [42, 3.25, 0.001, 25000, 700])
    #expect(errors("42 3.25 1e-3 2.5E+4").isEmpty)
  }

  @Test func rangeAfterInteger() {
    let tokens = lex("1..3").tokens
    #expect(tokens.map(\.kind) == [.number, .dotDot, .number, .eof])
    #expect(tokens[0].number == 1 && tokens[2].number == 3)
    #expect(kinds("1.5..2") == [.number, .dotDot, .number, .eof])
    #expect(kinds("x.y") == [.identifier, .dot, .identifier, .eof])
  }

  @Test func everyOperator() {
    let text = "+ - * / ^ == != < <= > >= = : , . .. ( ) [ ] { } ;"
    #expect(
      kinds(text) == [
        .plus, .minus, .star, .slash, .caret, .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual,
        .equal, .colon, .comma, .dot, .dotDot, .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace,
        .rightBrace, .semicolon, .eof,
      ])
    #expect(errors(text).isEmpty)
  }

  @Test func stringsAndEscapes() {
    let tokens = lex(#""a\"b\\c\nd\te""#).tokens
    #expect(tokens[0].kind == .string)
    #expect(tokens[0].string == "a\"b\\c\nd\te")
    #expect(tokens[0].text == #""a\"b\\c\nd\te""#)
    #expect(lex(#""héllo λ""#).tokens[0].string == "héllo λ")
  }

  @Test func commentsAndNewlines() {
    #expect(
      kinds("# c\n\nseed 1 # x\n\n\nprint 2\n") == [
        .identifier, .number, .newline, .identifier, .number, .newline, .eof,
      ])
    #expect(kinds("") == [.eof])
    #expect(kinds("\r\nseed\r\n") == [.identifier, .newline, .eof])
  }

  @Test func spansCarryLineAndColumn() {
    let tokens = lex("seed 42\n  let λ = \"é\" x").tokens
    #expect(tokens[0].span == SourceSpan(file: "t.nns", start: 0, end: 4, line: 1, column: 1))
    #expect(tokens[1].span == SourceSpan(file: "t.nns", start: 5, end: 7, line: 1, column: 6))
    #expect(tokens[2].kind == .newline && tokens[2].span.line == 1 && tokens[2].span.column == 8)
    #expect(tokens[3].span.line == 2 && tokens[3].span.column == 3)
    // 'λ' is one character (two bytes): the column counts characters, the span bytes.
    let invalid = tokens[4]
    #expect(invalid.kind == .invalid && invalid.span.column == 7 && invalid.span.end - invalid.span.start == 2)
    let string = tokens[6]
    #expect(string.kind == .string && string.span.column == 11)
    #expect(tokens[7].span.column == 15)
    #expect(tokens.last?.kind == .eof)
  }

  @Test func unterminatedStringPointsAtOpeningQuote() {
    let (tokens, diagnostics) = lex("print \"abc\nseed 1")
    #expect(diagnostics.map(\.message) == ["unterminated string"])
    #expect(diagnostics[0].span.column == 7 && diagnostics[0].span.end - diagnostics[0].span.start == 1)
    #expect(tokens[1].kind == .string && tokens[1].string == "abc")
    #expect(tokens[2].kind == .newline)
    #expect(errors("\"abc\\") == ["unterminated string"])
  }

  @Test func unknownEscape() {
    #expect(errors(#""a\qb""#) == [#"unknown escape sequence '\q'"#])
  }

  @Test func badNumbers() {
    #expect(errors("1e") == ["invalid number '1e'"])
    #expect(errors("1e+") == ["invalid number '1e+'"])
    #expect(errors("1.2.3") == ["invalid number '1.2.3'"])
    #expect(errors("12abc") == ["invalid number '12abc'"])
    #expect(errors("1e999") == ["number '1e999' is too large"])
    let token = lex("1.2.3").tokens[0]
    #expect(token.kind == .number && token.number!.isNaN)
  }

  @Test func strayCharactersAreNamed() {
    #expect(errors("x @ y") == ["unexpected character '@'"])
    #expect(errors("a $% b") == ["unexpected characters '$%'"])
    #expect(errors("!x") == ["unexpected character '!'"])
    #expect(errors("a\u{0}b") == ["unexpected character '\\u{0}'"])
    #expect(kinds("x @ y") == [.identifier, .invalid, .identifier, .eof])
  }

  @Test func singleQuotedString() {
    let (tokens, diagnostics) = lex("'abc'")
    #expect(diagnostics.map(\.message) == ["strings are written in double quotes"])
    #expect(diagnostics[0].fixIt == "write \"abc\"")
    #expect(tokens[0].kind == .string && tokens[0].string == "abc")
  }

  @Test func invalidUTF8AndBinaryGarbage() {
    let bytes: [UInt8] = [0x73, 0x65, 0x65, 0x64, 0x20, 0xFF, 0xFE, 0x00, 0xC3, 0x28, 0x0A, 0x31]
    let (tokens, diagnostics) = lex(String(decoding: bytes, as: UTF8.self))
    #expect(diagnostics.count == 1)
    #expect(diagnostics[0].message.hasPrefix("unexpected characters"))
    #expect(tokens.last?.kind == .eof)
    var noise: [UInt8] = []
    var state: UInt64 = 7
    for _ in 0..<4096 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      noise.append(UInt8(truncatingIfNeeded: state >> 56))
    }
    let file = SourceFile(path: "t.nns", text: String(decoding: noise, as: UTF8.self))
    let result = Lexer.tokenize(file)
    #expect(result.tokens.last?.kind == .eof)
    for d in result.diagnostics { #expect(d.span.start >= 0 && d.span.end <= file.bytes.count) }
  }

  @Test func dumpIsStable() {
    let dump = dumpTokens(lex("seed 1..3 # c\nprint \"a\\n\"").tokens)
    #expect(
      dump == """
        1:1 identifier seed
        1:6 number 1
        1:7 punct ..
        1:9 number 3
        1:14 newline
        2:1 identifier print
        2:7 string "a\\n" = "a\\n"
        2:12 eof

        """)
  }
}

/// The lexer counts columns incrementally; on any text they must agree with `SourceFile.location`,
/// which decodes the whole line prefix (and stay linear on long lines of non-ASCII text).
@Test(arguments: [
  "print é 1 é 1 \"ü\" ü + 2", "e\u{301} x e\u{301}\u{302} y", "a\r\nb \r\n c", "🇯🇵🇺🇸 x 🇫🇷 y", "👩‍👩‍👧 z 👍🏽 w",
  "漢字 1 かな 2\n  ü ü\n\tß", "x\u{200D}y \u{FE0F} q", "\u{FFFD}\u{0}\u{1B}[31m é",
])
func columnsAgreeWithTheSourceFile(_ text: String) {
  let file = SourceFile(path: "a.nns", text: text)
  for t in Lexer.tokenize(file).tokens where t.kind != .eof {
    let (line, column) = file.location(of: t.span.start)
    #expect(t.span.line == line && t.span.column == column, "\(t.text) at \(t.span.start)")
  }
}

@Test func invalidUTF8ColumnsAgreeWithTheSourceFile() {
  let bytes: [UInt8] = [0x70, 0x20, 0xC3, 0x20, 0x31, 0xE2, 0x82, 0x20, 0xFF, 0x78, 0x0A, 0xCC, 0x81, 0x79]
  let file = SourceFile(path: "a.nns", text: String(decoding: bytes, as: UTF8.self))
  for t in Lexer.tokenize(file).tokens where t.kind != .eof {
    let (line, column) = file.location(of: t.span.start)
    #expect(t.span.line == line && t.span.column == column, "\(t.text) at \(t.span.start)")
  }
}
