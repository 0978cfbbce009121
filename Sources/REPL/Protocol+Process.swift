import Foundation
import Report
import Runtime
import Semantics

/// Runs `nns repl --protocol jsonl` on stdin and stdout until stdin ends; returns the exit code (0).
///
/// A thread reads stdin while the main thread runs requests one at a time, so an `interrupt` request is
/// answered at once, even during a long `train`; every other request waits its turn. SIGINT means the same
/// as an `interrupt` request and never ends the process. Replies are written whole, one line each, under a
/// lock, so the two threads never interleave inside a line.
public func runProtocol(seed: UInt64?, cancellation: CancellationToken) -> Int32 {
  ProtocolInterrupts.install(cancellation)
  let writer = ReplyWriter()
  let queue = RequestQueue()
  writer.write(ProtocolServer.greeting)
  let reader = Thread {
    while let line = readLine(strippingNewline: true) {
      if let request = try? JSONValue.parse(line), request["type"]?.stringValue == "interrupt" {
        writer.write(ProtocolServer.interrupt(id: request["id"] ?? .null, cancellation))
      } else {
        queue.put(line)
      }
    }
    queue.put(nil)
  }
  reader.start()
  let server = ProtocolServer(seed: seed, cancellation: cancellation, write: writer.write)
  while let line = queue.take() { server.handle(line) }
  return 0
}

/// Writes reply lines to stdout, one whole line at a time.
final class ReplyWriter: @unchecked Sendable {
  private let lock = NSLock()

  func write(_ line: String) {
    lock.lock()
    defer { lock.unlock() }
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }
}

/// Request lines from the reader thread to the main thread, in order; nil marks the end of the input.
final class RequestQueue: @unchecked Sendable {
  private var lines: [String?] = []
  private let lock = NSLock()
  private let available = DispatchSemaphore(value: 0)

  func put(_ line: String?) {
    lock.lock()
    lines.append(line)
    lock.unlock()
    available.signal()
  }

  func take() -> String? {
    available.wait()
    lock.lock()
    defer { lock.unlock() }
    return lines.removeFirst()
  }
}
