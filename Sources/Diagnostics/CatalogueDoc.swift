/// The catalogue as a Markdown reference (`docs/diagnostics.md`, kept in step by a golden test).
extension DiagnosticID {
  public static func markdown() -> String {
    var out = """
      # NNS diagnostics

      Every diagnostic NNS reports — the lexer's, the parser's, the checker's, the interpreter's, and the
      session's (script files, REPL commands, protocol requests) — with
      its stable id, generated
      from `Sources/Diagnostics/Catalogue.swift`. An id is never renumbered or reused. The Jupyter/REPL
      protocol sends it as the `code` of a `diagnostic` reply (docs/jupyter.md). R101–R102 pass on a
      message worded by the Engine, the file system or a library, R100 is the script's own assertion text. `‹…›` marks a value the message fills in. Regenerate with
      `NNS_UPDATE_GOLDEN=1 swift test --filter CatalogueTests`.

      """
    for phase in ["lexer", "parser", "checker", "interpreter", "session"] {
      out += "\n## The \(phase)\n\n| id | severity | kind | message |\n|---|---|---|---|\n"
      for id in allCases where id.phase == phase {
        let entry = id.template
        let message = entry.message.replacingPipes()
        out += "| \(id.rawValue) | \(entry.severity.rawValue) | \(entry.kind.rawValue) | `\(message)` |\n"
      }
    }
    return out
  }
}

extension String {
  /// A Markdown table cell cannot hold a bare `|`.
  fileprivate func replacingPipes() -> String {
    split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
  }
}
