import Foundation

/// A value computed at most once, on first use, then cached (thread-safe; the computation runs under
/// the lock, so concurrent readers wait for the one result).
public final class Lazy<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var compute: (() -> T)?
  private var cached: T?

  public init(_ compute: @escaping () -> T) { self.compute = compute }

  public var value: T {
    lock.lock()
    defer { lock.unlock() }
    if let cached { return cached }
    let v = compute!()
    cached = v
    compute = nil
    return v
  }
}
