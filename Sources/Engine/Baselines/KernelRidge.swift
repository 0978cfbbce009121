import Foundation

/// Kernel ridge regression in scikit-learn's `KernelRidge` convention: dual coefficients
/// A = (K + αI)⁻¹ Y on the training Gram matrix K (α added to its diagonal, no intercept), predictions
/// f(X′) = K(X′, X) A.
///
///     let m = try KernelRidge(x: x, y: y, kernel: .rbf(gamma: 1), alpha: 0.1)
public struct KernelRidge: Regressor {
  public enum Kernel: Sendable {
    /// exp(−γ‖x − x′‖²).
    case rbf(gamma: Double)
    /// exp(−γ‖x − x′‖₁).
    case laplacian(gamma: Double)
    /// The analytic infinite-width NTK of a net at initialisation (as `kernelLimit`).
    case ntk(NTKKernel)
  }

  public let kernel: Kernel
  public let alpha: Double
  public let train: Matrix
  public let dual: Matrix
  public var inputFeatures: Int { train.cols }
  public var outputs: Int { dual.cols }

  public init(x: Matrix, y: Matrix, kernel: Kernel, alpha: Double) throws {
    guard x.rows == y.rows, x.rows > 0 else { throw EngineError.invalid("kernel ridge needs data") }
    guard alpha >= 0, alpha.isFinite else { throw EngineError.invalid("alpha must be ≥ 0") }
    var k = try Self.gram(kernel, x, nil)
    for i in 0..<k.rows { k[i, i] += alpha }
    guard let a = BLAS.solveSPD(k, y) ?? BLAS.solve(k, y) else {
      throw EngineError.invalid("the kernel matrix plus alpha·I is singular; use a positive alpha")
    }
    self.kernel = kernel
    self.alpha = alpha
    self.train = x
    self.dual = a
  }

  public func predict(_ x: Matrix) throws -> Matrix {
    BLAS.matmul(try Self.gram(kernel, x, train), dual)
  }

  public var summary: String {
    let n = "\(train.rows) training points"
    switch kernel {
    case .rbf(let g): return "kernel_ridge: rbf kernel, gamma \(shortNumber(g)), alpha \(shortNumber(alpha)), \(n)"
    case .laplacian(let g):
      return "kernel_ridge: laplacian kernel, gamma \(shortNumber(g)), alpha \(shortNumber(alpha)), \(n)"
    case .ntk: return "kernel_ridge: ntk kernel, alpha \(shortNumber(alpha)), \(n)"
    }
  }

  /// K(A, B) (rows of A against rows of B); B = nil means K(A, A).
  public static func gram(_ kernel: Kernel, _ a: Matrix, _ b: Matrix?) throws -> Matrix {
    let other = b ?? a
    switch kernel {
    case .rbf(let gamma):
      return squaredDistances(a, other).map { Foundation.exp(-gamma * $0) }
    case .laplacian(let gamma):
      var k = Matrix(rows: a.rows, cols: other.rows)
      for i in 0..<a.rows {
        for j in 0..<other.rows {
          var d = 0.0
          for c in 0..<a.cols { d += abs(a[i, c] - other[j, c]) }
          k[i, j] = Foundation.exp(-gamma * d)
        }
      }
      return k
    case .ntk(let kernel):
      return kernel.cross(a, b)
    }
  }
}

/// The infinite-width NTK of a net as a kernel function: the recursion of `kernelLimit` run on the
/// joint Gram matrix of both input sets (Θ(x, x′) depends only on the pair's 2×2 input Gram, so the
/// off-diagonal block of the joint kernel is the cross kernel exactly).
public struct NTKKernel: Sendable {
  let layers: [KernelLayer]

  public init(_ net: Network) throws {
    layers = try kernelLayers(net)
  }

  /// Θ(A, B), or Θ(A, A) when B is nil.
  public func cross(_ a: Matrix, _ b: Matrix?) -> Matrix {
    guard let b else { return kernelRecursion(layers, inputGram: BLAS.matmul(a, a, transB: true)).theta }
    let joint = Matrix.vstack([a, b])
    let theta = kernelRecursion(layers, inputGram: BLAS.matmul(joint, joint, transB: true)).theta
    var out = Matrix(rows: a.rows, cols: b.rows)
    for i in 0..<a.rows { for j in 0..<b.rows { out[i, j] = theta[i, a.rows + j] } }
    return out
  }
}

/// A number for a one-line summary: 4 significant digits, no trailing zeros (`0.5`, `1e-06`).
func shortNumber(_ x: Double) -> String { String(format: "%.4g", x) }
