import Foundation

/// The REPL's own commands, typed after `:` at the start of an entry.
enum MetaCommand: String, CaseIterable {
  case help, load, ir, names, reset, quit, q

  /// Their names, for completion and did-you-mean.
  static var words: [String] { allCases.map(\.rawValue) }

  static func named(_ name: String) -> MetaCommand? { MetaCommand(rawValue: name) }

  /// `:load file.nns` → (.load, "file.nns"); an unknown command keeps its name for the message.
  static func parse(_ line: String) -> (command: MetaCommand?, name: String, argument: String) {
    let body = line.drop(while: \.isWhitespace).dropFirst()
    let name = String(body.prefix { !$0.isWhitespace })
    let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
    return (named(name), name, argument)
  }
}
