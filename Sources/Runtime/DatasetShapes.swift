/// What the checker knows statically of each dataset generator: its real feature count as a
/// function of its constant arguments (nil = known only at run time).
enum DatasetShapes {
  static func features(_ call: IRCall, constant: (IRExpr) -> Int?) -> Int? {
    switch call.name {
    case "xor", "two_spirals": return 2
    default: return nil
    }
  }
}
