import Foundation
import Testing

@testable import Engine

/// Same seed → identical data, different seed → different data.
private func checkDeterminism(_ make: (inout RandomSource) throws -> Dataset) throws {
  var a = RandomSource(seed: 7)
  var b = RandomSource(seed: 7)
  var c = RandomSource(seed: 8)
  let (da, db, dc) = (try make(&a), try make(&b), try make(&c))
  #expect(da == db)
  #expect(da.x != dc.x || da.y != dc.y)
}

@Suite("Data generators")
struct DataGeneratorTests {
  @Test func xorIsTheFourPoints() {
    let d = Datasets.xor()
    #expect(d.count == 4 && d.features == 2 && d.numClasses == 2)
    for i in 0..<4 {
      let p = d.x.row(i)
      #expect(d.label(i) == (Int(p[0]) ^ Int(p[1])))
    }
  }

  @Test func twoSpiralsAreWielandsPoints() throws {
    var rng = RandomSource(seed: 1)
    let d = try Datasets.twoSpirals(rng: &rng)
    #expect(d.count == 194 && d.features == 2 && d.classCounts == [97, 97])
    #expect(d.x.row(0) == [0, 6.5] && d.label(0) == 1)
    #expect(d.x.row(1) == [-0.0, -6.5] && d.label(1) == 0)
    for i in [1, 8, 50, 96] {
      let phi = Double(i) * .pi / 16
      let r = 6.5 * Double(104 - i) / 104
      #expect(abs(d.x[2 * i, 0] - r * sin(phi)) < 1e-12 && abs(d.x[2 * i, 1] - r * cos(phi)) < 1e-12)
      #expect(d.label(2 * i) == 1)
      #expect(d.x.row(2 * i + 1) == d.x.row(2 * i).map { -$0 } && d.label(2 * i + 1) == 0)
    }
    // i = 8: φ = π/2 → (r, 0) with r = 6.5·96/104 = 6.
    #expect(abs(d.x[16, 0] - 6) < 1e-12 && abs(d.x[16, 1]) < 1e-12)
  }

  @Test func twoSpiralsGeneralise() throws {
    var rng = RandomSource(seed: 1)
    let small = try Datasets.twoSpirals(points: 50, rng: &rng)
    #expect(small.count == 50 && small.classCounts == [25, 25])
    #expect(small.x.row(0) == [0, 6.5])
    // The last point is Wieland's i = 96 point.
    let end = 6.5 * 8 / 104 * sin(6 * Double.pi)
    #expect(abs(small.x[48, 0] - end) < 1e-12)
    #expect(throws: DataError.self) { try Datasets.twoSpirals(points: 7, rng: &rng) }
    #expect(throws: DataError.self) { try Datasets.twoSpirals(noise: -1, rng: &rng) }
    try checkDeterminism { try Datasets.twoSpirals(noise: 0.1, rng: &$0) }
  }

  @Test func circlesLieOnTheirRadii() throws {
    var rng = RandomSource(seed: 2)
    let d = try Datasets.circles(n: 101, noise: 0, factor: 0.5, rng: &rng)
    #expect(d.count == 101 && d.classCounts == [50, 51])
    for i in 0..<d.count {
      let r = hypot(d.x[i, 0], d.x[i, 1])
      #expect(abs(r - (d.label(i) == 0 ? 1 : 0.5)) < 1e-12)
    }
    #expect(throws: DataError.self) { try Datasets.circles(factor: 1, rng: &rng) }
    try checkDeterminism { try Datasets.circles(n: 50, noise: 0.1, rng: &$0) }
  }

  @Test func moonsHaveTheirShape() throws {
    var rng = RandomSource(seed: 3)
    let d = try Datasets.moons(n: 100, rng: &rng)
    #expect(d.count == 100 && d.classCounts == [50, 50])
    for i in 0..<d.count {
      let (x, y) = (d.x[i, 0], d.x[i, 1])
      if d.label(i) == 0 {
        #expect(abs(hypot(x, y) - 1) < 1e-12 && y >= -1e-12)
      } else {
        #expect(abs(hypot(x - 1, y - 0.5) - 1) < 1e-12 && y <= 0.5 + 1e-12)
      }
    }
    try checkDeterminism { try Datasets.moons(n: 30, noise: 0.1, rng: &$0) }
  }

  @Test func gaussiansClusterAroundCentres() throws {
    var rng = RandomSource(seed: 4)
    let centers: [[Double]] = [[0, 0], [10, 0], [0, 10]]
    let d = try Datasets.gaussians(n: 301, centers: centers, std: 0.5, rng: &rng)
    #expect(d.count == 301 && d.classCounts == [101, 100, 100])
    for i in 0..<d.count {
      let c = centers[d.label(i)]
      #expect(hypot(d.x[i, 0] - c[0], d.x[i, 1] - c[1]) < 4)  // 8σ
    }
    let random = try Datasets.gaussians(n: 90, centers: 3, dim: 4, rng: &rng)
    #expect(random.features == 4 && random.classCounts == [30, 30, 30])
    try checkDeterminism { try Datasets.gaussians(n: 40, rng: &$0) }
  }

  @Test func checkerboardLabelsByCell() throws {
    var rng = RandomSource(seed: 5)
    let d = try Datasets.checkerboard(n: 2000, cells: 4, rng: &rng)
    #expect(d.count == 2000)
    for i in 0..<d.count {
      let (cx, cy) = (Int((d.x[i, 0] + 1) * 2), Int((d.x[i, 1] + 1) * 2))
      #expect(d.label(i) == (cx + cy) % 2)
    }
    #expect(abs(d.classCounts[0] - 1000) < 150)
    #expect(throws: DataError.self) { try Datasets.checkerboard(n: 0, rng: &rng) }
    try checkDeterminism { try Datasets.checkerboard(rng: &$0) }
  }

  @Test func playgroundGeneratorsFollowTheirRules() throws {
    var rng = RandomSource(seed: 6)
    let spiral = try Datasets.playgroundSpiral(n: 500, rng: &rng)
    #expect(spiral.count == 500 && spiral.classCounts == [250, 250])
    // i = 125 of the +1 spiral: r = 2.5, t = 1.75π → (2.5 sin t, 2.5 cos t); the −1 spiral is its negation.
    let t = 1.75 * Double.pi
    #expect(abs(spiral.x[125, 0] - 2.5 * sin(t)) < 1e-12 && abs(spiral.x[125, 1] - 2.5 * cos(t)) < 1e-12)
    #expect(abs(spiral.x[375, 0] + spiral.x[125, 0]) < 1e-12 && spiral.label(375) == 0)

    let circle = try Datasets.playgroundCircle(n: 500, rng: &rng)
    #expect(circle.classCounts == [250, 250])
    for i in 0..<circle.count {
      let r = hypot(circle.x[i, 0], circle.x[i, 1])
      #expect(circle.label(i) == 1 ? r < 2.5 : (r >= 3.5 && r <= 5))
    }
    let noisyCircle = try Datasets.playgroundCircle(n: 500, noise: 0.5, rng: &rng)
    #expect(noisyCircle.classCounts[1] < 250)  // noise relabels some inner points, never moves them

    let xor = try Datasets.playgroundXOR(n: 400, rng: &rng)
    for i in 0..<xor.count {
      let (x, y) = (xor.x[i, 0], xor.x[i, 1])
      #expect(abs(x) >= 0.3 && abs(y) >= 0.3 && abs(x) <= 5.3 && abs(y) <= 5.3)
      #expect(xor.label(i) == (x * y >= 0 ? 1 : 0))
    }

    let gauss = try Datasets.playgroundGauss(n: 2000, noise: 0.5, rng: &rng)
    // noise 0.5 → variance 4: the +1 cloud's x has sample variance ≈ 4.
    let xs = (0..<1000).map { gauss.x[$0, 0] }
    let m = xs.reduce(0, +) / 1000
    let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 999
    #expect(abs(m - 2) < 0.25 && abs(v - 4) < 0.6)
    try checkDeterminism { try Datasets.playgroundSpiral(n: 100, noise: 0.2, rng: &$0) }
    try checkDeterminism { try Datasets.playgroundGauss(n: 100, rng: &$0) }
  }

  @Test func gaussianInputsAreStandardNormal() throws {
    var rng = RandomSource(seed: 7)
    let d = try Datasets.gaussian(dim: 5, n: 4000, rng: &rng)
    #expect(d.count == 4000 && d.features == 5 && d.outputs == 1 && !d.isClassification)
    #expect(d.y.data.allSatisfy { $0 == 0 })
    let mean = d.x.data.reduce(0, +) / Double(d.x.count)
    let second = d.x.data.reduce(0) { $0 + $1 * $1 } / Double(d.x.count)
    #expect(abs(mean) < 0.03 && abs(second - 1) < 0.05)
    #expect(throws: DataError.self) { try Datasets.gaussian(dim: 0, n: 10, rng: &rng) }
    #expect(throws: DataError.self) { try Datasets.gaussian(dim: 2, n: 10_000_001, rng: &rng) }
    try checkDeterminism { try Datasets.gaussian(dim: 3, n: 10, rng: &$0) }
  }

  @Test func teacherOutputsAreTheTeachersOwn() throws {
    var rng = RandomSource(seed: 8)
    let net: (Matrix) -> Matrix = { x in
      Matrix(rows: x.rows, cols: 2, data: (0..<x.rows).flatMap { i in [tanh(x[i, 0] - x[i, 2]), x[i, 1] * 2] })
    }
    let d = try Datasets.teacher(predict: net, inputs: 3, n: 50, rng: &rng)
    #expect(d.count == 50 && d.features == 3 && d.outputs == 2)
    #expect(d.y == net(d.x))
    let noisy = try Datasets.teacher(predict: net, inputs: 3, n: 50, noise: 0.1, rng: &rng)
    let residual = (noisy.y - net(noisy.x)).norm / 10  // RMS over 100 entries
    #expect(residual > 0.05 && residual < 0.2)
    #expect(throws: DataError.self) {
      try Datasets.teacher(predict: { _ in Matrix(rows: 1, cols: 1) }, inputs: 3, n: 5, rng: &rng)
    }
    try checkDeterminism { try Datasets.teacher(predict: net, inputs: 3, n: 10, rng: &$0) }
  }

  @Test func affineMapsThePlane() throws {
    let p: [Double] = [1, 0]
    let r = AffineTransform.rotate(angle: .pi / 2).apply(p)
    #expect(abs(r[0]) < 1e-15 && abs(r[1] - 1) < 1e-15)
    #expect(AffineTransform.reflect(axisAngle: 0).apply([0.3, 0.7]) == [0.3, -0.7])
    #expect(AffineTransform.shear(2).apply([1, 1]) == [1, 3])
    #expect(AffineTransform.translate(dx: 1, dy: -1).apply([0, 0]) == [1, -1])

    var rng = RandomSource(seed: 9)
    let d = try Datasets.affine(transform: [.scale(0.5), .translate(dx: 1, dy: 0)], shape: .circle, n: 64, rng: &rng)
    #expect(d.count == 64 && d.features == 2 && d.outputs == 2 && !d.isClassification)
    for i in 0..<d.count {
      #expect(abs(hypot(d.x[i, 0], d.x[i, 1]) - 1) < 1e-12)
      #expect(abs(hypot(d.y[i, 0] - 1, d.y[i, 1]) - 0.5) < 1e-12)
    }
    for shape in AffineShape.allCases {
      let s = try Datasets.affine(transform: [], shape: shape, n: 37, rng: &rng)
      #expect(s.count == 37 && s.x == s.y)
      #expect(s.x.data.allSatisfy { abs($0) <= 1 + 1e-12 })
    }
    try checkDeterminism { try Datasets.affine(transform: [.rotate(angle: 1)], shape: .disc, rng: &$0) }
  }

  @Test func piecewiseSmoothJumpsAcrossTheBoundary() throws {
    for boundary in PiecewiseBoundary.allCases where boundary != .none {
      for dim in [1, 2, 5] {
        // Points just either side of the boundary along a path crossing it: f jumps by ≥ 1.
        var jumps = 0
        for step in 0..<400 {
          let t = Double(step) / 400
          let a = [Double](repeating: t, count: dim)
          let b = [Double](repeating: t + 0.0025, count: dim)
          let ha = boundary.level(a)
          let hb = boundary.level(b)
          guard (ha >= 0) != (hb >= 0) else { continue }
          let fa = Datasets.piecewiseTarget(a, smoothness: 1.5, boundary: boundary)
          let fb = Datasets.piecewiseTarget(b, smoothness: 1.5, boundary: boundary)
          #expect(abs(fa - fb) >= 0.9)
          jumps += 1
        }
        #expect(jumps >= 1, "no crossing found for \(boundary) in \(dim)-D")
      }
    }
    var rng = RandomSource(seed: 10)
    let d = try Datasets.piecewiseSmooth(dim: 3, smoothness: 1.5, boundary: .sphere, n: 500, rng: &rng)
    #expect(d.count == 500 && d.features == 3 && d.outputs == 1)
    #expect(d.x.data.allSatisfy { $0 >= 0 && $0 < 1 })
    let high = (0..<d.count).filter { d.y[$0, 0] >= 1 }.count
    #expect(high > 100 && high < 400)  // both pieces populated
    let smooth = try Datasets.piecewiseSmooth(boundary: .none, n: 100, rng: &rng)
    #expect(smooth.y.data.allSatisfy { $0 >= 1 })
    #expect(throws: DataError.self) { try Datasets.piecewiseSmooth(smoothness: 0, rng: &rng) }
    try checkDeterminism { try Datasets.piecewiseSmooth(n: 20, noise: 0.1, rng: &$0) }
  }

  @Test func lowNoiseKeepsTheMargin() throws {
    var rng = RandomSource(seed: 11)
    let dim = 4
    let clean = try Datasets.lowNoise(dim: dim, margin: 0.3, flip: 0, n: 2000, rng: &rng)
    #expect(clean.count == 2000 && clean.numClasses == 2)
    for i in 0..<clean.count {
      let s = clean.x.row(i).reduce(0, +) / Double(dim).squareRoot()
      #expect(abs(s) >= 0.3)
      #expect(clean.label(i) == (s > 0 ? 1 : 0))
    }
    #expect(abs(clean.classCounts[0] - 1000) < 120)

    let noisy = try Datasets.lowNoise(dim: dim, margin: 0.3, flip: 0.1, n: 4000, rng: &rng)
    var flipped = 0
    for i in 0..<noisy.count {
      let s = noisy.x.row(i).reduce(0, +)
      #expect(abs(s) / 2 >= 0.3)
      if noisy.label(i) != (s > 0 ? 1 : 0) { flipped += 1 }
    }
    #expect(abs(Double(flipped) / 4000 - 0.1) < 0.02)  // ±4σ of Binomial(4000, 0.1)
    #expect(throws: DataError.self) { try Datasets.lowNoise(flip: 0.5, rng: &rng) }
    #expect(throws: DataError.self) { try Datasets.lowNoise(dim: 1, margin: 0.5, rng: &rng) }
    try checkDeterminism { try Datasets.lowNoise(n: 20, rng: &$0) }
  }

  @Test func regressionEvaluatesTheFunction() throws {
    var rng = RandomSource(seed: 12)
    let f: ([Double]) -> Double = { $0[0] * $0[0] - $0[1] }
    let d = try Datasets.regression(f: f, dim: 2, n: 100, domain: (-2, 3), rng: &rng)
    #expect(d.count == 100 && d.features == 2 && d.outputs == 1)
    for i in 0..<d.count {
      #expect(d.y[i, 0] == f(d.x.row(i)))
      #expect(d.x.row(i).allSatisfy { $0 >= -2 && $0 < 3 })
    }
    #expect(throws: DataError.self) { try Datasets.regression(f: { 1 / ($0[0] - $0[0]) }, rng: &rng) }
    #expect(throws: DataError.self) { try Datasets.regression(f: f, domain: (1, 1), rng: &rng) }
    try checkDeterminism { try Datasets.regression(f: f, dim: 2, n: 10, noise: 0.1, rng: &$0) }
  }

  @Test func datasetRoundTripsThroughJSON() throws {
    var rng = RandomSource(seed: 13)
    let d = try Datasets.moons(n: 10, noise: 0.1, rng: &rng)
    let back = try JSONDecoder().decode(Dataset.self, from: JSONEncoder().encode(d))
    #expect(back == d)
  }

  @Test func errorsAreActionable() {
    let e = DataError.unknownColumn(path: "a.csv", name: "specie", columns: ["sepal_length", "species"])
    #expect(e.description.contains("columns are: sepal_length, species"))
    #expect(DataError.raggedRow(path: "a.csv", line: 4, expected: 5, found: 4).description.hasPrefix("a.csv:4:"))
  }
}
