/// Where a backward pass delivers parameter gradients. One traversal serves three needs:
/// - `sum`: the gradient of a loss (Σ over the batch rows) added into `grad`;
/// - `jacobian`: row r of `matrix` (R×P) receives ∂(row r's scalar output)/∂θ — the rows of the batch are
///   (sample, output) pairs whose output sensitivity is a unit vector;
/// - `gram`: `matrix` (R×R) accumulates J Jᵀ layer by layer without forming J (SPEC §7).
final class GradientSink {
  enum Kind { case sum, jacobian, gram }
  var kind: Kind = .sum
  var grad: [Double] = []
  var matrix = Matrix(rows: 0, cols: 0)
  /// When non-nil, dense layers also record their inputs and pre-activation sensitivities (for K-FAC).
  var captures: [(offset: Int, layer: Dense, input: Matrix, delta: Matrix)]?
  /// R×R workspaces of a `gram` pass (the layers' input and sensitivity Grams), reused layer after layer
  /// instead of two fresh matrices (page faults and zeroing) per layer.
  var gramInputs = Matrix(rows: 0, cols: 0)
  var gramSensitivities = Matrix(rows: 0, cols: 0)
  /// Set by a `gram` pass whose every contribution comes from one-dimensional dense layers: those then add
  /// to the upper triangle (j ≥ i) only, and the pass mirrors it once at the end. Their Gram terms are
  /// symmetric entry for entry, so the lower triangle they would have written is those same bits.
  var gramUpperOnly = false
}

/// One compiled layer. Layers own their output and input-gradient buffers and reuse them from step to
/// step (no allocation in the training loop when the batch size does not change); they never keep a
/// reference to their input — the caller passes it again to `backward` — so no buffer is shared and
/// copy-on-write never copies.
protocol Layer: AnyObject {
  var inFeatures: Int { get }
  var outFeatures: Int { get }
  /// Trainable parameters in this layer's slice of the flat vector.
  var parameterCount: Int { get }
  /// Non-trainable state (batch-norm running statistics).
  var stateCount: Int { get }
  /// True when the optimizer must not move this layer's parameters (`fixed`).
  var frozen: Bool { get }
  var output: Matrix { get }
  var gradInput: Matrix { get }

  /// Writes initial parameters into p[0..<parameterCount].
  func initialize(_ p: UnsafeMutablePointer<Double>, rng: inout RandomSource) throws
  func forward(_ x: Matrix, _ p: UnsafePointer<Double>, training: Bool, rng: inout RandomSource)
  /// g = ∂L/∂output; fills `gradInput` when `needInput`, hands parameter gradients to `sink` at `offset`.
  func backward(
    _ g: Matrix, input x: Matrix, _ p: UnsafePointer<Double>, offset: Int, sink: GradientSink, needInput: Bool)
  func readState(_ s: UnsafeMutablePointer<Double>)
  func writeState(_ s: UnsafePointer<Double>)
}

extension Layer {
  var stateCount: Int { 0 }
  func readState(_ s: UnsafeMutablePointer<Double>) {}
  func writeState(_ s: UnsafePointer<Double>) {}
}

extension Matrix {
  /// Makes the matrix rows×cols, reallocating only when the shape changes (contents then undefined).
  @inline(__always) mutating func reshape(_ r: Int, _ c: Int) {
    if rows != r || cols != c { self = Matrix(rows: r, cols: c) }
  }
}
