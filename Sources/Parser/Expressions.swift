import Diagnostics
import Lexer

// Expression rules of grammar.md, lowest precedence first.
extension ParserCore {
  /// expression = orExpression
  func expression() throws(ParseAbort) -> Expression {
    try enter()
    defer {
      depth -= 1
      height -= 1
    }
    return try orExpression()
  }

  /// orExpression = andExpression { "or" andExpression }
  func orExpression() throws(ParseAbort) -> Expression {
    var left = try andExpression()
    var added = 0
    defer { height -= added }
    while match(.keywordOr) != nil {
      try grow()
      added += 1
      let right = try andExpression()
      left = .binary(.or, left, right, left.span.to(right.span))
    }
    return left
  }

  /// andExpression = notExpression { "and" notExpression }
  func andExpression() throws(ParseAbort) -> Expression {
    var left = try notExpression()
    var added = 0
    defer { height -= added }
    while match(.keywordAnd) != nil {
      try grow()
      added += 1
      let right = try notExpression()
      left = .binary(.and, left, right, left.span.to(right.span))
    }
    return left
  }

  /// notExpression = "not" notExpression | comparison
  func notExpression() throws(ParseAbort) -> Expression {
    guard let op = match(.keywordNot) else { return try comparison() }
    try enter()
    defer {
      depth -= 1
      height -= 1
    }
    let operand = try notExpression()
    return .unary(.not, operand, op.span.to(operand.span))
  }

  /// comparison = range [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) range ]   (non-associative)
  func comparison() throws(ParseAbort) -> Expression {
    var left = try range()
    var added = 0
    defer { height -= added }
    var chained = false
    while let op = comparisonOperator(peek().kind) {
      let token = advance()
      try grow()
      added += 1
      if chained {
        warnInPlace(
          .chainedComparison, at: token.span, fixIt: "combine comparisons with 'and'")
      }
      chained = true
      let right = try range()
      left = .binary(op, left, right, left.span.to(right.span))
    }
    return left
  }

  private func comparisonOperator(_ kind: TokenKind) -> BinaryOperator? {
    switch kind {
    case .equalEqual: .equal
    case .bangEqual: .notEqual
    case .less: .less
    case .lessEqual: .lessEqual
    case .greater: .greater
    case .greaterEqual: .greaterEqual
    default: nil
    }
  }

  /// range = additive [ ".." additive ]   (non-associative)
  func range() throws(ParseAbort) -> Expression {
    var left = try additive()
    var added = 0
    defer { height -= added }
    var chained = false
    while let token = match(.dotDot) {
      try grow()
      added += 1
      if chained { warnInPlace(.chainedRange, at: token.span) }
      chained = true
      let right = try additive()
      left = .range(left, right, left.span.to(right.span))
    }
    return left
  }

  /// additive = multiplicative { ( "+" | "-" ) multiplicative }
  func additive() throws(ParseAbort) -> Expression {
    var left = try multiplicative()
    var added = 0
    defer { height -= added }
    while check(.plus) || check(.minus) {
      let op: BinaryOperator = advance().kind == .plus ? .add : .subtract
      try grow()
      added += 1
      let right = try multiplicative()
      left = .binary(op, left, right, left.span.to(right.span))
    }
    return left
  }

  /// multiplicative = unary { ( "*" | "/" ) unary }
  func multiplicative() throws(ParseAbort) -> Expression {
    var left = try unary()
    var added = 0
    defer { height -= added }
    while check(.star) || check(.slash) {
      let op: BinaryOperator = advance().kind == .star ? .multiply : .divide
      try grow()
      added += 1
      let right = try unary()
      left = .binary(op, left, right, left.span.to(right.span))
    }
    return left
  }

  /// unary = ( "-" | "+" ) unary | power
  func unary() throws(ParseAbort) -> Expression {
    guard check(.minus) || check(.plus) else { return try power() }
    let token = advance()
    try enter()
    defer {
      depth -= 1
      height -= 1
    }
    let operand = try unary()
    return .unary(token.kind == .minus ? .negate : .plus, operand, token.span.to(operand.span))
  }

  /// power = postfix [ "^" unary ]   (right-associative; `-2^2` is `-(2^2)`, `2^-1` is allowed)
  func power() throws(ParseAbort) -> Expression {
    let base = try postfix()
    guard match(.caret) != nil else { return base }
    try enter()
    defer {
      depth -= 1
      height -= 1
    }
    let exponent = try unary()
    return .binary(.power, base, exponent, base.span.to(exponent.span))
  }

  /// postfix = primary { callSuffix | "." name | indexSuffix }
  func postfix() throws(ParseAbort) -> Expression {
    var value = try primary()
    var added = 0
    defer { height -= added }
    while true {
      if check(.leftParen) || check(.dot) || check(.leftBracket) {
        try grow(at: peek())
        added += 1
      }
      if let open = match(.leftParen) {
        let arguments = try callArguments(opener: open)
        value = .call(value, arguments, value.span.to(previous.span))
      } else if match(.dot) != nil {
        let name = try expectName("a member name after '.'")
        value = .member(value, name, value.span.to(name.span))
      } else if let open = match(.leftBracket) {
        let indices = try indexArguments(opener: open)
        value = .index(value, indices, value.span.to(previous.span))
      } else {
        return value
      }
    }
  }

  /// callSuffix = "(" [ argument { "," argument } [ "," ] ] ")"   (positional before named)
  func callArguments(opener: Token) throws(ParseAbort) -> [Argument] {
    newlinesIgnored += 1
    defer { newlinesIgnored -= 1 }
    var arguments: [Argument] = []
    var firstNamed: Argument? = nil
    while !check(.rightParen) {
      let before = pos
      let argument = try argument()
      if let named = firstNamed, argument.label == nil {
        warnInPlace(
          .positionalAfterNamed, at: argument.span,
          notes: [.init(span: named.span, message: "named argument '\(named.label!.name)' is here")],
          fixIt: "put positional arguments first")
      }
      if argument.label != nil && firstNamed == nil { firstNamed = argument }
      arguments.append(argument)
      if match(.comma) == nil { break }
      ensureProgress(since: before)
    }
    try expect(.rightParen, "')'", opener: opener)
    return arguments
  }

  /// indexSuffix = "[" expression { "," expression } "]"
  func indexArguments(opener: Token) throws(ParseAbort) -> [Expression] {
    newlinesIgnored += 1
    defer { newlinesIgnored -= 1 }
    var indices = [try expression()]
    while match(.comma) != nil {
      indices.append(try expression())
    }
    try expect(.rightBracket, "']'", opener: opener)
    return indices
  }

  /// primary = number | string | "true" | "false" | name | list | "(" expression ")"
  func primary() throws(ParseAbort) -> Expression {
    let t = peek()
    switch t.kind {
    case .number:
      advance()
      return .number(t.number ?? .nan, t.span)
    case .string:
      advance()
      return .string(t.string ?? "", t.span)
    case .keywordTrue, .keywordFalse:
      advance()
      return .boolean(t.kind == .keywordTrue, t.span)
    case .identifier:
      advance()
      return .identifier(Identifier(t.text, span: t.span))
    case .leftBracket:
      return try list()
    case .leftParen:
      return try parenthesized()
    default:
      throw fail(expected: "expression")
    }
  }

  /// list = "[" [ expression { "," expression } [ "," ] ] "]"
  func list() throws(ParseAbort) -> Expression {
    let open = advance()
    newlinesIgnored += 1
    defer { newlinesIgnored -= 1 }
    var elements: [Expression] = []
    while !check(.rightBracket) {
      let before = pos
      elements.append(try expression())
      if match(.comma) == nil { break }
      ensureProgress(since: before)
    }
    try expect(.rightBracket, "']'", opener: open)
    return .list(elements, open.span.to(previous.span))
  }

  /// "(" expression ")"
  func parenthesized() throws(ParseAbort) -> Expression {
    let open = advance()
    newlinesIgnored += 1
    defer { newlinesIgnored -= 1 }
    let inner = try expression()
    try expect(.rightParen, "')'", opener: open)
    return inner.spanning(open.span.to(previous.span))
  }
}

extension Expression {
  /// The same node with its span widened to `span` (a parenthesised expression covers its parentheses,
  /// so `(1 + 2) * 3` spans from the `(`). A name keeps the span of the name itself.
  func spanning(_ span: SourceSpan) -> Expression {
    switch self {
    case .number(let v, _): .number(v, span)
    case .string(let v, _): .string(v, span)
    case .boolean(let v, _): .boolean(v, span)
    case .identifier: self
    case .list(let items, _): .list(items, span)
    case .range(let a, let b, _): .range(a, b, span)
    case .unary(let op, let a, _): .unary(op, a, span)
    case .binary(let op, let a, let b, _): .binary(op, a, b, span)
    case .call(let f, let args, _): .call(f, args, span)
    case .member(let base, let name, _): .member(base, name, span)
    case .index(let base, let indices, _): .index(base, indices, span)
    }
  }
}
