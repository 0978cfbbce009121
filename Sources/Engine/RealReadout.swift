/// `readout real` (SPEC §4.2): a net over an algebra of dimension k > 1 shows the loss only component 0 of
/// each of its output units. The readout R keeps column u·k of each row (units = features/k columns); its
/// adjoint Rᵀ puts a sensitivity back on component 0 and zeros on the others, so ⟨R y, x⟩ = ⟨y, Rᵀ x⟩.
/// Training (`Network.headOutput`/`runBackward`), the Jacobian probes and the R-operator all use this pair.
///
/// `RealReadout(k: 2).read(Matrix([[1, 2, 3, 4]]))` is [[1, 3]].
struct RealReadout {
  /// The algebra dimension.
  let k: Int

  /// R y into `out`, reshaped to rows × (cols/k).
  func read(_ y: Matrix, into out: inout Matrix) {
    let units = y.cols / k
    out.reshape(y.rows, units)
    for r in 0..<y.rows {
      for u in 0..<units { out.data[r * units + u] = y.data[r * y.cols + u * k] }
    }
  }

  /// R y.
  func read(_ y: Matrix) -> Matrix {
    var out = Matrix(rows: 0, cols: 0)
    read(y, into: &out)
    return out
  }

  /// Rᵀ g into `out`, reshaped to rows × `features` (= units·k), zero off component 0.
  func spread(_ g: Matrix, features: Int, into out: inout Matrix) {
    out.reshape(g.rows, features)
    out.data.withUnsafeMutableBufferPointer { o in
      for e in 0..<o.count { o[e] = 0 }
      for r in 0..<g.rows {
        for u in 0..<g.cols { o[r * features + u * k] = g.data[r * g.cols + u] }
      }
    }
  }

  /// Rᵀ g.
  func spread(_ g: Matrix, features: Int) -> Matrix {
    var out = Matrix(rows: 0, cols: 0)
    spread(g, features: features, into: &out)
    return out
  }
}
