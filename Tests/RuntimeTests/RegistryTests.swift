import Foundation
import Parser
import Testing

@testable import Runtime
@testable import Semantics

/// The registry is the single source of names: every callable entry runs, every option maps to the Engine.
struct RegistryTests {
  @Test func everyCallableEntryHasAnImplementationAndViceVersa() {
    let callable = Set(Builtins.callableNames)
    let implemented = Set(Builtins.all.filter { $0.run != nil }.map(\.name))
    #expect(callable == implemented)
  }

  @Test func namesAreUniqueWithinACategory() {
    for category in BuiltinInfo.Category.allCases {
      let names = Builtins.all.filter { $0.category == category }.map(\.name)
      #expect(names.count == Set(names).count, "duplicate names in \(category)")
    }
  }

  @Test func everyOptionEntryMapsToTheEngine() throws {
    let i = Interpreter { _ in }
    func call(_ info: BuiltinInfo) -> IRCall {
      var args: [String: IRExpr] = [:]
      for p in info.parameters where p.isRequired { args[p.name] = .constant(.number(1), .none) }
      return IRCall(info: info, arguments: args, variadic: [], span: .none)
    }
    for b in Builtins.all {
      switch b.category {
      case .activation: _ = try Options.activation(call(b), i)
      case .loss: _ = try Options.loss(call(b), i)
      case .initializer: _ = try Options.initializer(call(b), i)
      case .optimizer: _ = try Options.optimizer(call(b), i)
      case .schedule: _ = try Options.schedule(call(b), i)
      default: break
      }
    }
  }
}

/// The fuzzer's dictionary (Tests/Fuzz/nns.dict) holds every name of the registry and every statement
/// word, so a new built-in is fuzzed as soon as it is registered. `NNS_UPDATE_GOLDEN=1` appends the
/// missing ones (as it regenerates docs/builtins.md), so registering a built-in needs no edit here.
struct FuzzDictionaryTests {
  @Test func everyRegistryNameIsInTheDictionary() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let url = root.appendingPathComponent("Tests/Fuzz/nns.dict")
    var dict = try String(contentsOf: url, encoding: .utf8)
    let words = Keywords.all.map { ("kw", $0) } + Builtins.all.map { ("builtin", $0.name) }
    let missing = words.filter { !dict.contains("\"\($0.1)\"") }
    if ProcessInfo.processInfo.environment["NNS_UPDATE_GOLDEN"] != nil, !missing.isEmpty {
      if !dict.hasSuffix("\n") { dict += "\n" }
      for (prefix, word) in missing { dict += "\(prefix)_\(word)=\"\(word)\"\n" }
      try dict.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    for (_, word) in missing {
      Issue.record(
        "\(word) is not in Tests/Fuzz/nns.dict; NNS_UPDATE_GOLDEN=1 swift test --filter FuzzDictionary adds it")
    }
  }
}
