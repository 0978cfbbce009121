import ArgumentParser
import Engine
import Foundation

/// `nns bench [W0|W1|W2|W3|S|SCM|sinkhorn|C|H64|H256|scaling|all] [--json]` — the performance workloads of `peers/README.md`, built with the
/// Engine API exactly as the peers build them (architecture, data, learning rate, epochs, N(0, 1/fan_in)
/// weights with zero biases). Only the workload is timed, never its set-up. `bench/compare.py` runs this
/// beside the peers and prints the ratios; `--init` takes the NumPy peer's initial weights (and W2 inputs)
/// so the check values agree with NumPy's to rounding.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Time the benchmark workloads W0–W3, S, SCM, sinkhorn, C, H64, H256 and scaling (see docs/benchmarks.md)."
  )

  @ArgumentParser.Argument(help: "W0, W1, W2, W3, S, SCM, sinkhorn, C, H64, H256, scaling or all.")
  var workload = "all"
  @Flag(help: "Print one JSON object per workload instead of a table.") var json = false
  @Option(
    help:
      "JSON file of initial parameters and inputs {W0, W1, W2, W2x, SKx, SKy, C, H64, H256, Hx, Hy: [...]} (bench/compare.py)."
  )
  var initial: String?

  static let names = ["W0", "W1", "W2", "W3", "S", "SCM", "sinkhorn", "C", "H64", "H256", "scaling"]

  func validate() throws {
    guard workload == "all" || Self.names.contains(workload) else {
      throw ValidationError(
        "unknown workload '\(workload)': expected one of \(Self.names.joined(separator: ", ")) or all")
    }
  }

  func run() throws {
    let given = try initial.map(Self.readInitial) ?? [:]
    // OpenBLAS and LAPACKE load on first use; the peers have loaded theirs (import numpy, jax) before they
    // time anything, so NNS loads them before its timings too.
    BLAS.preload()
    var results: [[String: Any]] = []
    for name in Self.names where workload == "all" || workload == name {
      let rows: [[String: Any]]
      switch name {
      case "W0": rows = [try Self.w0(given["W0"])]
      case "W1": rows = [try Self.w1(given["W1"])]
      case "W2": rows = [try Self.w2(given["W2"], given["W2x"], spectrum: false)]
      case "W3": rows = [try Self.w2(given["W2"], given["W2x"], spectrum: true)]
      case "SCM": rows = [try Self.scmTheory()]
      case "sinkhorn": rows = [try Self.sinkhornWorkload(given["SKx"], given["SKy"])]
      case "C": rows = [try Self.complexGD(given["C"])]
      case "H64": rows = [try Self.hessianWorkload(name, width: 64, given["H64"], given["Hx"], given["Hy"])]
      case "H256": rows = [try Self.hessianWorkload(name, width: 256, given["H256"], given["Hx"], given["Hy"])]
      case "scaling": rows = try Self.scaling()
      default: rows = [try Self.startup()]
      }
      for r in rows {
        if json {
          let data = try JSONSerialization.data(withJSONObject: r, options: [.sortedKeys])
          FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
          results.append(r)
        }
      }
    }
    if !json { print(Self.table(results), terminator: "") }
  }

  // MARK: workloads

  /// W0: full-batch GD, 2-12-12-1 tanh, MSE, lr 0.1, 10 000 epochs, Wieland's spirals scaled to the unit disc.
  static func w0(_ initial: [Double]?) throws -> [String: Any] {
    var rng = RandomSource(seed: 0)
    let d = try Datasets.twoSpirals(rng: &rng)
    // The peers list spiral 1 then its mirror image; the generator interleaves them.
    let order = Array(stride(from: 0, to: d.count, by: 2)) + Array(stride(from: 1, to: d.count, by: 2))
    let x = 1 / 6.5 * d.x.rows(order)
    return try trainGD(
      "W0", x: x, y: d.y.rows(order), spec: nil, widths: [2, 12, 12, 1], epochs: 10_000, initial: initial)
  }

  /// W1: full-batch GD, 2-64-64-1 tanh, MSE, lr 0.1, 1 000 epochs on the peers' 1 000-point spiral.
  static func w1(_ initial: [Double]?) throws -> [String: Any] {
    let (x, y) = spiral(1000)
    return try trainGD("W1", x: x, y: y, spec: nil, widths: [2, 64, 64, 1], epochs: 1000, initial: initial)
  }

  /// The peers' `spiral(n)`: t = linspace(0, 1, n/2), θ = 6πt, points t(cos θ, sin θ) (label 1) and their
  /// negations (label 0).
  static func spiral(_ n: Int) -> (Matrix, Matrix) {
    let m = n / 2
    var x = Matrix(rows: 2 * m, cols: 2)
    var y = Matrix(rows: 2 * m, cols: 1)
    for i in 0..<m {
      let t = m == 1 ? 0 : Double(i) / Double(m - 1)
      let th = 2 * Double.pi * 3 * t
      x[i, 0] = t * cos(th)
      x[i, 1] = t * sin(th)
      x[m + i, 0] = -x[i, 0]
      x[m + i, 1] = -x[i, 1]
      y[i, 0] = 1
    }
    return (x, y)
  }

  /// Full-batch GD with lr 0.1 under MSE of `spec` (default: the real tanh MLP of `widths`).
  static func trainGD(
    _ name: String, x: Matrix, y: Matrix, spec: NetworkSpec?, widths: [Int], epochs: Int, initial: [Double]?
  ) throws -> [String: Any] {
    let net = try peerNet(spec ?? .mlp(widths, activation: .tanh), widths, initial)
    // The loss after one epoch on a copy (untimed): a check of the gradient that stays comparable with
    // the peers' when the final loss is not (long runs amplify rounding differences; see docs/benchmarks.md).
    let first = net.copy()
    var firstRng = RandomSource(seed: 0)
    let one = TrainConfig(loss: .mse, optimizer: .gd(lr: 0.1), epochs: 1)
    _ = try train(first, x: x, y: y, config: one, rng: &firstRng) { _, _ in true }
    let config = TrainConfig(loss: .mse, optimizer: .gd(lr: 0.1), epochs: epochs)
    var rng = RandomSource(seed: 0)
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try train(net, x: x, y: y, config: config, rng: &rng) { _, _ in true }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    return [
      "workload": name, "seconds": seconds, "us_per_epoch": seconds / Double(epochs) * 1e6,
      "final_loss": net.loss(x, y, loss: .mse), "loss_1": first.loss(x, y, loss: .mse),
    ]
  }

  /// W2 (`spectrum: false`): the empirical NTK Gram matrix of a 10-512-512-1 ReLU net on 500 Gaussian inputs.
  /// W3 (`spectrum: true`): the Fisher spectrum of the same net, the eigenvalues of K/N. Median of 5 runs
  /// after one warm-up.
  static func w2(_ initial: [Double]?, _ inputs: [Double]?, spectrum: Bool) throws -> [String: Any] {
    let widths = [10, 512, 512, 1]
    var rng = RandomSource(seed: 1)
    var x = try Datasets.gaussian(dim: 10, n: 500, rng: &rng).x
    if let inputs { x = Matrix(rows: 500, cols: 10, data: inputs) }
    let net = try peerNet(.mlp(widths, activation: .relu), widths, initial)
    var times: [Double] = []
    var check: [String: Any] = [:]
    for rep in 0..<6 {
      let start = DispatchTime.now().uptimeNanoseconds
      if spectrum {
        let ev = fisherEigenvalues(net, x: x, loss: .mse).values
        check = ["lambda_max": ev.first ?? 0, "mean": ev.reduce(0, +) / Double(net.parameterCount)]
      } else {
        check = ["trace": ntkGram(net, x).trace]
      }
      if rep > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9) }
    }
    return check.merging(["workload": spectrum ? "W3" : "W2", "seconds": median(times)]) { a, _ in a }
  }

  /// Sinkhorn's parameters in the benchmark, shared with POT's `ot.sinkhorn2` in bench/compare.py.
  static let sinkhornPoints = 1000
  static let sinkhornEpsilon = 0.05
  static let sinkhornTolerance = 1e-9
  static let sinkhornIterations = 10_000

  /// sinkhorn: entropic OT between two clouds of 1 000 points uniform in the unit square (squared
  /// Euclidean cost, ε 0.05, marginal tolerance 1e-9), cost included; median of 3 after one warm-up.
  static func sinkhornWorkload(_ xs: [Double]?, _ ys: [Double]?) throws -> [String: Any] {
    let n = sinkhornPoints
    var rng = RandomSource(seed: 3)
    let x = Matrix(rows: n, cols: 2, data: xs ?? (0..<(2 * n)).map { _ in rng.uniform() })
    let y = Matrix(rows: n, cols: 2, data: ys ?? (0..<(2 * n)).map { _ in rng.uniform() })
    var times: [Double] = []
    var check: [String: Any] = [:]
    for rep in 0..<4 {
      let start = DispatchTime.now().uptimeNanoseconds
      let r = try sinkhorn(
        x: x, y: y, epsilon: sinkhornEpsilon, tolerance: sinkhornTolerance, maxIterations: sinkhornIterations)
      if rep > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9) }
      check = ["cost": r.cost, "iterations": Double(r.iterations)]
    }
    return check.merging(["workload": "sinkhorn", "seconds": median(times)]) { a, _ in a }
  }

  /// S: wall time of `nns run` on a one-line script (`print 1`), median of 20 runs after one warm-up. The
  /// child is started with posix_spawn, as a shell would: Foundation's `Process` adds ~30 ms of its own.
  static func startup() throws -> [String: Any] {
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("nns-bench-\(getpid()).nns")
    try "print 1\n".write(to: script, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: script) }
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    let words: [String] = [exe, "run", script.path]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    let variables: [String] = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
    let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
    defer { for p in argv + envp { free(p) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    var times: [Double] = []
    for rep in 0..<21 {
      var pid: pid_t = 0
      var status: Int32 = 0
      let start = DispatchTime.now().uptimeNanoseconds
      guard posix_spawn(&pid, exe, &actions, nil, argv, envp) == 0, waitpid(pid, &status, 0) == pid, status == 0 else {
        throw ValidationError("'nns run' of 'print 1' failed")
      }
      if rep > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9) }
    }
    return ["workload": "S", "seconds": median(times)]
  }

  // MARK: helpers

  /// A net with the peers' initialisation: weights N(0, 1/fan_in), biases 0 (or the given parameters).
  static func peerNet(_ spec: NetworkSpec, _ widths: [Int], _ initial: [Double]?) throws -> Network {
    var rng = RandomSource(seed: 0)
    let net = try Network(spec: spec, rng: &rng)
    if let initial { try net.setParameters(initial); return net }
    var p: [Double] = []
    var draw = RandomSource(seed: 2)
    for (a, b) in zip(widths.dropLast(), widths.dropFirst()) {
      let std = 1 / Double(a).squareRoot()
      p += (0..<(a * b)).map { _ in std * draw.normal() }
      p += [Double](repeating: 0, count: b)
    }
    try net.setParameters(p)
    return net
  }

  static func readInitial(_ path: String) throws -> [String: [Double]] {
    guard let data = FileManager.default.contents(atPath: path),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: [Double]]
    else { throw ValidationError("cannot read initial parameters from '\(path)'") }
    return object
  }

  static func median(_ v: [Double]) -> Double {
    let s = v.sorted()
    return s.isEmpty ? 0 : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }

  static func table(_ results: [[String: Any]]) -> String {
    var out = "workload  time          check\n"
    for r in results {
      let seconds = r["seconds"] as? Double ?? 0
      let time =
        r["us_per_epoch"].map { String(format: "%.1f µs/epoch", $0 as? Double ?? 0) }
        ?? String(format: "%.2f ms", seconds * 1e3)
      let check = r.keys.filter { !["workload", "seconds", "us_per_epoch"].contains($0) }.sorted()
        .map { key in
          let value = r[key].map { ($0 as? Double).map { String(format: "%.10g", $0) } ?? "\($0)" } ?? ""
          return "\(key) \(value)"
        }.joined(separator: ", ")
      out += (r["workload"] as? String ?? "").padding(toLength: 10, withPad: " ", startingAt: 0)
      out += time.padding(toLength: 14, withPad: " ", startingAt: 0) + check + "\n"
    }
    return out
  }
}
