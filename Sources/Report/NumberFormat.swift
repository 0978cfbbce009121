import Engine
import Foundation

extension Table {
  /// Formats a number for people: `significant` significant digits, trailing zeros dropped,
  /// scientific notation for |x| < 1e-3 or |x| ≥ 1e6, integral values without a decimal point.
  ///
  ///     Table.format(0.812345)   // "0.8123"
  ///     Table.format(3.0)        // "3"
  ///     Table.format(2.5e-5)     // "2.5e-5"
  ///     Table.format(.nan)       // "nan"
  public static func format(_ x: Double, significant: Int = 4) -> String {
    let digits = min(max(significant, 1), 17)
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return "0" }
    let magnitude = abs(x)
    if magnitude < 1e-3 || magnitude >= 1e6 {
      return scientific(x, significant: digits)
    }
    let exponent = WholeNumber.int(log10(magnitude).rounded(.down)) ?? 0
    let decimals = max(0, digits - 1 - exponent)
    let text = String(format: "%.\(decimals)f", x)
    // 999999.7 rounds up to 1000000: show it as the scientific number it has become.
    if let rounded = Double(text), abs(rounded) >= 1e6 { return scientific(x, significant: digits) }
    return trimmingZeros(text)
  }

  /// `mean ± std` with the std to two significant digits and the mean to the same decimal place
  /// (`0.812 ± 0.031`); a single observation shows the plain number.
  package static func formatMeanStd(mean: Double, std: Double, count: Int) -> String {
    if count <= 1 { return format(mean) }
    guard mean.isFinite, std.isFinite, std > 0 else {
      return format(mean) + " ± " + format(std, significant: 2)
    }
    let meanMagnitude = abs(mean)
    let scientificMean = meanMagnitude != 0 && (meanMagnitude < 1e-3 || meanMagnitude >= 1e6)
    if std < 1e-3 || std >= 1e6 || scientificMean {
      return format(mean) + " ± " + format(std, significant: 2)
    }
    let decimals = max(0, 1 - (WholeNumber.int(log10(std).rounded(.down)) ?? 0))
    let meanText = String(format: "%.\(decimals)f", mean)
    let stdText = String(format: "%.\(decimals)f", std)
    return normalizedNegativeZero(meanText) + " ± " + stdText
  }

  private static func scientific(_ x: Double, significant: Int) -> String {
    let text = String(format: "%.\(significant - 1)e", x)
    guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
    let mantissa = trimmingZeros(String(text[..<e]))
    var exponent = String(text[text.index(after: e)...])
    var sign = ""
    if exponent.hasPrefix("-") { sign = "-" }
    exponent = String(exponent.drop(while: { $0 == "+" || $0 == "-" }))
    exponent = String(exponent.drop(while: { $0 == "0" }))
    if exponent.isEmpty { exponent = "0" }
    return mantissa + "e" + sign + exponent
  }

  private static func trimmingZeros(_ text: String) -> String {
    guard text.contains(".") else { return normalizedNegativeZero(text) }
    var result = Substring(text)
    while result.hasSuffix("0") { result = result.dropLast() }
    if result.hasSuffix(".") { result = result.dropLast() }
    return normalizedNegativeZero(String(result))
  }

  private static func normalizedNegativeZero(_ text: String) -> String {
    if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
      return String(text.dropFirst())
    }
    return text
  }
}
