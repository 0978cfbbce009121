/// What `train` does: loss, optimizer, minibatch size (nil = full batch), epochs and schedule.
public struct TrainConfig: Sendable, Hashable {
  public var loss: Loss
  public var optimizer: OptimizerSpec
  public var batchSize: Int?
  public var epochs: Int
  public var schedule: Schedule

  public init(
    loss: Loss = .mse, optimizer: OptimizerSpec, batchSize: Int? = nil, epochs: Int, schedule: Schedule = .constant
  ) {
    self.loss = loss
    self.optimizer = optimizer
    self.batchSize = batchSize
    self.epochs = epochs
    self.schedule = schedule
  }
}

/// Trains `net` in place and returns the per-epoch training loss (the sample-weighted mean of the
/// minibatch losses of the epoch, each measured before its update, in training mode).
///
/// Each epoch visits the samples in a fresh permutation drawn from `rng` (full batch: in order) and takes
/// one step per minibatch; the last minibatch may be smaller. `onEpoch(epoch, loss)` (epoch 1-based)
/// runs after every epoch and returns false to stop early (logging, `stop when`, Ctrl-C). The same
/// seed gives bit-identical results. Throws `EngineError.diverged(epoch:loss:)` when the loss or the
/// parameters stop being finite, or the loss grows past `Divergence.growth` times its first value, whatever
/// the optimizer — the net then keeps the parameters of the last epoch before that.
/// ("first value" = the loss at the parameters training starts from.)
///
/// ```swift
/// let history = try train(net, x: x, y: y, config: TrainConfig(optimizer: .gd(lr: 0.1), epochs: 100),
///                         rng: &rng) { _, _ in true }
/// ```
public func train(
  _ net: Network, x: Matrix, y: Matrix, config: TrainConfig, rng: inout RandomSource,
  onEpoch: (Int, Double) -> Bool
) throws -> [Double] {
  try net.validate(x: x, y: y, loss: config.loss)
  try config.optimizer.validate()
  try config.schedule.validate()
  guard config.epochs >= 0 else { throw EngineError.invalid("epochs must be ≥ 0, found \(config.epochs)") }
  let n = x.rows
  guard n > 0 else { throw EngineError.invalid("cannot train on an empty dataset") }
  let batch = min(config.batchSize ?? n, n)
  guard batch >= 1 else { throw EngineError.invalid("batch size must be at least 1, found \(config.batchSize ?? 0)") }

  let state = OptimizerState(spec: config.optimizer, parameterCount: net.parameterCount)
  var history: [Double] = []
  history.reserveCapacity(config.epochs)
  var lastGood = net.storage
  var xb = Matrix(rows: 0, cols: x.cols)
  var yb = Matrix(rows: 0, cols: y.cols)
  let baseLR = config.optimizer.learningRate
  // The reference for `Divergence`: the loss before any update (a minibatch epoch's mean already
  // contains updates).
  let initialLoss = config.epochs > 0 ? net.loss(x, y, loss: config.loss) : 0

  for epoch in 0..<config.epochs {
    let lr = baseLR * config.schedule.factor(epoch: epoch, of: config.epochs)
    var total = 0.0
    if batch == n {
      total = try trainingStep(net, x, y, config.loss, state, lr, &rng) * Double(n)
    } else {
      let order = rng.permutation(n)
      var start = 0
      while start < n {
        let end = min(start + batch, n)
        gather(x, order, start, end, into: &xb)
        gather(y, order, start, end, into: &yb)
        total += try trainingStep(net, xb, yb, config.loss, state, lr, &rng) * Double(end - start)
        start = end
      }
    }
    let epochLoss = total / Double(n)
    let finiteParameters = net.storage.allSatisfy(\.isFinite)
    if !finiteParameters || Divergence.hasDiverged(epochLoss, first: initialLoss) {
      net.storage = lastGood
      throw EngineError.diverged(epoch: epoch + 1, loss: finiteParameters ? epochLoss : .nan)
    }
    lastGood.withUnsafeMutableBufferPointer { dst in
      net.storage.withUnsafeBufferPointer { src in for e in 0..<src.count { dst[e] = src[e] } }
    }
    history.append(epochLoss)
    let keepGoing: Bool
    if state.reportsAverage {
      let current = net.storage
      net.storage.replaceSubrange(0..<net.parameterCount, with: state.average[0..<net.parameterCount])
      keepGoing = onEpoch(epoch + 1, epochLoss)
      if keepGoing { net.storage = current }
    } else {
      keepGoing = onEpoch(epoch + 1, epochLoss)
    }
    if !keepGoing { return history }
  }
  if state.reportsAverage {
    net.storage.replaceSubrange(0..<net.parameterCount, with: state.average[0..<net.parameterCount])
  }
  return history
}

private func trainingStep(
  _ net: Network, _ x: Matrix, _ y: Matrix, _ loss: Loss, _ state: OptimizerState, _ lr: Double,
  _ rng: inout RandomSource
) throws -> Double {
  let v = net.computeGradient(x, y, loss: loss, training: true, rng: &rng)
  try state.step(net, lr: lr, x: x, y: y, loss: loss, rng: &rng)
  return v
}

/// Rows order[start..<end] of `a` into `out` (reusing its storage when the size repeats).
private func gather(_ a: Matrix, _ order: [Int], _ start: Int, _ end: Int, into out: inout Matrix) {
  let c = a.cols
  out.reshape(end - start, c)
  out.data.withUnsafeMutableBufferPointer { o in
    a.data.withUnsafeBufferPointer { src in
      for r in start..<end {
        let s = order[r] * c
        let d = (r - start) * c
        for j in 0..<c { o[d + j] = src[s + j] }
      }
    }
  }
}
