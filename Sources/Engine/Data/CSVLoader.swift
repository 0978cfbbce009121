import Foundation
import SwiftCSV

/// Loading a CSV file into a `Dataset`.
///
/// Parsing (quoted fields, `""` escapes, CRLF) is SwiftCSV's. SwiftCSV does not report line numbers and pads
/// short rows, so the loader reads raw records through `enumerateAsArray` and maps record k to its physical
/// line with a quote-aware pre-scan (`recordStartLines`); a quoted field spanning lines therefore still
/// yields the right line for the records after it. Blank lines are skipped.
extension Datasets {
  /// The most distinct integer values a numeric target may have to be read as classes when `classify` is nil.
  public static let maxAutoClasses = 20

  /// Loads `path` (a header row is required). `target` names the target column (nil → the last column);
  /// `features` names the input columns in order (nil → every other column). Features must be numeric.
  ///
  /// The target decides the task:
  /// - `classify: nil` (automatic): a target with any non-numeric value → classes named by their values in
  ///   order of first appearance; an all-integer target with at most `maxAutoClasses` distinct values →
  ///   classes named by those values in increasing numeric order (so `digit` 0…9 → classes "0"…"9");
  ///   anything else → regression.
  /// - `classify: true`: classes always (numeric targets in increasing order, text in order of appearance).
  /// - `classify: false`: regression; a non-numeric target is an error naming the line.
  ///
  ///     let iris = try Datasets.csv(path: "examples/data/iris.csv", target: "species")  // 150×4, 3 classes
  public static func csv(
    path: String, target: String? = nil, features: [String]? = nil, classify: Bool? = nil
  ) throws -> Dataset {
    let text = try readText(path)
    let table = try parseCSV(text, path: path)
    let header = table.header
    var seen = Set<String>()
    for name in header where !seen.insert(name).inserted {
      throw DataError.duplicateColumn(path: path, name: name)
    }
    func column(_ name: String) throws -> Int {
      guard let j = header.firstIndex(of: name) else {
        throw DataError.unknownColumn(path: path, name: name, columns: header)
      }
      return j
    }
    let targetIndex = try target.map(column) ?? header.count - 1
    let featureIndices = try features.map { try $0.map(column) } ?? header.indices.filter { $0 != targetIndex }
    if let bad = featureIndices.first(where: { $0 == targetIndex }) {
      throw DataError.badParameter(
        name: "features", value: "'\(header[bad])'", expected: "columns other than the target '\(header[bad])'")
    }
    guard !featureIndices.isEmpty else {
      throw DataError.badParameter(name: "features", value: "[]", expected: "at least one feature column")
    }

    var x = Matrix(rows: table.rows.count, cols: featureIndices.count)
    for (i, (line, row)) in table.rows.enumerated() {
      for (k, j) in featureIndices.enumerated() {
        guard let v = number(row[j]) else {
          throw DataError.nonNumeric(path: path, line: line, column: header[j], value: row[j])
        }
        x[i, k] = v
      }
    }
    let raw = table.rows.map { (line: $0.line, value: $0.fields[targetIndex]) }
    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    let (y, classes) = try encodeTarget(raw, column: header[targetIndex], path: path, classify: classify)
    return Dataset(name: name, x: x, y: y, classes: classes, featureNames: featureIndices.map { header[$0] })
  }

  private static func readText(_ path: String) throws -> String {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
      throw DataError.fileNotFound(path: path)
    }
    guard !isDir.boolValue else { throw DataError.unreadable(path: path, reason: "it is a directory") }
    // A device has no end (/dev/zero), and a file's text, fields and matrix take about 12 times its size.
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    guard attributes?[.type] as? FileAttributeType == .typeRegular else {
      throw DataError.unreadable(path: path, reason: "it is not a regular file")
    }
    let size = Double((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
    try MemoryBudget.check(
      bytes: 12 * size, for: "csv(\"\(path)\") of \(MemoryBudget.format(size))", knob: "use a smaller file")
    do {
      return try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw DataError.unreadable(path: path, reason: "not UTF-8 text (\(error.localizedDescription))")
    }
  }

  /// The header and the non-blank data records with their starting line numbers, all of header width.
  static func parseCSV(_ text: String, path: String) throws -> (header: [String], rows: [(line: Int, fields: [String])])
  {
    if let open = unterminatedQuoteLine(text) {
      throw DataError.malformedCSV(
        path: path, line: open, reason: "the quoted field opened on this line is never closed")
    }
    let lines = recordStartLines(text)
    let csv: EnumeratedCSV
    do {
      // rowLimit 0: parse only the header here; the records are read raw below.
      csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false, rowLimit: 0)
    } catch {
      throw DataError.malformedCSV(path: path, line: 1, reason: "\(error)")
    }
    let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
    guard !header.isEmpty, header != [""] else { throw DataError.emptyFile(path: path) }
    var rows: [(line: Int, fields: [String])] = []
    var record = 1
    var ragged: DataError?
    do {
      try csv.enumerateAsArray(startAt: 1, rowLimit: nil) { fields in
        defer { record += 1 }
        guard ragged == nil, fields != [""] else { return }
        let line = record < lines.count ? lines[record] : lines.last ?? 1
        if fields.count != header.count {
          ragged = .raggedRow(path: path, line: line, expected: header.count, found: fields.count)
        } else {
          rows.append((line, fields.map { $0.trimmingCharacters(in: .whitespaces) }))
        }
      }
    } catch {
      let line = record < lines.count ? lines[record] : lines.last ?? 1
      throw DataError.malformedCSV(path: path, line: line, reason: "\(error)")
    }
    if let ragged { throw ragged }
    guard !rows.isEmpty else { throw DataError.noRows(path: path) }
    return (header, rows)
  }

  /// The line of a `"` that opens a quoted field no later `"` closes, if any (`""` escapes come in pairs).
  static func unterminatedQuoteLine(_ text: String) -> Int? {
    var line = 1
    var opened: Int?
    for ch in text {
      if ch == "\"" {
        opened = opened == nil ? line : nil
      } else if ch.isNewline {
        line += 1
      }
    }
    return opened
  }

  /// The 1-based line on which each CSV record starts: a newline outside quotes ends a record.
  static func recordStartLines(_ text: String) -> [Int] {
    var starts = [1]
    var line = 1
    var quoted = false
    for ch in text {
      if ch == "\"" {
        quoted.toggle()
      } else if ch.isNewline {
        line += 1
        if !quoted { starts.append(line) }
      }
    }
    return starts
  }

  private static func number(_ s: String) -> Double? {
    guard let v = Double(s), v.isFinite else { return nil }
    return v
  }

  /// The target column as y plus class names (nil for regression), by the rules of `csv`.
  private static func encodeTarget(
    _ raw: [(line: Int, value: String)], column: String, path: String, classify: Bool?
  ) throws -> (Matrix, [String]?) {
    if let k = raw.firstIndex(where: { Double($0.value).map { !$0.isFinite } ?? false }) {
      throw DataError.nonFiniteValue(path: path, line: raw[k].line, column: column, value: raw[k].value)
    }
    let numbers = raw.map { number($0.value) }
    let allNumeric = numbers.allSatisfy { $0 != nil }
    if classify == false || (classify == nil && allNumeric) {
      if let k = numbers.firstIndex(where: { $0 == nil }) {
        throw DataError.nonNumeric(path: path, line: raw[k].line, column: column, value: raw[k].value)
      }
      let values = numbers.map { $0! }
      let distinct = Set(values)
      let integral = values.allSatisfy { $0 == $0.rounded() }
      if classify == false || !integral || distinct.count > maxAutoClasses {
        return (Matrix(rows: values.count, cols: 1, data: values), nil)
      }
    }
    let order: [String]
    if allNumeric {
      let sorted = Set(numbers.map { $0! }).sorted()
      order = sorted.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }
      let index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Double($0)) })
      return (Matrix(rows: raw.count, cols: 1, data: numbers.map { index[$0!]! }), order)
    }
    var index: [String: Int] = [:]
    var names: [String] = []
    var labels: [Double] = []
    for (_, v) in raw {
      if index[v] == nil {
        index[v] = names.count
        names.append(v)
      }
      labels.append(Double(index[v]!))
    }
    return (Matrix(rows: raw.count, cols: 1, data: labels), names)
  }
}
