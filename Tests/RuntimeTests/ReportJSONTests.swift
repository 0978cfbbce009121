import Testing

@testable import Report
@testable import Runtime
@testable import Semantics

@Suite("Report JSON")
struct ReportJSONTests {
  /// Prints `x` inside an array and parses it back.
  private func roundTrip(_ x: Double) throws -> Double? {
    let text = JSONValue.array([.number(x)]).printed()
    return try JSONValue.parse(text).arrayValue?.first?.doubleValue
  }

  @Test func specialDoublesRoundTripBitForBit() throws {
    let specials: [Double] = [
      0, -0.0, 1, -1, 0.1, 1.0 / 3, 1e308, -1e308, .greatestFiniteMagnitude, .leastNormalMagnitude,
      .leastNonzeroMagnitude, -.leastNonzeroMagnitude, Double(bitPattern: 0x000F_FFFF_FFFF_FFFF), 9_007_199_254_740_992,
      9_007_199_254_740_994, 123_456_789_012_345_680, 1e-7, 1e21, 4.35, .pi, .ulpOfOne,
    ]
    for x in specials {
      let back = try roundTrip(x)
      #expect(back?.bitPattern == x.bitPattern, "\(x) came back as \(String(describing: back))")
    }
  }

  @Test func randomDoublesRoundTripBitForBit() throws {
    var generator = ReportSplitMix64(seed: 42)
    var values: [JSONValue] = []
    var originals: [Double] = []
    while originals.count < 20_000 {
      let x = Double(bitPattern: generator.next())  // every exponent, subnormals included
      guard x.isFinite else { continue }
      originals.append(x)
      values.append(.number(x))
    }
    for _ in 0..<2_000 {
      let x = Double.random(in: -1...1, using: &generator) * 1e-3
      originals.append(x)
      values.append(.number(x))
    }
    for pretty in [true, false] {
      let parsed = try JSONValue.parse(JSONValue.array(values).printed(pretty: pretty))
      let back = parsed.arrayValue?.compactMap(\.doubleValue) ?? []
      #expect(back.count == originals.count)
      let mismatches = zip(originals, back).filter { $0.bitPattern != $1.bitPattern }
      #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(3))")
    }
  }

  @Test func prettyPrintingKeepsInsertionOrderAndScalarArraysOnOneLine() {
    let net: JSONValue = .object([
      ("version", .number(1)),
      ("name", .string("cnet \"v2\"\n\u{01}")),
      (
        "layers",
        .array([.object([("w", .array([.number(0.5), .number(-0.0), .number(1e-5)])), ("bias", .bool(false))])])
      ),
      ("empty", .object([])),
      ("none", .null),
    ])
    let expected = """
      {
        "version": 1,
        "name": "cnet \\"v2\\"\\n\\u0001",
        "layers": [
          {
            "w": [0.5, -0.0, 1e-05],
            "bias": false
          }
        ],
        "empty": {},
        "none": null
      }

      """
    #expect(net.printed() == expected)
    #expect(net.printed(pretty: false).hasPrefix("{\"version\":1,\"name\":"))
  }

  @Test func prettyAndCompactTextParseBackToTheSameValue() throws {
    let value: JSONValue = .object([
      ("a", .array([.number(1), .string("é ☃ 𝄞"), .array([]), .object([("b", .null)])])),
      ("t", .bool(true)),
    ])
    #expect(try JSONValue.parse(value.printed()) == value)
    #expect(try JSONValue.parse(value.printed(pretty: false)) == value)
  }

  @Test func nonFiniteNumbersPrintAsNullAndAreListed() throws {
    let value: JSONValue = .object([("w", .array([.number(1), .number(.nan), .number(-.infinity)]))])
    #expect(value.printed(pretty: false) == "{\"w\":[1,null,null]}")
    #expect(value.nonFinitePaths == ["$.w[1]", "$.w[2]"])
  }

  @Test func parserReadsEscapesAndSurrogatePairs() throws {
    let value = try JSONValue.parse(#" { "s" : "a\"b\\c\/d\n\u00e9\ud834\udd1e" , "n": -12.5e-1 } "#)
    #expect(value["s"]?.stringValue == "a\"b\\c/d\né𝄞")
    #expect(value["n"]?.doubleValue == -1.25)
  }

  @Test(
    "malformed text is an error with a position",
    arguments: [
      "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "1e", "tru", "\"abc", "[1] 2", "{\"a\":1,\"a\":2}",
      "\"\u{01}\"", "\"\\x\"", "1e400", "[\"\\u12\"]", "NaN", "{1: 2}",
    ])
  func malformed(text: String) {
    #expect(throws: ReportError.self) { try JSONValue.parse(text) }
  }

  @Test func errorNamesLineAndColumn() {
    #expect(throws: ReportError.malformedJSON(line: 2, column: 8, message: "expected a value, found ']'")) {
      try JSONValue.parse("[1,\n  2, 3,]")
    }
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(throws: ReportError.self) { try JSONValue.parse(deep) }
    let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
    #expect((try? JSONValue.parse(fine)) != nil)
  }
}

/// A small deterministic generator (Steele, Lea & Flood 2014) so the random test is repeatable.
struct ReportSplitMix64: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
