import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The built `nns repl --protocol jsonl` as the Jupyter kernel runs it: a child process on pipes. An
/// `interrupt` request and SIGINT each stop a `train` that would take hours, the cell ends with status
/// `interrupted`, and the session goes on. `make test` builds the binary first; without it the test is
/// skipped.
@Suite(.serialized) struct ProtocolProcessTests {
  static let binary = Paths.root.appendingPathComponent(".build/debug/nns").path
  static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) }

  @Test(.enabled(if: available, "needs .build/debug/nns (make test builds it)"), .timeLimit(.minutes(1)))
  func interruptsStopTrainingAndTheSessionGoesOn() throws {
    let child = try ProtocolChild(Self.binary)
    defer { child.close() }
    #expect(child.waitFor { $0.first?.contains(#""type":"ready""#) == true })

    child.send(
      #"{"type":"execute","id":"a","code":"net m { input 2; dense 4, tanh; dense 1, sigmoid }\ndata d = xor()"}"#)
    child.send(#"{"type":"execute","id":"b","code":"train m on d { epochs 100000000 }\nprint \"after\""}"#)
    // Ask until the answer says a train was running (the cell may not have reached it yet).
    #expect(
      child.repeatUntil({ $0.contains { $0.contains(#""training":true"#) } }) { child.send(#"{"type":"interrupt"}"#) })
    #expect(child.waitFor { $0.contains(#"{"type":"status","id":"b","status":"interrupted"}"#) }, "\(child.lines)")
    #expect(child.lines.contains { $0.contains("interrupted after epoch") })
    #expect(child.lines.contains { $0.contains(#""text":"after\n""#) })

    child.send(#"{"type":"execute","id":"c","code":"train m on d { epochs 100000000 }"}"#)
    #expect(child.repeatUntil({ $0.contains { $0.contains(#""id":"c","status":"interrupted""#) } }) { child.signal() })

    // SIGINT during a parallel sweep of such trains stops them all; the cell ends `interrupted`.
    child.send(
      #"{"type":"execute","id":"s","code":"sweep i in 1..4 {\n  net w { input 2; dense 4, tanh; dense 1 }\n"#
        + #"  train w on d { loss mse; epochs 100000000 }\n  print i: i, l: loss(w, d)\n}"}"#)
    #expect(child.repeatUntil({ $0.contains { $0.contains(#""id":"s","status":"interrupted""#) } }) { child.signal() })
    #expect(child.lines.contains { $0.contains("sweep interrupted: ") }, "\(child.lines)")

    child.signal()  // outside training: noted, and the process stays
    child.send(#"{"type":"execute","id":"e","code":"print accuracy(m, d) >= 0"}"#)
    #expect(child.waitFor { $0.contains(#"{"type":"status","id":"e","status":"ok"}"#) }, "\(child.lines)")
    #expect(child.lines.contains { $0.contains(#""text":"true\n""#) })
    #expect(child.finish() == 0)
  }
}

/// A child process on pipes; a thread collects its stdout lines.
final class ProtocolChild: @unchecked Sendable {
  let process = Process()
  let input = Pipe()
  let output = Pipe()
  private let lock = NSLock()
  private var collected: [String] = []

  init(_ binary: String) throws {
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["repl", "--protocol", "jsonl"]
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let handle = output.fileHandleForReading
    Thread { [self] in
      var buffer = Data()
      while true {
        let chunk = handle.availableData
        if chunk.isEmpty { break }
        buffer.append(chunk)
        while let newline = buffer.firstIndex(of: 10) {
          let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
          buffer.removeSubrange(buffer.startIndex...newline)
          lock.lock()
          collected.append(line)
          lock.unlock()
        }
      }
    }.start()
  }

  var lines: [String] {
    lock.lock()
    defer { lock.unlock() }
    return collected
  }

  func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }
  func signal() { kill(process.processIdentifier, SIGINT) }

  /// Waits up to `seconds` for the lines read so far to satisfy `done`.
  func waitFor(seconds: Double = 20, _ done: ([String]) -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if done(lines) { return true }
      usleep(20_000)
    }
    return done(lines)
  }

  /// Does `action` every 0.2 s until `done` holds (at most 100 times).
  func repeatUntil(_ done: ([String]) -> Bool, _ action: () -> Void) -> Bool {
    for _ in 0..<100 {
      action()
      if waitFor(seconds: 0.2, done) { return true }
    }
    return false
  }

  /// Closes stdin and returns the exit status.
  func finish() -> Int32 {
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
    return process.terminationStatus
  }

  func close() {
    if process.isRunning { process.terminate() }
  }
}
