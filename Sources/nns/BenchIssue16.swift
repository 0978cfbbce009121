import ArgumentParser
import CBLAS
import Engine
import Foundation

/// The workloads of issue 16 (docs/benchmarks.md): hypercomplex training (C), the Hessian probe (H64, H256)
/// and the NTK/Fisher scaling table against the BLAS/LAPACK calls those probes make.
extension Bench {
  /// C: full-batch GD, complex 1-64-64-1, split tanh, real-part readout, MSE, lr 0.1, 1 000 epochs, on the
  /// peers' 1 000-point spiral read as one complex input x0 + i·x1. Without `initial` the weights' real
  /// and imaginary parts are N(0, 1/(2·fan_in)) (E|w|² = 1/fan_in, as the real workloads), biases 0.
  static func complexGD(_ initial: [Double]?) throws -> [String: Any] {
    let complex = Algebra.complex
    let widths = [1, 64, 64, 1]
    let layers = widths.dropFirst().enumerated().map { i, w in
      LayerSpec.dense(
        units: w, activation: i == widths.count - 2 ? .identity : .tanh, bias: true, fixed: false, augmented: false)
    }
    let spec = NetworkSpec(inputUnits: 1, algebra: complex, layers: layers, readout: .real)
    var p: [Double] = []
    var draw = RandomSource(seed: 2)
    for (a, b) in zip(widths.dropLast(), widths.dropFirst()) {
      let std = 1 / Double(2 * a).squareRoot()
      p += (0..<(2 * a * b)).map { _ in std * draw.normal() }
      p += [Double](repeating: 0, count: 2 * b)
    }
    let (x, y) = spiral(1000)
    return try trainGD("C", x: x, y: y, spec: spec, widths: widths, epochs: 1000, initial: initial ?? p)
  }

  /// The Hessian workloads' inputs and targets: the W2 inputs (N = 500 Gaussian points in ℝ¹⁰) unless
  /// given, targets sin(2·x0) unless given.
  static func hessianData(_ xs: [Double]?, _ ys: [Double]?) throws -> (Matrix, Matrix) {
    var rng = RandomSource(seed: 1)
    var x = try Datasets.gaussian(dim: 10, n: 500, rng: &rng).x
    if let xs {
      guard !xs.isEmpty, xs.count % 10 == 0 else {
        throw ValidationError("Hx must hold N·10 values, found \(xs.count)")
      }
      x = Matrix(rows: xs.count / 10, cols: 10, data: xs)
    }
    let targets = ys ?? (0..<x.rows).map { sin(2 * x[$0, 0]) }
    guard targets.count == x.rows else {
      throw ValidationError("Hy must hold one target per input (\(x.rows)), found \(targets.count)")
    }
    return (x, Matrix(rows: x.rows, cols: 1, data: targets))
  }

  /// H64 / H256: the `hessian` probe's summary (top 5 by 40 Lanczos steps, trace by 30 Hutchinson probes)
  /// of the MSE of a 10-w-w-1 tanh net on `hessianData`, through the probe's own entry point
  /// (`hessianSummary` of a `HessianOperator`). One run: the rounds of bench/compare.py repeat it.
  static func hessianWorkload(
    _ name: String, width: Int, _ initial: [Double]?, _ xs: [Double]?, _ ys: [Double]?
  ) throws -> [String: Any] {
    let widths = [10, width, width, 1]
    let (x, y) = try hessianData(xs, ys)
    let net = try peerNet(.mlp(widths, activation: .tanh), widths, initial)
    // The JAX peer calls its compiled HVP once before its timing; NNS warms up likewise, on an operator of
    // its own (so that the one timed builds its cache from nothing): the threads, buffers and page
    // mappings a first product sets up, never a result.
    let warm = HessianOperator(net: net, x: x, y: y, loss: .mse)
    _ = warm.apply(block: [[Double]](repeating: [Double](repeating: 1, count: warm.dimension), count: warm.blockSize))
    _ = warm.apply([Double](repeating: 1, count: warm.dimension))
    let op = HessianOperator(net: net, x: x, y: y, loss: .mse)
    var rng = RandomSource(seed: 5)
    let start = DispatchTime.now().uptimeNanoseconds
    let s = hessianSummary(op, k: 5, rng: &rng)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    return [
      "workload": name, "seconds": seconds, "top1": s.top.first ?? 0, "top5": s.top.count > 4 ? s.top[4] : 0,
      "trace": s.trace, "parameters": Double(op.dimension),
    ]
  }

  /// The scaling table's shapes: 10-w-w-1 ReLU nets, N samples; N varies at w = 512, w at N = 500.
  static let scalingShapes: [(n: Int, width: Int)] =
    [125, 250, 500, 1000].map { ($0, 512) } + [128, 256, 1024].map { (500, $0) }

  /// Times `ntkGram` and `fisherSpectrum` on each of `scalingShapes` (median of 3 after a warm-up), and
  /// the BLAS/LAPACK calls those probes make on the same shapes, on their own (`blasCalls`; for Fisher
  /// plus `dsyevd` of the probe's own K/N, since divide and conquer's time depends on the spectrum).
  static func scaling() throws -> [[String: Any]] {
    var rows: [[String: Any]] = []
    for (n, width) in scalingShapes {
      let widths = [10, width, width, 1]
      var rng = RandomSource(seed: 1)
      let x = try Datasets.gaussian(dim: 10, n: n, rng: &rng).x
      let net = try peerNet(.mlp(widths, activation: .relu), widths, nil)
      let ntk = medianTime { _ = ntkGram(net, x) }
      let fisher = medianTime { _ = fisherEigenvalues(net, x: x, loss: .mse) }
      let blasNTK = medianTime(blasCalls(n: n, width: width))
      let blasFisher = blasNTK + eigenTime(ntkGram(net, x).data.map { $0 / Double(n) }, n)
      for (probe, t, b) in [("ntk", ntk, blasNTK), ("fisher", fisher, blasFisher)] {
        rows.append([
          "workload": "scaling", "probe": probe, "n": Double(n), "width": Double(width), "seconds": t,
          "blas_seconds": b,
        ])
      }
    }
    return rows
  }

  /// Median of 3 timed runs after one warm-up.
  static func medianTime(_ body: () -> Void) -> Double {
    var times: [Double] = []
    for rep in 0..<4 {
      let start = DispatchTime.now().uptimeNanoseconds
      body()
      if rep > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9) }
    }
    return median(times)
  }

  /// The BLAS calls of the layer-wise NTK Gram of a 10-w-w-1 net on N rows, on buffers of the same shapes
  /// filled with N(0, 1) values (drawn before the returned closure, which makes the calls): the forward
  /// GEMMs (N×10·10×w, N×w·w×w, N×w·w×1), the backward GEMMs of the sensitivities (N×1·1×w, N×w·w×w) and
  /// the `dsyrk` Gram terms of each layer's inputs and sensitivities (N×10, four N×w, N×1) — no
  /// elementwise work, no copies. Each call on OpenBLAS's own threads from 2²² multiply-adds up, on one
  /// below (the Engine splits its GEMMs itself, `BLAS.splitGEMM`; this is plain OpenBLAS's time).
  static func blasCalls(n: Int, width w: Int) -> () -> Void {
    var rng = RandomSource(seed: 7)
    func buffer(_ count: Int) -> [Double] { (0..<count).map { _ in rng.normal() } }
    let x = buffer(n * 10)
    let w1 = buffer(10 * w)
    let w2 = buffer(w * w)
    let w3 = buffer(w)
    let d3 = buffer(n)
    var h1 = buffer(n * w)
    var h2 = buffer(n * w)
    var out = buffer(n)
    var d2 = buffer(n * w)
    var d1 = buffer(n * w)
    var k = [Double](repeating: 0, count: n * n)
    let maxThreads = Int32(BLAS.cores)
    func threads(_ m: Int, _ n: Int, _ k: Int) {
      nns_openblas_set_num_threads(m * n * k < 1 << 22 ? 1 : maxThreads)
    }
    return {
      func gemm(_ tb: Bool, _ m: Int, _ nn: Int, _ kk: Int, _ a: [Double], _ b: [Double], _ c: inout [Double]) {
        threads(m, nn, kk)
        nns_dgemm(
          CblasRowMajor, CblasNoTrans, tb ? CblasTrans : CblasNoTrans, Int32(m), Int32(nn), Int32(kk), 1, a,
          Int32(kk), b, Int32(tb ? kk : nn), 0, &c, Int32(nn))
      }
      func syrk(_ a: [Double], _ cols: Int, _ beta: Double) {
        threads(n, n, cols)
        nns_dsyrk(
          CblasRowMajor, CblasUpper, CblasNoTrans, Int32(n), Int32(cols), 1, a, Int32(cols), beta, &k, Int32(n))
      }
      gemm(false, n, w, 10, x, w1, &h1)
      gemm(false, n, w, w, h1, w2, &h2)
      gemm(false, n, 1, w, h2, w3, &out)
      gemm(true, n, w, 1, d3, w3, &d2)
      gemm(true, n, w, w, d2, w2, &d1)
      syrk(x, 10, 0)
      syrk(d1, w, 1)
      syrk(h1, w, 1)
      syrk(d2, w, 1)
      syrk(h2, w, 1)
      syrk(d3, 1, 1)
      nns_openblas_set_num_threads(1)  // the Engine's setting between its calls (`BLAS.cores`),
      BLAS.stopIdleThreads()  // and its threads stopped, as after each of its threaded calls
    }
  }

  /// Median of 3 timed runs (after a warm-up) of LAPACK's `dsyevd`, values only, on a fresh copy of the
  /// symmetric n×n `matrix` each time: the Engine's call (`BLAS.symmetricEigen`, column-major view, all
  /// threads when n³ ≥ 2²²).
  static func eigenTime(_ matrix: [Double], _ n: Int) -> Double {
    nns_openblas_set_num_threads(n * n * n < 1 << 22 ? 1 : Int32(BLAS.cores))
    defer {  // the Engine's setting between its calls (`BLAS.cores`), its threads stopped
      nns_openblas_set_num_threads(1)
      BLAS.stopIdleThreads()
    }
    var values = [Double](repeating: 0, count: n)
    var times: [Double] = []
    for rep in 0..<4 {
      var a = matrix
      let start = DispatchTime.now().uptimeNanoseconds
      _ = nns_dsyevd(
        LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "L")), CLapackInt(n), &a, CLapackInt(n), &values)
      if rep > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9) }
    }
    return median(times)
  }
}
