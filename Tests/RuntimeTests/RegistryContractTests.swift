import Diagnostics
import Foundation
import Lexer
import Parser
import Testing

@testable import Runtime
@testable import Semantics

/// The registry is the contract of every built-in, and these tests hold each entry to it: a left-out
/// argument means what the docs say (the run with the default written out prints the same), every range
/// is refused at check time, and every record has exactly the members the docs list.
struct RegistryContractTests {
  /// Nets and data every fixture call can use; `s`/`t` are soft committee machines.
  static let prelude = """
    data d = xor()
    net m { input 2; dense 3, tanh; dense 1 }
    net s { input 5; dense 2, erf; dense 1, identity, fixed, init: constant(1); bias off }
    net t { input 5; dense 2, erf; dense 1, identity, fixed, init: constant(1); bias off }
    train m on d { epochs 3 }
    sweep w in [1, 2] { print w: w, twice: 2 * w }

    """

  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The required arguments of a call to `b` in the fixture, or nil when it cannot be called there.
  static func requiredArguments(_ b: BuiltinInfo) -> [String]? {
    switch b.name {
    case "load": return nil
    case "overlaps": return ["s", "t"]
    case "scm_theory": return ["s", "t", "lr: 0.1", "time: 1"]
    case "plateaus": return ["[1, 0.9, 0.8, 0.8, 0.8, 0.79, 0.5, 0.2, 0.1]"]
    case "rate": return ["[10, 20, 40, 80]", "[1, 0.52, 0.24, 0.13]"]
    case "sinkhorn": return ["d", "d"]
    case "barycenter": return ["[d, d]"]
    case "ntk_change": return ["ntk(m, d)", "ntk(m, d)"]
    case "regression": return ["sin(x)"]
    case "csv": return ["\"\(root.appendingPathComponent("examples/data/iris.csv").path)\""]
    case "affine": return ["rotate(1)"]
    case "cayley_dickson": return ["2"]
    case "subsample": return ["d", "2"]
    default: break
    }
    var args: [String] = []
    for p in b.parameters where p.isRequired {
      switch p.kind {
      case .net, .predictor: args.append("m")
      case .data: args.append("d")
      case .number:
        args.append(p.range.map { r in r.lowerBound > 0 ? "\(Int(r.lowerBound.rounded(.up)))" : "2" } ?? "1")
      case .any, .list: args.append("[1, 2]")
      default: return nil
      }
    }
    if b.variadic && args.isEmpty { args = ["[1, 2]"] }
    return args
  }

  static func run(_ text: String) -> (out: String, errors: String, session: Session) {
    var out = ""
    let session = Session(seed: 7) { out += $0 }
    session.interpreter.quiet = true
    let diagnostics = session.run(SourceFile(path: "t.nns", text: prelude + text))
    return (out, session.render(diagnostics), session)
  }

  static var callables: [BuiltinInfo] { Builtins.callableNames.compactMap { Builtins.callable($0) } }

  /// Docs default = implementation default: leaving an argument out and writing its documented default
  /// print the same, for every parameter of every callable entry whose default is a value.
  @Test(arguments: callables.map(\.name)) func aLeftOutArgumentMeansItsDocumentedDefault(_ name: String) throws {
    let b = try #require(Builtins.callable(name))
    guard let required = Self.requiredArguments(b) else { return }
    let call = "\(name)(\(required.joined(separator: ", ")))"
    let plain = Self.run("print \(call)\n")
    #expect(plain.errors == "", "\(call): \(plain.errors)")
    for p in b.parameters {
      guard let d = p.defaultValue, d.value != nil else { continue }
      let args = (required + ["\(p.name): \(d.text)"]).joined(separator: ", ")
      let explicit = Self.run("print \(name)(\(args))\n")
      #expect(explicit.errors == "", "\(name)(\(args)): \(explicit.errors)")
      #expect(explicit.out == plain.out, "\(name): '\(p.name)' left out differs from \(p.name): \(d.text)")
    }
  }

  /// The option categories too: the Engine value of `sgd` equals that of `sgd(momentum: 0, …)`.
  @Test func optionDefaultsAreTheImplementations() throws {
    let i = Interpreter { _ in }
    func engineValue(_ b: BuiltinInfo, _ args: [String: IRExpr]) throws -> String {
      let c = IRCall(info: b, arguments: args, variadic: [], span: .none)
      switch b.category {
      case .activation: return "\(try Options.activation(c, i))"
      case .initializer: return "\(try Options.initializer(c, i))"
      case .optimizer: return "\(try Options.optimizer(c, i))"
      case .schedule: return "\(try Options.schedule(c, i))"
      default: return ""
      }
    }
    var checked = 0
    for b in Builtins.all where [.activation, .initializer, .optimizer, .schedule].contains(b.category) {
      var required: [String: IRExpr] = [:]
      for p in b.parameters where p.isRequired { required[p.name] = .constant(.number(1), .none) }
      let plain = try engineValue(b, required)
      for p in b.parameters {
        guard let v = p.defaultValue?.value else { continue }
        var args = required
        args[p.name] = .constant(v, .none)
        #expect(
          try engineValue(b, args) == plain, "\(b.name): '\(p.name)' left out ≠ \(p.name): \(p.defaultValue!.text)")
        checked += 1
      }
    }
    #expect(checked >= 15)
  }

  /// Where a built-in is written, to try one argument of it.
  static func site(_ b: BuiltinInfo, _ args: String) -> String? {
    switch b.category {
    case .function, .probe, .dataset:
      guard let required = requiredArguments(b) else { return nil }
      return "print \(b.name)(\((required + [args]).joined(separator: ", ")))\n"
    case .activation: return "net z { input 2; dense 1, \(b.name)(\(args)) }\n"
    case .initializer: return "net z { input 2; dense 1; init \(b.name)(\(args)) }\n"
    case .optimizer: return "train m on d { optimizer \(b.name)(\(args)) }\n"
    case .schedule: return "train m on d { schedule \(b.name)(\(args)) }\n"
    case .algebra: return "algebra z = \(b.name)(\(args))\n"
    default: return nil
    }
  }

  /// Every parameter's range is refused at check time, with the registry's wording, before anything runs.
  @Test func everyRangeIsEnforcedAtCheckTime() throws {
    var checked = 0
    for b in Builtins.all + [Builtins.escapeSingularities] {
      for p in b.parameters {
        guard let r = p.range else { continue }
        var bad: [Double] = [p.open ? r.lowerBound : r.lowerBound - 1]
        if r.upperBound.isFinite { bad.append(p.open ? r.upperBound : r.upperBound * 2 + 1) }
        if p.whole && r.lowerBound + 0.5 <= r.upperBound { bad.append(r.lowerBound + 0.5) }
        for x in bad {
          let arg = "\(p.name): \(x)"
          let text: String
          if b.name == "singularities" && b.category == .trainSetting {
            text = "train m on d { escape singularities(\(arg)) }\n"
          } else {
            guard let s = Self.site(b, arg) else { continue }
            text = s
          }
          var checker = Checker()
          let program = Parser.parse(SourceFile(path: "t.nns", text: Self.prelude + text)).program
          let (_, diagnostics) = checker.check(program)
          let message = "'\(p.name)' of \(b.name) must be \(p.rangeText)"
          #expect(
            diagnostics.contains { $0.message.hasPrefix(message) }, "\(text)→ \(diagnostics.map { $0.message })")
          checked += 1
        }
      }
    }
    #expect(checked >= 60)
  }

  static var recordBuiltins: [String] { callables.filter { $0.returns == .record }.map(\.name) }

  /// Every member the docs list is on the record, and the record has no member the docs do not list;
  /// a member may be absent only with a stated reason (`unavailable`).
  @Test(arguments: recordBuiltins) func recordsHaveExactlyTheirDocumentedMembers(_ name: String) throws {
    let b = try #require(Builtins.callable(name))
    guard let required = Self.requiredArguments(b) else { return }
    let r = Self.run("let r = \(name)(\(required.joined(separator: ", ")))\n")
    #expect(r.errors == "", "\(name): \(r.errors)")
    guard case .record(let record)? = r.session.interpreter.value(of: "r") else {
      Issue.record("\(name) gave no record")
      return
    }
    let documented = Set(b.members.map(\.name))
    let present = Set(record.memberNames).union(record.unavailable.keys)
    if b.openMembers {
      #expect(documented.isSubset(of: present), "\(name): documented \(documented), record \(present)")
    } else {
      #expect(documented == present, "\(name): documented \(documented.sorted()), record \(present.sorted())")
      #expect(!documented.isEmpty || name == "sweep_table", "\(name) documents no members")
    }
    for m in b.members where m.kind != .any {
      guard let v = record[m.name] else { continue }
      #expect(v.kind.fits(m.kind), "\(name).\(m.name) is \(v.kind), documented \(m.kind)")
    }
  }
}
