import Diagnostics
import Foundation
import Lexer
import Report
import Semantics

/// `nns weave notes.md`: runs the ```nns blocks of a Markdown file in one session (like a notebook:
/// later blocks see earlier names) and puts each block's output in a ```text block after it, then the
/// figures the block plotted as images (linked relative to the woven file), all marked so that weaving
/// again replaces the old output instead of adding a second copy. Relative paths in the blocks start at
/// the Markdown file's folder, as a script's do at its own.
public enum Weaver {
  public static let marker = "<!-- nns output -->"
  /// Ends each image line the weaver inserts.
  public static let figureMarker = "<!-- nns figure -->"

  public struct Result {
    public var text: String
    public var diagnostics: String
    public var failed: Bool
  }

  /// `output` is where the woven text will be written (nil: next to `path`, e.g. on stdout).
  public static func weave(_ markdown: String, path: String, output: String? = nil) -> Result {
    let folder = RelativePath.directory(of: output ?? path)
    var lines = markdown.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    var out: [String] = []
    var diagnostics = ""
    var failed = false
    var captured = ""
    let session = Session { captured += $0 }
    session.interpreter.quiet = true  // the figures themselves are inserted
    var i = 0
    var block = 0
    while i < lines.count {
      let line = lines[i]
      guard line.trimmingCharacters(in: .whitespaces) == "```nns" else {
        out.append(line)
        i += 1
        continue
      }
      // Copy the block, collect its source.
      let start = i
      out.append(line)
      i += 1
      var source: [String] = []
      while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces) != "```" {
        source.append(lines[i])
        out.append(lines[i])
        i += 1
      }
      if i < lines.count {
        out.append(lines[i])
        i += 1
      }
      // Drop a previous output block.
      var j = i
      while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces).isEmpty { j += 1 }
      if j < lines.count, lines[j] == marker {
        j += 1
        if j < lines.count, lines[j].hasPrefix("```") {
          j += 1
          while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces) != "```" { j += 1 }
          j += 1
        }
        // …and the figures inserted after it.
        var k = j
        while k < lines.count,
          lines[k].trimmingCharacters(in: .whitespaces).isEmpty || lines[k].hasSuffix(figureMarker)
        {
          if lines[k].hasSuffix(figureMarker) { j = k + 1 }
          k += 1
        }
        i = j
      }
      block += 1
      captured = ""
      let writtenBefore = session.interpreter.written.count
      // Blocks are named by their first line in the Markdown file, so diagnostics point into it.
      let padding = String(repeating: "\n", count: start + 1)
      let file = SourceFile(path: path, text: padding + source.joined(separator: "\n") + "\n")
      let diags = session.run(file)
      if diags.hasErrors {
        failed = true
        diagnostics += session.render(diags)
        captured += diags.filter { $0.severity == .error }.map { "error: \($0.message)\n" }.joined()
      }
      out.append("")
      out.append(marker)
      out.append("```text")
      out.append(
        contentsOf: captured.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast(
          captured.hasSuffix("\n") ? 1 : 0))
      out.append("```")
      for f in session.interpreter.written.dropFirst(writtenBefore) {
        guard let caption = f.figureCaption else { continue }
        out.append("")
        out.append(MarkdownReport.image(path: f.path, caption: caption, folder: folder) + " " + figureMarker)
      }
    }
    return Result(text: out.joined(separator: "\n") + "\n", diagnostics: diagnostics, failed: failed)
  }
}
