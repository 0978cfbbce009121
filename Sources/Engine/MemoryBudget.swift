import Foundation

/// The memory one request of a script may take (a dataset, a probe's matrices, a training set-up),
/// checked against an estimate before anything is allocated, so that `gaussian(dim: 100000, n: 1000000)`
/// is a diagnostic instead of an abort in `malloc`. The budget is half the machine's memory (the rest
/// is for everything else that runs, and for what the estimates leave out) unless `NNS_MEMORY_LIMIT` (bytes, or with a suffix: `512M`, `8G`) says otherwise.
///
///     try MemoryBudget.check(bytes: 8 * 1e6 * 1e5, for: "gaussian(dim: 100000, n: 1000000)",
///                            knob: "reduce n: or dim:")   // throws: needs about 800 GB …
public enum MemoryBudget {
  /// The machine's physical memory in bytes.
  public static let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory)

  /// Bytes one request may take.
  nonisolated(unsafe) public static var limit: Int =
    parse(ProcessInfo.processInfo.environment["NNS_MEMORY_LIMIT"] ?? "") ?? physical / 2

  /// `"512M"`, `"8G"`, `"1000000"` as bytes; nil when it is none of these.
  public static func parse(_ text: String) -> Int? {
    let scales: [Character: Double] = ["K": 0x1p10, "M": 0x1p20, "G": 0x1p30, "T": 0x1p40]
    var digits = text.uppercased()
    if digits.hasSuffix("B") { digits.removeLast() }
    var scale = 1.0
    if let last = digits.last, let s = scales[last] {
      scale = s
      digits.removeLast()
    }
    guard let x = Double(digits), x > 0 else { return nil }
    return WholeNumber.int(min(x * scale, WholeNumber.limit))
  }

  /// Throws unless `bytes` (an estimate; a Double so that products of sizes cannot overflow) fits the
  /// budget. The message gives the estimate, the budget, the machine's memory and `knob`, the
  /// argument that reduces it.
  public static func check(bytes: Double, for what: String, knob: String) throws {
    guard !(bytes <= Double(limit)) else { return }
    throw EngineError.invalid(
      "\(what) needs about \(format(bytes)) of memory, more than the budget of \(format(Double(limit))) "
        + "(this machine has \(format(Double(physical)))); \(knob), or set NNS_MEMORY_LIMIT")
  }

  /// `1.5 GB`, `800 MB`, `12 kB` (decimal units, two significant digits).
  public static func format(_ bytes: Double) -> String {
    guard bytes.isFinite else { return "an unbounded amount" }
    let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"]
    var value = bytes
    var unit = 0
    while value >= 1000 && unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    return unit == 0 ? "\(Int(value)) bytes" : String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[unit])
  }
}
