extension Table {
  /// The sweep merge (SPEC §3): rows that agree on every key column become one row.
  ///
  /// In a merged row a non-key column whose values are all numeric shows their mean ± sample
  /// standard deviation (n − 1); a column whose values are all equal (in particular a single row)
  /// keeps that value as it was. A column with any non-numeric value keeps the first value. Missing
  /// and `.empty` cells are ignored. Rows appear in order of their group's first appearance;
  /// columns follow `columnOrder`, then any other column seen in the rows, sorted by name. The table's
  /// note names the columns that hold means and over how many runs (`lmax: mean ± std over 3 runs`).
  ///
  ///     // sweep w in [16, 64], s in 1..3 { print width: w, lmax: … }
  ///     Table.merged(rows, keys: ["width"], columnOrder: ["width", "lmax"])  // 2 rows
  /// Key columns named with this prefix group rows without being shown (a sweep keys its rows by the
  /// sweep variables' values, whatever printed expression shows them).
  public static let hiddenKeyPrefix = "\u{1}"

  public static func merged(_ rows: [[String: Cell]], keys: [String], columnOrder: [String]) -> Table {
    var columns = uniqued(columnOrder).filter { !$0.hasPrefix(hiddenKeyPrefix) }
    let known = Set(columns)
    columns += Set(rows.flatMap(\.keys)).subtracting(known).filter { !$0.hasPrefix(hiddenKeyPrefix) }.sorted()

    var groupIndex: [[GroupKey]: Int] = [:]
    var groups: [[[String: Cell]]] = []
    for row in rows {
      let key = keys.map { GroupKey(row[$0] ?? .empty) }
      if let index = groupIndex[key] {
        groups[index].append(row)
      } else {
        groupIndex[key] = groups.count
        groups.append([row])
      }
    }
    let keySet = Set(keys)
    let merged = groups.map { group in
      columns.map { column in
        keySet.contains(column) ? (group[0][column] ?? .empty) : mergedCell(group.map { $0[column] ?? .empty })
      }
    }
    return Table(columns: columns, rows: merged, note: meanNote(columns, merged))
  }

  /// "a, b: mean ± std over 3 runs per row" for the columns holding merged cells (nil when none).
  package static func meanNote(_ columns: [String], _ rows: [[Cell]]) -> String? {
    var named: [String] = []
    var counts = Set<Int>()
    for (c, name) in columns.enumerated() {
      var merged = false
      for row in rows {
        if case .meanStd(_, _, let n) = row[c] {
          merged = true
          counts.insert(n)
        }
      }
      if merged { named.append(name) }
    }
    guard let lo = counts.min(), let hi = counts.max() else { return nil }
    let runs = lo == hi ? "\(lo)" : "\(lo)–\(hi)"
    return named.joined(separator: ", ") + ": mean ± std over \(runs) runs per row"
  }

  /// Merges one column of one group (see ``merged(_:keys:columnOrder:)``).
  package static func mergedCell(_ cells: [Cell]) -> Cell {
    let present = cells.filter { $0 != .empty }
    guard let first = present.first else { return .empty }
    if present.allSatisfy({ GroupKey($0) == GroupKey(first) }) { return first }
    var values: [Double] = []
    for cell in present {
      switch cell {
      case .number(let x): values.append(x)
      case .integer(let n): values.append(Double(n))
      case .meanStd(let mean, _, _): values.append(mean)
      case .text, .empty: return first
      }
    }
    let (mean, std) = meanAndSampleStd(values)
    return .meanStd(mean: mean, std: std, count: values.count)
  }

  /// Mean and sample standard deviation (n − 1; 0 for a single value), two-pass for accuracy.
  package static func meanAndSampleStd(_ values: [Double]) -> (mean: Double, std: Double) {
    guard !values.isEmpty else { return (.nan, .nan) }
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    guard values.count > 1 else { return (mean, 0) }
    let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (mean, (squares / (n - 1)).squareRoot())
  }

  private static func uniqued(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
  }
}

/// A cell's identity for grouping: numbers compare by value (so `16` and `16.0` agree, and all
/// NaNs agree with each other), text by its characters.
package struct GroupKey: Hashable {
  private enum Value: Hashable {
    case number(Double)
    case nan
    case text(String)
    case summary(mean: UInt64, std: UInt64, count: Int)
    case empty
  }
  private let value: Value

  package init(_ cell: Cell) {
    switch cell {
    case .number(let x): value = x.isNaN ? .nan : .number(x == 0 ? 0 : x)
    case .integer(let n): value = .number(Double(n))
    case .meanStd(let mean, let std, let count):
      value = .summary(mean: mean.bitPattern, std: std.bitPattern, count: count)
    case .text(let s): value = .text(s)
    case .empty: value = .empty
    }
  }
}
