/// What the checker knows statically of each dataset generator: its real feature count as a
/// function of its constant arguments (nil = known only at run time).
package enum DatasetShapes {
  package static func features(_ call: IRCall, constant: (IRExpr) -> Int?) -> Int? {
    func arg(_ name: String, _ d: Int?) -> Int? {
      guard let e = call.arguments[name] else { return d }
      return constant(e)
    }
    switch call.name {
    case "xor", "two_spirals", "circles", "moons", "checkerboard", "affine": return 2
    case "playground_spiral", "playground_circle", "playground_xor", "playground_gauss": return 2
    case "gaussians", "piecewise_smooth", "low_noise": return arg("dim", 2)
    case "gaussian": return arg("dim", nil)
    case "regression": return arg("dim", 1)
    default: return nil
    }
  }
}
