import Foundation
import Testing

/// `nns repl --protocol jsonl` from the command line: a piped session speaks JSON lines only (stdout holds
/// nothing else, not even on errors), ends with its input and exits 0; an unknown protocol is a usage error.
struct ProtocolCLITests {
  @Test func pipedSessionRepliesInJSONLinesOnly() throws {
    let requests = [
      #"{"type":"execute","id":1,"code":"net m { input 2; dense 3, tanh; dense 1 }\nprint 6 * 7\nprint nope"}"#,
      #"{"type":"execute","id":2,"code":"print 6 * 7"}"#,
    ]
    let r = try ExamplesTests.nns(["repl", "--protocol", "jsonl"], stdin: requests.joined(separator: "\n") + "\n")
    #expect(r.code == 0, "\(r.err)")
    #expect(r.err.isEmpty, "\(r.err)")
    let lines = r.out.split(separator: "\n").map(String.init)
    #expect(lines.allSatisfy { $0.hasPrefix("{\"type\":\"") && $0.hasSuffix("}") }, "\(r.out)")
    #expect(lines.first?.hasPrefix(#"{"type":"ready","id":null,"nns":""#) == true)
    #expect(lines.contains(#"{"type":"status","id":1,"status":"error"}"#), "\(r.out)")
    #expect(lines.contains(#"{"type":"stream","id":2,"name":"stdout","text":"6 * 7 = 42\n"}"#), "\(r.out)")
    #expect(lines.last == #"{"type":"status","id":2,"status":"ok"}"#)
  }

  @Test func unknownProtocolIsAUsageError() throws {
    let r = try ExamplesTests.nns(["repl", "--protocol", "xml"])
    #expect(r.code == 2)
    #expect(r.err.contains("unknown protocol 'xml'"), "\(r.err)")
  }
}
