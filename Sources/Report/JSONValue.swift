/// A JSON document: what `save` writes (results, versioned nets) and `load` reads back.
///
/// Objects keep their keys in insertion order, so the printed text is deterministic and follows
/// the order the Runtime builds it in. Numbers are Doubles printed in Swift's shortest round-trip
/// form, so `JSONValue.parse(v.printed())` gives back every Double bit for bit (−0.0 and
/// subnormals included). JSON has no NaN or infinity: non-finite numbers print as `null`, and
/// ``nonFinitePaths`` lists where, so the caller can warn that they were not saved.
///
///     let v: JSONValue = .object([("version", .number(1)), ("w", .array([.number(0.1)]))])
///     v.printed()  // {\n  "version": 1,\n  "w": [0.1]\n}
public enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  /// Key–value pairs in order; keys are unique (the parser rejects duplicates).
  case object([(String, JSONValue)])

  /// Structural equality; numbers compare bit for bit (so −0.0 ≠ 0.0), object keys in order.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a.bitPattern == b.bitPattern
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// The value stored under `key` in an object, or nil.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let pairs) = self else { return nil }
    return pairs.first { $0.0 == key }?.1
  }

  public var doubleValue: Double? {
    if case .number(let x) = self { return x }
    return nil
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// JSON text. Pretty (the default): two-space indentation, one member per line, arrays of
  /// scalars on one line (weight vectors stay readable); otherwise no whitespace at all.
  public func printed(pretty: Bool = true) -> String {
    var out = ""
    write(to: &out, indent: pretty ? 0 : nil)
    return pretty ? out + "\n" : out
  }

  /// JSONPath-like locations (`$.layers[0].w[3]`) of every NaN or infinity, printed as `null`.
  public var nonFinitePaths: [String] {
    var paths: [String] = []
    collectNonFinite(path: "$", into: &paths)
    return paths
  }

  private func collectNonFinite(path: String, into paths: inout [String]) {
    switch self {
    case .number(let x) where !x.isFinite: paths.append(path)
    case .array(let items):
      for (i, item) in items.enumerated() { item.collectNonFinite(path: path + "[\(i)]", into: &paths) }
    case .object(let pairs):
      for (key, value) in pairs { value.collectNonFinite(path: path + "." + key, into: &paths) }
    default: break
    }
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: return false
    default: return true
    }
  }

  private func write(to out: inout String, indent: Int?) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let x): out += JSONValue.numberText(x)
    case .string(let s): JSONValue.writeString(s, to: &out)
    case .array(let items): writeArray(items, to: &out, indent: indent)
    case .object(let pairs): writeObject(pairs, to: &out, indent: indent)
    }
  }

  private func writeArray(_ items: [JSONValue], to out: inout String, indent: Int?) {
    guard let indent, !items.isEmpty, !items.allSatisfy(\.isScalar) else {
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += indent == nil ? "," : ", " }
        item.write(to: &out, indent: indent)
      }
      out += "]"
      return
    }
    let inner = String(repeating: "  ", count: indent + 1)
    out += "[\n"
    for (i, item) in items.enumerated() {
      out += inner
      item.write(to: &out, indent: indent + 1)
      out += i + 1 < items.count ? ",\n" : "\n"
    }
    out += String(repeating: "  ", count: indent) + "]"
  }

  private func writeObject(_ pairs: [(String, JSONValue)], to out: inout String, indent: Int?) {
    guard let indent, !pairs.isEmpty else {
      out += "{"
      for (i, (key, value)) in pairs.enumerated() {
        if i > 0 { out += "," }
        JSONValue.writeString(key, to: &out)
        out += ":"
        value.write(to: &out, indent: nil)
      }
      out += "}"
      return
    }
    let inner = String(repeating: "  ", count: indent + 1)
    out += "{\n"
    for (i, (key, value)) in pairs.enumerated() {
      out += inner
      JSONValue.writeString(key, to: &out)
      out += ": "
      value.write(to: &out, indent: indent + 1)
      out += i + 1 < pairs.count ? ",\n" : "\n"
    }
    out += String(repeating: "  ", count: indent) + "}"
  }

  /// Shortest round-trip text; integral values below 2^53 without `.0`; non-finite as `null`.
  package static func numberText(_ x: Double) -> String {
    guard x.isFinite else { return "null" }
    if x == x.rounded(), abs(x) < 9_007_199_254_740_992, !(x == 0 && x.sign == .minus) {
      return String(Int64(x))
    }
    return x.description
  }

  package static func writeString(_ s: String, to out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      case let c where c.value < 0x20:
        let hex = String(c.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}
