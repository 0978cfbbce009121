import Foundation

/// Paths as a reader of a document or a terminal sees them: a file's path relative to a folder, so a
/// report's image links work wherever the report is written, and "wrote …" lines are short.
///
///     RelativePath.of("out/fig.svg", from: "docs")   // "../out/fig.svg"
public enum RelativePath {
  /// `path` relative to `directory` (both relative to the working directory, or absolute).
  public static func of(_ path: String, from directory: String) -> String {
    let target = components(absolute(path))
    let base = components(absolute(directory.isEmpty ? "." : directory))
    var common = 0
    while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
    let up = Array(repeating: "..", count: base.count - common)
    let rest = Array(target[common...])
    let parts = up + rest
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }

  /// `path` relative to the working directory when it lies below it, else as given.
  public static func forDisplay(_ path: String) -> String {
    guard path.hasPrefix("/") else { return normalized(path) }
    let cwd = FileManager.default.currentDirectoryPath
    return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
  }

  /// `relative` appended to `directory` ("" = the working directory), unless it is absolute.
  public static func resolve(_ relative: String, in directory: String) -> String {
    guard !directory.isEmpty, !relative.hasPrefix("/") else { return relative }
    return normalized(directory + "/" + relative)
  }

  /// The folder of a file path ("" for a bare file name).
  public static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// `a/./b` → `a/b`, `a/x/../b` → `a/b` (leading `..` kept).
  package static func normalized(_ path: String) -> String {
    var out: [String] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", let last = out.last, last != ".." {
        out.removeLast()
      } else {
        out.append(String(part))
      }
    }
    let joined = out.joined(separator: "/")
    return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
  }

  private static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? normalized(path) : normalized(FileManager.default.currentDirectoryPath + "/" + path)
  }

  private static func components(_ path: String) -> [String] {
    path.split(separator: "/").map(String.init)
  }
}
