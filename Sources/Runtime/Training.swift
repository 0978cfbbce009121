import Engine
import Foundation
import Lexer

extension Interpreter {
  // MARK: - net

  /// Builds the Engine network of a `net` block; sizes are evaluated now (they may name lets and
  /// sweep variables), weights are drawn from the net's own random stream.
  func buildNet(_ n: IRNet) throws -> NetHandle {
    var algebra = Algebra.real
    if let a = n.algebra {
      guard case .algebra(let alg) = try evaluate(a) else { throw RuntimeError("'over' needs an algebra", at: a.span) }
      algebra = alg
    }
    let input = try integer(n.input, min: 1, max: 10_000_000, what: "the input size")
    let layers = try n.layers.map { try layerSpec($0, bias: n.bias) }
    let initializer = try n.initializer.map { try Options.initializer($0, self) } ?? .glorot(uniform: false)
    let param: Parametrization =
      n.parametrization == "ntk" ? .ntk : n.parametrization == "mean_field" ? .meanField : .standard
    let spec = NetworkSpec(
      inputUnits: input, algebra: algebra, layers: layers, initializer: initializer, parametrization: param,
      readout: n.readout == "real" ? .real : .all)
    try checkNetMemory(spec, name: n.name, at: n.span)
    var rng = stream("net:" + n.name)
    do {
      return NetHandle(name: n.name, network: try Network(spec: spec, rng: &rng), autoReadout: n.readout == "auto")
    } catch {
      throw RuntimeError("cannot build net '\(n.name)': \(error)", at: n.span)
    }
  }

  func layerSpec(_ l: IRLayer, bias: Bool) throws -> LayerSpec {
    switch l {
    case .dense(let units, let act, let b, let fixed, let augmented, _):
      let u = try integer(units, min: 1, max: 10_000_000, what: "a layer size")
      return .dense(
        units: u, activation: try Options.activation(act, self), bias: b && bias, fixed: fixed, augmented: augmented)
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
      throw RuntimeError("'\(t.net)' is not a net here", at: t.netSpan)
    }
    let d = try dataset(t.data)
    try checkInput(h, d, at: t.data.span)
    let loss = try t.loss.map { try Options.loss($0, self) } ?? h.loss
    try h.adaptReadout(to: d, loss: loss)
    try checkTargets(h, d, loss: loss, at: t.data.span)
    var (optimizer, autoRate) = try t.optimizer.map { try Options.optimizer($0, self) } ?? (.gd(lr: 0.1), false)
    if autoRate {
      // lr: auto = 1/λmax of the FIM at the start, inside the stability bound η < 2/λmax (Karakida et al.).
      let lmax = fisherMaxEigenvalue(h.network, x: d.x, loss: loss)
      guard lmax.isFinite, lmax > 0 else {
        throw RuntimeError("lr: auto needs a nonzero Fisher information; λmax = \(Table.format(lmax))", at: t.span)
      }
      optimizer = optimizer.withLearningRate(1 / lmax)
      output("train \(t.net): lr auto = \(Table.format(1 / lmax)) (1/λmax, λmax = \(Table.format(lmax)))\n")
    }
    let schedule = try t.schedule.map { try Options.schedule($0, self) } ?? .constant
    let escapeTol = try t.escape.map { try number($0, "tol", default: 0.001) }
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
    // Inside a sweep a Ctrl-C belongs to the whole sweep: it is neither cleared here nor below.
    let inSweep = sweepRows != nil
    if !inSweep { Interrupt.requested = false }
    let wasInterruptible = Interrupt.training
    Interrupt.training = true
    defer { Interrupt.training = wasInterruptible }
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
                if case .number(let x) = v {
                  h.history.log(item.label ?? sourceText(item.expr.span), epoch: epoch, value: x)
                }
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
        return !Interrupt.requested
      }
    } catch EngineError.diverged(let epoch) {
      bar?.finish()
      throw RuntimeError(
        "training of '\(t.net)' diverged at epoch \(epoch): the loss or the weights became NaN or infinite", at: t.span,
        fixIt: "try a smaller learning rate" + suggestedRate(h, d, loss))
    } catch {
      bar?.finish()
      throw RuntimeError("training of '\(t.net)' failed: \(error)", at: t.span)
    }
    bar?.finish()
    if let failure { throw failure }
    if !log.isEmpty { emit(Table(columns: columns, rows: log, title: "train \(t.net)")) }
    if escapes > 0 {
      output("train \(t.net): escaped a singular region \(escapes) time\(escapes == 1 ? "" : "s") (Nitta)\n")
    }
    if Interrupt.requested {
      if !inSweep { Interrupt.requested = false }
      output("training of '\(t.net)' interrupted after epoch \(h.history.epochLoss.count)\n")
    }
  }

  /// ", e.g. lr: 0.01 (= 1/λmax of the FIM at the current weights)" when λmax can be computed.
  func suggestedRate(_ h: NetHandle, _ d: Dataset, _ loss: Loss) -> String {
    let lmax = fisherMaxEigenvalue(h.network, x: d.x, loss: loss)
    guard lmax.isFinite, lmax > 0 else { return "" }
    return ", e.g. lr: \(Table.format(1 / lmax)) (1/λmax of the Fisher information at the current weights)"
  }

  /// Targets must fit the net's outputs: same count for mse, class labels below the output count for
  /// cross-entropy.
  func checkTargets(_ h: NetHandle, _ d: Dataset, loss: Loss, at span: SourceSpan) throws {
    let outputs = h.network.spec.outputFeatures
    switch loss {
    case .crossEntropy:
      guard d.y.cols == 1 else { break }
      var largest = 0
      for r in 0..<d.count {
        guard let k = WholeNumber.exact(d.y[r, 0]), k >= 0 else {
          throw RuntimeError(
            "cross_entropy needs class labels (whole numbers from 0), but data '\(d.name)' has target "
              + "\(Table.format(d.y[r, 0])) in row \(r + 1)", at: span, fixIt: "use loss mse for regression targets")
        }
        largest = max(largest, k)
      }
      if largest >= outputs {
        throw RuntimeError(
          "data '\(d.name)' has class labels up to \(largest) but net '\(h.name)' has \(outputs) outputs", at: span,
          fixIt: "give the last dense layer \(largest + 1) units")
      }
    default:
      if d.y.cols != outputs {
        throw RuntimeError(
          "net '\(h.name)' has \(outputs) outputs but data '\(d.name)' has \(d.y.cols) targets per point", at: span)
      }
    }
  }
}

extension History {
  /// The history as a record: `.loss` (per epoch), `.epochs`, and one member per logged probe.
  var record: Record {
    var fields: [(name: String, value: Value)] = [
      ("epochs", .list(epochLoss.indices.map { .number(Double($0 + 1)) })),
      ("loss", .list(epochLoss.map { .number($0) })),
    ]
    for p in probes { fields.append((p.name, .list(p.points.map { .number($0.value) }))) }
    return Record(kind: "history", fields: fields)
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
