import Testing

@testable import Engine

@Suite("Data transforms")
struct DataTransformTests {
  private func sample() throws -> Dataset {
    var rng = RandomSource(seed: 21)
    return try Datasets.gaussians(n: 300, centers: 3, std: 2, rng: &rng)
  }

  @Test func splitIsDeterministicAndDisjoint() throws {
    let d = try sample()
    var a = RandomSource(seed: 1)
    var b = RandomSource(seed: 1)
    var c = RandomSource(seed: 2)
    let (train, test) = try Datasets.split(d, fraction: 0.8, rng: &a)
    #expect(train.count == 240 && test.count == 60)
    #expect(try Datasets.split(d, fraction: 0.8, rng: &b).train == train)
    #expect(try Datasets.split(d, fraction: 0.8, rng: &c).train != train)
    let all = Set((0..<240).map { train.x.row($0) } + (0..<60).map { test.x.row($0) })
    #expect(all.count == 300)
    var rng = RandomSource(seed: 3)
    #expect(throws: DataError.self) { try Datasets.split(d, fraction: 1, rng: &rng) }
    #expect(throws: DataError.self) { try Datasets.split(Datasets.xor(), fraction: 0.1, rng: &rng) }
  }

  @Test func stratifiedSplitKeepsBalance() throws {
    let d = try sample()
    var rng = RandomSource(seed: 4)
    let (train, test) = try Datasets.split(d, fraction: 0.7, stratify: true, rng: &rng)
    #expect(train.classCounts == [70, 70, 70] && test.classCounts == [30, 30, 30])
  }

  @Test func standardizeUsesTrainStatistics() throws {
    let d = try sample()
    let s = Datasets.standardize(d)
    let stats = Standardization(of: s)
    #expect(stats.mean.allSatisfy { abs($0) < 1e-12 } && stats.std.allSatisfy { abs($0 - 1) < 1e-12 })
    #expect(s.y == d.y)

    var rng = RandomSource(seed: 5)
    let (train, test) = try Datasets.split(d, rng: &rng)
    let trainStats = Standardization(of: train)
    let t = try Datasets.standardize(test, using: train)
    for j in 0..<d.features {
      #expect(abs(t.x[0, j] - (test.x[0, j] - trainStats.mean[j]) / trainStats.std[j]) < 1e-12)
    }
    #expect(try Datasets.standardize(test, using: trainStats) == t)
    let wide = Dataset(name: "w", x: Matrix(rows: 2, cols: 3), y: Matrix(rows: 2, cols: 1))
    #expect(throws: DataError.self) { try Datasets.standardize(wide, using: train) }

    // A constant feature is centred, not divided by zero.
    let constant = Dataset(name: "c", x: Matrix([[2, 1], [2, 3]]), y: Matrix([[0], [1]]))
    #expect(Datasets.standardize(constant).x == Matrix([[0, -1], [0, 1]]))
  }

  @Test func subsampleAndShuffle() throws {
    let d = try sample()
    var a = RandomSource(seed: 6)
    var b = RandomSource(seed: 6)
    let s = try Datasets.subsample(d, n: 50, rng: &a)
    let again = try Datasets.subsample(d, n: 50, rng: &b)
    #expect(s.count == 50 && s == again)
    #expect(Set((0..<50).map { s.x.row($0) }).count == 50)
    #expect(throws: DataError.self) { try Datasets.subsample(d, n: 301, rng: &a) }

    let sh = Datasets.shuffle(d, rng: &a)
    #expect(sh.count == d.count && sh != d && sh.classCounts == d.classCounts)
    #expect(Set((0..<300).map { sh.x.row($0) }) == Set((0..<300).map { d.x.row($0) }))
  }
}
