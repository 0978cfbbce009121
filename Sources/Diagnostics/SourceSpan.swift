/// A half-open byte range `[start, end)` in one source file, with the line and column of its start.
/// Every token, AST node, IR node and runtime error that a script can cause carries one.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
  public var file: String
  public var start: Int
  public var end: Int
  public var line: Int
  public var column: Int

  public init(file: String, start: Int, end: Int, line: Int, column: Int) {
    self.file = file
    self.start = start
    self.end = end
    self.line = line
    self.column = column
  }

  /// A span for values that come from no source text (built-ins, command-line overrides).
  public static let none = SourceSpan(file: "<builtin>", start: 0, end: 0, line: 0, column: 0)

  /// The smallest span covering both (same file assumed).
  public func to(_ other: SourceSpan) -> SourceSpan {
    if self.file != other.file || other.line == 0 { return self }
    if self.line == 0 { return other }
    let first = start <= other.start ? self : other
    return SourceSpan(
      file: file, start: first.start, end: max(end, other.end), line: first.line, column: first.column)
  }

  public var description: String { "\(file):\(line):\(column)" }
}
