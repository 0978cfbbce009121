import CBLAS
import Foundation

/// The only file that imports the C BLAS/LAPACK module: a Swift-typed API over OpenBLAS and LAPACKE.
public enum BLAS {
  /// GEMMs with fewer multiply-adds m·n·k than this run on one OpenBLAS thread, larger ones on all of
  /// them: handing a small product to OpenBLAS's threads costs more than it saves (and the machine is
  /// often shared), while the NTK Gram matrix's 500×512×500 products gain from every core. OpenBLAS
  /// splits only M and N across threads, never the K reduction, so results are bit-identical either way
  /// (the benchmark's final losses agree to the last bit with 1 and 2 threads).
  static let parallelThreshold = 1 << 22

  private static let threadLock = NSLock()
  nonisolated(unsafe) private static var currentThreads = 0
  /// OpenBLAS's own choice at start-up (cores, or OPENBLAS_NUM_THREADS).
  nonisolated(unsafe) private static var maxThreads = 0

  /// Sets OpenBLAS's thread count for a product of m·n·k multiply-adds (only when it changes).
  private static func chooseThreads(_ m: Int, _ n: Int, _ k: Int) {
    threadLock.lock()
    defer { threadLock.unlock() }
    if maxThreads == 0 {
      maxThreads = max(1, Int(openblas_get_num_threads()))
      currentThreads = maxThreads
    }
    let want = m * n * k < parallelThreshold ? 1 : maxThreads
    if want != currentThreads {
      openblas_set_num_threads(Int32(want))
      currentThreads = want
    }
  }

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
    chooseThreads(m, n, k)
    a.data.withUnsafeBufferPointer { pa in
      b.data.withUnsafeBufferPointer { pb in
        c.data.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, pa.baseAddress, Int32(max(1, a.cols)),
            pb.baseAddress, Int32(max(1, b.cols)), beta, pc.baseAddress, Int32(max(1, n)))
        }
      }
    }
  }

  /// C = alpha · op(A) · op(B) + beta · C on raw row-major buffers (the allocation-free hot path of the
  /// dense layers); m×k op(A), k×n op(B), m×n C with leading dimensions lda, ldb, ldc.
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    if m == 0 || n == 0 { return }
    if k == 0 {
      for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
      return
    }
    chooseThreads(m, n, k)
    cblas_dgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n),
      Int32(k), alpha, a, Int32(max(1, lda)), b, Int32(max(1, ldb)), beta, c, Int32(max(1, ldc)))
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
    chooseThreads(m, n, 1)
    cblas_dgemv(
      CblasRowMajor, trans ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(max(1, n)), x, 1, beta,
      y, 1)
  }

  /// The Gram matrix A·Aᵀ of the rows of A (full, symmetric) by `dsyrk`: half the multiply-adds of the
  /// general product (the NTK's layer-wise Gram terms are all of this form).
  static func gram(_ a: Matrix) -> Matrix {
    var c = Matrix(rows: 0, cols: 0)
    gram(a, into: &c)
    return c
  }

  /// `gram(a)` into `c`, which is reshaped (reallocated only when its shape changes, so a caller can keep
  /// one buffer across the layers of a Gram pass) and fully overwritten.
  static func gram(_ a: Matrix, into c: inout Matrix) {
    let n = a.rows
    c.reshape(n, n)
    if n == 0 { return }
    if a.cols == 0 {
      c.data.withUnsafeMutableBufferPointer { pc in pc.update(repeating: 0) }
      return
    }
    chooseThreads(n, n, a.cols)
    a.data.withUnsafeBufferPointer { pa in
      c.data.withUnsafeMutableBufferPointer { pc in
        cblas_dsyrk(
          CblasRowMajor, CblasUpper, CblasNoTrans, Int32(n), Int32(a.cols), 1, pa.baseAddress, Int32(a.cols), 0,
          pc.baseAddress, Int32(n))
        for i in 0..<n { for j in 0..<i { pc[i * n + j] = pc[j * n + i] } }
      }
    }
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
    chooseThreads(n, n, n)
    let info = work.withUnsafeMutableBufferPointer { pa in
      w.withUnsafeMutableBufferPointer { pw in
        // A symmetric matrix reads the same in either layout; for eigenvalues alone, handing LAPACK the
        // column-major view spares LAPACKE's transposed copy (≈ 1–5 ms at n = 500).
        LAPACKE_dsyevd(
          vectors ? LAPACK_ROW_MAJOR : LAPACK_COL_MAJOR, Int8(UInt8(ascii: vectors ? "V" : "N")),
          Int8(UInt8(ascii: vectors ? "U" : "L")), CLapackInt(n), pa.baseAddress, CLapackInt(n), pw.baseAddress)
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
        LAPACKE_dposv(
          LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), CLapackInt(a.rows), CLapackInt(b.cols), pa.baseAddress,
          CLapackInt(a.rows), pb.baseAddress, CLapackInt(max(1, b.cols)))
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
          LAPACKE_dgesv(
            LAPACK_ROW_MAJOR, CLapackInt(a.rows), CLapackInt(b.cols), pa.baseAddress, CLapackInt(a.rows),
            pp.baseAddress, pb.baseAddress, CLapackInt(max(1, b.cols)))
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
          LAPACKE_dgelsd(
            LAPACK_ROW_MAJOR, CLapackInt(m), CLapackInt(n), CLapackInt(nrhs), pa.baseAddress, CLapackInt(max(1, n)),
            pb.baseAddress, CLapackInt(max(1, nrhs)), ps.baseAddress, 1e-12, &rank)
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
        LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, CLapackInt(m), CLapackInt(n), pa.baseAddress, CLapackInt(n), pt.baseAddress)
      }
    }
    guard info == 0 else { return nil }
    var q = Matrix(rows: m, cols: k)
    for i in 0..<m { for j in 0..<k { q[i, j] = w[i * n + j] } }
    info = q.data.withUnsafeMutableBufferPointer { pq in
      tau.withUnsafeMutableBufferPointer { pt in
        LAPACKE_dorgqr(
          LAPACK_ROW_MAJOR, CLapackInt(m), CLapackInt(k), CLapackInt(k), pq.baseAddress, CLapackInt(k), pt.baseAddress)
      }
    }
    return info == 0 ? q : nil
  }
}
