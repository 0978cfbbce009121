import Engine
import Foundation
import Testing

/// The hand-written parser of the common command lines (Sources/nns/FastPath.swift) against ArgumentParser
/// (`NNS_ARGUMENT_PARSER=1` turns the fast path off): the same stdout, stderr and exit code for every
/// command line, the ones it parses and the ones it hands over.
@Suite struct FastPathTests {
  static let dir: URL = {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("nns-fast-\(getpid())")
    try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
  }()

  static func write(_ name: String, _ text: String) throws -> String {
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  static func bothPaths(_ args: [String], stdin: String? = nil) throws -> (
    fast: (code: Int32, out: String, err: String), parser: (code: Int32, out: String, err: String)
  ) {
    let fast = try ExamplesTests.nns(args, stdin: stdin, in: dir)
    let parser = try ExamplesTests.nns(args, stdin: stdin, in: dir, environment: ["NNS_ARGUMENT_PARSER": "1"])
    return (fast, parser)
  }

  static var commandLines: [([String], Int32)] {
    get throws {
      let one = try write("one.nns", "print 1\n")
      let let3 = try write("let.nns", "let w = 3\nprint w\n")
      let bad = try write("bad.nns", "print nope1\nprint nope2\nprint nope3\n")
      let report = dir.appendingPathComponent("r.md").path
      return [
        (["--version"], 0),
        (["run", one], 0),
        (["run", "--quiet", one], 0),
        (["run", let3, "--set", "w=5", "--seed", "7"], 0),
        (["run", let3, "--set", "w"], 2),
        (["run", let3, "--report", report], 0),
        (["run", bad], 1),
        (["run", bad, "--error-limit", "1"], 1),
        (["run", bad, "--error-limit", "-1"], 2),
        (["run", "no/such/file.nns"], 1),
        (["run"], 2),
        (["run", one, one], 2),
        (["run", one, "--seed", "x"], 2),
        (["run", one, "--seed", "-1"], 2),
        (["run", one, "--seed=3"], 0),
        (["run", one, "--bogus"], 2),
        (["run", one, "--quiet", "--quiet"], 0),
        (["run", one, "--shard", "0/2"], 2),
        (["check", one], 0),
        (["check", bad], 1),
        (["check", bad, "--error-limit", "2"], 1),
        (["check"], 2),
        (["ir", one], 0),
        (["ir", one, "--tokens"], 0),
        (["ir", "--ast", one], 0),
        (["ir", bad], 1),
        (["run", "--help"], 0),
        (["--help"], 0),
        (["frobnicate"], 2),
      ]
    }
  }

  @Test func everyCommandLineGivesWhatArgumentParserGives() throws {
    for (args, expected) in try Self.commandLines {
      let (fast, parser) = try Self.bothPaths(args)
      #expect(fast.code == expected, "\(args): exit \(fast.code), expected \(expected); \(fast.err.prefix(500))")
      #expect(fast.code == parser.code, "\(args): exit \(fast.code) vs \(parser.code)")
      #expect(
        fast.out == parser.out, "\(args): stdout differs:\n\(fast.out.prefix(500))\n--\n\(parser.out.prefix(500))")
      #expect(
        fast.err == parser.err, "\(args): stderr differs:\n\(fast.err.prefix(500))\n--\n\(parser.err.prefix(500))")
    }
  }

  @Test func theREPLWithNoArgumentsIsTheSame() throws {
    let (fast, parser) = try Self.bothPaths([], stdin: "let a = 2\nprint a + 1\n")
    #expect(fast.code == 0 && fast.code == parser.code)
    #expect(fast.out.contains("3"), "\(fast.out)")
    #expect(fast.out == parser.out && fast.err == parser.err)
  }

  /// `nns bench H64 --json` prints one well-formed row whose check values are the `hessian` probe's own
  /// summary of the same net and data (the Engine's `hessianSummary`, the probe's seed 5 for Lanczos).
  @Test func benchHessianRowIsTheProbesSummary() throws {
    var rng = RandomSource(seed: 11)
    let widths = [10, 64, 64, 1]
    let net = try Network(spec: .mlp(widths, activation: .tanh), rng: &rng)
    let x = try Datasets.gaussian(dim: 10, n: 40, rng: &rng).x
    let y = (0..<40).map { _ in rng.uniform() }
    let initial: [String: [Double]] = ["H64": net.parameters, "Hx": x.data, "Hy": y]
    let path = Self.dir.appendingPathComponent("initial-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: initial).write(to: path)
    let r = try ExamplesTests.nns(["bench", "H64", "--json", "--initial", path.path])
    #expect(r.code == 0, "\(r.err)")
    let lines = r.out.split(separator: "\n")
    #expect(lines.count == 1)
    let row = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect(row["workload"] as? String == "H64")
    let seconds = try #require(row["seconds"] as? Double)
    #expect(seconds > 0 && seconds.isFinite)
    #expect(row["parameters"] as? Double == Double(net.parameterCount))
    var probeRng = RandomSource(seed: 5)
    let op = HessianOperator(net: net, x: x, y: Matrix(rows: 40, cols: 1, data: y), loss: .mse)
    let s = hessianSummary(op, k: 5, rng: &probeRng)
    // Same code, same seed, so the same bits — up to JSONSerialization, which prints 16 significant
    // digits (not always enough to round-trip): within 2 units of the 16th digit.
    for (key, value) in [("top1", s.top[0]), ("top5", s.top[4]), ("trace", s.trace)] {
      let printed = try #require(row[key] as? Double)
      #expect(abs(printed - value) <= 2e-16 * 10 * abs(value), "\(key): \(printed) vs \(value)")
    }
    // And the top value is an eigenvalue: ‖Hv − λv‖ small for the Ritz vector of an independent run.
    var other = RandomSource(seed: 99)
    let pairs = lanczosEigenpairs(op.apply, dimension: op.dimension, steps: 60, rng: &other)
    let top = try #require(pairs.first)
    #expect(abs(top.value - s.top[0]) <= 1e-8 * abs(top.value), "\(top.value) vs \(s.top[0])")
  }

  @Test func benchRefusesInconsistentInitialData() throws {
    let path = Self.dir.appendingPathComponent("bad-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: ["Hx": [1.0, 2.0, 3.0]]).write(to: path)
    let r = try ExamplesTests.nns(["bench", "H64", "--json", "--initial", path.path])
    #expect(r.code == 2, "\(r.code) \(r.err)")
    #expect(r.err.contains("Hx must hold N·10 values, found 3"), "\(r.err)")
    try JSONSerialization.data(withJSONObject: ["H64": [1.0, 2.0]]).write(to: path)
    let r2 = try ExamplesTests.nns(["bench", "H64", "--json", "--initial", path.path])
    #expect(r2.code == 2 && r2.err.contains("4929 parameters but 2 values"), "\(r2.code) \(r2.err)")
  }
}

/// `nns bench C`'s check value against an independent complex-arithmetic implementation of one epoch of
/// its full-batch GD (split tanh, real readout, MSE, lr 0.1), from weights given with `--initial`.
@Suite struct BenchComplexTests {
  struct C {
    var re: Double
    var im: Double
    static func + (a: C, b: C) -> C { C(re: a.re + b.re, im: a.im + b.im) }
    static func * (a: C, b: C) -> C { C(re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re) }
    var conj: C { C(re: re, im: -im) }
  }

  /// Loss of the 1-64-64-1 net after one GD step, by Wirtinger calculus: for a real loss L of complex z the
  /// descent direction is G = ∂L/∂Re z + i ∂L/∂Im z; for z = a·w, G_w = conj(a)·G_z and G_a = G_z·conj(w).
  static func lossAfterOneEpoch(_ flat: [Double], x: [(Double, Double)], y: [Double]) -> Double {
    let widths = [1, 64, 64, 1]
    // Per layer: w[u·m + o] and b[o], as complex numbers (NNS's layout interleaves re and im).
    var ws: [[C]] = []
    var bs: [[C]] = []
    var at = 0
    for (n, m) in zip(widths.dropLast(), widths.dropFirst()) {
      ws.append((0..<(n * m)).map { C(re: flat[at + 2 * $0], im: flat[at + 2 * $0 + 1]) })
      at += 2 * n * m
      bs.append((0..<m).map { C(re: flat[at + 2 * $0], im: flat[at + 2 * $0 + 1]) })
      at += 2 * m
    }
    let depth = ws.count
    func forward(_ z: C) -> [[C]] {
      var acts: [[C]] = [[z]]
      for l in 0..<depth {
        let a = acts[l]
        let m = bs[l].count
        var out = bs[l]
        for u in 0..<a.count { for o in 0..<m { out[o] = out[o] + a[u] * ws[l][u * m + o] } }
        if l < depth - 1 { out = out.map { C(re: Foundation.tanh($0.re), im: Foundation.tanh($0.im)) } }
        acts.append(out)
      }
      return acts
    }
    func loss() -> Double {
      zip(x, y).map { p, t in
        let f = forward(C(re: p.0, im: p.1))[depth][0].re - t
        return f * f
      }.reduce(0, +) / Double(y.count)
    }
    var gw = ws.map { $0.map { _ in C(re: 0, im: 0) } }
    var gb = bs.map { $0.map { _ in C(re: 0, im: 0) } }
    for (p, t) in zip(x, y) {
      let acts = forward(C(re: p.0, im: p.1))
      var g = [C(re: 2 * (acts[depth][0].re - t) / Double(y.count), im: 0)]
      for l in stride(from: depth - 1, through: 0, by: -1) {
        if l < depth - 1 {
          let h = acts[l + 1]
          g = zip(g, h).map { gi, hi in C(re: gi.re * (1 - hi.re * hi.re), im: gi.im * (1 - hi.im * hi.im)) }
        }
        let a = acts[l]
        let m = g.count
        for u in 0..<a.count { for o in 0..<m { gw[l][u * m + o] = gw[l][u * m + o] + a[u].conj * g[o] } }
        for o in 0..<m { gb[l][o] = gb[l][o] + g[o] }
        var back = [C](repeating: C(re: 0, im: 0), count: a.count)
        for u in 0..<a.count { for o in 0..<m { back[u] = back[u] + g[o] * ws[l][u * m + o].conj } }
        g = back
      }
    }
    let step = { (v: C, d: C) in C(re: v.re - 0.1 * d.re, im: v.im - 0.1 * d.im) }
    for l in 0..<depth {
      ws[l] = zip(ws[l], gw[l]).map(step)
      bs[l] = zip(bs[l], gb[l]).map(step)
    }
    return loss()
  }

  @Test func oneEpochOfTheComplexWorkloadMatchesAnIndependentImplementation() throws {
    var rng = RandomSource(seed: 21)
    var flat: [Double] = []
    for (a, b) in zip([1, 64, 64], [64, 64, 1]) {
      flat += (0..<(2 * a * b)).map { _ in rng.normal() / Double(2 * a).squareRoot() }
      flat += (0..<(2 * b)).map { _ in 0.1 * rng.normal() }
    }
    let path = FastPathTests.dir.appendingPathComponent("complex-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: ["C": flat]).write(to: path)
    let r = try ExamplesTests.nns(["bench", "C", "--json", "--initial", path.path])
    #expect(r.code == 0, "\(r.err)")
    let row = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    let printed = try #require(row["loss_1"] as? Double)
    // The peers' spiral (Bench.spiral): t = i/(m − 1), θ = 6πt, points t(cos θ, sin θ) labelled 1 and
    // their negations labelled 0.
    var x: [(Double, Double)] = []
    var y: [Double] = []
    for label in [1.0, 0.0] {
      for i in 0..<500 {
        let t = Double(i) / 499
        let s = label == 1 ? 1.0 : -1.0
        let th = 2 * Double.pi * 3 * t
        x.append((s * (t * cos(th)), s * (t * sin(th))))
        y.append(label)
      }
    }
    let expected = Self.lossAfterOneEpoch(flat, x: x, y: y)
    // Different summation orders over 1 000 points and 64 units: agreement to ~1e-13 relative.
    #expect(abs(printed - expected) <= 1e-12 * expected, "\(printed) vs \(expected)")
    let final = try #require(row["final_loss"] as? Double)
    #expect(final < printed, "1 000 epochs of GD lower the loss: \(final) vs \(printed)")
  }
}
