/// The catalogue as a Markdown reference (`docs/diagnostics.md`, kept in step by a golden test).
extension DiagnosticID {
  public static func markdown() -> String {
    var out = """
      # NNS diagnostics

      Every diagnostic the lexer, the parser and the checker can report, and the interpreter's errors in
      evaluating expressions, with its stable id, generated
      from `Sources/Diagnostics/Catalogue.swift`. An id is never renumbered or reused. The Jupyter/REPL
      protocol sends it as the `code` of a `diagnostic` reply (docs/jupyter.md); the other runtime errors
      (of built-ins, training, output) have no id yet. `‹…›` marks a value the message fills in. Regenerate with
      `NNS_UPDATE_GOLDEN=1 swift test --filter CatalogueTests`.

      """
    for phase in ["lexer", "parser", "checker", "interpreter"] {
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
