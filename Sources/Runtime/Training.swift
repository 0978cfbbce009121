import Diagnostics
import Engine
import Foundation
import Lexer
import Report
import Semantics

extension Interpreter {
  // MARK: - net

  /// Builds the Engine network of a `net` block; sizes are evaluated now (they may name lets and
  /// sweep variables), weights are drawn from the net's own random stream.
  func buildNet(_ n: IRNet) throws -> NetHandle {
    var algebra = Algebra.real
    if let a = n.algebra {
      guard case .algebra(let alg) = try evaluate(a) else { throw RuntimeError(.overNeedsAlgebra, at: a.span) }
      algebra = alg
    }
    let input = try integer(n.input, min: 1, max: 10_000_000, what: "the input size")
    let layers = try n.layers.map { try layerSpec($0, bias: n.bias) }
    let initializer = try n.initializer.map { try Options.initializer($0, self) } ?? .glorot(uniform: false)
    let param = n.parametrization
    let spec = NetworkSpec(
      inputUnits: input, algebra: algebra, layers: layers, initializer: initializer, parametrization: param,
      readout: n.readout ?? .all)
    try checkNetMemory(spec, name: n.name, at: n.span)
    var rng = stream("net:" + n.name)
    do {
      return NetHandle(name: n.name, network: try Network(spec: spec, rng: &rng), autoReadout: n.readout == nil)
    } catch {
      throw RuntimeError(.cannotBuildNet(n.name, reason: "\(error)"), at: n.span)
    }
  }

  func layerSpec(_ l: IRLayer, bias: Bool) throws -> LayerSpec {
    switch l {
    case .dense(let units, let act, let b, let fixed, let augmented, let initializer, _):
      let u = try integer(units, min: 1, max: 10_000_000, what: "a layer size")
      return .dense(
        units: u, activation: try Options.activation(act, self), bias: b && bias, fixed: fixed, augmented: augmented,
        initializer: try initializer.map { try Options.initializer($0, self) })
    case .residual(let span, let body, let drop, _):
      let k = try integer(span, min: 1, max: 2, what: "a residual span")
      let p = try drop.map { try number($0) } ?? 0
      return .residual(span: k, body: try body.map { try layerSpec($0, bias: bias) }, dropProbability: p)
    case .dropout(let p, _):
      return .dropout(try number(p))
    case .batchnorm:
      return .batchnorm
    }
  }

  // MARK: - train

  func executeTrain(_ t: IRTrain) throws {
    guard case .net(let h)? = value(of: t.net) else {
      throw RuntimeError(.notANetHere(t.net), at: t.netSpan)
    }
    let d = try dataset(t.data)
    try checkInput(h, d, at: t.data.span)
    let loss = try t.loss.map { try Options.loss($0, self) } ?? h.loss
    try h.adaptReadout(to: d, loss: loss)
    try checkTargets(h, d, loss: loss, at: t.data.span)
    var (optimizer, autoRate) = try t.optimizer.map { try Options.optimizer($0, self) } ?? (.gd(lr: 0.1), false)
    if autoRate {
      // lr: auto = half the stability bound 2/λmax(G) of the loss's curvature at the start (LearningRateBound).
      guard let top = curvatureMaxEigenvalue(h.network, x: d.x, loss: loss) else {
        throw RuntimeError(
          .autoRateNeedsCurvature(loss: loss.scriptName), at: t.span,
          fixIt: "give the learning rate as a number")
      }
      guard top.isFinite, top > 0 else {
        throw RuntimeError(.autoRateZeroCurvature(Table.format(top)), at: t.span)
      }
      optimizer = optimizer.withLearningRate(1 / top)
      output(
        "train \(t.net): lr auto = \(Table.format(1 / top)) (half the stability bound 2/λmax, λmax = \(Table.format(top)))\n"
      )
    }
    let schedule = try t.schedule.map { try Options.schedule($0, self) } ?? .constant
    let escapeTol = try t.escape.map { try number($0, "tol") }
    var escapes = 0
    var batchSize: Int?
    if case .size(let e)? = t.batch { batchSize = try integer(e, min: 1, max: 100_000_000, what: "the batch size") }
    let epochs = try t.epochs.map { try integer($0, min: 0, max: 1_000_000_000, what: "epochs") } ?? 100
    let intervals = try t.every.map { try integer($0.interval, min: 1, max: 1_000_000_000, what: "'every'") }
    try checkTrainingMemory(h, d, batch: batchSize, optimizer: optimizer, at: t.span)
    let config = TrainConfig(
      loss: loss, optimizer: optimizer, batchSize: batchSize, epochs: epochs, schedule: schedule)
    h.loss = loss
    var log: [[Cell]] = []
    let columns = ["epoch"] + t.every.flatMap { $0.items.map { $0.label ?? sourceText($0.expr.span) } }
    var rng = stream("train:" + t.net)
    var escapeRng = stream("escape:" + t.net)
    let bar = progress ? ProgressBar(total: epochs, label: "train \(t.net)") : nil
    var failure: Error?
    let startParameters = h.network.parameters
    // Inside a sweep a cancel belongs to the whole sweep: it is neither cleared here nor below.
    let inSweep = sweepRows != nil
    if !inSweep { cancellation.reset() }
    // Counted as running, so that a Ctrl-C now stops the training rather than the process.
    cancellation.enterInterruptible()
    defer { cancellation.leaveInterruptible() }
    do {
      _ = try Engine.train(h.network, x: d.x, y: d.y, config: config, rng: &rng) { epoch, epochLoss in
        h.history.epochLoss.append(epochLoss)
        bar?.update(epoch)
        if let tol = escapeTol {
          let moved = escapeSingularities(h.network, tol: tol, rng: &escapeRng)
          if moved > 0 {
            escapes += 1
            h.history.log("escaped units", epoch: epoch, value: Double(moved))
          }
        }
        do {
          if intervals.contains(where: { epoch % $0 == 0 }) {
            var row: [Cell] = [.integer(epoch)]
            for (k, every) in zip(intervals, t.every) {
              for item in every.items {
                guard epoch % k == 0 else {
                  row.append(.empty)
                  continue
                }
                let v = try evaluate(item.expr)
                h.history.log(item.label, sourceText(item.expr.span), v, epoch: epoch)
                row.append(try cell(v, at: item.expr.span))
              }
            }
            log.append(row)
          }
          if let stop = t.stop, case .boolean(true) = try evaluate(stop) { return false }
        } catch {
          failure = error
          return false
        }
        return !cancellation.isCancelled
      }
    } catch EngineError.diverged(let epoch, let lossValue) {
      bar?.finish()
      throw RuntimeError(
        .trainingDiverged(t.net, epoch: epoch, reason: Divergence.reason(lossValue)), at: t.span,
        fixIt: "try a smaller learning rate" + suggestedRate(h, startParameters, d, loss))
    } catch {
      bar?.finish()
      throw RuntimeError(.trainingFailed(t.net, reason: "\(error)"), at: t.span)
    }
    bar?.finish()
    if let failure { throw failure }
    if !log.isEmpty { emit(Table(columns: columns, rows: log, title: "train \(t.net)")) }
    if escapes > 0 {
      output("train \(t.net): escaped a singular region \(escapes) time\(escapes == 1 ? "" : "s") (Nitta)\n")
    }
    if cancellation.isCancelled {
      if !inSweep { cancellation.reset() }
      stoppedByInterrupt = true
      output("training of '\(t.net)' interrupted after epoch \(h.history.epochLoss.count)\n")
    }
  }

  /// ", e.g. lr: 0.01 (…)": half the stability bound at the parameters this training started from — the
  /// weights of the diverged run are astronomically large by the time it is detected, and the bound there
  /// says nothing about the run the user will try next. Empty when the bound cannot be computed.
  func suggestedRate(_ h: NetHandle, _ start: [Double], _ d: Dataset, _ loss: Loss) -> String {
    let net = h.network.copy()
    guard (try? net.setParameters(start)) != nil, let bound = learningRateBound(net, x: d.x, loss: loss),
      bound.isFinite, bound > 0
    else { return "" }
    return ", e.g. lr: \(Table.format(bound / 2)) (half the stability bound lr_bound = \(Table.format(bound)) "
      + "at the weights training started from)"
  }

  /// Targets must fit the net's outputs: same count for mse, class labels below the output count for
  /// cross-entropy.
  func checkTargets(_ h: NetHandle, _ d: Dataset, loss: Loss, at span: SourceSpan) throws {
    let outputs = h.network.spec.outputFeatures
    switch loss {
    case .crossEntropy where outputs == 1:
      if let bad = d.y.data.first(where: { !($0 >= 0 && $0 <= 1) }) {
        throw RuntimeError(
          .binaryLabels(net: h.name, data: d.name, found: Table.format(bad)), at: span,
          fixIt: "use labels 0 and 1, or give the net one output per class")
      }
    case .crossEntropy:
      guard d.y.cols == 1 else { break }
      var largest = 0
      for r in 0..<d.count {
        guard let k = WholeNumber.exact(d.y[r, 0]), k >= 0 else {
          throw RuntimeError(
            .classLabels(data: d.name, target: Table.format(d.y[r, 0]), row: r + 1), at: span,
            fixIt: "use loss mse for regression targets")
        }
        largest = max(largest, k)
      }
      if largest >= outputs {
        throw RuntimeError(
          .labelsBeyondOutputs(data: d.name, largest: largest, net: h.name, outputs: outputs), at: span,
          fixIt: "give the last dense layer \(largest + 1) units")
      }
    default:
      if d.y.cols != outputs {
        throw RuntimeError(
          .targetsPerPoint(net: h.name, outputs: outputs, data: d.name, targets: d.y.cols), at: span)
      }
    }
  }
}

/// A progress bar on stderr (only constructed when stderr is a terminal). Parallel sweep iterations
/// update it from several threads, hence the lock.
final class ProgressBar: @unchecked Sendable {
  let total: Int
  let label: String
  var last = -1
  let lock = NSLock()

  init(total: Int, label: String) {
    self.total = max(1, total)
    self.label = label
  }

  func update(_ done: Int) {
    lock.lock()
    defer { lock.unlock() }
    let pct = done * 100 / total
    guard pct != last else { return }
    last = pct
    let filled = pct * 30 / 100
    let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: 30 - filled)
    FileHandle.standardError.write("\r\(label) \(bar) \(pct)%".data(using: .utf8)!)
  }

  func finish() { FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!) }
}
