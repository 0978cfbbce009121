import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes output files atomically (SPEC §6): an interrupted run never leaves a half-written file.
///
/// The text goes to a temporary file in the target's directory (same file system), is flushed to
/// disk, and is renamed over the target, so readers see either the old file or the new one whole.
/// Missing parent directories are created (`plot … to "figures/fim.svg"` just works), the way a
/// script's author expects of an output path; the new file gets mode 0644 less the umask.
///
///
/// Temporary files are named `.<target>.tmp-<pid>-<random>`. A SIGINT or SIGTERM that ends the process
/// removes the ones being written (`removeTemporaries`, called by the CLI's signal handlers); after a
/// kill -9 they stay, and the next write to the same target removes those whose process is gone.
///
///     try FileWriter.writeAtomically("<svg …/>", to: "figures/fim.svg")
public enum FileWriter {
  /// The temporary files being written now, as C strings a signal handler can pass to `unlink`.
  nonisolated(unsafe) private static var pending = [UnsafeMutablePointer<CChar>?](repeating: nil, count: 64)
  private static let pendingLock = NSLock()

  /// Removes the temporary files being written. Async-signal-safe: it only reads `pending` and unlinks.
  public static func removeTemporaries() {
    pending.withUnsafeBufferPointer { slots in
      for case let path? in slots { unlink(path) }
    }
  }

  private static func register(_ path: String) -> Int? {
    pendingLock.lock()
    defer { pendingLock.unlock() }
    guard let slot = pending.firstIndex(where: { $0 == nil }) else { return nil }
    pending[slot] = strdup(path)
    return slot
  }

  private static func unregister(_ slot: Int?) {
    guard let slot else { return }
    pendingLock.lock()
    defer { pendingLock.unlock() }
    let path = pending[slot]
    pending[slot] = nil
    free(path)
  }

  /// Removes `.<name>.tmp-<pid>-*` files in `directory` left by processes that no longer run.
  package static func removeStale(for name: String, in directory: String) {
    let prefix = "." + name + ".tmp-"
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for entry in entries where entry.hasPrefix(prefix) {
      let rest = entry.dropFirst(prefix.count)
      guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0, pid != getpid() else {
        continue
      }
      if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + entry) }
    }
  }

  /// Replaces (or creates) the file at `path` with `text` (UTF-8), atomically.
  /// - Throws: `ReportError.cannotWrite(path:reason:)` naming `path` and the system's reason.
  public static func writeAtomically(_ text: String, to path: String) throws {
    try writeAtomically(Array(text.utf8), to: path)
  }

  /// Microseconds to hold a finished temporary file before renaming it: `NNS_TEST_PAUSE_BEFORE_RENAME` (a test
  /// hook, so that a test can signal the process while a write is certainly under way); 0 otherwise.
  package static let pauseBeforeRename: UInt32 = {
    let text = ProcessInfo.processInfo.environment["NNS_TEST_PAUSE_BEFORE_RENAME"] ?? ""
    return UInt32(text).map { min($0, 10_000_000) } ?? 0
  }()

  /// Replaces (or creates) the file at `path` with `bytes`, atomically.
  public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    guard !path.isEmpty else { throw ReportError.cannotWrite(path: path, reason: "empty file name") }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw ReportError.cannotWrite(path: path, reason: "is a directory")
    }
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw ReportError.cannotWrite(path: path, reason: "cannot create directory '\(directory)': \(reason(error))")
    }
    removeStale(for: url.lastPathComponent, in: directory)
    let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let slot = register(temporary)
    defer { unregister(slot) }
    do {
      try writeAndSync(bytes, to: temporary)
      if pauseBeforeRename > 0 { usleep(pauseBeforeRename) }
      guard rename(temporary, path) == 0 else { throw SystemError(errno: errno) }
    } catch {
      unlink(temporary)
      throw ReportError.cannotWrite(path: path, reason: reason(error))
    }
  }

  private static func writeAndSync(_ bytes: [UInt8], to temporary: String) throws {
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard fd >= 0 else { throw SystemError(errno: errno) }
    var failure: SystemError?
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = SystemError(errno: errno)
          return
        }
        offset += written
      }
    }
    if failure == nil, fsync(fd) != 0 { failure = SystemError(errno: errno) }
    if close(fd) != 0, failure == nil { failure = SystemError(errno: errno) }
    if let failure { throw failure }
  }

  private static func reason(_ error: Error) -> String {
    if let system = error as? SystemError { return system.description }
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain, let message = strerror(Int32(underlying.code))
    {
      return String(cString: message)
    }
    return nsError.localizedDescription
  }
}

/// An `errno` with its system message.
private struct SystemError: Error, CustomStringConvertible {
  package let errno: Int32
  package var description: String {
    guard let message = strerror(errno) else { return "error \(errno)" }
    return String(cString: message)
  }
}
