import Runtime

/// Runs the interactive session; returns the process exit code.
public func runREPL(seed: UInt64?) -> Int32 {
  let session = Session(seed: seed) { print($0, terminator: "") }
  var buffer = ""
  while let line = readLine() {
    buffer += line + "\n"
    let diagnostics = session.run(.init(path: "<repl>", text: buffer))
    if !diagnostics.isEmpty { print(session.render(diagnostics), terminator: "") }
    buffer = ""
  }
  return 0
}
