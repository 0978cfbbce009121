import Dispatch
import Foundation

/// Hessian-vector products at one fixed θ for nets whose layers are all plain real dense layers with
/// elementwise activations (evaluation-mode dropout, the identity, may sit between them). The
/// forward-over-reverse pass of `Network.lossGradientAndHessianVector` splits into a part that depends
/// on θ alone — the primal forward (z_l, a_l, σ'(z_l), σ''(z_l)), the primal backward (g_a, g_z) and the
/// loss curvature at the head — done once when the operator is built, and a part linear in v, done per
/// product:
///
///     ż_l = s (ȧ_{l−1} W + a_{l−1} V) + v_b,           ȧ_l = σ'(z_l) ∘ ż_l
///     R{g_z} = σ' ∘ R{g_a} + (σ'' ∘ ż) ∘ g_a            (the last layer: ∇²_f L ḟ, fused or not)
///     H v_W = s (ȧ_{l−1}ᵀ g_z + a_{l−1}ᵀ R{g_z}),      H v_b = Σ_rows R{g_z}
///     R{g_a,l−1} = s (R{g_z} Wᵀ + g_z Vᵀ)
///
/// with the BLAS calls and elementwise operations of the per-call path in its order, so that a product
/// has its bits (ȧ_{−1} = 0: the first layer's ȧW and ȧᵀ g_z products, zero there, are skipped, which
/// adds nothing). K directions go through together as (K·N)-row blocks: the products with W (ȧW and
/// R{g_z}Wᵀ) are one GEMM each over the block and the elementwise rules one loop, while the products
/// with V_k and H v_k are one GEMM per direction. Every workspace is allocated once, for up to
/// `capacity` directions. The operator keeps its own copy of θ: `isBuilt(for:)` tells a caller whether
/// the net's parameters are still those (`HessianOperator` rebuilds it when they are not).
final class CachedHessianVector {
  /// One dense layer's primal quantities and tangent workspaces (row-major buffers).
  private final class Stage {
    let offset: Int
    let inF: Int
    let outF: Int
    let scale: Double
    /// The bias's offset within the layer's slice, nil without a bias.
    let bias: Int?
    let frozen: Bool
    /// a_{l−1} (the layer's input), N×inF.
    let input: [Double]
    /// σ'(z), σ''(z) and ∂L/∂a, N×outF; empty on a head fused with the loss (whose backward starts at z).
    let d1: [Double]
    let d2: [Double]
    let ga: [Double]
    /// ∂L/∂z, N×outF.
    var gz: [Double] = []
    /// Forward: ż (K·N×outF); backward: R{g_z}.
    let tz = Workspace()
    /// Forward: ȧ; backward: R{g_a}.
    let ta = Workspace()
    /// R{g_a} in the row-parallel pass, which keeps ȧ in `ta` until the products with it are done.
    let rga = Workspace()

    /// A stage with `other`'s primal quantities (shared, never written) and workspaces of its own.
    init(sharing other: Stage) {
      offset = other.offset
      inF = other.inF
      outF = other.outF
      scale = other.scale
      bias = other.bias
      frozen = other.frozen
      input = other.input
      d1 = other.d1
      d2 = other.d2
      ga = other.ga
      gz = other.gz
    }

    init(
      _ d: Dense, offset: Int, input: [Double], d1: [Double], d2: [Double], ga: [Double]
    ) {
      self.offset = offset
      inF = d.inFeatures
      outF = d.outFeatures
      scale = d.scale
      bias = d.hasBias ? d.biasOffset : nil
      frozen = d.frozen
      self.input = input
      self.d1 = d1
      self.d2 = d2
      self.ga = ga
    }
  }

  /// A buffer that outlives the calls using it (no exclusivity bookkeeping on the hot path).
  private final class Workspace {
    private(set) var pointer = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    private(set) var count = 0

    /// Makes room for `n` values (contents undefined after growing).
    func reserve(_ n: Int) {
      guard n > count else { return }
      pointer.deallocate()
      pointer = .allocate(capacity: n)
      pointer.initialize(repeating: 0, count: n)
      count = n
    }

    deinit { pointer.deallocate() }
  }

  /// The parameters the operator was built at (`parameterCount` + 1 entries, as `Network.storage`).
  private let theta: [Double]
  private let trainable: [Double]
  private let parameterCount: Int
  private let rows: Int
  private let stages: [Stage]
  /// The last layer's loss is fused with its activation: its backward starts from R{g_z} = ∇²L ż.
  private let fusedHead: Bool
  private let curvature: LossCurvature
  /// K masked directions (stride parameterCount + 1) and K products (stride parameterCount).
  private let directions = Workspace()
  private let products = Workspace()
  /// How many directions one block pass takes (the K·N-row workspaces are held to `workspaceLimit`).
  let capacity: Int
  /// Doubles of tangent workspace a block may take: 4 MiB, a core's L2 cache here. Larger blocks are
  /// slower, not faster — at 10-64-64-1 on 500 samples (each ż/ȧ buffer 256 KiB a direction) one pass
  /// of all 30 Hutchinson probes took 13 % longer than 30 single passes; 4 a pass, what this allows
  /// there, ran level with single passes (10-256-256-1 gets 1; 1, 4 and 8 ran level there too).
  static let workspaceLimit = 1 << 19
  /// Whether `tangentPass` may take the row-parallel pass (tests turn it off to compare).
  var rowParallelEnabled = true
  /// Set while another operator's products run on the other core (`hessianSummary`'s two streams): every
  /// product then runs on this thread alone — no row-parallel pass, no split GEMM — with the same bits.
  var sharesTheCores = false

  /// The operator of `net`'s evaluation-mode loss on (x, y) at its current parameters, or nil when the
  /// net is not of the kind above (the per-call path handles those) or x does not fit it. A block pass
  /// takes as many directions as fit `workspaceLimit` doubles of tangent workspace (at least one).
  init?(_ net: Network, x: Matrix, y: Matrix, loss: Loss, workspaceLimit: Int = CachedHessianVector.workspaceLimit) {
    guard net.realReadout == nil, x.rows > 0 else { return nil }
    var dense: [(layer: Dense, offset: Int)] = []
    for (l, layer) in net.layers.enumerated() {
      if layer is Dropout { continue }
      guard let d = layer as? Dense, d.isPlainReal else { return nil }
      dense.append((d, net.offsets[l]))
    }
    let fused = net.fusedLayer(loss) != nil
    guard let first = dense.first, first.layer.inFeatures == x.cols else { return nil }
    for (i, d) in dense.enumerated() where !(fused && i == dense.count - 1) {
      guard d.layer.activation.isElementwise else { return nil }
    }
    let n = x.rows
    theta = Array(net.storage)
    trainable = net.trainable
    parameterCount = net.parameterCount
    rows = n
    fusedHead = fused

    // The primal forward, as `Dense.forwardTangent` computes the values.
    var inputs: [[Double]] = []
    var derivatives: [(d1: [Double], d2: [Double])] = []
    var current = x.data
    var head = Matrix(rows: 0, cols: 0)
    theta.withUnsafeBufferPointer { tb in
      for (i, (d, offset)) in dense.enumerated() {
        let outF = d.outFeatures
        let p = tb.baseAddress! + offset
        var z = Matrix(rows: n, cols: outF)
        current.withUnsafeBufferPointer { xb in
          z.data.withUnsafeMutableBufferPointer { zb in
            BLAS.gemm(
              transA: false, transB: false, m: n, n: outF, k: d.inFeatures, alpha: d.scale, a: xb.baseAddress!,
              lda: d.inFeatures, b: p, ldb: outF, beta: 0, c: zb.baseAddress!, ldc: outF)
          }
        }
        if d.hasBias {
          for r in 0..<n {
            for c in 0..<outF { z.data[r * outF + c] += p[d.biasOffset + c] }
          }
        }
        inputs.append(current)
        if fused && i == dense.count - 1 {
          derivatives.append(([], []))
          head = z
          continue
        }
        let a = d.activation.tangentForward(.constant(z), k: d.activationGroup).value
        var d1 = [Double](repeating: 0, count: z.count)
        var d2 = d1
        for e in 0..<z.count { (d1[e], d2[e]) = d.activation.tangentDerivatives(z.data[e], a.data[e]) }
        derivatives.append((d1, d2))
        current = a.data
        head = a
      }
    }
    curvature = LossCurvature(loss, at: head)

    // The primal backward, as `Dense.backwardTangent` and `Activation.tangentBackward` compute the values.
    var g = loss.gradient(head, y).data
    var built: [Stage] = []
    theta.withUnsafeBufferPointer { tb in
      for i in stride(from: dense.count - 1, through: 0, by: -1) {
        let (d, offset) = dense[i]
        let (d1, d2) = derivatives[i]
        let headFused = fused && i == dense.count - 1
        let stage = Stage(d, offset: offset, input: inputs[i], d1: d1, d2: d2, ga: headFused ? [] : g)
        stage.gz = headFused ? g : zip(d1, g).map { $0 * $1 }
        if i > 0 {
          var gx = [Double](repeating: 0, count: n * d.inFeatures)
          stage.gz.withUnsafeBufferPointer { gzb in
            gx.withUnsafeMutableBufferPointer { gxb in
              BLAS.gemm(
                transA: false, transB: true, m: n, n: d.inFeatures, k: d.outFeatures, alpha: d.scale,
                a: gzb.baseAddress!, lda: d.outFeatures, b: tb.baseAddress! + offset, ldb: d.outFeatures, beta: 0,
                c: gxb.baseAddress!, ldc: d.inFeatures)
            }
          }
          g = gx
        }
        built.append(stage)
      }
    }
    stages = built.reversed()
    let perDirection = stages.reduce(0) { $0 + 2 * n * $1.outF }
    capacity = max(1, workspaceLimit / max(1, perDirection))
  }

  /// Whether `storage` (a net's parameters with its padding entry) holds exactly the θ this operator was
  /// built at, bit for bit.
  func isBuilt(for storage: [Double]) -> Bool {
    storage.count == theta.count
      && storage.withUnsafeBytes { a in theta.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) } }
        == 0
  }

  /// An operator at the same θ that shares this one's primal quantities and has workspaces of its own,
  /// so that the two can compute products at the same time, on two threads.
  func twin() -> CachedHessianVector { CachedHessianVector(sharing: self) }

  private init(sharing other: CachedHessianVector) {
    theta = other.theta
    trainable = other.trainable
    parameterCount = other.parameterCount
    rows = other.rows
    stages = other.stages.map { Stage(sharing: $0) }
    fusedHead = other.fusedHead
    curvature = other.curvature
    capacity = other.capacity
    rowParallelEnabled = other.rowParallelEnabled
  }

  /// H v for each direction (each of `parameterCount` entries), `capacity` directions per block pass.
  func apply(_ vs: [[Double]]) -> [[Double]] {
    var out: [[Double]] = []
    out.reserveCapacity(vs.count)
    var start = 0
    while start < vs.count {
      let count = min(capacity, vs.count - start)
      out += applyBlock(vs[start..<(start + count)])
      start += count
    }
    return out
  }

  private func applyBlock(_ vs: ArraySlice<[Double]>) -> [[Double]] {
    let k = vs.count
    let p = parameterCount
    directions.reserve(k * (p + 1))
    products.reserve(k * p)
    let parallel = rowParallel(k)
    for stage in stages {
      stage.tz.reserve(k * rows * stage.outF)
      stage.ta.reserve(k * rows * stage.outF)
      if parallel { stage.rga.reserve(k * rows * stage.outF) }
    }
    let dir = directions.pointer
    for (j, v) in vs.enumerated() {
      precondition(v.count == p, "direction length mismatch")
      for e in 0..<p { dir[j * (p + 1) + e] = v[e] * trainable[e] }
      dir[j * (p + 1) + p] = 0
    }
    products.pointer.update(repeating: 0, count: k * p)
    theta.withUnsafeBufferPointer { tb in
      if parallel { rowParallelPass(k, tb.baseAddress!) } else { tangentPass(k, tb.baseAddress!) }
    }
    return (0..<k).map { j in
      let hv = products.pointer + j * p
      return (0..<p).map { hv[$0] * trainable[$0] }
    }
  }

  /// The tangent forward and backward of `k` directions (in `directions`) into `products`.
  private func tangentPass(_ k: Int, _ theta: UnsafePointer<Double>) {
    let n = rows
    let p = parameterCount
    let dir = UnsafePointer(directions.pointer)
    let split = !sharesTheCores
    for (l, s) in stages.enumerated() {
      let no = n * s.outF
      let tz = s.tz.pointer
      if l > 0 {
        BLAS.gemm(
          transA: false, transB: false, m: k * n, n: s.outF, k: s.inF, alpha: s.scale,
          a: stages[l - 1].ta.pointer, lda: s.inF, b: theta + s.offset, ldb: s.outF, beta: 0, c: tz, ldc: s.outF,
          split: split)
      }
      s.input.withUnsafeBufferPointer { xb in
        for j in 0..<k {
          let v = dir + j * (p + 1) + s.offset
          BLAS.gemm(
            transA: false, transB: false, m: n, n: s.outF, k: s.inF, alpha: s.scale, a: xb.baseAddress!, lda: s.inF,
            b: v, ldb: s.outF, beta: l > 0 ? 1 : 0, c: tz + j * no, ldc: s.outF, split: split)
          guard let b = s.bias else { continue }
          Self.addBias(v + b, to: tz + j * no, rows: n, cols: s.outF)
        }
      }
      if s.d1.isEmpty { continue }
      let ta = s.ta.pointer
      s.d1.withUnsafeBufferPointer { d1 in
        for j in 0..<k { Self.tangentForward(d1.baseAddress!, tz + j * no, into: ta + j * no, count: no) }
      }
    }

    let last = stages[stages.count - 1]
    let headTangent = fusedHead ? last.tz.pointer : last.ta.pointer
    for j in 0..<k {
      let h = headTangent + j * n * last.outF
      curvature.apply(h, into: h)
    }

    for l in stride(from: stages.count - 1, through: 0, by: -1) {
      let s = stages[l]
      let no = n * s.outF
      let tz = s.tz.pointer
      let ta = s.ta.pointer
      if !s.d1.isEmpty {
        s.d1.withUnsafeBufferPointer { d1 in
          s.d2.withUnsafeBufferPointer { d2 in
            s.ga.withUnsafeBufferPointer { ga in
              for j in 0..<k {
                Self.tangentBackward(
                  d1.baseAddress!, d2.baseAddress!, ga.baseAddress!, ta + j * no, tz + j * no, count: no)
              }
            }
          }
        }
      }
      s.gz.withUnsafeBufferPointer { gzb in
        let gz = gzb.baseAddress!
        if !s.frozen { layerProducts(l, k, columns: 0..<s.outF, split: split) }
        guard l > 0 else { return }
        // R{g_a} of the layer below, over ȧ_{l−1} (read above for the last time).
        let below = stages[l - 1].ta.pointer
        BLAS.gemm(
          transA: false, transB: true, m: k * n, n: s.inF, k: s.outF, alpha: s.scale, a: tz, lda: s.outF,
          b: theta + s.offset, ldb: s.outF, beta: 0, c: below, ldc: s.inF, split: split)
        for j in 0..<k {
          BLAS.gemm(
            transA: false, transB: true, m: n, n: s.inF, k: s.outF, alpha: s.scale, a: gz, lda: s.outF,
            b: dir + j * (p + 1) + s.offset, ldb: s.outF, beta: 1, c: below + j * n * s.inF, ldc: s.inF,
            split: split)
        }
      }
    }
  }

  // MARK: The row-parallel pass

  /// Whether a block of k directions takes `rowParallelPass`: two cores, at least 16 rows, as much work
  /// as the training step's row-parallel threshold, and — for k > 1, whose block GEMMs the pass cuts
  /// into one row range per direction — N a multiple of 4, so that every range starts on a panel of
  /// rows of the whole block's GEMM (OpenBLAS's Haswell kernels take rows four at a time; a range that
  /// starts elsewhere can get other bits).
  func rowParallel(_ k: Int) -> Bool {
    guard rowParallelEnabled, !sharesTheCores, BLAS.cores > 1, rows >= 16, k == 1 || rows % 4 == 0 else {
      return false
    }
    let work = stages.reduce(0) { $0 + rows * $1.inF * $1.outF }
    return k * work >= Network.rowParallelThreshold
  }

  /// `tangentPass` on two cores in three hand-offs, with its bits: the rows of every direction in two
  /// halves (cut at a multiple of 8) through the tangent forward, then the loss curvature (on the
  /// calling thread), then the halves through the row-local part of the backward — R{g_z} and R{g_a},
  /// the latter into `rga`, so that ȧ stays in `ta` — and last the products H v, sums over all rows,
  /// with each half taking a range of every layer's columns. Every entry goes through the operations
  /// of `tangentPass` in its order, and a GEMM over an aligned row or column range gives it the whole
  /// product's bits (`BLAS.splitGEMM`), so the products are the same bits
  /// (`rowParallelPassEqualsTheSerialOne`).
  private func rowParallelPass(_ k: Int, _ theta: UnsafePointer<Double>) {
    let n = rows
    let cut = BLAS.splitPoint(n)
    let halves = [0..<cut, cut..<n]
    let shared = UnsafeSendable((self, theta))
    DispatchQueue.concurrentPerform(iterations: 2) { h in
      shared.value.0.forwardRows(k, shared.value.1, halves[h])
    }
    let last = stages[stages.count - 1]
    let headTangent = fusedHead ? last.tz.pointer : last.ta.pointer
    for j in 0..<k {
      let h = headTangent + j * n * last.outF
      curvature.apply(h, into: h)
    }
    DispatchQueue.concurrentPerform(iterations: 2) { h in
      shared.value.0.backwardRows(k, shared.value.1, halves[h])
    }
    DispatchQueue.concurrentPerform(iterations: 2) { h in shared.value.0.products(k, half: h) }
  }

  /// Rows r of every direction through `tangentPass`'s forward: ż = s (ȧ W + x V) + v_b, ȧ = σ' ∘ ż.
  private func forwardRows(_ k: Int, _ theta: UnsafePointer<Double>, _ r: Range<Int>) {
    let (n, p) = (rows, parameterCount)
    let dir = UnsafePointer(directions.pointer)
    for (l, s) in stages.enumerated() {
      let no = n * s.outF
      let tz = s.tz.pointer + r.lowerBound * s.outF
      let part = r.count * s.outF
      s.input.withUnsafeBufferPointer { xb in
        for j in 0..<k {
          let v = dir + j * (p + 1) + s.offset
          if l > 0 {
            BLAS.gemm(
              transA: false, transB: false, m: r.count, n: s.outF, k: s.inF, alpha: s.scale,
              a: stages[l - 1].ta.pointer + (j * n + r.lowerBound) * s.inF, lda: s.inF, b: theta + s.offset,
              ldb: s.outF, beta: 0, c: tz + j * no, ldc: s.outF, split: false)
          }
          BLAS.gemm(
            transA: false, transB: false, m: r.count, n: s.outF, k: s.inF, alpha: s.scale,
            a: xb.baseAddress! + r.lowerBound * s.inF, lda: s.inF, b: v, ldb: s.outF, beta: l > 0 ? 1 : 0,
            c: tz + j * no, ldc: s.outF, split: false)
          if let b = s.bias { Self.addBias(v + b, to: tz + j * no, rows: r.count, cols: s.outF) }
        }
      }
      if s.d1.isEmpty { continue }
      let ta = s.ta.pointer + r.lowerBound * s.outF
      s.d1.withUnsafeBufferPointer { d1 in
        for j in 0..<k {
          Self.tangentForward(d1.baseAddress! + r.lowerBound * s.outF, tz + j * no, into: ta + j * no, count: part)
        }
      }
    }
  }

  /// Rows r of every direction through `tangentPass`'s backward, without the products H v:
  /// R{g_z} = σ' ∘ R{g_a} + (σ'' ∘ ż) ∘ g_a over ż in `tz`, and R{g_a,l−1} = s (R{g_z} Wᵀ + g_z Vᵀ) into
  /// the layer below's `rga` (the head's R{g_a} is its `ta`, where the curvature left it).
  private func backwardRows(_ k: Int, _ theta: UnsafePointer<Double>, _ r: Range<Int>) {
    let (n, p) = (rows, parameterCount)
    let dir = UnsafePointer(directions.pointer)
    let start = r.lowerBound
    for l in stride(from: stages.count - 1, through: 0, by: -1) {
      let s = stages[l]
      let no = n * s.outF
      let tz = s.tz.pointer + start * s.outF
      let rga = (l == stages.count - 1 ? s.ta.pointer : s.rga.pointer) + start * s.outF
      let part = r.count * s.outF
      if !s.d1.isEmpty {
        s.d1.withUnsafeBufferPointer { d1 in
          s.d2.withUnsafeBufferPointer { d2 in
            s.ga.withUnsafeBufferPointer { ga in
              let o = start * s.outF
              for j in 0..<k {
                Self.tangentBackward(
                  d1.baseAddress! + o, d2.baseAddress! + o, ga.baseAddress! + o, rga + j * no, tz + j * no, count: part)
              }
            }
          }
        }
      }
      guard l > 0 else { return }
      let below = stages[l - 1].rga.pointer + start * s.inF
      s.gz.withUnsafeBufferPointer { gzb in
        for j in 0..<k {
          BLAS.gemm(
            transA: false, transB: true, m: r.count, n: s.inF, k: s.outF, alpha: s.scale, a: tz + j * no,
            lda: s.outF, b: theta + s.offset, ldb: s.outF, beta: 0, c: below + j * n * s.inF, ldc: s.inF, split: false)
          BLAS.gemm(
            transA: false, transB: true, m: r.count, n: s.inF, k: s.outF, alpha: s.scale,
            a: gzb.baseAddress! + start * s.outF, lda: s.outF, b: dir + j * (p + 1) + s.offset, ldb: s.outF, beta: 1,
            c: below + j * n * s.inF, ldc: s.inF, split: false)
        }
      }
    }
  }

  /// One half's share of the products: a range of columns of every layer (cut at a multiple of 8; a layer
  /// too narrow to cut goes whole to one half, alternating), over all rows.
  private func products(_ k: Int, half: Int) {
    for (l, s) in stages.enumerated() where !s.frozen {
      let c: Range<Int>
      if s.outF >= 2 * BLAS.splitAlignment {
        let cut = BLAS.splitPoint(s.outF)
        c = half == 0 ? 0..<cut : cut..<s.outF
      } else {
        guard l % 2 == half else { continue }
        c = 0..<s.outF
      }
      layerProducts(l, k, columns: c, split: false)
    }
  }

  /// Columns c of layer l's products for k directions, sums over all rows:
  /// H v_W = s (ȧ_{l−1}ᵀ g_z + a_{l−1}ᵀ R{g_z}) and H v_b = Σ_rows R{g_z}, R{g_z} in `tz`. `split` lets
  /// `BLAS.gemm` split the GEMMs over two cores (the one-thread pass; the row-parallel one is already on
  /// both).
  private func layerProducts(_ l: Int, _ k: Int, columns c: Range<Int>, split: Bool) {
    let (n, p) = (rows, parameterCount)
    let s = stages[l]
    let no = n * s.outF
    let tz = s.tz.pointer + c.lowerBound
    s.input.withUnsafeBufferPointer { xb in
      s.gz.withUnsafeBufferPointer { gzb in
        for j in 0..<k {
          let hv = products.pointer + j * p + s.offset + c.lowerBound
          if l > 0 {
            BLAS.gemm(
              transA: true, transB: false, m: s.inF, n: c.count, k: n, alpha: s.scale,
              a: stages[l - 1].ta.pointer + j * n * s.inF, lda: s.inF, b: gzb.baseAddress! + c.lowerBound,
              ldb: s.outF, beta: 0, c: hv, ldc: s.outF, split: split)
          }
          BLAS.gemm(
            transA: true, transB: false, m: s.inF, n: c.count, k: n, alpha: s.scale, a: xb.baseAddress!,
            lda: s.inF, b: tz + j * no, ldb: s.outF, beta: l > 0 ? 1 : 0, c: hv, ldc: s.outF, split: split)
          if let b = s.bias {
            // Each column in row order, as the per-call path sums it.
            Dense.addColumnSums(tz + j * no, rows: n, cols: c.count, stride: s.outF, into: hv + b)
          }
        }
      }
    }
  }

  // The elementwise kernels, on raw pointers with wrapping index arithmetic so that they vectorise
  // (each entry's operations are those of the per-call path, in its order).

  /// z[r, c] += b[c].
  private static func addBias(_ b: UnsafePointer<Double>, to z: UnsafeMutablePointer<Double>, rows: Int, cols: Int) {
    for r in 0..<rows {
      let row = z + r &* cols
      for c in 0..<cols { row[c] += b[c] }
    }
  }

  /// ȧ = σ' ∘ ż.
  private static func tangentForward(
    _ d1: UnsafePointer<Double>, _ dz: UnsafePointer<Double>, into da: UnsafeMutablePointer<Double>, count: Int
  ) {
    for e in 0..<count { da[e] = d1[e] * dz[e] }
  }

  /// R{g_z} = σ' ∘ R{g_a} + (σ'' ∘ ż) ∘ g_a, over ż in place.
  private static func tangentBackward(
    _ d1: UnsafePointer<Double>, _ d2: UnsafePointer<Double>, _ ga: UnsafePointer<Double>,
    _ rga: UnsafePointer<Double>, _ dz: UnsafeMutablePointer<Double>, count: Int
  ) {
    for e in 0..<count { dz[e] = d1[e] * rga[e] + d2[e] * dz[e] * ga[e] }
  }

}

extension Activation {
  /// σ'(z) and σ''(z) of an elementwise activation from z and a = σ(z), as its tangent rules compute them
  /// (`tangentForward`/`tangentBackward`: tanh's from a alone, the others by `derivative` and
  /// `secondDerivative`), so that products with them have the same bits.
  func tangentDerivatives(_ z: Double, _ a: Double) -> (first: Double, second: Double) {
    if case .tanh = self { return (1 - a * a, -2 * a * (1 - a * a)) }
    return (derivative(z, a), secondDerivative(z, a))
  }
}
