import Engine
import Report

/// A value of the language at run time.
public indirect enum Value: Sendable {
  case number(Double)
  case string(String)
  case boolean(Bool)
  case list([Value])
  case matrix(Matrix)
  case data(Dataset)
  case net(NetHandle)
  case record(Record)
  case algebra(Algebra)
  /// A baseline fitted in closed form (`kernel_ridge`, `fourier`, `random_features`): predicts like a net.
  case model(FittedModel)

  public var kind: ValueKind {
    switch self {
    case .number: .number
    case .string: .string
    case .boolean: .boolean
    case .list: .list
    case .matrix: .matrix
    case .data: .data
    case .net: .net
    case .record: .record
    case .algebra: .algebra
    case .model: .model
    }
  }
}

/// A result with named members (`fisher(net, d).max`), printed as a table and plottable.
///
/// A member may be deferred (`Member.deferred`): its value is computed the first time it is read — by
/// name (`r["trace"]`, `h.trace` in a script) or with all members (`fields`: printing, saving, plotting)
/// — and then kept. Probes defer the members that cost more than the rest together (the Hessian's
/// Hutchinson trace, the NTK's eigendecomposition), so `hessian(net, d).top` does not pay for them.
public struct Record: Sendable {
  /// A member's value, or the computation that gives it on first read.
  public enum Member: Sendable {
    case value(Value)
    case deferred(Lazy<Value>)

    public var value: Value {
      switch self {
      case .value(let v): v
      case .deferred(let l): l.value
      }
    }
  }

  /// What produced it (`history`, `fisher`, …): decides how it prints and plots.
  public var kind: RecordKind
  /// The members in order.
  public var members: [(name: String, member: Member)]
  /// Members this record lacks because of how the probe was called, with the reason and the remedy.
  public var unavailable: [String: (reason: String, fixIt: String)]
  /// The map an affine-transform record (`rotate(1)`) stands for.
  public var transform: AffineTransform?

  public init(
    kind: RecordKind, fields: [(name: String, value: Value)],
    unavailable: [String: (reason: String, fixIt: String)] = [:],
    transform: AffineTransform? = nil
  ) {
    self.init(
      kind: kind, members: fields.map { ($0.name, .value($0.value)) }, unavailable: unavailable, transform: transform)
  }

  public init(
    kind: RecordKind, members: [(name: String, member: Member)],
    unavailable: [String: (reason: String, fixIt: String)] = [:], transform: AffineTransform? = nil
  ) {
    self.kind = kind
    self.members = members
    self.unavailable = unavailable
    self.transform = transform
  }

  /// Every member with its value (computing the deferred ones).
  public var fields: [(name: String, value: Value)] {
    get { members.map { ($0.name, $0.member.value) } }
    set { members = newValue.map { ($0.name, .value($0.value)) } }
  }

  /// One member's value (computing only that one if it is deferred).
  public subscript(name: String) -> Value? { members.first { $0.name == name }?.member.value }
  public var memberNames: [String] { members.map(\.name) }
}

/// A trained or untrained net in the interpreter: the Engine network plus what the language adds
/// (its name, the loss it was trained with, its logged history).
public final class NetHandle: @unchecked Sendable {
  public var name: String
  public var network: Network
  public var loss: Loss
  public var history: History
  /// True while the readout is the default and not yet fixed by the first data the net meets (in `train`
  /// or in any probe): a hypercomplex net then reads out all components unless the data has one target
  /// per output unit, in which case it reads out the real parts (SPEC §4.2). Once fixed it never changes.
  public var autoReadout: Bool

  public init(
    name: String, network: Network, loss: Loss = .mse, history: History = History(), autoReadout: Bool = false
  ) {
    self.name = name
    self.network = network
    self.loss = loss
    self.history = history
    self.autoReadout = autoReadout
  }

  /// Fixes a default readout against the first data the net meets (see `autoReadout`).
  package func adaptReadout(to d: Dataset, loss: Loss) throws {
    guard autoReadout else { return }
    autoReadout = false
    let spec = network.spec
    let k = spec.algebra.dimension
    guard k > 1, spec.readout == .all else { return }
    let units = spec.outputFeatures / k
    let wantsReal: Bool
    if loss == .crossEntropy && d.y.cols == 1 {
      let classes = max(d.numClasses, (WholeNumber.rounded(d.y.data.max() ?? 0) ?? 0) + 1)
      wantsReal = classes == units
    } else {
      wantsReal = d.y.cols == units
    }
    guard wantsReal else { return }
    var real = spec
    real.readout = .real
    var rng = RandomSource(seed: 0)
    let rebuilt = try Network(spec: real, rng: &rng)
    try rebuilt.setParameters(network.parameters)
    rebuilt.state = network.state
    network = rebuilt
  }
}

/// The log of a net's training: the loss of every epoch and the `every k:` probes.
public struct History: Sendable {
  public var epochLoss: [Double] = []
  /// Column name → (epoch, value) points.
  public var probes: [(name: String, points: [(epoch: Int, value: Double)])] = []
  public init() {}

  package mutating func log(_ name: String, epoch: Int, value: Double) {
    if let i = probes.firstIndex(where: { $0.name == name }) {
      probes[i].points.append((epoch, value))
    } else {
      probes.append((name, [(epoch, value)]))
    }
  }
}

package extension Value {
  /// A short human description used in messages and single-value prints.
  public var summary: String {
    switch self {
    case .number(let x): return formatNumber(x)
    case .string(let s): return s
    case .boolean(let b): return b ? "true" : "false"
    case .list(let xs): return "[" + xs.map(\.summary).joined(separator: ", ") + "]"
    case .matrix(let m): return "matrix \(m.rows)×\(m.cols)"
    case .data(let d): return "data \(d.name): \(d.count) points × \(d.x.cols) features → \(d.y.cols) outputs"
    case .net(let n): return "net \(n.name): \(n.network.parameterCount) parameters"
    case .record(let r): return "\(r.kind) result"
    case .algebra(let a): return "algebra \(a.name) (dimension \(a.dimension))"
    case .model(let m): return m.regressor.summary
    }
  }
}

/// Numbers as the language prints them: integers plainly, others to 4 significant digits.
package func formatNumber(_ x: Double) -> String {
  Table.format(x)
}

/// What produced a record: the probe (or transform, or table) whose result it is. Its raw value is the
/// name users see (in a printed table's title, a JSON `kind` field, an error message).
public enum RecordKind: String, Sendable, CaseIterable, CustomStringConvertible {
  case barycenter
  case decisionBoundary = "decision_boundary"
  case fisher
  case fisherTheory = "fisher_theory"
  case hessian
  case history
  case landscape
  case ntk
  case ntkLimit = "ntk_limit"
  case ntkPredict = "ntk_predict"
  case overlaps
  case plateau
  case plateaus
  case propagation
  case rate
  case scmTheory = "scm_theory"
  case singularities
  case sinkhorn
  case sweepTable = "sweep_table"
  case transform
  case weights

  public var description: String { rawValue }
}

package extension History {
  /// Logs what an `every` item evaluated to: a number under its label (or source text); a matrix entry by
  /// entry as `label_i_j`; a record (`o: overlaps(s, t)`) as `label_member` per number member and
  /// `label_member_i_j` per matrix entry, the label defaulting to the record's kind — names a script can
  /// read back as members (`history(s).o_R_0_1`). Other values (lists, text) are shown, not logged.
  package mutating func log(_ label: String?, _ text: String, _ v: Value, epoch: Int) {
    func matrix(_ name: String, _ m: Matrix) {
      for i in 0..<m.rows { for j in 0..<m.cols { log("\(name)_\(i)_\(j)", epoch: epoch, value: m[i, j]) } }
    }
    switch v {
    case .number(let x): log(label ?? text, epoch: epoch, value: x)
    case .matrix(let m): matrix(label ?? text, m)
    case .record(let r):
      let base = label ?? r.kind.rawValue
      for (name, value) in r.fields {
        switch value {
        case .number(let x): log("\(base)_\(name)", epoch: epoch, value: x)
        case .matrix(let m): matrix("\(base)_\(name)", m)
        default: break
        }
      }
    default: break
    }
  }

  /// The history as a record: `.loss` (per epoch), `.epochs`, and one member per logged probe.
  package var record: Record {
    var fields: [(name: String, value: Value)] = [
      ("epochs", .list(epochLoss.indices.map { .number(Double($0 + 1)) })),
      ("loss", .list(epochLoss.map { .number($0) })),
    ]
    for p in probes { fields.append((p.name, .list(p.points.map { .number($0.value) }))) }
    return Record(kind: .history, fields: fields)
  }
}
