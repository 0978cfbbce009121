import Foundation
import Testing

@testable import Engine

private func basis(_ a: Algebra, _ i: Int) -> [Double] {
  var e = [Double](repeating: 0, count: a.dimension)
  e[i] = 1
  return e
}

private func scaled(_ s: Double, _ a: Algebra, _ i: Int) -> [Double] { basis(a, i).map { $0 * s } }

@Suite("Algebras") struct AlgebraTests {
  @Test func complexHyperbolicDualSquares() throws {
    let c = Algebra.complex
    let h = Algebra.hyperbolic
    let d = Algebra.dual
    #expect(c.dimension == 2 && h.dimension == 2 && d.dimension == 2)
    #expect(c.multiply(basis(c, 1), basis(c, 1)) == [-1, 0])
    #expect(h.multiply(basis(h, 1), basis(h, 1)) == [1, 0])
    #expect(d.multiply(basis(d, 1), basis(d, 1)) == [0, 0])
    #expect(d.structureNorm == 3 && c.structureNorm == 4)
  }

  @Test func hamiltonQuaternions() throws {
    let q = Algebra.quaternion
    for i in 1...3 { #expect(q.multiply(basis(q, i), basis(q, i)) == scaled(-1, q, 0)) }
    #expect(q.multiply(basis(q, 1), basis(q, 2)) == basis(q, 3))  // ij = k
    #expect(q.multiply(basis(q, 2), basis(q, 1)) == scaled(-1, q, 3))  // ji = −k
    #expect(q.multiply(q.multiply(basis(q, 1), basis(q, 2)), basis(q, 3)) == scaled(-1, q, 0))  // ijk = −1
  }

  @Test func segreCommutativeQuaternions() throws {
    let a = Algebra.commutativeQuaternion
    let (i, j, k) = (1, 2, 3)
    #expect(a.multiply(basis(a, i), basis(a, i)) == scaled(-1, a, 0))
    #expect(a.multiply(basis(a, k), basis(a, k)) == scaled(-1, a, 0))
    #expect(a.multiply(basis(a, j), basis(a, j)) == basis(a, 0))
    #expect(a.multiply(basis(a, i), basis(a, j)) == basis(a, k))
    #expect(a.multiply(basis(a, j), basis(a, k)) == basis(a, i))
    #expect(a.multiply(basis(a, k), basis(a, i)) == scaled(-1, a, j))
    for x in 0..<4 {
      for y in 0..<4 { #expect(a.multiply(basis(a, x), basis(a, y)) == a.multiply(basis(a, y), basis(a, x))) }
    }
    #expect(isAssociative(a))
  }

  @Test func associativityOfQuaternionsAndClifford() throws {
    #expect(isAssociative(Algebra.quaternion))
    #expect(isAssociative(try Algebra.clifford(p: 2, q: 1, r: 1)))
    #expect(isAssociative(try Algebra.clifford(p: 0, q: 3, r: 0)))
  }

  @Test func octonionsAreAlternativeButNotAssociative() throws {
    let o = try Algebra.cayleyDickson(3)
    #expect(o.dimension == 8)
    #expect(!isAssociative(o))
    // Alternative: x(xy) = (xx)y on basis elements and a random pair.
    var rng = RandomSource(seed: 1)
    let x = (0..<8).map { _ in rng.normal() }
    let y = (0..<8).map { _ in rng.normal() }
    let lhs = o.multiply(x, o.multiply(x, y))
    let rhs = o.multiply(o.multiply(x, x), y)
    #expect(zip(lhs, rhs).allSatisfy { abs($0 - $1) < 1e-12 })  // a few products of O(1) numbers
    for i in 1..<8 { #expect(o.multiply(basis(o, i), basis(o, i)) == scaled(-1, o, 0)) }
  }

  @Test func cliffordGeneratorsSquareToTheirMetric() throws {
    let a = try Algebra.clifford(p: 1, q: 1, r: 1)
    #expect(a.dimension == 8)
    #expect(a.multiply(basis(a, 1), basis(a, 1)) == basis(a, 0))
    #expect(a.multiply(basis(a, 2), basis(a, 2)) == scaled(-1, a, 0))
    #expect(a.multiply(basis(a, 4), basis(a, 4)) == [Double](repeating: 0, count: 8))
    // Distinct generators anticommute: e1 e2 = −e2 e1 = e12.
    #expect(a.multiply(basis(a, 1), basis(a, 2)) == basis(a, 3))
    #expect(a.multiply(basis(a, 2), basis(a, 1)) == scaled(-1, a, 3))
  }

  @Test func leftMultiplicationMatrixActsLikeTheProduct() throws {
    let q = Algebra.quaternion
    let x: [Double] = [0.5, -1, 2, 0.25]
    let m = q.leftMultiplication(2)
    let y = (0..<4).map { c in (0..<4).reduce(0.0) { $0 + m[c, $1] * x[$1] } }
    #expect(y == q.multiply(basis(q, 2), x))
  }

  @Test func absurdSizesThrow() {
    #expect(throws: EngineError.self) { try Algebra.cayleyDickson(40) }
    #expect(throws: EngineError.self) { try Algebra.clifford(p: 30, q: 0, r: 0) }
    #expect(throws: EngineError.self) { try Algebra.clifford(p: -1, q: 0, r: 0) }
  }

  @Test func codableRoundTrip() throws {
    let a = try Algebra.clifford(p: 1, q: 2, r: 0)
    let data = try JSONEncoder().encode(a)
    #expect(try JSONDecoder().decode(Algebra.self, from: data) == a)
  }
}

func isAssociative(_ a: Algebra) -> Bool {
  let k = a.dimension
  for i in 0..<k {
    for j in 0..<k {
      for l in 0..<k {
        let (x, y, z) = (basis(a, i), basis(a, j), basis(a, l))
        if a.multiply(a.multiply(x, y), z) != a.multiply(x, a.multiply(y, z)) { return false }
      }
    }
  }
  return true
}
