import Diagnostics
import Foundation
import Lexer
import Runtime
import Semantics

/// The texts of `:help`, all read from the built-in registry so they never drift from what runs.
enum Help {
  struct Topic {
    var word: String
    var category: BuiltinInfo.Category
    var title: String
  }

  static let topics: [Topic] = [
    Topic(word: "statements", category: .statement, title: "statements"),
    Topic(word: "functions", category: .function, title: "functions"),
    Topic(word: "probes", category: .probe, title: "probes"),
    Topic(word: "datasets", category: .dataset, title: "datasets"),
    Topic(word: "layers", category: .layer, title: "layers (in a net block)"),
    Topic(word: "options", category: .netOption, title: "net options (in a net block)"),
    Topic(word: "activations", category: .activation, title: "activations"),
    Topic(word: "losses", category: .loss, title: "losses"),
    Topic(word: "optimizers", category: .optimizer, title: "optimizers"),
    Topic(word: "schedules", category: .schedule, title: "learning-rate schedules"),
    Topic(word: "initializers", category: .initializer, title: "initializers"),
    Topic(word: "settings", category: .trainSetting, title: "train settings (in a train block)"),
    Topic(word: "algebras", category: .algebra, title: "algebras"),
  ].filter { !Builtins.names($0.category).isEmpty }

  static let overview = """
    Type statements and expressions; an expression alone prints its value. A line that leaves a block
    or bracket open continues on the next (...>). Tab completes; Up recalls earlier lines; Ctrl-C
    clears the line or stops a running train after its current epoch; Ctrl-D leaves.

    commands:
      :help [topic | name]  this text, a topic, or a built-in's signature and doc
      :load file.nns        run a script in this session
      :ir name              the checked IR that defined name
      :names                the names in scope and their kinds
      :reset                a fresh session
      :quit, :q             leave

    """

  /// `:help` alone: the overview and the topics.
  static var index: String {
    var lines = ["topics:"]
    for word in topics.map(\.word) {
      if lines[lines.count - 1].count + word.count + 2 > 100 { lines.append("       ") }
      lines[lines.count - 1] += " " + word + (word == topics.last?.word ? "" : ",")
    }
    return overview + lines.joined(separator: "\n") + "\n"
  }

  /// `:help word`: every built-in with that name, or a topic's entries; nil if neither.
  static func text(for word: String) -> String? {
    let entries = Builtins.entries(named: word)
    if !entries.isEmpty { return entries.map(describe).joined(separator: "\n") }
    let singular = word.hasSuffix("s") ? word : word + "s"
    if let topic = topics.first(where: { $0.word == word || $0.word == singular }) { return list(topic) }
    return nil
  }

  /// The words `:help` knows, for did-you-mean.
  static var words: [String] { topics.map(\.word) + Builtins.all.map(\.name) }

  /// `dense units, activation: identity  (layer)`, its doc line, then one line per parameter.
  static func describe(_ entry: BuiltinInfo) -> String {
    var lines = ["\(entry.signature)  (\(label(entry.category)))", "  \(entry.doc)"]
    let width = entry.parameters.map(\.name.count).max() ?? 0
    for p in entry.parameters {
      var line = "    \(p.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(p.kind)"
      line += p.defaultValue.map { ", default \($0.text)" } ?? ", required"
      if !p.doc.isEmpty { line += " — \(p.doc)" }
      lines.append(line)
    }
    if entry.returns != .none, [.function, .probe, .dataset].contains(entry.category) {
      lines.append("  returns \(entry.returns)")
    }
    if !entry.members.isEmpty || entry.openMembers { lines.append("  members: " + entry.memberSummary) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A topic: each entry's signature and doc line, aligned.
  static func list(_ topic: Topic) -> String {
    let entries = Builtins.all.filter { $0.category == topic.category }
    let width = entries.map(\.signature.count).max() ?? 0
    let rows = entries.map { "  \($0.signature.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.doc)" }
    return "\(topic.title):\n" + rows.joined(separator: "\n") + "\n"
  }

  static func label(_ category: BuiltinInfo.Category) -> String {
    switch category {
    case .netOption: "net option"
    case .trainSetting: "train setting"
    default: category.rawValue
    }
  }
}
