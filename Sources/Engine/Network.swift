import Dispatch

/// A feed-forward net compiled from a `NetworkSpec`: its layers, one flat parameter vector and the
/// buffers a training step reuses.
///
/// Parameter order (`parameters`): layers in declaration order, residual bodies inline; within a dense
/// layer W, then V (augmented), then the bias (see `Dense`); within batch norm γ then β. Frozen (`fixed`)
/// parameters are part of the vector but always get a zero gradient.
///
/// ```swift
/// var rng = RandomSource(seed: 1)
/// let net = try Network(spec: .mlp([2, 4, 1], activation: .tanh), rng: &rng)
/// let y = net.predict(Matrix([[0, 1]]))   // 1×1
/// ```
public final class Network: @unchecked Sendable {
  public let spec: NetworkSpec
  let activationGroup: Int?
  let chain: LayerChain
  var layers: [Layer] { chain.layers }
  var offsets: [Int] { chain.offsets }
  public var parameterCount: Int { chain.parameterCount }
  var stateCount: Int { chain.stateCount }
  /// The parameters plus one padding entry, so a pointer exists even for P = 0.
  var storage: [Double]
  /// 1 for trainable parameters, 0 for frozen ones.
  let trainable: [Double]
  let sink = GradientSink()
  private var head = Matrix(rows: 0, cols: 0)
  private var gHead = Matrix(rows: 0, cols: 0)
  private var gFull = Matrix(rows: 0, cols: 0)
  /// Whether `computeGradient` may take the row-parallel step (tests turn it off to compare).
  var rowParallelEnabled = true
  /// Whether a Gram pass may accumulate the upper triangle only (`GradientSink.gramUpperOnly`; tests turn
  /// it off to compare).
  var gramUpperEnabled = true

  /// Builds and initialises the net; every layer draws from its own fork of `rng`.
  public convenience init(spec: NetworkSpec, rng: inout RandomSource) throws {
    try self.init(spec: spec, activationGroup: nil, rng: &rng)
  }

  /// `activationGroup` overrides the unit size of unit-wise activations (used by `realify`).
  init(spec: NetworkSpec, activationGroup: Int?, rng: inout RandomSource) throws {
    self.spec = spec
    self.activationGroup = activationGroup
    let built = LayerChain(try NetworkBuilder.build(spec, activationGroup: activationGroup))
    chain = built
    let o = built.parameterCount
    storage = [Double](repeating: 0, count: o + 1)
    var mask = [Double](repeating: 1, count: o + 1)
    for (l, layer) in built.layers.enumerated() { NetworkBuilder.markFrozen(layer, built.offsets[l], &mask) }
    trainable = mask
    let base = rng.fork("network")
    try storage.withUnsafeMutableBufferPointer { p in try built.initialize(p.baseAddress!, rng: base) }
    sink.grad = [Double](repeating: 0, count: o + 1)
  }

  /// A deep copy: same parameters and batch-norm statistics, separate buffers.
  public func copy() -> Network {
    var rng = RandomSource(seed: 0)
    // The spec was valid when self was built, so building it again cannot fail.
    let c = try! Network(spec: spec, activationGroup: activationGroup, rng: &rng)
    c.storage = storage
    c.state = state
    return c
  }

  /// The flat parameter vector (a copy). Setting requires exactly `parameterCount` values.
  public var parameters: [Double] {
    get { Array(storage[0..<parameterCount]) }
    set {
      precondition(newValue.count == parameterCount, "parameter count mismatch")
      storage.replaceSubrange(0..<parameterCount, with: newValue)
    }
  }

  /// Replaces the parameters, checking the count (for values that come from files or scripts).
  public func setParameters(_ values: [Double]) throws {
    guard values.count == parameterCount else {
      throw EngineError.shapeMismatch("the net has \(parameterCount) parameters but \(values.count) values were given")
    }
    parameters = values
  }

  /// True for each parameter the optimizer may move (false for `fixed` layers).
  public var trainableMask: [Bool] { trainable[0..<parameterCount].map { $0 != 0 } }

  /// Non-trainable state: batch-norm running means then variances, layer by layer.
  public var state: [Double] {
    get {
      var s = [Double](repeating: 0, count: stateCount + 1)
      s.withUnsafeMutableBufferPointer { sp in chain.readState(sp.baseAddress!) }
      return Array(s[0..<stateCount])
    }
    set {
      precondition(newValue.count == stateCount, "state count mismatch")
      let padded = newValue + [0]
      padded.withUnsafeBufferPointer { sp in chain.writeState(sp.baseAddress!) }
    }
  }

  /// Checks that data fit the net: x has `inputFeatures` columns, y (if given) as many rows and columns
  /// that suit `loss`. Call before `predict`/`lossAndGradient` on data from a user.
  public func validate(x: Matrix, y: Matrix? = nil, loss: Loss? = nil) throws {
    guard x.cols == spec.inputFeatures else {
      let k = spec.algebra.dimension
      throw EngineError.shapeMismatch(
        "the net takes \(spec.inputFeatures) real input features (\(spec.inputUnits) × \(k) for \(spec.algebra.name)) "
          + "but the data have \(x.cols)")
    }
    if let y {
      guard y.rows == x.rows else {
        throw EngineError.shapeMismatch("inputs have \(x.rows) rows but targets have \(y.rows)")
      }
      try (loss ?? .mse).validate(outputs: spec.outputFeatures, targets: y)
    }
  }

  /// Outputs in evaluation mode (no dropout, running batch-norm statistics): N×inputFeatures → N×outputFeatures.
  public func predict(_ x: Matrix) -> Matrix {
    var rng = RandomSource(seed: 0)
    runForward(x, training: false, rng: &rng)
    return headOutput(fused: nil)
  }

  /// The loss in evaluation mode.
  public func loss(_ x: Matrix, _ y: Matrix, loss: Loss) -> Double {
    var rng = RandomSource(seed: 0)
    runForward(x, training: false, rng: &rng)
    let fused = fusedLayer(loss)
    return loss.value(headOutput(fused: fused), y)
  }

  /// Loss and its gradient with respect to `parameters` (zero on frozen parameters). `training` turns on
  /// dropout, stochastic depth and batch statistics, drawing from `rng`.
  public func lossAndGradient(_ x: Matrix, _ y: Matrix, loss: Loss, training: Bool, rng: inout RandomSource) -> (
    loss: Double, gradient: [Double]
  ) {
    let v = computeGradient(x, y, loss: loss, training: training, rng: &rng)
    return (v, Array(sink.grad[0..<parameterCount]))
  }

  /// One forward/backward pass leaving ∂L/∂θ in `sink.grad` (the allocation-free training path).
  func computeGradient(_ x: Matrix, _ y: Matrix, loss: Loss, training: Bool, rng: inout RandomSource) -> Double {
    if rowParallel(x) { return rowParallelGradient(x, y, loss: loss) }
    runForward(x, training: training, rng: &rng)
    let fused = fusedLayer(loss)
    let out = headOutput(fused: fused)
    let v = loss.evaluate(out, y, gradient: &gHead, wantGradient: true)
    sink.kind = .sum
    if sink.grad.count != parameterCount + 1 { sink.grad = [Double](repeating: 0, count: parameterCount + 1) }
    sink.grad.withUnsafeMutableBufferPointer { g in for e in 0..<g.count { g[e] = 0 } }
    runBackward(x, gHead, fused: fused)
    return v
  }

  func runForward(_ x: Matrix, training: Bool, rng: inout RandomSource) {
    storage.withUnsafeBufferPointer { p in chain.forward(x, p.baseAddress!, training: training, rng: &rng) }
  }

  /// Backward from ∂L/∂(head output), parameter gradients to `sink` in its current mode.
  func runBackward(_ x: Matrix, _ g: Matrix, fused: Dense?) {
    let last = layers[layers.count - 1]
    let upstream: Matrix
    if let readout = realReadout {
      readout.spread(g, features: last.outFeatures, into: &gFull)
      upstream = gFull
    } else {
      upstream = g
    }
    fused?.skipActivation = true
    defer { fused?.skipActivation = false }
    storage.withUnsafeBufferPointer { p in
      chain.backward(upstream, input: x, p.baseAddress!, offset: 0, sink: sink, needInput: false)
    }
  }

  var readsRealPart: Bool { spec.readout == .real && spec.algebra.dimension > 1 }

  /// The real-part readout when the net has one (`readout real` over an algebra), else nil.
  var realReadout: RealReadout? { readsRealPart ? RealReadout(k: spec.algebra.dimension) : nil }

  /// The last dense layer when `loss` fuses with its activation (softmax + cross-entropy, sigmoid + logistic).
  func fusedLayer(_ loss: Loss) -> Dense? {
    guard let act = loss.fusedActivation(outputs: spec.outputFeatures), let d = layers.last as? Dense,
      d.activation == act
    else { return nil }
    return readsRealPart ? nil : d
  }

  /// The output the loss sees: the last layer's output (or pre-activation when fused) after the readout.
  func headOutput(fused: Dense?) -> Matrix {
    let source = fused?.z ?? layers[layers.count - 1].output
    guard let readout = realReadout else { return source }
    readout.read(source, into: &head)
    return head
  }
}

// MARK: The row-parallel step

extension Network {
  /// Forward multiply-adds per step from which `computeGradient` runs the row-parallel step: the split
  /// GEMMs' threshold (`BLAS.splitThreshold`).
  static let rowParallelThreshold = 1 << 20

  /// Whether `computeGradient` on x takes the row-parallel step: two cores, a net of dense layers only
  /// (no dropout, batch norm or residual blocks, whose training passes draw or reduce over the batch), at
  /// least 16 rows, and at least `rowParallelThreshold` forward multiply-adds.
  func rowParallel(_ x: Matrix) -> Bool {
    guard rowParallelEnabled, BLAS.cores > 1, sink.captures == nil, x.rows >= 16 else { return false }
    var work = 0
    for layer in layers {
      guard let d = layer as? Dense, d.inFeatures > 0, d.outFeatures > 0 else { return false }
      work += x.rows * d.inFeatures * d.outFeatures
    }
    return work >= Self.rowParallelThreshold
  }

  /// `computeGradient` with the rows in two halves on two cores: each half runs the forward of every
  /// layer, then (after the loss, on the whole output) the row-local part of every backward — ∂L/∂z and
  /// ∂L/∂x — and only the parameter gradients, sums over all rows, wait for both halves (their GEMMs
  /// split by `BLAS.gemm` as before). Every row goes through the operations of the one-thread path, and
  /// a GEMM over a row range gives its rows the whole product's bits, so the loss and the gradient are
  /// bit-identical to it (`rowParallelStepEqualsTheSerialOne`); two hand-offs a step instead of one per
  /// GEMM, and the elementwise work on both cores.
  private func rowParallelGradient(_ x: Matrix, _ y: Matrix, loss: Loss) -> Double {
    let n = x.rows
    let dense = layers.map { $0 as! Dense }
    let cut = BLAS.splitPoint(n)
    let halves = [0..<cut, cut..<n]
    let fused = fusedLayer(loss)
    let readout = realReadout
    let offsets = self.offsets
    return storage.withUnsafeBufferPointer { pb in
      let p = UnsafeSendable(pb.baseAddress!)
      for (l, d) in dense.enumerated() { d.prepareRows(rows: n, needInput: l > 0, p.value + offsets[l]) }
      x.data.withUnsafeBufferPointer { xb in
        let input = UnsafeSendable(xb.baseAddress!)
        Self.withRowBuffers(dense[...], []) { buffers in
          let parts = RowParts(dense: dense, buffers: buffers)
          DispatchQueue.concurrentPerform(iterations: 2) { half in
            for (l, d) in parts.dense.enumerated() {
              let below = l == 0 ? input.value : UnsafePointer(parts.buffers[l - 1].a)
              d.forwardRows(below, p.value + offsets[l], parts.buffers[l], halves[half])
            }
          }
        }
      }
      let out = headOutput(fused: fused)
      let v = loss.evaluate(out, y, gradient: &gHead, wantGradient: true)
      sink.kind = .sum
      if sink.grad.count != parameterCount + 1 { sink.grad = [Double](repeating: 0, count: parameterCount + 1) }
      sink.grad.withUnsafeMutableBufferPointer { g in for e in 0..<g.count { g[e] = 0 } }
      if let readout { readout.spread(gHead, features: dense[dense.count - 1].outFeatures, into: &gFull) }
      let upstream = readout == nil ? gHead : gFull
      fused?.skipActivation = true
      defer { fused?.skipActivation = false }
      upstream.data.withUnsafeBufferPointer { top in
        let head = UnsafeSendable(top.baseAddress!)
        Self.withRowBuffers(dense[...], []) { buffers in
          let parts = RowParts(dense: dense, buffers: buffers)
          DispatchQueue.concurrentPerform(iterations: 2) { half in
            for l in stride(from: parts.dense.count - 1, through: 0, by: -1) {
              let g = l == parts.dense.count - 1 ? head.value : UnsafePointer(parts.buffers[l + 1].gradInput!)
              parts.dense[l].backwardRows(g, p.value + offsets[l], parts.buffers[l], halves[half])
            }
          }
        }
      }
      for l in stride(from: dense.count - 1, through: 0, by: -1) {
        dense[l].accumulateRows(l == 0 ? x : dense[l - 1].output, offset: offsets[l], sink: sink)
      }
      return v
    }
  }

  /// Calls body with the row buffers of every layer in `rest` after those `taken`, each layer's
  /// addresses valid for the call (one nested scope per layer).
  private static func withRowBuffers(
    _ rest: ArraySlice<Dense>, _ taken: [DenseRows], _ body: ([DenseRows]) -> Void
  ) {
    guard let d = rest.first else { return body(taken) }
    d.withRowBuffers(needInput: !taken.isEmpty) { withRowBuffers(rest.dropFirst(), taken + [$0], body) }
  }
}

/// The layers and their buffers, handed to both halves (which write disjoint rows).
private struct RowParts: @unchecked Sendable {
  let dense: [Dense]
  let buffers: [DenseRows]
}
