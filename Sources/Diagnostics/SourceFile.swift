/// A script's text with its path and the byte offsets where lines start, so any span can be
/// turned into a line and column and its source line shown under a diagnostic.
public struct SourceFile: Sendable {
  public let path: String
  public let text: String
  /// The UTF-8 bytes of `text`; spans index into these.
  public let bytes: [UInt8]
  /// Byte offset of the first byte of each line (line 1 starts at 0).
  public let lineStarts: [Int]

  /// `SourceFile(path: "a.nns", text: "seed 1\n")`
  public init(path: String, text: String) {
    self.path = path
    self.text = text
    self.bytes = Array(text.utf8)
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    self.lineStarts = starts
  }

  /// 1-based line and column (in characters of the line) of a byte offset.
  public func location(of offset: Int) -> (line: Int, column: Int) {
    let clamped = max(0, min(offset, bytes.count))
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
    }
    let start = lineStarts[lo]
    let prefix = bytes[start..<clamped]
    let column = String(decoding: prefix, as: UTF8.self).count + 1
    return (lo + 1, column)
  }

  /// The text of a 1-based line, without its newline.
  public func lineText(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  /// The source text a span covers.
  public func text(of span: SourceSpan) -> String {
    let s = max(0, min(span.start, bytes.count))
    let e = max(s, min(span.end, bytes.count))
    return String(decoding: bytes[s..<e], as: UTF8.self)
  }
}
