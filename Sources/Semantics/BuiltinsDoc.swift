/// The registry as a Markdown reference (`docs/builtins.md`, kept in step by a golden test).
package extension Builtins {
  package static let sectionTitles: [(BuiltinInfo.Category, String)] = [
    (.statement, "Statements"), (.layer, "Net lines: layers"), (.netOption, "Net lines: options"),
    (.activation, "Activations"), (.initializer, "Initializers"), (.algebra, "Algebras"),
    (.trainSetting, "Train settings"), (.loss, "Losses"), (.optimizer, "Optimizers"), (.schedule, "Schedules"),
    (.dataset, "Datasets and transforms"), (.probe, "Probes"), (.function, "Functions"),
  ]

  /// The members of an entry's record as docs and `:help` list them: `.max` (λmax), `.mean`, ….
  public static func memberList(_ ms: [MemberInfo]) -> String {
    ms.map { m in
      var s = "." + m.name
      if !m.members.isEmpty { s += " (" + memberList(m.members) + ")" } else if !m.doc.isEmpty { s += " (\(m.doc))" }
      return s
    }.joined(separator: ", ")
  }

  public static func markdown() -> String {
    var out = """
      # NNS built-ins

      Every name the language knows, with its parameters and defaults, generated from the registry in
      `Sources/Semantics/Builtins.swift` (the REPL's `:help name` shows the same). Regenerate with
      `NNS_UPDATE_GOLDEN=1 swift test --filter BuiltinsDocTests`.

      """
    for (category, title) in sectionTitles {
      let entries = all.filter { $0.category == category }
      guard !entries.isEmpty else { continue }
      out += "\n## \(title)\n\n| name | parameters | what it does |\n|---|---|---|\n"
      for b in entries {
        let params = b.parameters.map { p -> String in
          var s = "`\(p.name)`"
          if let d = p.defaultValue { s += " = \(d.text)" }
          if !p.symbols.isEmpty { s += " (\(p.symbols.joined(separator: "\\|")))" }
          return s
        }.joined(separator: ", ")
        var doc = b.doc
        if !b.members.isEmpty || b.openMembers { doc += ". Members: " + b.memberSummary }
        out +=
          "| `\(b.name)` | \(params.isEmpty ? "—" : params) | \(doc.replacingOccurrences(of: "|", with: "\\|")) |\n"
      }
    }
    return out
  }
}
