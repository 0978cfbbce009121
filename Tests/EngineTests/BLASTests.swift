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
