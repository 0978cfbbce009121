/// A finite-dimensional real algebra given by a basis e_0 … e_{k−1} (e_0 = 1) and structure constants
/// that form a signed permutation: e_i e_j = sign · e_{table[i][j].index} with sign ∈ {−1, 0, +1}.
///
/// All algebras of SPEC §4.1 are generated from their definitions: Clifford algebras Cl(p, q, r) by
/// the bitmap (blade) construction with p generators squaring to +1, q to −1 and r to 0 (Dorst,
/// Fontijne & Mann, *Geometric Algebra for Computer Science*, 2007, §19.1), Cayley–Dickson algebras by
/// repeated doubling (a, b)(c, d) = (ac − d̄b, da + bc̄) (Baez, *The Octonions*, 2002, §2.2), and the
/// commutative quaternions by Segre's table (Segre 1892; Nitta's seed 000 uses them for
/// singularity-free nets).
///
/// ```swift
/// let h = Algebra.quaternion   // Hamilton: i² = j² = k² = ijk = −1
/// h.multiply([0, 1, 0, 0], [0, 0, 1, 0]) // [0, 0, 0, 1]  (i j = k)
/// ```
public struct Algebra: Sendable, Codable, Hashable, CustomStringConvertible {
  /// One structure constant: e_i e_j = sign · e_index.
  public struct Product: Sendable, Codable, Hashable {
    public var index: Int
    public var sign: Int
  }

  /// The name a script uses (`complex`, `clifford(1,1,0)`, `cayley_dickson(3)`).
  public var name: String
  public var dimension: Int
  /// `table[i][j]` is the product e_i e_j.
  public var table: [[Product]]

  public var description: String { name }

  /// Builds an algebra from its table (k×k entries with indices in 0..<k and signs in {−1, 0, 1}).
  public init(name: String, table: [[Product]]) throws {
    let k = table.count
    guard k >= 1, table.allSatisfy({ $0.count == k }) else {
      throw EngineError.invalid("algebra '\(name)': the multiplication table must be square and non-empty")
    }
    for row in table {
      for p in row where !(0..<k).contains(p.index) || abs(p.sign) > 1 {
        throw EngineError.invalid("algebra '\(name)': product entry \(p) is out of range")
      }
    }
    self.name = name
    self.dimension = k
    self.table = table
  }

  private enum CodingKeys: String, CodingKey { case name, dimension, table }

  /// Decodes through the validating initialiser, so a net file with a ragged or out-of-range table
  /// is refused when it is read, not when a product indexes past the table.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let name = try c.decode(String.self, forKey: .name)
    let table = try c.decode([[Product]].self, forKey: .table)
    let field = (decoder.codingPath.map(\.stringValue) + ["table"]).joined(separator: ".")
    guard table.count <= 256 else {
      throw EngineError.invalid("field '\(field)': algebra '\(name)' has dimension \(table.count), more than 256")
    }
    do {
      try self.init(name: name, table: table)
    } catch {
      throw EngineError.invalid("field '\(field)': \(error)")
    }
    if let k = try c.decodeIfPresent(Int.self, forKey: .dimension), k != dimension {
      throw EngineError.invalid(
        "field '\(field)': algebra '\(name)' says dimension \(k) but its table is \(dimension)×\(dimension)")
    }
  }

  /// The real numbers ℝ.
  public static let real = try! Algebra(name: "real", table: [[Product(index: 0, sign: 1)]])

  /// The algebras with a name of their own. `name` is only a label for messages and saved nets: the
  /// script names live in the Runtime's registry, which maps each to one of these.
  public static let complex = try! clifford(p: 0, q: 1, r: 0).renamed("complex")
  public static let hyperbolic = try! clifford(p: 1, q: 0, r: 0).renamed("hyperbolic")
  public static let dual = try! clifford(p: 0, q: 0, r: 1).renamed("dual")
  public static let quaternion = try! cayleyDickson(2).renamed("quaternion")
  public static let octonion = try! cayleyDickson(3).renamed("octonion")

  /// Whether the algebra is one whose elements split over two idempotents e± = (1 ± u)/2 into
  /// components on which functions act independently — the hyperbolic numbers and the commutative
  /// quaternions, in any naming (`clifford(p: 1)` is the hyperbolic numbers): `idempotent_tanh` needs it.
  public var hasIdempotentSplit: Bool {
    table == Algebra.hyperbolic.table || table == Algebra.commutativeQuaternion.table
  }

  private func renamed(_ n: String) -> Algebra {
    var a = self
    a.name = n
    return a
  }

  /// Clifford algebra Cl(p, q, r) of dimension 2^(p+q+r): basis blades are bitmaps over the generators
  /// (first p square to +1, next q to −1, last r to 0); the product of blades a, b is the blade a XOR b with
  /// the sign of the canonical reordering times the metric of the shared generators.
  public static func clifford(p: Int, q: Int, r: Int) throws -> Algebra {
    let n = p + q + r
    guard p >= 0, q >= 0, r >= 0, n <= 8 else {
      throw EngineError.invalid(
        "clifford(p: \(p), q: \(q), r: \(r)) is not supported: p, q, r must be ≥ 0 with p + q + r ≤ 8 (dimension ≤ 256)"
      )
    }
    let metric = [Int](repeating: 1, count: p) + [Int](repeating: -1, count: q) + [Int](repeating: 0, count: r)
    let k = 1 << n
    var table = [[Product]](repeating: [], count: k)
    for a in 0..<k {
      for b in 0..<k {
        var swaps = 0
        var s = a >> 1
        while s != 0 {
          swaps += (s & b).nonzeroBitCount
          s >>= 1
        }
        var sign = swaps % 2 == 0 ? 1 : -1
        for g in 0..<n where (a & b) & (1 << g) != 0 { sign *= metric[g] }
        table[a].append(Product(index: a ^ b, sign: sign))
      }
    }
    return try Algebra(name: "clifford(\(p),\(q),\(r))", table: table)
  }

  /// The Cayley–Dickson algebra of dimension 2^n (n = 0 real, 1 complex, 2 quaternions, 3 octonions, …).
  public static func cayleyDickson(_ n: Int) throws -> Algebra {
    guard (0...6).contains(n) else {
      throw EngineError.invalid("cayley_dickson(\(n)) is not supported: n must be in 0…6 (dimension ≤ 64)")
    }
    let k = 1 << n
    var table = [[Product]](repeating: [], count: k)
    for i in 0..<k {
      for j in 0..<k {
        var ei = [Int](repeating: 0, count: k)
        var ej = [Int](repeating: 0, count: k)
        ei[i] = 1
        ej[j] = 1
        let prod = cdMultiply(ei, ej)
        let idx = prod.firstIndex { $0 != 0 } ?? 0
        table[i].append(Product(index: idx, sign: prod[idx]))
      }
    }
    return try Algebra(name: "cayley_dickson(\(n))", table: table)
  }

  /// Doubling formula (a, b)(c, d) = (ac − d̄b, da + bc̄) on integer coefficient vectors.
  private static func cdMultiply(_ x: [Int], _ y: [Int]) -> [Int] {
    if x.count == 1 { return [x[0] * y[0]] }
    let h = x.count / 2
    let (a, b) = (Array(x[..<h]), Array(x[h...]))
    let (c, d) = (Array(y[..<h]), Array(y[h...]))
    let first = zip(cdMultiply(a, c), cdMultiply(cdConjugate(d), b)).map { $0 - $1 }
    let second = zip(cdMultiply(d, a), cdMultiply(b, cdConjugate(c))).map { $0 + $1 }
    return first + second
  }

  private static func cdConjugate(_ x: [Int]) -> [Int] {
    x.enumerated().map { $0.offset == 0 ? $0.element : -$0.element }
  }

  /// Segre's commutative quaternions: i² = k² = −1, j² = +1, ij = ji = k, jk = kj = i, ki = ik = −j.
  public static let commutativeQuaternion: Algebra = {
    let p = { (i: Int, s: Int) in Product(index: i, sign: s) }
    // basis order 1, i, j, k
    let t: [[Product]] = [
      [p(0, 1), p(1, 1), p(2, 1), p(3, 1)],
      [p(1, 1), p(0, -1), p(3, 1), p(2, -1)],
      [p(2, 1), p(3, 1), p(0, 1), p(1, 1)],
      [p(3, 1), p(2, -1), p(1, 1), p(0, -1)],
    ]
    return try! Algebra(name: "commutative_quaternion", table: t)
  }()

  /// The product of two algebra elements given by their k real components.
  public func multiply(_ x: [Double], _ y: [Double]) -> [Double] {
    var z = [Double](repeating: 0, count: dimension)
    for i in 0..<dimension where x[i] != 0 {
      for j in 0..<dimension {
        let p = table[i][j]
        z[p.index] += Double(p.sign) * x[i] * y[j]
      }
    }
    return z
  }

  /// Σ_ijk C_ijk²: the number of non-zero structure constants (k² for division-like algebras, fewer with
  /// null generators). Variance scaling of initializers divides by it (SPEC §4.4).
  public var structureNorm: Int { table.reduce(0) { $0 + $1.reduce(0) { $0 + $1.sign * $1.sign } } }

  /// The left-multiplication matrix A_i (k×k) of e_i: (e_i x)_c = Σ_j A_i[c, j] x_j.
  public func leftMultiplication(_ i: Int) -> Matrix {
    var m = Matrix(rows: dimension, cols: dimension)
    for j in 0..<dimension {
      let p = table[i][j]
      m[p.index, j] = Double(p.sign)
    }
    return m
  }

  /// Sign of the standard conjugation on component c: +1 on e_0, −1 on the others (z̄ for complex numbers).
  @inline(__always) func conjugationSign(_ c: Int) -> Double { c == 0 ? 1 : -1 }
}
