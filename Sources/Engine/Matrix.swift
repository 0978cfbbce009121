/// A dense row-major matrix of Doubles: the Engine's one tensor type. Row i, column j is `data[i * cols + j]`.
/// Samples are rows: a dataset of N points with d features is an N×d matrix.
public struct Matrix: Equatable, Sendable {
  public var rows: Int
  public var cols: Int
  public var data: [Double]

  /// `Matrix(rows: 2, cols: 3)` is all zeros.
  public init(rows: Int, cols: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && cols >= 0, "negative matrix size")
    self.rows = rows
    self.cols = cols
    self.data = [Double](repeating: value, count: rows * cols)
  }

  /// A rows×cols workspace whose entries are left as the allocator had them: only for a caller that
  /// writes every entry it will read before reading it (a `dsyrk` result). An N×N Gram term's zero fill
  /// was 5 % of an NTK Gram at N = 500, w = 128.
  init(rows: Int, cols: Int, overwrittenBeforeRead: Void) {
    precondition(rows >= 0 && cols >= 0, "negative matrix size")
    self.rows = rows
    self.cols = cols
    self.data = [Double](unsafeUninitializedCapacity: rows * cols) { _, count in count = rows * cols }
  }

  /// `Matrix(rows: 2, cols: 2, data: [1, 2, 3, 4])`
  public init(rows: Int, cols: Int, data: [Double]) {
    precondition(data.count == rows * cols, "matrix data count \(data.count) != \(rows)×\(cols)")
    self.rows = rows
    self.cols = cols
    self.data = data
  }

  /// `Matrix([[1, 2], [3, 4]])` (rows must have equal length).
  public init(_ rowsList: [[Double]]) {
    let c = rowsList.first?.count ?? 0
    precondition(rowsList.allSatisfy { $0.count == c }, "ragged rows")
    self.init(rows: rowsList.count, cols: c, data: rowsList.flatMap { $0 })
  }

  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, cols: n)
    for i in 0..<n { m.data[i * n + i] = 1 }
    return m
  }

  public subscript(i: Int, j: Int) -> Double {
    get { data[i * cols + j] }
    set { data[i * cols + j] = newValue }
  }

  public var count: Int { data.count }
  public var shape: (rows: Int, cols: Int) { (rows, cols) }

  /// Row i as an array.
  public func row(_ i: Int) -> [Double] { Array(data[(i * cols)..<((i + 1) * cols)]) }

  /// The rows at the given indices, in that order.
  public func rows(_ indices: [Int]) -> Matrix {
    var out = Matrix(rows: indices.count, cols: cols)
    out.data.withUnsafeMutableBufferPointer { dst in
      data.withUnsafeBufferPointer { src in
        for (k, i) in indices.enumerated() {
          for j in 0..<cols { dst[k * cols + j] = src[i * cols + j] }
        }
      }
    }
    return out
  }

  /// Columns [from, to).
  public func columns(_ range: Range<Int>) -> Matrix {
    var out = Matrix(rows: rows, cols: range.count)
    for i in 0..<rows {
      for (k, j) in range.enumerated() { out.data[i * range.count + k] = data[i * cols + j] }
    }
    return out
  }

  public var transposed: Matrix {
    var out = Matrix(rows: cols, cols: rows)
    for i in 0..<rows {
      for j in 0..<cols { out.data[j * rows + i] = data[i * cols + j] }
    }
    return out
  }

  public func map(_ f: (Double) -> Double) -> Matrix { Matrix(rows: rows, cols: cols, data: data.map(f)) }

  /// Frobenius norm.
  public var norm: Double { data.reduce(0) { $0 + $1 * $1 }.squareRoot() }
  public var trace: Double { (0..<min(rows, cols)).reduce(0) { $0 + self[$1, $1] } }
  public var isFinite: Bool { data.allSatisfy(\.isFinite) }

  /// Rows stacked vertically (column counts must agree).
  public static func vstack(_ parts: [Matrix]) -> Matrix {
    guard let c = parts.first?.cols else { return Matrix(rows: 0, cols: 0) }
    precondition(parts.allSatisfy { $0.cols == c }, "vstack column mismatch")
    return Matrix(rows: parts.reduce(0) { $0 + $1.rows }, cols: c, data: parts.flatMap(\.data))
  }

  public static func + (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.cols == b.cols, "shape mismatch")
    return Matrix(rows: a.rows, cols: a.cols, data: zip(a.data, b.data).map { $0 + $1 })
  }
  public static func - (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.cols == b.cols, "shape mismatch")
    return Matrix(rows: a.rows, cols: a.cols, data: zip(a.data, b.data).map { $0 - $1 })
  }
  public static func * (s: Double, a: Matrix) -> Matrix { a.map { s * $0 } }
}
