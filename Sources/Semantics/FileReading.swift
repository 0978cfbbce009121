import Foundation
import Report

/// Reading a file a script names (a script, a net file) without trusting it: a directory, a missing
/// or unreadable file and one over `limit` bytes each get their own message, and devices such as
/// `/dev/zero` are read only up to the limit, never to their (absent) end.
package enum FileReading {
  package enum Failure: Error, CustomStringConvertible {
    case missing(String), directory(String), unreadable(String, String), tooLarge(String, Int)
    case notRegular(String, Int)
    package var description: String {
      switch self {
      case .missing(let p): "no such file '\(p)'"
      case .directory(let p): "'\(p)' is a directory, not a file"
      case .unreadable(let p, let why): "cannot read '\(p)': \(why)"
      case .tooLarge(let p, let limit): "'\(p)' is larger than \(limit >> 20) MiB"
      case .notRegular(let p, let limit): "'\(p)' is not a regular file and holds more than \(limit >> 20) MiB"
      }
    }
  }

  /// At most `limit` bytes of `path`, or why not.
  package static func read(_ path: String, limit: Int) -> Result<Data, Failure> {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return .failure(.missing(path))
    }
    if isDirectory.boolValue { return .failure(.directory(path)) }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      return .failure(.unreadable(path, "permission denied"))
    }
    defer { try? handle.close() }
    // A device or a pipe has no size to check up front: read no more than a script's worth of it.
    let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    let limit = type == .typeRegular ? limit : min(limit, 16 << 20)
    do {
      let data = try handle.read(upToCount: limit + 1) ?? Data()
      guard data.count <= limit else {
        return .failure(type == .typeRegular ? .tooLarge(path, limit) : .notRegular(path, limit))
      }
      return .success(data)
    } catch {
      return .failure(.unreadable(path, error.localizedDescription))
    }
  }
}
