import Foundation
import Testing

@testable import Runtime
@testable import Semantics

/// docs/builtins.md is generated from the registry; this keeps it in step (NNS_UPDATE_GOLDEN=1 rewrites it).
struct BuiltinsDocTests {
  @Test func builtinsReferenceMatchesTheRegistry() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/builtins.md")
    let text = Builtins.markdown()
    if ProcessInfo.processInfo.environment["NNS_UPDATE_GOLDEN"] == "1" {
      try text.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    #expect(try String(contentsOf: url, encoding: .utf8) == text, "regenerate with NNS_UPDATE_GOLDEN=1")
    for b in Builtins.all { #expect(text.contains("`\(b.name)`")) }
  }
}
