import CBLAS
import Foundation

/// The only file that imports the C BLAS/LAPACK module: a Swift-typed API over OpenBLAS and LAPACKE.
public enum BLAS {
  /// `dsyevd` and `dgemv` calls of at least this many multiply-adds m·n·k run on all of OpenBLAS's
  /// threads, smaller ones on one: handing a small product to OpenBLAS's threads costs more than it saves
  /// (and the machine is often shared). Gram matrices from this size up are cut into row bands by `gram`
  /// itself (`splitGram`), one core each, as GEMMs are by `gemm` (`splitGEMM`): neither uses OpenBLAS's threads.
  static let parallelThreshold = 1 << 22

  /// GEMMs of at least this many multiply-adds are split in two by `gemm` itself (`splitGEMM`), each part
  /// one single-threaded OpenBLAS call on its own core. Measured on the Hessian's 500×64×64 products and
  /// W1's 1 000×64×64 (docs/benchmarks.md, "GEMMs split by NNS"): 2²⁰ ran 7–14 % faster than 2²², 2¹⁹
  /// level with 2²⁰.
  static let splitThreshold = 1 << 20

  /// How many threads OpenBLAS was started with (the cores, or OPENBLAS_NUM_THREADS): the cores a GEMM
  /// is split over, and the threads of a large `dsyrk`/`dsyevd`. OpenBLAS is then set to one thread,
  /// which every call but those large ones runs on, and its idle threads are stopped
  /// (`stopIdleThreads`).
  public static let cores: Int = {
    let n = max(1, Int(nns_openblas_get_num_threads()))
    nns_openblas_set_num_threads(1)
    nns_openblas_stop_threads()
    return n
  }()

  /// Loads OpenBLAS and LAPACKE, which otherwise load on the first call that needs them
  /// (Sources/CBLAS/shim.c), and sets up `cores`.
  public static func preload() {
    nns_blas_preload()
    _ = cores
  }

  /// Stops OpenBLAS's server threads, which OpenBLAS starts again on its next threaded call. Idle, each
  /// spins in `sched_yield` for ~0.1 s after start-up and after every threaded call, and on two cores
  /// that took a core from the split GEMMs and the row-parallel passes: the Hessian workload H64 ran
  /// 120–145 ms with the spinning thread and 81–101 ms without (docs/benchmarks.md). Call it only where
  /// no other thread can be inside OpenBLAS (`withThreads` does, holding the thread lock exclusively).
  public static func stopIdleThreads() { nns_openblas_stop_threads() }

  /// OpenBLAS's thread count is one global setting. Calls on one thread hold this lock shared, so they
  /// run concurrently (a parallel sweep's iterations, the two halves of a split GEMM); a call on all
  /// threads holds it exclusively, sets the count and sets it back to one. So no call ever runs with a
  /// count another thread chose for its own call, and a result never depends on timing. Writers first:
  /// a stream of one-thread calls cannot starve a large one.
  private static let threadLock = ThreadCountLock()

  /// Runs `body` — OpenBLAS/LAPACK calls — on all of OpenBLAS's threads when `parallel` (and there is
  /// more than one), else on one.
  static func withThreads<R>(parallel: Bool, _ body: () -> R) -> R {
    let all = cores
    if parallel && all > 1 {
      threadLock.exclusive()
      nns_openblas_set_num_threads(Int32(all))
      defer {
        nns_openblas_set_num_threads(1)
        stopIdleThreads()
        threadLock.unlock()
      }
      return body()
    }
    threadLock.shared()
    defer { threadLock.unlock() }
    return body()
  }

  /// Whether a `dsyrk`/`dsyevd`/`dgemv` of m·n·k multiply-adds runs on all threads.
  private static func parallel(_ m: Int, _ n: Int, _ k: Int) -> Bool { m * n * k >= parallelThreshold }

  /// C = alpha · op(A) · op(B) + beta · C, row-major, through `cblas_dgemm`.
  /// `BLAS.gemm(a, b, into: &c)` computes C = A·B.
  public static func gemm(
    _ a: Matrix, transA: Bool = false, _ b: Matrix, transB: Bool = false, alpha: Double = 1, beta: Double = 0,
    into c: inout Matrix
  ) {
    let m = transA ? a.cols : a.rows
    let k = transA ? a.rows : a.cols
    let kb = transB ? b.cols : b.rows
    let n = transB ? b.rows : b.cols
    precondition(k == kb && c.rows == m && c.cols == n, "gemm shape mismatch")
    if m == 0 || n == 0 { return }
    if k == 0 {
      if beta == 0 { c.data = [Double](repeating: 0, count: m * n) } else { c.data = c.data.map { $0 * beta } }
      return
    }
    a.data.withUnsafeBufferPointer { pa in
      b.data.withUnsafeBufferPointer { pb in
        c.data.withUnsafeMutableBufferPointer { pc in
          gemm(
            transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!, lda: max(1, a.cols),
            b: pb.baseAddress!, ldb: max(1, b.cols), beta: beta, c: pc.baseAddress!, ldc: max(1, n))
        }
      }
    }
  }

  /// C = alpha · op(A) · op(B) + beta · C on raw row-major buffers (the allocation-free hot path of the
  /// dense layers); m×k op(A), k×n op(B), m×n C with leading dimensions lda, ldb, ldc. `split: false`
  /// keeps a large product on the calling thread (for callers that already run on both cores).
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, split: Bool = true
  ) {
    if m == 0 || n == 0 { return }
    if k == 0 {
      for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
      return
    }
    withThreads(parallel: false) {
      if split && m * n * k >= splitThreshold && cores > 1 && max(m, n) >= 2 * splitAlignment {
        splitGEMM(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
      } else {
        dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
      }
    }
  }

  /// Where `splitGEMM` may cut: a multiple of OpenBLAS's Haswell tile sizes (4 × 8), so that each part
  /// is tiled as that range of the whole product is.
  static let splitAlignment = 8

  /// Where `splitGEMM` and the row-parallel passes cut `whole` rows or columns in two: half of them,
  /// rounded up to a multiple of `splitAlignment`.
  static func splitPoint(_ whole: Int) -> Int {
    (whole / 2 + splitAlignment - 1) / splitAlignment * splitAlignment
  }

  /// The GEMM as two single-threaded OpenBLAS calls on two cores, over the two halves of the longer of
  /// C's dimensions (cut at a multiple of `splitAlignment`). Every entry of C is computed by the same
  /// operations as in one call — OpenBLAS blocks K by K alone and never splits it — so the result is
  /// bit-identical to the unsplit product (`BLASTests.splitGEMMEqualsOneCall`), whatever the number of
  /// cores. Callers hold `threadLock` shared, for both parts.
  static func splitGEMM(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double, _ a: UnsafePointer<Double>,
    _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int, _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int
  ) {
    let rows = m >= n
    let whole = rows ? m : n
    let cut = splitPoint(whole)
    let (pa, pb, pc) = (UncheckedPointer(a), UncheckedPointer(b), UncheckedPointer(c))
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      let start = part == 0 ? 0 : cut
      let count = part == 0 ? cut : whole - cut
      if rows {
        // Rows [start, start + count) of C: those rows of op(A).
        let a = transA ? pa.value + start : pa.value + start * lda
        dgemm(transA, transB, count, n, k, alpha, a, lda, pb.value, ldb, beta, pc.mutable + start * ldc, ldc)
      } else {
        // Columns [start, start + count) of C: those columns of op(B).
        let b = transB ? pb.value + start * ldb : pb.value + start
        dgemm(transA, transB, m, count, k, alpha, pa.value, lda, b, ldb, beta, pc.mutable + start, ldc)
      }
    }
  }

  /// One `cblas_dgemm` call (on one OpenBLAS thread: callers hold `threadLock` shared).
  static func dgemm(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double, _ a: UnsafePointer<Double>,
    _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int, _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int
  ) {
    nns_dgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n),
      Int32(k), alpha, a, Int32(max(1, lda)), b, Int32(max(1, ldb)), beta, c, Int32(max(1, ldc)))
  }

  /// A pointer handed to the two parts of a split GEMM, which write disjoint ranges of C.
  private struct UncheckedPointer: @unchecked Sendable {
    let value: UnsafePointer<Double>
    init(_ p: UnsafePointer<Double>) { value = p }
    init(_ p: UnsafeMutablePointer<Double>) { value = UnsafePointer(p) }
    var mutable: UnsafeMutablePointer<Double> { UnsafeMutablePointer(mutating: value) }
  }

  /// y = alpha · op(A) · x + beta · y through `cblas_dgemv`, A m×n row-major (lda = n): op(A) = A
  /// (x has n entries, y m) or Aᵀ (x m, y n). Threads as a GEMM of m·n multiply-adds; OpenBLAS splits
  /// only the output range across them, so every entry is one thread's dot product either way.
  public static func gemv(
    trans: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, x: UnsafePointer<Double>, beta: Double,
    y: UnsafeMutablePointer<Double>
  ) {
    if m == 0 || n == 0 {
      for i in 0..<(trans ? n : m) { y[i] = beta == 0 ? 0 : beta * y[i] }
      return
    }
    withThreads(parallel: parallel(m, n, 1)) {
      nns_dgemv(
        CblasRowMajor, trans ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(max(1, n)), x, 1, beta,
        y, 1)
    }
  }

  /// The Gram matrix A·Aᵀ of the rows of A (full, symmetric) by `dsyrk`: half the multiply-adds of the
  /// general product (the NTK's layer-wise Gram terms are all of this form).
  static func gram(_ a: Matrix) -> Matrix {
    var c = Matrix(rows: 0, cols: 0)
    gram(a, into: &c)
    return c
  }

  /// `gram(a)` into `c`, which is reshaped (reallocated only when its shape changes, so a caller can keep
  /// one buffer across the layers of a Gram pass) and fully overwritten — or, with `upperOnly`, only its
  /// upper triangle (j ≥ i) written, the rest left as it was — unspecified in a new buffer (`dsyrk` alone,
  /// without the mirroring).
  static func gram(_ a: Matrix, into c: inout Matrix, upperOnly: Bool = false) {
    let n = a.rows
    // `dsyrk` writes the whole upper triangle and `mirrorUpper` the rest (with `upperOnly`, the caller
    // reads the upper triangle only), so a new buffer needs no zero fill.
    if c.rows != n || c.cols != n { c = Matrix(rows: n, cols: n, overwrittenBeforeRead: ()) }
    if n == 0 { return }
    if a.cols == 0 {
      c.data.withUnsafeMutableBufferPointer { pc in pc.update(repeating: 0) }
      return
    }
    a.data.withUnsafeBufferPointer { pa in
      c.data.withUnsafeMutableBufferPointer { pc in
        let bands = gramBands(n, a.cols)
        withThreads(parallel: false) {
          if bands.count > 2 {
            splitGram(pa.baseAddress!, n, a.cols, pc.baseAddress!, bands)
          } else {
            dsyrk(pa.baseAddress!, n, a.cols, a.cols, pc.baseAddress!, n)
          }
        }
        if !upperOnly { mirrorUpper(pc.baseAddress!, n) }
      }
    }
  }

  /// One `cblas_dsyrk` call, upper triangle of the n×n C = A Aᵀ (beta 0), on one OpenBLAS thread
  /// (callers hold `threadLock` shared).
  static func dsyrk(
    _ a: UnsafePointer<Double>, _ n: Int, _ k: Int, _ lda: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int
  ) {
    nns_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, Int32(n), Int32(k), 1, a, Int32(lda), 0, c, Int32(ldc))
  }

  /// The row bands `splitGram` gives one core each, as their boundaries 0 = r₀ < r₁ < … < r_p = n: equal
  /// shares of the upper triangle's work (rows [0, r) hold r·n − r²/2 of its n²/2 entries, so
  /// r_i = n(1 − √(1 − i/p)), p the cores), each boundary a multiple of `splitAlignment`. Just [0, n] — one
  /// call — below `parallelThreshold` multiply-adds or on one core.
  static func gramBands(_ n: Int, _ k: Int, parts: Int = cores) -> [Int] {
    guard parts > 1, n * n * k >= parallelThreshold else { return [0, n] }
    var bounds = [0]
    for i in 1..<parts {
      let r = Double(n) * (1 - (1 - Double(i) / Double(parts)).squareRoot())
      let cut = Int(r.rounded()) / splitAlignment * splitAlignment
      if cut > bounds.last! && cut < n { bounds.append(cut) }
    }
    bounds.append(n)
    return bounds
  }

  /// The depth OpenBLAS's `dsyrk` driver blocks K by on its Haswell kernels (GEMM_Q): a block of 256 while
  /// at least 512 remain, then the rest in two near halves ((rest + 1)/2) when it exceeds 256. `splitGram`
  /// computes its off-diagonal blocks by GEMMs over the same K blocks, so that they accumulate each entry
  /// in the order `dsyrk` does (`dgemm` itself would block a K in (256, 512) otherwise).
  static let syrkDepthBlock = 256

  /// K's blocks in `dsyrk`'s order, as (start, length).
  static func syrkDepthBlocks(_ k: Int) -> [(start: Int, count: Int)] {
    var blocks: [(start: Int, count: Int)] = []
    var start = 0
    while start < k {
      let rest = k - start
      let count = rest >= 2 * syrkDepthBlock ? syrkDepthBlock : rest > syrkDepthBlock ? (rest + 1) / 2 : rest
      blocks.append((start, count))
      start += count
    }
    return blocks
  }

  /// The upper triangle of C = A Aᵀ (A n×k, lda k; C n×n) by row bands (`gramBands`), one core each: band
  /// [r, r′) is the `dsyrk` of its own rows (the diagonal block) and, right of it, the GEMM of those rows
  /// against rows [r′, n) over `dsyrk`'s K blocks. Every band starts at a multiple of the tile sizes and
  /// every entry sums its K blocks in `dsyrk`'s order, so C is bit-identical to one `dsyrk` call
  /// (`BLASTests.splitGramEqualsOneCall`) — and to OpenBLAS's threaded call, which it replaces: at
  /// N = 500 that one ran 1.3–1.5× faster than one thread, the bands 1.6–1.8× (docs/benchmarks.md). Callers
  /// hold `threadLock` shared.
  static func splitGram(
    _ a: UnsafePointer<Double>, _ n: Int, _ k: Int, _ c: UnsafeMutablePointer<Double>, _ bands: [Int]
  ) {
    let (pa, pc) = (UncheckedPointer(a), UncheckedPointer(c))
    let depth = syrkDepthBlocks(k)
    DispatchQueue.concurrentPerform(iterations: bands.count - 1) { band in
      let (start, end) = (bands[band], bands[band + 1])
      dsyrk(pa.value + start * k, end - start, k, k, pc.mutable + start * n + start, n)
      guard end < n else { return }
      for (i, block) in depth.enumerated() {
        dgemm(
          false, true, end - start, n - end, block.count, 1, pa.value + start * k + block.start, k,
          pa.value + end * k + block.start, k, i == 0 ? 0 : 1, pc.mutable + start * n + end, n)
      }
    }
  }

  /// Copies the upper triangle of the row-major n×n matrix at `c` onto its lower one.
  static func mirrorUpper(_ c: UnsafeMutablePointer<Double>, _ n: Int) {
    for i in 0..<n { for j in 0..<i { c[i * n + j] = c[j * n + i] } }
  }

  /// op(A)·op(B) as a new matrix.
  public static func matmul(_ a: Matrix, transA: Bool = false, _ b: Matrix, transB: Bool = false) -> Matrix {
    var c = Matrix(rows: transA ? a.cols : a.rows, cols: transB ? b.rows : b.cols)
    gemm(a, transA: transA, b, transB: transB, into: &c)
    return c
  }

  /// Eigenvalues (ascending) and, if asked, orthonormal eigenvectors (as columns) of a symmetric
  /// matrix, by LAPACK's divide-and-conquer `dsyevd`. Returns nil if LAPACK reports failure.
  public static func symmetricEigen(_ a: Matrix, vectors: Bool = false) -> (values: [Double], vectors: Matrix?)? {
    precondition(a.rows == a.cols, "symmetricEigen needs a square matrix")
    let n = a.rows
    if n == 0 { return ([], vectors ? Matrix(rows: 0, cols: 0) : nil) }
    var work = a.data
    var w = [Double](repeating: 0, count: n)
    let info = work.withUnsafeMutableBufferPointer { pa in
      w.withUnsafeMutableBufferPointer { pw in
        // A symmetric matrix reads the same in either layout; for eigenvalues alone, handing LAPACK the
        // column-major view spares LAPACKE's transposed copy (≈ 1–5 ms at n = 500).
        withThreads(parallel: parallel(n, n, n)) {
          nns_dsyevd(
            vectors ? LAPACK_ROW_MAJOR : LAPACK_COL_MAJOR, Int8(UInt8(ascii: vectors ? "V" : "N")),
            Int8(UInt8(ascii: vectors ? "U" : "L")), CLapackInt(n), pa.baseAddress, CLapackInt(n), pw.baseAddress)
        }
      }
    }
    guard info == 0 else { return nil }
    return (w, vectors ? Matrix(rows: n, cols: n, data: work) : nil)
  }

  /// Solves A X = B for symmetric positive definite A by Cholesky (`dposv`); nil if A is not SPD.
  public static func solveSPD(_ a: Matrix, _ b: Matrix) -> Matrix? {
    precondition(a.rows == a.cols && b.rows == a.rows, "solveSPD shape mismatch")
    var aw = a.data
    var bw = b.data
    let info = aw.withUnsafeMutableBufferPointer { pa in
      bw.withUnsafeMutableBufferPointer { pb in
        withThreads(parallel: false) {
          nns_dposv(
            LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), CLapackInt(a.rows), CLapackInt(b.cols), pa.baseAddress,
            CLapackInt(a.rows), pb.baseAddress, CLapackInt(max(1, b.cols)))
        }
      }
    }
    return info == 0 ? Matrix(rows: b.rows, cols: b.cols, data: bw) : nil
  }

  /// Solves a general square system A X = B by LU (`dgesv`); nil if A is singular.
  public static func solve(_ a: Matrix, _ b: Matrix) -> Matrix? {
    precondition(a.rows == a.cols && b.rows == a.rows, "solve shape mismatch")
    var aw = a.data
    var bw = b.data
    var piv = [CLapackInt](repeating: 0, count: a.rows)
    let info = aw.withUnsafeMutableBufferPointer { pa in
      bw.withUnsafeMutableBufferPointer { pb in
        piv.withUnsafeMutableBufferPointer { pp in
          withThreads(parallel: false) {
            nns_dgesv(
              LAPACK_ROW_MAJOR, CLapackInt(a.rows), CLapackInt(b.cols), pa.baseAddress, CLapackInt(a.rows),
              pp.baseAddress, pb.baseAddress, CLapackInt(max(1, b.cols)))
          }
        }
      }
    }
    return info == 0 ? Matrix(rows: b.rows, cols: b.cols, data: bw) : nil
  }

  /// The minimum-norm least-squares solution X of A X ≈ B (A m×n, any shape or rank) by LAPACK's SVD-based
  /// `dgelsd` (singular values below 1e-12·σ_max count as zero); nil if LAPACK reports failure.
  public static func leastSquares(_ a: Matrix, _ b: Matrix) -> Matrix? {
    let (m, n, nrhs) = (a.rows, a.cols, b.cols)
    let rows = max(m, n)
    var aw = a.data
    var bw = [Double](repeating: 0, count: rows * nrhs)
    for i in 0..<m { for j in 0..<nrhs { bw[i * nrhs + j] = b[i, j] } }
    var s = [Double](repeating: 0, count: max(1, min(m, n)))
    var rank: CLapackInt = 0
    let info = aw.withUnsafeMutableBufferPointer { pa in
      bw.withUnsafeMutableBufferPointer { pb in
        s.withUnsafeMutableBufferPointer { ps in
          withThreads(parallel: false) {
            nns_dgelsd(
              LAPACK_ROW_MAJOR, CLapackInt(m), CLapackInt(n), CLapackInt(nrhs), pa.baseAddress, CLapackInt(max(1, n)),
              pb.baseAddress, CLapackInt(max(1, nrhs)), ps.baseAddress, 1e-12, &rank)
          }
        }
      }
    }
    guard info == 0 else { return nil }
    return Matrix(rows: n, cols: nrhs, data: Array(bw[0..<(n * nrhs)]))
  }

  /// Thin QR: the orthonormal Q (m×min(m,n)) of A, by `dgeqrf` + `dorgqr`. Used by the orthogonal initializer.
  public static func orthonormalColumns(_ a: Matrix) -> Matrix? {
    let m = a.rows
    let n = a.cols
    let k = min(m, n)
    if k == 0 { return Matrix(rows: m, cols: 0) }
    var w = a.data
    var tau = [Double](repeating: 0, count: k)
    var info = w.withUnsafeMutableBufferPointer { pa in
      tau.withUnsafeMutableBufferPointer { pt in
        withThreads(parallel: false) {
          nns_dgeqrf(LAPACK_ROW_MAJOR, CLapackInt(m), CLapackInt(n), pa.baseAddress, CLapackInt(n), pt.baseAddress)
        }
      }
    }
    guard info == 0 else { return nil }
    var q = Matrix(rows: m, cols: k)
    for i in 0..<m { for j in 0..<k { q[i, j] = w[i * n + j] } }
    info = q.data.withUnsafeMutableBufferPointer { pq in
      tau.withUnsafeMutableBufferPointer { pt in
        withThreads(parallel: false) {
          nns_dorgqr(
            LAPACK_ROW_MAJOR, CLapackInt(m), CLapackInt(k), CLapackInt(k), pq.baseAddress, CLapackInt(k), pt.baseAddress
          )
        }
      }
    }
    return info == 0 ? q : nil
  }
}

/// A readers–writer lock that lets a waiting writer in before new readers (glibc's
/// PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP): `BLAS`'s thread-count lock.
private final class ThreadCountLock: @unchecked Sendable {
  private let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)

  init() {
    var attributes = pthread_rwlockattr_t()
    pthread_rwlockattr_init(&attributes)
    pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
    pthread_rwlock_init(lock, &attributes)
    pthread_rwlockattr_destroy(&attributes)
  }

  func shared() { pthread_rwlock_rdlock(lock) }
  func exclusive() { pthread_rwlock_wrlock(lock) }
  func unlock() { pthread_rwlock_unlock(lock) }
}
