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

  /// Every layer, net option and train setting is read by its entry's own rule. `input` (the net's first
  /// line, whose place is checked by the net) and `every`/`stop` (line forms of their own in the parser)
  /// are read where they are, and only they have none.
  @Test func everyNetAndTrainLineHasItsRule() {
    for b in Builtins.layers where b.name != "input" {
      guard case .layer? = b.lineRule else { Issue.record("layer '\(b.name)' has no layer rule"); continue }
    }
    for b in Builtins.netOptions {
      guard case .netOption? = b.lineRule else { Issue.record("net option '\(b.name)' has no rule"); continue }
    }
    for b in Builtins.trainSettings where !["every", "stop"].contains(b.name) {
      guard case .trainSetting? = b.lineRule else { Issue.record("train setting '\(b.name)' has no rule"); continue }
    }
    let without = Builtins.all.filter {
      $0.lineRule == nil && [.layer, .netOption, .trainSetting].contains($0.category)
    }
    #expect(Set(without.map(\.name)) == ["input", "every", "stop"])
  }

  /// The checker's context evaluates constants only: an option's implementation runs on constant
  /// arguments, and anything else is R104, which the checker takes as "not known statically".
  @Test func constantContextEvaluatesConstantsOnly() throws {
    let context = ConstantContext()
    guard case .number(let x) = try context.evaluate(.constant(.number(0.2), .none)) else {
      Issue.record("a constant did not evaluate to itself")
      return
    }
    #expect(x == 0.2)
    do {
      _ = try context.evaluate(.variable("a", .number, .none))
      Issue.record("a variable evaluated in the constant context")
    } catch let e as RuntimeError {
      #expect(e.diagnostic.id == "R104")
    }
    let leaky = Builtins.lookup("leaky_relu", .activation)!
    let call = IRCall(info: leaky, arguments: ["a": .constant(.number(0.2), .none)], variadic: [], span: .none)
    #expect(try Options.activation(call, context) == .leakyRelu(0.2))
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
