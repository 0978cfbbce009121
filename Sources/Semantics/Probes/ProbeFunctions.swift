import Engine
import Report

/// Implementations of the analysis probes, by registry name.
package extension Builtins {
}

/// Engine probe results as language records.
package enum ProbeRecords {
  package static func numbers(_ xs: [Double]) -> Value { .list(xs.map { .number($0) }) }

  /// The Fisher record: the figures at once, `.spectrum` (all P eigenvalues, mostly zeros when P ≫ N·C)
  /// built only when it is read, printed or saved.
  package static func fisher(_ f: FisherSummary) -> Record {
    Record(
      kind: .fisher,
      members: [
        ("max", .value(.number(f.max))), ("mean", .value(.number(f.mean))),
        ("second_moment", .value(.number(f.secondMoment))), ("trace", .value(.number(f.trace))),
        ("rank", .value(.number(Double(f.rank)))), ("condition", .value(.number(f.condition))),
        ("spectrum", .deferred(Lazy { numbers(f.spectrum) })),
      ])
  }

  package static func fisherTheory(_ t: FisherTheory) -> Record {
    Record(
      kind: .fisherTheory,
      fields: [
        ("max", .number(t.max)), ("mean", .number(t.mean)), ("second_moment", .number(t.secondMoment)),
        ("kappa1", .number(t.kappa1)), ("kappa2", .number(t.kappa2)), ("alpha", .number(t.alpha)),
        ("width", .number(Double(t.width))), ("samples", .number(Double(t.samples))),
        ("q_hat1", numbers(t.qHat1)), ("q_hat2", numbers(t.qHat2)), ("q_tilde1", numbers(t.qTilde1)),
        ("q_tilde2", numbers(t.qTilde2)),
      ])
  }

  /// The NTK record of a kernel matrix: `trace` and `matrix` at once, `eigenvalues` and `decay` (one
  /// O(N³) `dsyevd`, shared) deferred until one of them is read.
  package static func ntk(_ m: Matrix, nngp: Matrix? = nil, kind: RecordKind = .ntk) -> Record {
    let eigenvalues = Lazy { NTKSummary.eigenvalues(of: m) }
    var members: [(name: String, member: Record.Member)] = [
      ("trace", .value(.number(m.trace))),
      ("decay", .deferred(Lazy { .number(NTKSummary.powerLawDecay(eigenvalues.value)) })),
      ("eigenvalues", .deferred(Lazy { numbers(eigenvalues.value) })),
      ("matrix", .value(.matrix(m))),
    ]
    if let nngp { members.append(("nngp", .value(.matrix(nngp)))) }
    return Record(kind: kind, members: members)
  }

  package static func hessian(_ s: HessianSummary, trace: Record.Member) -> Record {
    Record(
      kind: .hessian,
      members: [
        ("max", .value(.number(s.top.first ?? 0))), ("min", .value(.number(s.min))), ("trace", trace),
        ("kind", .value(.string(Options.criticalPointNames[s.kind] ?? ""))), ("exact", .value(.boolean(s.exact))),
        ("top", .value(numbers(s.top))),
        ("spectrum", .value(numbers(s.spectrum))),
      ])
  }

  /// `.near_zero` (FIM eigenvalues below tol·λmax) exists only when the data was given.
  package static func singularities(_ r: SingularityReport, nearZero: Double?) -> Record {
    // The record lists at most `listed` pairs; the counts are complete.
    let listed = 1_000
    var pairs =
      r.overlaps.prefix(listed).map { "layer \($0.layer): units \($0.i) = \($0.j)" }
      + r.symmetric.prefix(listed).map { "layer \($0.layer): units \($0.i) = −\($0.j)" }
      + r.eliminated.prefix(listed).map { "layer \($0.layer): unit \($0.unit) eliminated" }
    let total = r.overlapCount + r.symmetricCount + r.eliminated.count
    if total > pairs.count { pairs.append("… and \(total - pairs.count) more") }
    var fields: [(name: String, value: Value)] = [
      ("overlaps", .number(Double(r.overlapCount))), ("eliminated", .number(Double(r.eliminated.count))),
      ("symmetric", .number(Double(r.symmetricCount))), ("distance", .number(r.distance)),
    ]
    if let nearZero { fields.append(("near_zero", .number(nearZero))) }
    fields.append(("pairs", .list(pairs.map { .string($0) })))
    let missing = ["near_zero": ("it counts Fisher eigenvalues, so it needs the data", "singularities(net, data)")]
    return Record(kind: .singularities, fields: fields, unavailable: nearZero == nil ? missing : [:])
  }

  /// The kernel matrix of an `ntk`/`ntk_limit` record (or a plain matrix).
  package static func kernel(_ i: any CallContext, _ e: IRExpr) throws -> Matrix {
    switch try i.evaluate(e) {
    case .record(let r):
      guard case .matrix(let m)? = r["matrix"] else {
        throw RuntimeError(.ntkChangeNeedsNTK(found: "a \(r.kind) record"), at: e.span)
      }
      return m
    case .matrix(let m): return m
    case let v: throw RuntimeError(.ntkChangeNeedsNTK(found: "\(v.kind)"), at: e.span)
    }
  }
}
