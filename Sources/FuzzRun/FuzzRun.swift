import Diagnostics
/// Fuzz target: bytes → check → run, for inputs that pass `check`, under small caps so that each input
/// runs in milliseconds: a 64 MiB memory budget for every allocation a script can ask for, and a
/// half-second deadline after which the run is interrupted as Ctrl-C would (training and sweeps stop).
/// Files the script writes go to a scratch directory that is emptied after every input.
import Engine
import Foundation
import FuzzDriver
import Lexer
import Runtime
import Semantics

@main struct FuzzRun {
  static let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nns-fuzzrun-\(getpid())")

  static func main() {
    MemoryBudget.limit = 64 << 20
    try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let home = FileManager.default.currentDirectoryPath
    let code = fuzzMain { bytes in
      // Only while the script runs: libFuzzer and the replay read and write their files from `home`.
      FileManager.default.changeCurrentDirectoryPath(scratch.path)
      defer { FileManager.default.changeCurrentDirectoryPath(home) }
      let file = SourceFile(path: "fuzz.nns", text: String(decoding: bytes, as: UTF8.self))
      let session = Session { _ in }
      session.interpreter.parallelSweeps = false
      // Repeated until the run ends: a train that starts after the deadline clears the request.
      let token = session.interpreter.cancellation
      let deadline = DispatchSource.makeTimerSource(queue: .global())
      deadline.schedule(deadline: .now() + 0.5, repeating: 0.05)
      deadline.setEventHandler { token.cancel() }
      deadline.resume()
      _ = session.render(session.run(file))
      deadline.cancel()
      for name in (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? [] {
        try? FileManager.default.removeItem(at: scratch.appendingPathComponent(name))
      }
    }
    try? FileManager.default.removeItem(at: scratch)
    exit(code)
  }
}
