import Foundation
import Parser
import Testing

@testable import Runtime

/// The registry is the single source of names: every callable entry runs, every option maps to the Engine.
struct RegistryTests {
  @Test func everyCallableEntryHasAnImplementationAndViceVersa() {
    let callable = Set(Builtins.callableNames)
    #expect(callable == Set(Functions.table.keys))
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
/// word, so a new built-in is fuzzed as soon as it is registered.
struct FuzzDictionaryTests {
  @Test func everyRegistryNameIsInTheDictionary() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let dict = try String(contentsOf: root.appendingPathComponent("Tests/Fuzz/nns.dict"), encoding: .utf8)
    for entry in Builtins.all {
      #expect(dict.contains("\"\(entry.name)\""), "add \(entry.name) to Tests/Fuzz/nns.dict")
    }
    for word in Keywords.all { #expect(dict.contains("\"\(word)\""), "add \(word) to Tests/Fuzz/nns.dict") }
  }
}
