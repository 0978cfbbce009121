import Diagnostics
import Engine
import Lexer
import Report

/// What a script asks the Engine to hold, estimated before it is allocated and checked against
/// `MemoryBudget` (SPEC §6: absurd sizes get a diagnostic, not an abort in `malloc`). Each estimate
/// counts the Doubles (8 bytes) alive at the peak, with N points, O real outputs, P parameters and W
/// the real widths of all layers summed:
/// - a dataset: N × (features + targets), three times (rows, the matrix, the shuffle), plus the centres
///   `gaussians` draws (only those that get points);
/// - a net: P five times (parameters, gradient, optimizer state, a copy);
/// - evaluating a net on data (`predict`, `loss`, `accuracy`, …): N × W twice (values, pre-activations);
/// - training: the batch's activations B × W four times (forward and backward), and for
///   `natural(fisher: exact)` the P × P Fisher matrix three times (matrix, factor, solve);
/// - `ntk`: the (N·O)² Gram matrix three times (matrix, eigen-decomposition, eigenvectors);
/// - `ntk_limit`: two N × N kernels per layer plus three for the result;
/// - `fisher`, `lr_bound`, `singularities(…, data)`: the N·O × P Jacobian plus the smaller of the P × P
///   and N·O × N·O matrices three times;
/// - `hessian`: P × P three times when the spectrum is computed exactly (P ≤ 2000), else k + 40 vectors;
/// - a range `a..b`: 48 bytes a value.
package enum MemoryEstimates {
  package static let double = 8.0

  /// The peak of probe `name` of a net of `spec` (P `parameters`) on `points` inputs, and the knob that
  /// reduces it (see the list above). Used at run time and, when the sizes are constants, by the checker.
  package static func probe(_ name: String, spec: NetworkSpec, parameters p: Double, points n: Double) -> (
    bytes: Double, knob: String
  ) {
    var knob = "use fewer points (subsample(data, n))"
    let depth = Double(spec.layers.count)
    let w = widths(spec)
    let no = n * Double(spec.outputFeatures)
    let e = double
    let bytes: Double
    switch name {
    case "ntk": bytes = 3 * e * no * no + 2 * e * n * w
    case "ntk_limit": bytes = (2 * depth + 3) * e * n * n
    case "fisher", "lr_bound", "singularities":
      bytes = e * no * p + 3 * e * min(p, no) * min(p, no) + 2 * e * n * w
      knob += " or a smaller net"
    case "hessian": bytes = (p <= 2000 ? 3 * e * p * p : 50 * e * p) + 4 * e * n * w
    default: bytes = 2 * e * n * w
    }
    return (bytes, knob)
  }
  /// Bytes of one element of a list value (a `Value` and its share of the array).
  package static let value = 48.0

  /// A generated dataset of `n` points, `features` wide, and the `centres` it is drawn around.
  package static func generator(n: Double, features: Double, centres: Double) -> Double {
    3 * double * n * (features + 1) + double * min(centres, n) * features
  }

  /// Real widths of all layers summed (the input included).
  package static func widths(_ spec: NetworkSpec) -> Double {
    let k = Double(spec.algebra.dimension)
    func sum(_ layers: [LayerSpec], _ w: Double) -> (total: Double, width: Double) {
      var total = 0.0
      var width = w
      for l in layers {
        switch l {
        case .dense(let units, _, _, _, _, _):
          width = Double(units) * k
          total += width
        case .residual(_, let body, _):
          let inner = sum(body, width)
          total += inner.total
          width = inner.width
        case .dropout, .batchnorm: total += width
        }
      }
      return (total, width)
    }
    let input = Double(spec.inputFeatures)
    return input + sum(spec.layers, input).total
  }

  /// Parameters of `spec`, counted without building it (dense weights and biases; batchnorm's γ, β).
  package static func parameters(_ spec: NetworkSpec) -> Double {
    let k = Double(spec.algebra.dimension)
    func count(_ layers: [LayerSpec], _ w: Double) -> (params: Double, width: Double) {
      var params = 0.0
      var width = w
      for l in layers {
        switch l {
        case .dense(let units, _, let bias, _, let augmented, _):
          let u = Double(units)
          params += width * u * k * (augmented ? 2 : 1) + (bias ? u * k : 0)
          width = u
        case .residual(_, let body, _):
          let inner = count(body, width)
          params += inner.params
          width = inner.width
        case .batchnorm: params += 2 * width * k
        case .dropout: break
        }
      }
      return (params, width)
    }
    return count(spec.layers, Double(spec.inputUnits)).params
  }
}

package extension CallContext {
  /// Throws a diagnostic at `span` unless `bytes` fits the memory budget.
  package func budget(_ bytes: Double, _ what: String, knob: String, at span: SourceSpan) throws {
    do {
      try MemoryBudget.check(bytes: bytes, for: what, knob: knob)
    } catch {
      throw RuntimeError(.failed("\(error)"), at: span)
    }
  }

  /// The estimate of a call of net `h` on data `d` (a probe, `predict`, `loss`, …), checked before it runs.
  package func checkMemory(_ c: IRCall, _ h: NetHandle, _ d: Dataset) throws {
    let (bytes, knob) = MemoryEstimates.probe(
      c.name, spec: h.network.spec, parameters: Double(h.network.parameterCount), points: Double(d.count))
    try budget(bytes, "\(c.name)(\(h.name), \(d.name)) on \(d.count) points", knob: knob, at: c.span)
  }

  /// The estimate of a dataset generator: `n:` points of `dim:` (or `inputs:`) features.
  package func checkGeneratorMemory(_ c: IRCall) throws {
    // A size given as a dataset (`teacher(net, inputs: data)`) costs that dataset's own, already held; a
    // call is not evaluated here (it would draw from its random stream twice).
    let size = { (name: String, d: Double) throws -> Double in
      guard let e = c.arguments[name] else { return d }
      if case .call = e { return d }
      guard case .number(let x) = try self.evaluate(e) else { return d }
      return x
    }
    let bytes = MemoryEstimates.generator(
      n: try size("n", 0), features: try max(size("dim", 2), size("inputs", 2)), centres: try size("centers", 0))
    try budget(bytes, "\(c.name)(…) with n: \(Table.format(try size("n", 0)))", knob: "reduce n: or dim:", at: c.span)
  }

  /// The estimate of a net before it is built.
  package func checkNetMemory(_ spec: NetworkSpec, name: String, at span: SourceSpan) throws {
    let p = MemoryEstimates.parameters(spec)
    try budget(
      5 * MemoryEstimates.double * p, "net '\(name)' with \(Table.format(p)) parameters", knob: "use narrower layers",
      at: span)
  }

  /// The estimate of a training set-up: the batch's activations, and the exact Fisher matrix of `natural`.
  package func checkTrainingMemory(
    _ h: NetHandle, _ d: Dataset, batch: Int?, optimizer: OptimizerSpec, at span: SourceSpan
  )
    throws
  {
    let e = MemoryEstimates.double
    let b = Double(min(batch ?? d.count, d.count))
    var bytes = 4 * e * b * MemoryEstimates.widths(h.network.spec)
    var knob = "use a smaller batch"
    if case .natural(_, _, .exact) = optimizer {
      let p = Double(h.network.parameterCount)
      bytes += 3 * e * p * p + e * b * Double(h.network.spec.outputFeatures) * p
      knob = "use natural(fisher: block_diagonal) or kfac, or a smaller net"
    }
    try budget(bytes, "training '\(h.name)' with batches of \(Int(b)) points", knob: knob, at: span)
  }
}
