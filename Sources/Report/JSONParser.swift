extension JSONValue {
  /// Parses JSON text (RFC 8259). Numbers become Doubles, correctly rounded, so text printed by
  /// ``printed(pretty:)`` reads back bit for bit. Duplicate object keys, numbers beyond the
  /// Double range and nesting deeper than 512 levels are errors, never crashes.
  ///
  ///     let net = try JSONValue.parse(text)
  ///     net["version"]?.doubleValue  // 1
  /// - Throws: `ReportError.malformedJSON(line:column:message:)`.
  public static func parse(_ text: String) throws -> JSONValue {
    var parser = JSONParser(bytes: Array(text.utf8))
    parser.skipWhitespace()
    let value = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    if parser.position < parser.bytes.count { throw parser.error("unexpected text after the document") }
    return value
  }
}

/// A recursive-descent JSON reader over UTF-8 bytes.
private struct JSONParser {
  package static let maximumDepth = 512
  package let bytes: [UInt8]
  package var position = 0

  package init(bytes: [UInt8]) { self.bytes = bytes }

  package var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  package func error(_ message: String) -> ReportError {
    var line = 1
    var column = 1
    for byte in bytes[..<min(position, bytes.count)] {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return .malformedJSON(line: line, column: column, message: message)
  }

  package func found() -> String {
    guard let byte = current else { return "at end of input" }
    if byte >= 0x20 && byte < 0x7F { return "found '\(Character(UnicodeScalar(byte)))'" }
    return "found byte 0x" + String(byte, radix: 16)
  }

  package mutating func skipWhitespace() {
    while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
  }

  package mutating func parseValue(depth: Int) throws -> JSONValue {
    guard depth < JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
    switch current {
    case UInt8(ascii: "{"): return try parseObject(depth: depth)
    case UInt8(ascii: "["): return try parseArray(depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
    case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
    case UInt8(ascii: "n"): return try parseLiteral("null", .null)
    case let byte? where byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39):
      return .number(try parseNumber())
    default: throw error("expected a value, \(found())")
    }
  }

  package mutating func parseLiteral(_ word: String, _ value: JSONValue) throws -> JSONValue {
    let expected = Array(word.utf8)
    guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected
    else { throw error("expected '\(word)', \(found())") }
    position += expected.count
    return value
  }

  package mutating func parseArray(depth: Int) throws -> JSONValue {
    position += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      position += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "]"):
        position += 1
        return .array(items)
      default: throw error("expected ',' or ']' in an array, \(found())")
      }
    }
  }

  package mutating func parseObject(depth: Int) throws -> JSONValue {
    position += 1
    var pairs: [(String, JSONValue)] = []
    var keys = Set<String>()
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      position += 1
      return .object(pairs)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else { throw error("expected a string key, \(found())") }
      let keyStart = position
      let key = try parseString()
      guard keys.insert(key).inserted else {
        position = keyStart
        throw error("duplicate key \"\(key)\"")
      }
      skipWhitespace()
      guard current == UInt8(ascii: ":") else { throw error("expected ':' after a key, \(found())") }
      position += 1
      skipWhitespace()
      pairs.append((key, try parseValue(depth: depth + 1)))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "}"):
        position += 1
        return .object(pairs)
      default: throw error("expected ',' or '}' in an object, \(found())")
      }
    }
  }

  package mutating func parseNumber() throws -> Double {
    let start = position
    func digits() -> Int {
      let from = position
      while let byte = current, byte >= 0x30 && byte <= 0x39 { position += 1 }
      return position - from
    }
    if current == UInt8(ascii: "-") { position += 1 }
    if current == UInt8(ascii: "0") {
      position += 1
    } else if digits() == 0 {
      throw error("expected a digit, \(found())")
    }
    if current == UInt8(ascii: ".") {
      position += 1
      guard digits() > 0 else { throw error("expected a digit after '.', \(found())") }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      position += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
      guard digits() > 0 else { throw error("expected a digit in the exponent, \(found())") }
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    guard let value = Double(text), value.isFinite else {
      position = start
      throw error("number \(text) is out of range")
    }
    return value
  }

  package mutating func parseString() throws -> String {
    position += 1
    var scalars = String.UnicodeScalarView()
    var run = position
    func flush(_ end: Int) {
      scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars)
    }
    while let byte = current {
      switch byte {
      case UInt8(ascii: "\""):
        flush(position)
        position += 1
        return String(scalars)
      case UInt8(ascii: "\\"):
        flush(position)
        position += 1
        scalars.append(try parseEscape())
        run = position
      case 0..<0x20:
        throw error("unescaped control character in a string")
      default:
        position += 1
      }
    }
    throw error("unterminated string")
  }

  package mutating func parseEscape() throws -> Unicode.Scalar {
    guard let byte = current else { throw error("unterminated string") }
    position += 1
    switch byte {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"):
      let high = try parseHex4()
      if (0xD800..<0xDC00).contains(high) {
        guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
        else { return "\u{FFFD}" }
        position += 2
        let low = try parseHex4()
        guard (0xDC00..<0xE000).contains(low) else { return "\u{FFFD}" }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
      }
      return Unicode.Scalar(high) ?? "\u{FFFD}"
    default:
      position -= 1
      throw error("invalid escape '\\\(Character(UnicodeScalar(byte)))'")
    }
  }

  package mutating func parseHex4() throws -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = current, let digit = hexDigit(byte) else { throw error("expected 4 hex digits after \\u") }
      value = value * 16 + digit
      position += 1
    }
    return value
  }

  private func hexDigit(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x30...0x39: return UInt32(byte - 0x30)
    case 0x41...0x46: return UInt32(byte - 0x41 + 10)
    case 0x61...0x66: return UInt32(byte - 0x61 + 10)
    default: return nil
    }
  }
}
