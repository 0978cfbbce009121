/// Everything that can go wrong making or loading a dataset; each message names the file, line, column or
/// parameter and what was expected, so a script author can fix it without reading the source.
public enum DataError: Error, CustomStringConvertible, Equatable {
  case fileNotFound(path: String)
  case unreadable(path: String, reason: String)
  case emptyFile(path: String)
  case noRows(path: String)
  case duplicateColumn(path: String, name: String)
  case raggedRow(path: String, line: Int, expected: Int, found: Int)
  case malformedCSV(path: String, line: Int, reason: String)
  case nonNumeric(path: String, line: Int, column: String, value: String)
  /// `nan`, `inf`: a number, but none a feature, a target or a class can be.
  case nonFiniteValue(path: String, line: Int, column: String, value: String)
  /// `columns` lists every column so callers can suggest the near miss.
  case unknownColumn(path: String, name: String, columns: [String])
  case badParameter(name: String, value: String, expected: String)
  /// An option given by name (a shape, a boundary) that is not one of `options`.
  case unknownOption(parameter: String, value: String, options: [String])
  case shapeMismatch(what: String, expected: String, found: String)
  case nonFinite(what: String)

  public var description: String {
    switch self {
    case .fileNotFound(let path): return "no such file '\(path)'"
    case .unreadable(let path, let reason): return "cannot read '\(path)': \(reason)"
    case .emptyFile(let path): return "'\(path)' is empty: a CSV file needs a header row naming its columns"
    case .noRows(let path): return "'\(path)' has a header but no data rows"
    case .duplicateColumn(let path, let name): return "'\(path)': column '\(name)' appears twice in the header"
    case .raggedRow(let path, let line, let expected, let found):
      return "\(path):\(line): row has \(found) field\(found == 1 ? "" : "s"), expected \(expected) (as in the header)"
    case .malformedCSV(let path, let line, let reason): return "\(path):\(line): malformed CSV: \(reason)"
    case .nonNumeric(let path, let line, let column, let value):
      if value.isEmpty { return "\(path):\(line): column '\(column)' is empty; missing values are not supported" }
      return "\(path):\(line): column '\(column)' has non-numeric value '\(value)'; features must be numbers"
    case .nonFiniteValue(let path, let line, let column, let value):
      return "\(path):\(line): column '\(column)' has '\(value)', which is not a finite number; missing values are "
        + "not supported"
    case .unknownColumn(let path, let name, let columns):
      let hint = nearest(name, in: columns).map { "did you mean '\($0)'? " } ?? ""
      return "no column '\(name)' in '\(path)'; \(hint)columns are: \(columns.joined(separator: ", "))"
    case .badParameter(let name, let value, let expected): return "bad \(name) \(value): expected \(expected)"
    case .unknownOption(let parameter, let value, let options):
      let hint = nearest(value, in: options).map { " (did you mean '\($0)'?)" } ?? ""
      return "unknown \(parameter) '\(value)'\(hint); choose one of: \(options.joined(separator: ", "))"
    case .shapeMismatch(let what, let expected, let found): return "\(what): expected \(expected), found \(found)"
    case .nonFinite(let what): return "\(what) is not a finite number"
    }
  }
}

/// The candidate within edit distance 2 (case-insensitive) of `word`, if one is clearly nearest.
private func nearest(_ word: String, in candidates: [String]) -> String? {
  let w = Array(word.lowercased())
  var best: (String, Int)?
  for c in candidates {
    let d = editDistance(w, Array(c.lowercased()))
    if d <= 2, d < (best?.1 ?? .max) { best = (c, d) }
  }
  return best?.0
}

private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
  if a.isEmpty { return b.count }
  var prev = Array(0...b.count)
  for i in 1...a.count {
    var cur = [i] + [Int](repeating: 0, count: b.count)
    for j in stride(from: 1, through: b.count, by: 1) {
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[b.count]
}
