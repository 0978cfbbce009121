import Foundation
import Runtime
import Semantics
import Testing

@testable import REPL
@testable import Report

/// Golden transcripts of `nns repl --protocol jsonl`: each line of `protocol/NAME.jsonl` is a request
/// handed to an in-process server; `protocol/NAME.expected` holds each request (`→`) followed by its
/// replies (`←`). `$TMP` in a request stands for a fresh temporary directory (plots go there) and is
/// written back as `$TMP`; an SVG figure's text, checked to be SVG, is shown as `<svg…>` so that the
/// plot renderer's own changes (its golden files are elsewhere) leave these alone.
/// `NNS_UPDATE_GOLDEN=1 swift test --filter REPLTests` rewrites the expected files. An `interrupt` reaches
/// only its own server's session (its cancellation token), so it can be tested in-process too
/// (`interruptStopsAParallelSweep`); ProtocolProcessTests sends SIGINT to a child process.
@Suite(.serialized) struct ProtocolTests {
  static let directory = Paths.tests.appendingPathComponent("protocol")

  static var names: [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return files.filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(6)) }.sorted()
  }

  @Test func transcriptsExist() {
    #expect(Self.names.count >= 5)
  }

  @Test(arguments: names) func transcript(_ name: String) throws {
    let input = try String(contentsOf: Self.directory.appendingPathComponent(name + ".jsonl"), encoding: .utf8)
    let actual = try runProtocolTranscript(input)
    let expectedURL = Self.directory.appendingPathComponent(name + ".expected")
    if ProcessInfo.processInfo.environment["NNS_UPDATE_GOLDEN"] == "1" {
      try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: expectedURL, encoding: .utf8)
    #expect(actual == expected, "protocol/\(name).expected differs; rerun with NNS_UPDATE_GOLDEN=1 to accept")
  }

  /// Every reply is one line of JSON that parses, names its request, and every request ends with one status.
  @Test func everyRequestEndsWithOneStatus() throws {
    var lines: [String] = []
    let server = ProtocolServer(write: { lines.append($0) })
    let requests = [
      #"{"type":"execute","id":1,"code":"let a = 1\nprint a\nprint \"two\\nlines\""}"#,
      #"{"type":"execute","id":2,"code":"print nope"}"#, #"{"type":"complete","id":3,"code":"pr"}"#,
      #"{"type":"inspect","id":4,"name":"relu"}"#, "[1, 2]",
    ]
    for request in requests { server.handle(request) }
    let replies = try lines.map { try JSONValue.parse($0) }
    #expect(lines.allSatisfy { !$0.contains("\n") })
    let statuses = replies.filter { $0["type"] == .string("status") }
    #expect(statuses.count == requests.count)
    #expect(statuses.map { $0["status"]?.stringValue ?? "" } == ["ok", "error", "ok", "ok", "error"])
  }

  /// Two figures inlined in one page must not share a clip path: each figure's ids get its own suffix.
  @Test func figureIDsAreMadeUniquePerFigure() {
    let a = #"<svg><clipPath id="plot-area"><rect width="1"/></clipPath><g clip-path="url(#plot-area)"/></svg>"#
    let b = a.replacingOccurrences(of: "width=\"1\"", with: "width=\"2\"")
    let (ua, ub) = (ProtocolServer.uniqueIDs(a), ProtocolServer.uniqueIDs(b))
    #expect(ua != a && ub != b && ua.replacingOccurrences(of: "width=\"1\"", with: "width=\"2\"") != ub)
    for svg in [ua, ub] {
      let id = svg.components(separatedBy: #"id=""#)[1].prefix { $0 != "\"" }
      #expect(id.hasPrefix("plot-area-") && svg.contains("url(#\(id))"), "\(svg)")
    }
    #expect(ProtocolServer.uniqueIDs(a) == ua, "deterministic")
  }

  /// An `interrupt` during a cell's parallel sweep of trains that would take hours: the cell ends with
  /// status `interrupted` and the table of the runs that started, and the next cell runs.
  @Test(.timeLimit(.minutes(2))) func interruptStopsAParallelSweep() throws {
    let lines = Lines()
    let server = ProtocolServer { lines.append($0) }
    let token = server.repl.cancellation
    let sweep =
      "sweep e in [50, 100000000, 100000000, 100000000] {\\n  data d = xor()\\n"
      + "  net m { input 2; dense 8, tanh; dense 1 }\\n  train m on d { loss mse; epochs e }\\n"
      + "  print e: e, loss: loss(m, d)\\n}"
    let done = DispatchSemaphore(value: 0)
    let unchecked = Unchecked(server)
    Thread {
      unchecked.value.handle(#"{"type":"execute","id":"a","code":"let kept = 40\n"# + sweep + #""}"#)
      done.signal()
    }.start()
    // Asked until a train or the sweep runs (the cell may not have reached it yet).
    var answer = ""
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      answer = ProtocolServer.interrupt(id: .string("i"), token)
      if answer.contains(#""training":true"#) { break }
      usleep(10_000)
    }
    #expect(answer.contains(#""training":true"#), "\(answer)")
    #expect(done.wait(timeout: .now() + 60) == .success, "the cell did not end")
    let all = lines.all
    #expect(all.last == #"{"type":"status","id":"a","status":"interrupted"}"#, "\(all)")
    #expect(all.contains { $0.contains("sweep interrupted: ") && $0.contains(" of 4 runs completed") }, "\(all)")

    server.handle(#"{"type":"execute","id":"b","code":"print kept + 2"}"#)
    #expect(lines.all.suffix(2).first?.contains("= 42") == true, "\(lines.all)")
    #expect(lines.all.last == #"{"type":"status","id":"b","status":"ok"}"#, "\(lines.all)")
  }

  @Test func htmlTablesEscapeTheirCells() {
    let table = Table(columns: ["a<b", "n"], rows: [[.text("x & \"y\""), .integer(3)]], title: "t > 1")
    #expect(
      table.renderHTML() == """
        <table class="nns-table">
        <caption style="text-align:left;white-space:nowrap">t &gt; 1</caption>
        <thead><tr><th style="text-align:left">a&lt;b</th><th style="text-align:right">n</th></tr></thead>
        <tbody>
        <tr><td style="text-align:left">x &amp; &quot;y&quot;</td><td style="text-align:right">3</td></tr>
        </tbody>
        </table>

        """)
  }
}

/// Runs the requests in `input` through one in-process server; returns the transcript described above.
func runProtocolTranscript(_ input: String) throws -> String {
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nns-protocol-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  var transcript = ""
  let server = ProtocolServer(baseDirectory: Paths.root.path) { line in
    transcript += "← " + elideFigures(line).replacingOccurrences(of: scratch.path, with: "$TMP") + "\n"
  }
  transcript += "← " + ProtocolServer.greeting.replacingOccurrences(of: nnsVersion, with: "VERSION") + "\n"
  for line in input.split(separator: "\n") {
    transcript += "→ " + line + "\n"
    server.handle(line.replacingOccurrences(of: "$TMP", with: scratch.path))
  }
  return transcript
}

/// A figure reply with its SVG text replaced by `<svg…>`, once the text is seen to be a whole SVG document.
func elideFigures(_ line: String) -> String {
  guard let reply = try? JSONValue.parse(line), case .object(var fields) = reply,
    let k = fields.firstIndex(where: { $0.0 == "data" }), case .object(var data) = fields[k].1,
    let m = data.firstIndex(where: { $0.0 == "image/svg+xml" }), let svg = data[m].1.stringValue
  else { return line }
  let whole = svg.hasPrefix("<?xml") && svg.contains("<svg ") && svg.hasSuffix("</svg>\n")
  data[m].1 = .string(whole ? "<svg…>" : "NOT AN SVG DOCUMENT")
  fields[k].1 = .object(data)
  return JSONValue.object(fields).printed(pretty: false)
}

/// Reply lines collected from any thread.
final class Lines: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []
  func append(_ line: String) {
    lock.lock()
    lines.append(line)
    lock.unlock()
  }
  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return lines
  }
}

/// Hands a server to the thread that runs its request; the test touches it only once that has ended.
struct Unchecked<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
