/// The one way a number that came from user data (a script, a CSV file, a net's outputs) becomes an
/// `Int`. `Int(_: Double)` traps on NaN, ±∞ and magnitudes past `Int.max` (a `1e30` regression target
/// read as a class label did); these return nil or clamp instead, so the caller can name the value.
///
///     WholeNumber.int(1e30)             // nil
///     WholeNumber.rounded(2.6)          // 3
///     WholeNumber.clamped(.nan, 0, 9)   // 0
public enum WholeNumber {
  /// Magnitudes up to 2⁵³ convert: beyond it Doubles are no longer one apart, so no count, index or
  /// label a script means can be larger.
  public static let limit = 9_007_199_254_740_992.0

  /// `x` truncated toward zero, when finite and |x| ≤ 2⁵³; otherwise nil.
  public static func int(_ x: Double) -> Int? {
    guard x.isFinite, abs(x) <= limit else { return nil }
    return Int(x)
  }

  /// `x` rounded to the nearest whole number, when finite and |x| ≤ 2⁵³; otherwise nil.
  public static func rounded(_ x: Double) -> Int? { int(x.rounded()) }

  /// `x` when it is already a whole number in range; otherwise nil.
  public static func exact(_ x: Double) -> Int? { x == x.rounded() ? int(x) : nil }

  /// `x` truncated and clamped into `lo...hi`; NaN gives `lo`. For positions (pixels, bins, cells).
  public static func clamped(_ x: Double, _ lo: Int, _ hi: Int) -> Int {
    guard !x.isNaN else { return lo }
    if x <= Double(lo) { return lo }
    if x >= Double(hi) { return hi }
    return Int(x)
  }
}

extension Dataset {
  /// The class label of row `i` (a whole number from 0 below `classes`), or an error naming the value
  /// and the row: regression targets such as `1e30`, NaN or `2.5` are not labels.
  public func classLabel(_ i: Int, below classes: Int? = nil) throws -> Int {
    let v = y[i, 0]
    guard let k = WholeNumber.exact(v), k >= 0, classes.map({ k < $0 }) ?? true else {
      let range = classes.map { "0 to \($0 - 1)" } ?? "0 or more"
      throw DataError.badParameter(
        name: "class label", value: "\(v) in row \(i + 1) of data '\(name)'",
        expected: "a whole number \(range) (is this regression data?)")
    }
    return k
  }
}
