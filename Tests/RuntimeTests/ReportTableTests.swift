import Testing

@testable import Report
@testable import Runtime
@testable import Semantics

@Suite("Report tables")
struct ReportTableTests {
  @Test(
    "numbers to four significant digits, scientific outside [1e-3, 1e6)",
    arguments: [
      (0.812345, "0.8123"), (3.0, "3"), (-2.0, "-2"), (0.5, "0.5"), (123.456, "123.5"), (12345.67, "12346"),
      (0.001, "0.001"), (0.00099, "9.9e-4"), (2.5e-5, "2.5e-5"), (1e6, "1e6"), (-1.234567e8, "-1.235e8"),
      (999999.7, "1e6"), (9.99995, "10"), (0.1 + 0.2, "0.3"), (0.0, "0"), (-0.0, "0"),
      (.leastNonzeroMagnitude, "4.941e-324"),
      (1.7976931348623157e308, "1.798e308"), (Double.nan, "nan"), (Double.infinity, "inf"), (-Double.infinity, "-inf"),
    ])
  func format(value: Double, expected: String) {
    #expect(Table.format(value) == expected)
  }

  @Test func formatWithOtherPrecision() {
    #expect(Table.format(3.14159265, significant: 2) == "3.1")
    #expect(Table.format(3.14159265, significant: 7) == "3.141593")
    #expect(Table.format(3.14159265, significant: 0) == "3")
  }

  @Test func meanStdShowsStdToTwoDigitsAndMeanToTheSamePlace() {
    #expect(Cell.meanStd(mean: 0.81234, std: 0.03123, count: 3).rendered == "0.812 ± 0.031")
    #expect(Cell.meanStd(mean: 1234.7, std: 56.3, count: 3).rendered == "1235 ± 56")
    #expect(Cell.meanStd(mean: 2, std: 0.5, count: 2).rendered == "2.00 ± 0.50")
    #expect(Cell.meanStd(mean: 0.5, std: 2e-5, count: 3).rendered == "0.5 ± 2e-5")
    #expect(Cell.meanStd(mean: 0.8123, std: 0, count: 1).rendered == "0.8123")
    #expect(Cell.meanStd(mean: .nan, std: .nan, count: 3).rendered == "nan ± nan")
  }

  @Test func renderAlignsNumbersRightAndTextLeft() {
    let table = Table(
      columns: ["name", "value", "n"],
      rows: [
        [.text("alpha"), .number(0.812345), .integer(3)],
        [.text("b"), .number(1_234_567), .integer(-12)],
        [.text("c"), .meanStd(mean: 0.8123, std: 0.0312, count: 3), .empty],
      ],
      title: "probe")
    let expected = """
      probe
      name           value    n
      -----  -------------  ---
      alpha         0.8123    3
      b            1.235e6  -12
      c      0.812 ± 0.031

      """
    #expect(table.render() == expected)
  }

  @Test func renderPadsRaggedRowsAndHandlesEmptyTables() {
    let ragged = Table(columns: ["a", "b"], rows: [[.integer(1)], [.integer(2), .integer(3), .integer(4)]])
    #expect(ragged.render() == "a  b\n-  -\n1\n2  3\n")
    #expect(Table(columns: ["only"]).render() == "only\n----\n")
  }

  @Test func markdownIsAPipeTableWithAlignment() {
    let table = Table(columns: ["net", "acc"], rows: [[.text("a|b"), .number(0.95)]], title: "results")
    #expect(table.renderMarkdown() == "**results**\n\n| net | acc |\n| --- | --: |\n| a\\|b | 0.95 |\n")
  }

  @Test func csvQuotesFieldsAsRFC4180() {
    let table = Table(
      columns: ["name", "note", "x"],
      rows: [
        [.text("plain"), .text("a, b"), .number(0.1)],
        [.text("say \"hi\""), .text("line\nbreak"), .number(1e-5)],
        [.empty, .text(""), .integer(7)],
      ])
    let expected = "name,note,x\r\nplain,\"a, b\",0.1\r\n\"say \"\"hi\"\"\",\"line\nbreak\",1e-05\r\n,,7\r\n"
    #expect(table.renderCSV() == expected)
  }

  @Test func csvSplitsMeanStdIntoTwoExactColumns() {
    let table = Table(
      columns: ["w", "lmax"],
      rows: [[.integer(16), .meanStd(mean: 0.1, std: 0.25, count: 3)], [.integer(64), .number(2)]]
    )
    #expect(table.renderCSV() == "w,lmax,lmax_std\r\n16,0.1,0.25\r\n64,2.0,\r\n")
  }

  @Test func sweepMergeGivesOneRowPerWidthWithMeanAndSampleStd() {
    // sweep w in [16, 64, 256], s in 1..3 { print width: w, lmax: …, theory: … }
    var rows: [[String: Cell]] = []
    let lmax: [Int: [Double]] = [16: [1.0, 2.0, 4.0], 64: [10, 11, 12], 256: [100, 100, 100]]
    for seed in 1...3 {
      for w in [16, 64, 256] {
        rows.append([
          "width": .integer(w), "lmax": .number(lmax[w]![seed - 1]), "theory": .number(Double(w) / 2),
          "net": .text("m\(seed)"),
        ])
      }
    }
    let table = Table.merged(rows, keys: ["width"], columnOrder: ["width", "lmax", "theory", "net"])
    #expect(table.columns == ["width", "lmax", "theory", "net"])
    #expect(table.rows.count == 3)
    #expect(table.rows.map { $0[0] } == [.integer(16), .integer(64), .integer(256)])
    guard case .meanStd(let mean, let std, let count) = table.rows[0][1] else {
      Issue.record("lmax of width 16 is \(table.rows[0][1]), not a mean ± std")
      return
    }
    #expect(abs(mean - 7.0 / 3) < 1e-15)
    // sample variance of 1, 2, 4: ((4/3)² + (1/3)² + (5/3)²) / 2 = 7/3
    #expect(abs(std - (7.0 / 3).squareRoot()) < 1e-15)
    #expect(count == 3)
    #expect(table.rows[1][1] == .meanStd(mean: 11, std: 1, count: 3))
    #expect(table.rows[2][1] == .number(100))  // equal values keep the plain number
    #expect(table.rows[0][2] == .number(8))
    #expect(table.rows[0][3] == .text("m1"))  // text keeps the first value
    #expect(table.render().contains("2.3 ± 1.5"))
  }

  @Test func mergeKeepsFirstAppearanceOrderAndSingleRows() {
    let rows: [[String: Cell]] = [
      ["k": .text("b"), "v": .number(1)],
      ["k": .text("a"), "v": .number(2)],
      ["k": .text("b"), "v": .number(3), "extra": .integer(9)],
      ["k": .text("c"), "v": .empty],
    ]
    let table = Table.merged(rows, keys: ["k"], columnOrder: ["k", "v"])
    #expect(table.columns == ["k", "v", "extra"])
    #expect(table.rows.map { $0[0] } == [.text("b"), .text("a"), .text("c")])
    #expect(table.rows[0][1] == .meanStd(mean: 2, std: 2.squareRoot(), count: 2))
    #expect(table.rows[1][1] == .number(2))
    #expect(table.rows[2][1] == .empty)
    #expect(table.rows[0][2] == .integer(9))
  }

  @Test func mergeTreatsIntegerAndEqualDoubleKeysAsOneGroup() {
    let rows: [[String: Cell]] = [["w": .integer(16), "x": .number(1)], ["w": .number(16), "x": .number(3)]]
    let table = Table.merged(rows, keys: ["w"], columnOrder: ["w", "x"])
    #expect(table.rows.count == 1)
    #expect(table.rows[0][1] == .meanStd(mean: 2, std: 2.squareRoot(), count: 2))
  }

  @Test func mergeWithNoKeysSummarisesEverything() {
    let rows: [[String: Cell]] = [["x": .number(1)], ["x": .number(2)], ["x": .number(.nan)]]
    let table = Table.merged(rows, keys: [], columnOrder: ["x"])
    #expect(table.rows.count == 1)
    #expect(table.rows[0][0].rendered == "nan ± nan")
  }
}
