import Foundation

/// A Markdown document built section by section, in order: what `nns run --report out.md`
/// writes and what `nns weave notes.md` assembles around a file's ```nns blocks.
///
///     var report = MarkdownReport(title: "two spirals")
///     report.addCode("print accuracy(cnet, test)")
///     report.addTable(table)
///     report.addFigure(path: "loss.svg", caption: "training loss")
///     try FileWriter.writeAtomically(report.render(), to: "out.md")
public struct MarkdownReport: Sendable {
  /// One block of the document.
  public enum Section: Equatable, Sendable {
    /// Source code in a fenced block tagged with `language`.
    case code(String, language: String)
    /// Program output shown verbatim in an untagged fenced block.
    case output(String)
    case table(Table)
    /// Markdown text inserted as is.
    case text(String)
    case figure(path: String, caption: String)
  }

  public var title: String?
  public private(set) var sections: [Section] = []

  public init(title: String? = nil) { self.title = title }

  public mutating func addCode(_ source: String, language: String = "nns") {
    sections.append(.code(source, language: language))
  }

  public mutating func addOutput(_ text: String) { sections.append(.output(text)) }
  public mutating func addTable(_ table: Table) { sections.append(.table(table)) }
  public mutating func addText(_ text: String) { sections.append(.text(text)) }

  /// An image: `path` as it was written (relative to the working directory, or absolute); `render(at:)`
  /// links it relative to the report's own folder.
  public mutating func addFigure(path: String, caption: String) {
    sections.append(.figure(path: path, caption: caption))
  }

  /// The document: an optional `# title`, then each section separated by one blank line. With `path` (where
  /// the report will be written) figure links are relative to its folder, so they resolve in a viewer.
  public func render(at path: String? = nil) -> String {
    var blocks: [String] = []
    if let title { blocks.append("# " + title) }
    blocks += sections.map { MarkdownReport.render($0, folder: path.map(RelativePath.directory(of:))) }
    return blocks.joined(separator: "\n\n") + "\n"
  }

  /// A figure as a Markdown image line, linked relative to `folder` when given.
  public static func image(path: String, caption: String, folder: String?) -> String {
    let link = folder.map { RelativePath.of(path, from: $0) } ?? path
    let alt = caption.replacingNewlines.replacingOccurrences(of: "]", with: "\\]")
    let target = link.contains(" ") || link.contains(")") ? "<\(link)>" : link
    return "![\(alt)](\(target))"
  }

  private static func render(_ section: Section, folder: String?) -> String {
    switch section {
    case .code(let source, let language): return fenced(source, info: language)
    case .output(let text): return fenced(text, info: "")
    case .table(let table): return trimmedNewlines(table.renderMarkdown())
    case .text(let text): return trimmedNewlines(text)
    case .figure(let path, let caption):
      return image(path: path, caption: caption, folder: folder)
        + (caption.isEmpty ? "" : "\n\n*\(caption.replacingNewlines)*")
    }
  }

  /// A fence longer than any run of backticks inside, so code containing ``` stays intact.
  private static func fenced(_ body: String, info: String) -> String {
    var longest = 0
    var run = 0
    for c in body {
      run = c == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    return fence + info + "\n" + trimmedNewlines(body) + "\n" + fence
  }

  private static func trimmedNewlines(_ text: String) -> String {
    var s = Substring(text)
    while s.last?.isNewline == true { s = s.dropLast() }
    return String(s)
  }
}
