/// An error of the output layer: a file that cannot be written, or JSON text that cannot be read.
///
/// The description always names what failed, so the interpreter can show it as-is:
/// `cannot write 'out/fim.svg': Permission denied`.
public enum ReportError: Error, Equatable, CustomStringConvertible {
  /// Writing `path` failed; `reason` is the system's explanation (e.g. `Permission denied`).
  case cannotWrite(path: String, reason: String)
  /// JSON text is malformed at `line`:`column` (1-based, columns count UTF-8 bytes).
  case malformedJSON(line: Int, column: Int, message: String)

  public var description: String {
    switch self {
    case .cannotWrite(let path, let reason):
      return "cannot write '\(path)': \(reason)"
    case .malformedJSON(let line, let column, let message):
      return "malformed JSON at line \(line), column \(column): \(message)"
    }
  }
}
