import Testing

@testable import Engine

@Test func gemmMatchesHandProductOnNonSquareShapes() {
  let a = Matrix([[1, 2, 3], [4, 5, 6]])  // 2×3
  let b = Matrix([[7, 8], [9, 10], [11, 12]])  // 3×2
  let c = BLAS.matmul(a, b)
  #expect(c == Matrix([[58, 64], [139, 154]]))
  let ct = BLAS.matmul(a, transA: true, a)  // 3×3 = AᵀA
  #expect(ct[0, 0] == 17 && ct[1, 2] == 36 && ct[2, 1] == 36)
}

@Test func symmetricEigenOfKnownMatrix() throws {
  let m = Matrix([[2, 1], [1, 2]])
  let e = try #require(BLAS.symmetricEigen(m))
  #expect(abs(e.values[0] - 1) < 1e-12 && abs(e.values[1] - 3) < 1e-12)
}

@Test func randomSourceIsDeterministicAndForksIndependently() {
  var a = RandomSource(seed: 42)
  var b = RandomSource(seed: 42)
  #expect((0..<10).map { _ in a.next() } == (0..<10).map { _ in b.next() })
  var f1 = a.fork("layer1")
  var f2 = a.fork("layer2")
  #expect(f1.next() != f2.next())
  var n = RandomSource(seed: 1)
  let xs = (0..<20000).map { _ in n.normal() }
  let mean = xs.reduce(0, +) / Double(xs.count)
  let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)
  #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)  // 20000 draws: std error of mean ≈ 0.007
}

/// `BLAS.splitGram` (row bands of the upper triangle, each a `dsyrk` of its diagonal block and GEMMs over
/// `dsyrk`'s K blocks right of it) gives the bits of one single-threaded `dsyrk` call and of OpenBLAS's
/// threaded one: N not a multiple of 8, K below, inside and beyond (256, 512) where `dgemm` alone would
/// block K otherwise, K a single column, and the bands of 2, 3 and 4 cores; the lower triangle is left as
/// it was.
@Test func splitGramEqualsOneCall() {
  var rng = RandomSource(seed: 17)
  let pool = (0..<(1 << 20)).map { _ in rng.normal() }
  let shapes: [(n: Int, k: Int)] = [
    (500, 128), (500, 512), (333, 300), (250, 257), (501, 1), (129, 511), (96, 513), (1000, 10), (200, 1100),
    (777, 768), (64, 1024),
  ]
  for (n, k) in shapes {
    let a = (0..<(n * k)).map { pool[($0 * 13 + n) % pool.count] }
    let c0 = (0..<(n * n)).map { pool[($0 * 7 + k) % pool.count] }
    var one = c0
    BLAS.withThreads(parallel: false) { BLAS.dsyrk(a, n, k, k, &one, n) }
    var threaded = c0
    BLAS.withThreads(parallel: true) { BLAS.dsyrk(a, n, k, k, &threaded, n) }
    #expect(one.map(\.bitPattern) == threaded.map(\.bitPattern), "OpenBLAS's threads: n \(n) k \(k)")
    for parts in 2...4 {
      let bands = BLAS.gramBands(n, k, parts: parts)
      if bands.count < 3 { continue }
      var split = c0
      a.withUnsafeBufferPointer { pa in
        split.withUnsafeMutableBufferPointer { pc in
          BLAS.withThreads(parallel: false) { BLAS.splitGram(pa.baseAddress!, n, k, pc.baseAddress!, bands) }
        }
      }
      #expect(one.map(\.bitPattern) == split.map(\.bitPattern), "n \(n) k \(k) bands \(bands)")
    }
  }
  // Two bands at N = 500 split the triangle's work about evenly, each boundary on the tiles.
  #expect(BLAS.gramBands(500, 512, parts: 2) == [0, 144, 500])
  #expect(BLAS.gramBands(500, 512, parts: 1) == [0, 500] && BLAS.gramBands(20, 20, parts: 2) == [0, 20])
}

/// `BLAS.splitGEMM` (two single-threaded calls over the halves of C) gives the bits of one
/// single-threaded call: shapes with K in (256, 512), where OpenBLAS's threaded driver would block K
/// differently, both cut directions, every transposition, alpha and beta ≠ 1, and leading dimensions
/// wider than the operands. Run on any number of cores: the two parts run concurrently where there are two.
@Test func splitGEMMEqualsOneCall() {
  var rng = RandomSource(seed: 16)
  let shapes: [(m: Int, n: Int, k: Int)] = [
    (500, 64, 64), (64, 64, 500), (1000, 1, 64), (1, 1000, 300), (600, 64, 300), (37, 901, 333), (129, 17, 511),
    (250, 250, 257), (16, 16, 1024), (1003, 129, 10),
  ]
  let pool = (0..<(1 << 20)).map { _ in rng.normal() }
  func values(_ count: Int, from start: Int) -> [Double] {
    (0..<count).map { pool[(start + $0 * 7) % pool.count] }
  }
  for (m, n, k) in shapes {
    for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
      for (alpha, beta) in [(1.0, 0.0), (0.7, 1.0), (-1.3, 0.25)] {
        let (ar, ac) = transA ? (k, m) : (m, k)
        let (br, bc) = transB ? (n, k) : (k, n)
        let (lda, ldb, ldc) = (ac + 3, bc + 1, n + 5)
        let a = values(ar * lda, from: m)
        let b = values(br * ldb, from: n * 31)
        let c0 = values(m * ldc, from: k * 101)
        var one = c0
        var split = c0
        // On one OpenBLAS thread, as `BLAS.gemm` calls both.
        BLAS.withThreads(parallel: false) {
          a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
              one.withUnsafeMutableBufferPointer { pc in
                BLAS.dgemm(
                  transA, transB, m, n, k, alpha, pa.baseAddress!, lda, pb.baseAddress!, ldb, beta, pc.baseAddress!,
                  ldc)
              }
              split.withUnsafeMutableBufferPointer { pc in
                BLAS.splitGEMM(
                  transA, transB, m, n, k, alpha, pa.baseAddress!, lda, pb.baseAddress!, ldb, beta, pc.baseAddress!,
                  ldc)
              }
            }
          }
        }
        #expect(
          one.map(\.bitPattern) == split.map(\.bitPattern),
          "m \(m) n \(n) k \(k) transA \(transA) transB \(transB) alpha \(alpha) beta \(beta)")
      }
    }
  }
}
