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
      return "no column '\(name)' in '\(path)'; columns are: \(columns.joined(separator: ", "))"
    case .badParameter(let name, let value, let expected): return "bad \(name) \(value): expected \(expected)"
    case .shapeMismatch(let what, let expected, let found): return "\(what): expected \(expected), found \(found)"
    case .nonFinite(let what): return "\(what) is not a finite number"
    }
  }
}
