import Foundation

/// One 2-D map of the plane, read as a map of the complex plane z = x + iy (Nitta, seed 000: a complex
/// neuron learns rotation, scaling and translation; a fully augmented (widely linear) one also reflection;
/// a dual-number one shear).
public enum AffineTransform: Sendable, Equatable, Codable {
  /// z ↦ e^{iθ} z: counter-clockwise rotation by `angle` radians.
  case rotate(angle: Double)
  /// z ↦ s z (s < 1 shrinks).
  case scale(Double)
  /// z ↦ z + (dx + i dy).
  case translate(dx: Double, dy: Double)
  /// Reflection across the line through 0 at angle θ: z ↦ e^{2iθ} z̄ (θ = 0 is complex conjugation).
  case reflect(axisAngle: Double)
  /// (x, y) ↦ (x, y + k x): multiplication of the dual number x + yε by 1 + kε, the shear a dual-number
  /// neuron represents.
  case shear(Double)

  /// The image of `p` = (x, y).
  ///
  ///     AffineTransform.rotate(angle: .pi / 2).apply([1, 0])  // ≈ [0, 1]
  public func apply(_ p: [Double]) -> [Double] {
    let (x, y) = (p[0], p[1])
    switch self {
    case .rotate(let a): return [cos(a) * x - sin(a) * y, sin(a) * x + cos(a) * y]
    case .scale(let s): return [s * x, s * y]
    case .translate(let dx, let dy): return [x + dx, y + dy]
    case .reflect(let t): return [cos(2 * t) * x + sin(2 * t) * y, sin(2 * t) * x - cos(2 * t) * y]
    case .shear(let k): return [x, y + k * x]
    }
  }

  public var parameters: [Double] {
    switch self {
    case .rotate(let a): return [a]
    case .scale(let s): return [s]
    case .translate(let dx, let dy): return [dx, dy]
    case .reflect(let t): return [t]
    case .shear(let k): return [k]
    }
  }
}

/// The point sets `affine` maps, all within [−1, 1]².
public enum AffineShape: String, Sendable, CaseIterable, Codable {
  /// n points evenly spaced on the unit circle.
  case circle
  /// n points evenly spaced (by arc length) along the boundary of the square [−1, 1]².
  case square
  /// n points evenly spaced along the strokes of a capital F (stem x = −0.5, top bar at y = 1, middle bar
  /// at y = 0 to x = 0.25): asymmetric, so a reflection or rotation is visible.
  case letter
  /// The first n points of a ⌈√n⌉×⌈√n⌉ grid on [−1, 1]², row by row.
  case grid
  /// n points uniform in the unit disc (random).
  case disc
  /// n points uniform in the square [−1, 1]² (random).
  case box

  func points(_ n: Int, rng: inout RandomSource) -> [[Double]] {
    switch self {
    case .circle:
      return (0..<n).map { k in
        let t = 2 * Double.pi * Double(k) / Double(n)
        return [cos(t), sin(t)]
      }
    case .square:
      return polyline([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]], n, closed: true)
    case .letter:
      let strokes: [[[Double]]] = [[[-0.5, -1], [-0.5, 1]], [[-0.5, 1], [0.5, 1]], [[-0.5, 0], [0.25, 0]]]
      return strokesPoints(strokes, n)
    case .grid:
      let k = Int(Double(n).squareRoot().rounded(.up))
      let step = k > 1 ? 2 / Double(k - 1) : 0
      return (0..<n).map { i in [-1 + step * Double(i % k), k > 1 ? -1 + step * Double(i / k) : 0] }
    case .disc:
      return (0..<n).map { _ in
        let r = rng.uniform().squareRoot()
        let t = rng.uniform(0, 2 * Double.pi)
        return [r * cos(t), r * sin(t)]
      }
    case .box:
      return (0..<n).map { _ in [rng.uniform(-1, 1), rng.uniform(-1, 1)] }
    }
  }

  /// n points evenly spaced by arc length along a polyline (a closed one does not repeat its start).
  private func polyline(_ v: [[Double]], _ n: Int, closed: Bool) -> [[Double]] {
    strokesPoints(zip(v, v.dropFirst()).map { [$0, $1] }, n, closed: closed)
  }

  private func strokesPoints(_ strokes: [[[Double]]], _ n: Int, closed: Bool = false) -> [[Double]] {
    let lengths = strokes.map { hypot($0[1][0] - $0[0][0], $0[1][1] - $0[0][1]) }
    let total = lengths.reduce(0, +)
    let gaps = closed || n == 1 ? n : n - 1
    return (0..<n).map { k in
      var s = gaps == 0 ? 0 : total * Double(k) / Double(gaps)
      for (seg, len) in zip(strokes, lengths) {
        if s <= len || seg == strokes.last! {
          let u = len > 0 ? min(s / len, 1) : 0
          return [seg[0][0] + u * (seg[1][0] - seg[0][0]), seg[0][1] + u * (seg[1][1] - seg[0][1])]
        }
        s -= len
      }
      return strokes[0][0]
    }
  }
}

extension Datasets {
  /// A 2-D map learning task (Nitta, seed 000): x = n points of `shape`, y = their images under the
  /// transforms applied in order (first element first). Regression with 2 inputs and 2 outputs; a complex
  /// net reads each as one complex number.
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let d = try Datasets.affine(transform: [.rotate(angle: .pi / 4), .scale(0.5)], shape: .circle, rng: &rng)
  public static func affine(
    transform: [AffineTransform], shape: AffineShape = .circle, n: Int = 100, rng: inout RandomSource
  ) throws -> Dataset {
    try checkCount(n)
    guard transform.allSatisfy({ $0.parameters.allSatisfy(\.isFinite) }) else {
      throw DataError.nonFinite(what: "an affine transform parameter")
    }
    let xs = shape.points(n, rng: &rng)
    let ys = xs.map { p in transform.reduce(p) { $1.apply($0) } }
    return Dataset(name: "affine", x: Matrix(xs), y: Matrix(ys), featureNames: ["x", "y"])
  }
}
