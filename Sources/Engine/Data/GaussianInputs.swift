extension Datasets {
  /// Inputs only: n samples from the standard normal N(0, I_dim), targets an N×1 column of zeros (a
  /// regression dataset). For probes that need only inputs — the Fisher information and NTK spectra of
  /// random wide nets are taken over Gaussian inputs (Karakida, Akaho & Amari 2019, seed 001; Jacot et al.
  /// 2018, seed 004).
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let d = try Datasets.gaussian(dim: 10, n: 100, rng: &rng)  // 100×10, y all 0
  public static func gaussian(dim: Int, n: Int = 100, rng: inout RandomSource) throws -> Dataset {
    try checkDim(dim)
    try checkCount(n)
    let x = gaussianMatrix(rows: n, cols: dim, rng: &rng)
    return Dataset(name: "gaussian", x: x, y: Matrix(rows: n, cols: 1))
  }

  static func gaussianMatrix(rows: Int, cols: Int, rng: inout RandomSource) -> Matrix {
    var m = Matrix(rows: rows, cols: cols)
    for k in m.data.indices { m.data[k] = rng.normal() }
    return m
  }

  /// Teacher–student data (the soft-committee / teacher–student setting of Saad & Solla 1995 and
  /// Karakida's plateau analysis, seed 001): x ~ N(0, I_inputs), y = teacher(x) + noise·ε with ε ~ N(0, 1)
  /// per output. `predict` evaluates the teacher network on an N×inputs batch and must return N rows.
  ///
  ///     var rng = RandomSource(seed: 0)
  ///     let d = try Datasets.teacher(predict: { x in teacherNet.forward(x) }, inputs: 5, n: 1000, rng: &rng)
  public static func teacher(
    predict: (Matrix) throws -> Matrix, inputs: Int, n: Int = 1000, noise: Double = 0, rng: inout RandomSource
  ) throws -> Dataset {
    try checkDim(inputs, "inputs")
    try checkCount(n)
    try checkNonNegative(noise, "noise")
    return try teacher(
      predict: predict, labeling: gaussianMatrix(rows: n, cols: inputs, rng: &rng), noise: noise, rng: &rng)
  }

  /// Teacher–student data on given inputs `x` (rows = points): targets = the teacher's outputs + noise.
  public static func teacher(
    predict: (Matrix) throws -> Matrix, labeling x: Matrix, noise: Double = 0, rng: inout RandomSource
  ) throws -> Dataset {
    try checkNonNegative(noise, "noise")
    let n = x.rows
    var y = try predict(x)
    guard y.rows == n, y.cols >= 1 else {
      throw DataError.shapeMismatch(what: "teacher output", expected: "\(n) rows", found: "\(y.rows)×\(y.cols)")
    }
    guard y.isFinite else { throw DataError.nonFinite(what: "a teacher output") }
    if noise > 0 {
      for k in y.data.indices { y.data[k] += noise * rng.normal() }
    }
    return Dataset(name: "teacher", x: x, y: y)
  }
}
