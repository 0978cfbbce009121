import Foundation

/// Hessian of the training loss L(θ) (the engine's loss, mean over samples, evaluation mode) through exact
/// Hessian-vector products (Pearlmutter's R-operator, `hessianVectorProduct`): exact up to rounding, so
/// the assembled matrix is symmetric to rounding too. Frozen parameters have zero rows and columns.
///
/// For nets of plain real dense layers the products go through a `CachedHessianVector` built at the
/// net's current θ on first use (the primal passes once, then only the tangent work per product, the
/// same bits as the per-call path), rebuilt whenever the net's parameters have changed since; copies of
/// an operator share it. Other nets take `hessianVectorProduct` each time.
public struct HessianOperator {
  let net: Network
  let x: Matrix
  let y: Matrix
  let loss: Loss
  /// nil: every product by `hessianVectorProduct` (the per-call path; tests compare the two).
  private let cache: HessianVectorCache?
  /// Whether `hessianSummary` may run Lanczos and Hutchinson side by side (`twoStreams`; tests turn it
  /// off to compare).
  var twoStreamsEnabled = true

  public init(net: Network, x: Matrix, y: Matrix, loss: Loss) {
    self.init(net: net, x: x, y: y, loss: loss, cached: true)
  }

  init(net: Network, x: Matrix, y: Matrix, loss: Loss, cached: Bool) {
    self.net = net
    self.x = x
    self.y = y
    self.loss = loss
    cache = cached ? HessianVectorCache() : nil
  }

  public var dimension: Int { net.parameterCount }

  /// H v.
  public func apply(_ v: [Double]) -> [Double] {
    if v.count == dimension, let hv = cache?.products(self, [v]) { return hv[0] }
    return hessianVectorProduct(net, x: x, y: y, loss: loss, v: v)
  }

  /// H v for each of `vs`: one block pass of the cached operator per `blockSize` directions, else one
  /// `apply` each. The same values as `vs.map(apply)` up to rounding (the block GEMMs may order a sum
  /// differently from the single ones).
  public func apply(block vs: [[Double]]) -> [[Double]] {
    if vs.allSatisfy({ $0.count == dimension }), let hv = cache?.products(self, vs) { return hv }
    return vs.map(apply)
  }

  /// Runs `body` with the cached operator and a twin of it (`HessianVectorCache.withStreams`), or returns
  /// nil without the cached operator.
  func withStreams<R>(_ body: (CachedHessianVector, CachedHessianVector) -> R) -> R? {
    cache?.withStreams(self, body)
  }

  /// How many directions `apply(block:)` takes in one pass (1 without the cached operator).
  public var blockSize: Int { cache?.capacity(self) ?? 1 }

  /// The explicit P×P Hessian (P products), symmetrised.
  public func matrix() -> Matrix {
    let p = dimension
    var hm = Matrix(rows: p, cols: p)
    var e = [Double](repeating: 0, count: p)
    for i in 0..<p {
      e[i] = 1
      let col = apply(e)
      e[i] = 0
      for r in 0..<p { hm[r, i] = col[r] }
    }
    for i in 0..<p {
      for j in (i + 1)..<max(i + 1, p) {
        let s = (hm[i, j] + hm[j, i]) / 2
        hm[i, j] = s
        hm[j, i] = s
      }
    }
    return hm
  }
}

/// What `hessian(net, data)` reports.
public struct HessianSummary: Sendable {
  /// The k largest eigenvalues, descending.
  public var top: [Double]
  public var min: Double
  public var trace: Double
  /// All P eigenvalues (descending) when P ≤ `exactLimit`, else empty.
  public var spectrum: [Double]
  /// minimum / saddle / maximum / degenerate, from the signs of λmin and λmax relative to tol·max|λ|.
  public var kind: CriticalPoint
  /// Whether `trace` is exact (Σ e_iᵀ H e_i) or a Hutchinson estimate.
  public var exact: Bool
}

/// The number of Rademacher vectors of Hutchinson's trace estimate (`hessianSummary`'s default).
public let hutchinsonProbes = 30

/// Top-k eigenvalues by Lanczos with full reorthogonalisation (Golub & Van Loan §10.1), the trace exactly
/// when P ≤ `exactLimit` (then also the full spectrum, from the explicit Hessian) else by Hutchinson's
/// estimator with `probes` Rademacher vectors (Hutchinson 1989) drawn from `rng` after Lanczos's start
/// vector — or not at all with `estimateTrace: false` (trace NaN; `hutchinsonTrace` with the `rng` this
/// returns gives the same value later, as the interpreter does when `.trace` is read).
public func hessianSummary(
  _ op: HessianOperator, k: Int = 5, tolerance: Double = 1e-6, exactLimit: Int = 2000,
  probes: Int = hutchinsonProbes, estimateTrace: Bool = true, rng: inout RandomSource
) -> HessianSummary {
  let p = op.dimension
  if p <= exactLimit {
    let values = (BLAS.symmetricEigen(op.matrix())?.values ?? []).sorted(by: >)
    return HessianSummary(
      top: Array(values.prefix(k)), min: values.last ?? 0, trace: values.reduce(0, +), spectrum: values,
      kind: curvatureKind(values.first ?? 0, values.last ?? 0, tolerance), exact: true)
  }
  let steps = Swift.min(p, Swift.max(3 * k + 20, 40))
  let ritz: [Double]
  let trace: Double
  if estimateTrace, let both = twoStreams(op, steps: steps, probes: probes, rng: &rng) {
    (ritz, trace) = both
  } else {
    ritz = lanczos(op.apply, dimension: p, steps: steps, rng: &rng)
    trace = estimateTrace ? hutchinsonTrace(op, probes: probes, rng: &rng) : .nan
  }
  let top = ritz.first ?? 0
  let low = ritz.last ?? 0
  return HessianSummary(
    top: Array(ritz.prefix(k)), min: low, trace: trace, spectrum: [], kind: curvatureKind(top, low, tolerance),
    exact: false)
}

/// Lanczos and Hutchinson's products at the same time, one stream per core, when the operator is cached
/// and there are two cores: the two are independent but for the random stream, so Lanczos's start vector
/// is drawn first and Hutchinson's probes after it, as one after the other would draw them. Each stream
/// runs its products on its own thread (its own workspaces: `CachedHessianVector.twin`), and once one
/// stream is done the other's go back to both cores (the row-parallel pass). Every product has the bits
/// it has one after the other — a row-parallel pass, a split GEMM and a one-call GEMM give the same — so
/// the summary is the same, bit for bit (`twoStreamsGiveTheSequentialSummary`). nil: not applicable.
func twoStreams(_ op: HessianOperator, steps: Int, probes: Int, rng: inout RandomSource) -> (
  ritz: [Double], trace: Double
)? {
  guard op.twoStreamsEnabled, BLAS.cores > 1, probes > 0, steps > 0, op.dimension > 0 else { return nil }
  let p = op.dimension
  let result = op.withStreams { lanczosOp, traceOp -> ([Double], Double, RandomSource) in
    let start = (0..<p).map { _ in rng.normal() }
    final class Shared: @unchecked Sendable {
      let lock = NSLock()
      var done = [false, false]
      var ritz: [Double] = []
      var trace = 0.0
      var rng: RandomSource
      init(_ rng: RandomSource) { self.rng = rng }
      func finished(_ i: Int) { lock.withLock { done[i] = true } }
      func partnerDone(_ i: Int) -> Bool { lock.withLock { done[1 - i] } }
    }
    let shared = Shared(rng)
    let ops = UnsafeSendable((lanczosOp, traceOp))
    DispatchQueue.concurrentPerform(iterations: 2) { i in
      let (lanczosOp, traceOp) = ops.value
      let mine = i == 0 ? lanczosOp : traceOp
      func own(_ vs: [[Double]]) -> [[Double]] {
        mine.sharesTheCores = !shared.partnerDone(i)
        return mine.apply(vs)
      }
      if i == 0 {
        shared.ritz = lanczos({ own([$0])[0] }, dimension: p, steps: steps, start: start)
      } else {
        var r = shared.rng
        shared.trace = hutchinsonTrace(
          own, dimension: p, block: probes > 1 ? traceOp.capacity : 1, probes: probes, rng: &r)
        shared.rng = r
      }
      mine.sharesTheCores = false
      shared.finished(i)
    }
    return (shared.ritz, shared.trace, shared.rng)
  }
  guard let (ritz, trace, after) = result else { return nil }
  rng = after
  return (ritz, trace)
}

/// Hutchinson's estimate of tr H: the mean of zᵀ H z over `probes` Rademacher vectors z from `rng`. The
/// vectors are drawn in order, `blockSize` at a time, and multiplied by H together (`apply(block:)`).
public func hutchinsonTrace(_ op: HessianOperator, probes: Int, rng: inout RandomSource) -> Double {
  hutchinsonTrace(
    op.apply(block:), dimension: op.dimension, block: probes > 1 ? op.blockSize : 1, probes: probes, rng: &rng)
}

/// `hutchinsonTrace` over a block product: `block` vectors drawn, then multiplied together.
func hutchinsonTrace(
  _ applyBlock: ([[Double]]) -> [[Double]], dimension p: Int, block: Int, probes: Int, rng: inout RandomSource
) -> Double {
  var trace = 0.0
  var done = 0
  while done < probes {
    let count = Swift.min(block, probes - done)
    let zs = (0..<count).map { _ in (0..<p).map { _ in rng.uniform() < 0.5 ? -1.0 : 1.0 } }
    for (z, hz) in zip(zs, applyBlock(zs)) { trace += zip(z, hz).reduce(0) { $0 + $1.0 * $1.1 } }
    done += count
  }
  return trace / Double(max(1, probes))
}

/// The `CachedHessianVector` of a `HessianOperator` (shared by its copies, which hold the same net and
/// data): built on first use, rebuilt when the net's parameters are no longer those it was built at, and
/// never again tried for a net it does not cover. The lock serialises products: the workspaces are
/// shared.
final class HessianVectorCache: @unchecked Sendable {
  private let lock = NSLock()
  private var cached: CachedHessianVector?
  /// A twin of `cached` (`withStreams`), with the operator it was made of.
  private var twin: (of: CachedHessianVector, twin: CachedHessianVector)?
  private var unsupported = false

  /// The cached operator at `op.net`'s current θ, or nil when the net is not one it covers.
  private func current(_ op: HessianOperator) -> CachedHessianVector? {
    if unsupported { return nil }
    if let c = cached, c.isBuilt(for: op.net.storage) { return c }
    cached = CachedHessianVector(op.net, x: op.x, y: op.y, loss: op.loss)
    unsupported = cached == nil
    return cached
  }

  /// H v for each of `vs` (each of P entries) at the net's current θ, or nil (the per-call path's turn).
  func products(_ op: HessianOperator, _ vs: [[Double]]) -> [[Double]]? {
    lock.lock()
    defer { lock.unlock() }
    return current(op)?.apply(vs)
  }

  /// Runs `body` with the cached operator and its twin (made on first use, for the operator it twins),
  /// holding the lock throughout, so no other product runs meanwhile; nil when the net is not covered.
  func withStreams<R>(_ op: HessianOperator, _ body: (CachedHessianVector, CachedHessianVector) -> R) -> R? {
    lock.lock()
    defer { lock.unlock() }
    guard let c = current(op) else { return nil }
    if twin?.of !== c { twin = (c, c.twin()) }
    return body(c, twin!.twin)
  }

  func capacity(_ op: HessianOperator) -> Int {
    lock.lock()
    defer { lock.unlock() }
    return current(op)?.capacity ?? 1
  }
}

/// What the extreme eigenvalues say of the point: all curvatures up, all down, both, or some flat
/// (within `tolerance` of the largest in size).
public enum CriticalPoint: Sendable, CaseIterable {
  case minimum, maximum, saddle, degenerate
}

func curvatureKind(_ top: Double, _ low: Double, _ tolerance: Double) -> CriticalPoint {
  let scale = Swift.max(abs(top), abs(low))
  let t = tolerance * scale
  if scale == 0 { return .degenerate }
  if low > t { return .minimum }
  if top < -t { return .maximum }
  if low < -t && top > t { return .saddle }
  return .degenerate
}

/// Ritz values (descending) of a symmetric operator after `steps` Lanczos steps with full
/// reorthogonalisation (twice, "twice is enough"), from a random start.
public func lanczos(
  _ apply: ([Double]) -> [Double], dimension p: Int, steps: Int, rng: inout RandomSource
) -> [Double] {
  lanczosRun(apply, dimension: p, steps: steps, rng: &rng).ritz.values.sorted(by: >)
}

/// `lanczos` from the given start vector (unnormalised) instead of a random one.
func lanczos(_ apply: ([Double]) -> [Double], dimension p: Int, steps: Int, start: [Double]) -> [Double] {
  var unused = RandomSource(seed: 0)
  return lanczosRun(apply, dimension: p, steps: steps, rng: &unused, start: start).ritz.values.sorted(by: >)
}

/// Ritz pairs (descending values; unit vectors, the Krylov basis times the eigenvectors of the tridiagonal
/// matrix) of the same iteration as `lanczos`.
public func lanczosEigenpairs(
  _ apply: ([Double]) -> [Double], dimension p: Int, steps: Int, rng: inout RandomSource
) -> [(value: Double, vector: [Double])] {
  let run = lanczosRun(apply, dimension: p, steps: steps, rng: &rng, vectors: true)
  guard let s = run.ritz.vectors else { return [] }
  let m = run.count
  return (0..<m).reversed().map { col in
    var v = [Double](repeating: 0, count: p)
    run.basis.withUnsafeBufferPointer { b in
      for j in 0..<m {
        let w = s[j, col]
        for i in 0..<p { v[i] += w * b[j * p + i] }
      }
    }
    return (run.ritz.values[col], v)
  }
}

/// The Lanczos iteration. The Krylov basis is kept as the rows of one steps×P block, so that each
/// reorthogonalisation pass is two GEMVs over it — c = B w, w −= Bᵀ c: classical Gram–Schmidt, applied
/// twice ("twice is enough", Giraud, Langou & Rozložník 2005) — instead of a scalar dot product and axpy
/// per basis vector (18% of a 10-256-256-1 Hessian's time before).
private func lanczosRun(
  _ apply: ([Double]) -> [Double], dimension p: Int, steps: Int, rng: inout RandomSource, vectors: Bool = false,
  start: [Double]? = nil
) -> (basis: [Double], count: Int, ritz: (values: [Double], vectors: Matrix?)) {
  guard p > 0, steps > 0 else { return ([], 0, ([], nil)) }
  var q = start ?? (0..<p).map { _ in rng.normal() }
  var basis = [Double](repeating: 0, count: steps * p)
  var c = [Double](repeating: 0, count: steps)
  var alpha: [Double] = []
  var beta: [Double] = []
  func normalise(_ v: inout [Double]) -> Double {
    let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    if n > 0 { for i in 0..<v.count { v[i] /= n } }
    return n
  }
  _ = normalise(&q)
  var m = 0
  for _ in 0..<steps {
    basis.withUnsafeMutableBufferPointer { b in
      q.withUnsafeBufferPointer { qp in (b.baseAddress! + m * p).update(from: qp.baseAddress!, count: p) }
    }
    m += 1
    var w = apply(q)
    let a = zip(w, q).reduce(0) { $0 + $1.0 * $1.1 }
    alpha.append(a)
    basis.withUnsafeBufferPointer { b in
      c.withUnsafeMutableBufferPointer { cp in
        w.withUnsafeMutableBufferPointer { wp in
          for _ in 0..<2 {
            BLAS.gemv(
              trans: false, m: m, n: p, alpha: 1, a: b.baseAddress!, x: UnsafePointer(wp.baseAddress!), beta: 0,
              y: cp.baseAddress!)
            BLAS.gemv(
              trans: true, m: m, n: p, alpha: -1, a: b.baseAddress!, x: UnsafePointer(cp.baseAddress!), beta: 1,
              y: wp.baseAddress!)
          }
        }
      }
    }
    let bnorm = normalise(&w)
    if bnorm < 1e-12 * Swift.max(1, abs(a)) || m == p { break }
    beta.append(bnorm)
    q = w
  }
  var t = Matrix(rows: m, cols: m)
  for i in 0..<m {
    t[i, i] = alpha[i]
    if i + 1 < m {
      t[i, i + 1] = beta[i]
      t[i + 1, i] = beta[i]
    }
  }
  return (basis, m, BLAS.symmetricEigen(t, vectors: vectors) ?? ([], nil))
}
