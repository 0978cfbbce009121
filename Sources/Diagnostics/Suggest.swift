/// Near-miss suggestions for unknown names ("did you mean 'relu'?"), by Damerau–Levenshtein distance.
public enum Suggest {
  /// Names longer than this get no suggestion: the search is quadratic in the name's length.
  public static let maxNameLength = 64

  /// The closest candidate within a distance that scales with the name's length, or nil. Bounded:
  /// over-long names are not searched, and candidates whose length alone puts them out of reach are
  /// skipped before any distance is computed.
  public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
    let length = name.count
    guard length <= maxNameLength else { return nil }
    let limit = max(1, min(3, length / 3 + 1))
    let lowered = name.lowercased()
    var best: (String, Int)?
    for c in candidates {
      guard abs(c.count - length) <= limit else { continue }
      let d = distance(lowered, c.lowercased())
      if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
    }
    return best?.0
  }

  /// "did you mean 'x'?" or nil.
  public static func didYouMean(_ name: String, in candidates: some Sequence<String>) -> String? {
    closest(to: name, in: candidates).map { "did you mean '\($0)'?" }
  }

  /// Optimal string alignment distance (adjacent transpositions count as one edit).
  public static func distance(_ a: String, _ b: String) -> Int {
    let x = Array(a)
    let y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
    for i in 0...x.count { d[i][0] = i }
    for j in 0...y.count { d[0][j] = j }
    for i in 1...x.count {
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
      }
    }
    return d[x.count][y.count]
  }
}
