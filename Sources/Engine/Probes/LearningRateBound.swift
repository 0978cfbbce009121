/// The learning-rate stability bound of gradient descent, from the loss's own curvature.
///
/// Near a minimum, gradient descent on L is stable for η < 2/λmax(∇²L). NNS takes ∇²L from its
/// Gauss–Newton part G (exact at zero residual, and for every net whose outputs are linear in the
/// parameters), and G is a fixed multiple of the Fisher information F = (1/N) Σ_n J_nᵀ Λ_n J_n of
/// `fisherSpectrum` (Λ from `Loss.fisherWeight`), because each loss is a mean of per-entry terms:
/// - `mse` = (1/(N·C)) Σ (f − y)²: second derivative 2 per entry, so G = (2/C)·F and the bound is C/λmax(F);
/// - `logistic` (and `crossEntropy` on one output) = (1/(N·C)) Σ ℓ(f): G = (1/C)·F, bound 2C/λmax(F);
/// - `crossEntropy` over C > 1 logits = (1/N) Σ CE_n: G = F, bound 2/λmax(F);
/// - `hinge` is piecewise linear: its curvature is zero almost everywhere and no bound exists (nil).
/// Karakida et al. write the loss as (1/2N) Σ‖f − y‖², whose Hessian at zero residual is F itself and whose
/// bound is 2/λmax(F): NNS's mse carries the extra factor 2/C (docs/conventions.md).
extension Loss {
  /// G / F for this loss on a net with `outputs` real outputs (nil: no curvature, see above).
  public func curvatureScale(outputs: Int) -> Double? {
    let c = Double(max(1, outputs))
    switch self {
    case .mse: return 2 / c
    case .logistic: return 1 / c
    case .crossEntropy: return 1  // C > 1: mean over samples only; C = 1: binary, the mean over N·1 entries
    case .hinge: return nil
    }
  }
}

/// λmax of the Gauss–Newton curvature G of `loss` at the net's current parameters (nil for hinge).
public func curvatureMaxEigenvalue(_ net: Network, x: Matrix, loss: Loss) -> Double? {
  guard let scale = loss.curvatureScale(outputs: net.spec.outputFeatures) else { return nil }
  return scale * fisherMaxEigenvalue(net, x: x, loss: loss)
}

/// 2/λmax(G): the largest learning rate at which gradient descent is stable about the current parameters
/// (+∞ when G = 0, nil for hinge). For a linear net under mse G is the exact, constant Hessian.
///
/// ```swift
/// let bound = learningRateBound(net, x: d.x, loss: .mse)   // gd(lr: 0.9 * bound) converges
/// ```
public func learningRateBound(_ net: Network, x: Matrix, loss: Loss) -> Double? {
  guard let top = curvatureMaxEigenvalue(net, x: x, loss: loss) else { return nil }
  return top > 0 ? 2 / top : .infinity
}
