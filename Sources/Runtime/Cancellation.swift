import Report
import Semantics
import Synchronization

/// Asks a run in progress to stop (Ctrl-C, a notebook's interrupt, a fuzzer's deadline). An interpreter
/// owns one and hands it to every sweep iteration's interpreter, so one `cancel()` reaches every `train`
/// of a parallel sweep: each stops after its current epoch, and the sweep starts no further iteration.
/// Only lock-free atomics, so any thread may call it — and a signal handler too (`signalTarget`).
///
///     let token = CancellationToken()
///     token.cancel()      // from another thread, or SIGINT
///     token.isCancelled   // true: a train polls it at the end of every epoch
public final class CancellationToken: Sendable {
  private let requested = Atomic<Bool>(false)
  /// Trains and sweeps under this token now running: while any runs, a cancel stops them (and not the
  /// process). Parallel sweep iterations count their own trains, hence a count, not a flag.
  private let running = Atomic<Int>(0)

  public init() {}

  /// Whether a cancel is pending.
  public var isCancelled: Bool { requested.load(ordering: .acquiring) }

  /// Whether a train or a sweep runs under this token, and will stop at `cancel()`.
  public var isInterruptible: Bool { running.load(ordering: .acquiring) > 0 }

  /// How many trains and sweeps run now (tests wait for a train to be under way).
  var runningCount: Int { running.load(ordering: .acquiring) }

  public func cancel() { requested.store(true, ordering: .releasing) }

  /// Forgets a pending cancel (a new REPL entry, a new `train`).
  public func reset() { requested.store(false, ordering: .releasing) }

  /// Starts an interruptible activity (a train, a sweep); each needs its `leaveInterruptible()`.
  func enterInterruptible() { running.add(1, ordering: .acquiringAndReleasing) }
  func leaveInterruptible() { running.subtract(1, ordering: .acquiringAndReleasing) }

  /// Runs `body` as an interruptible activity.
  func interruptible<T>(_ body: () throws -> T) rethrows -> T {
    enterInterruptible()
    defer { leaveInterruptible() }
    return try body()
  }

  // MARK: - The token a signal reaches

  /// The token SIGINT cancels: a signal handler cannot capture context, so the front end (`nns run`,
  /// the REPL, the JSON-lines server) registers its token here and the handler reads it with one atomic
  /// load. A registered token is retained for the rest of the process — releasing it could free it
  /// under a handler running on another thread — so a front end registers one token, once.
  /// Holds the token's address (0: none), as a word: a pointer type is not Sendable.
  private static let signalTarget = Atomic<UInt>(0)

  /// Makes this the token `CancellationToken.signalled` returns. Call it before installing the handler.
  public func receiveSignals() {
    let address = UInt(bitPattern: Unmanaged.passRetained(self).toOpaque())
    if Self.signalTarget.exchange(address, ordering: .acquiringAndReleasing) == address {
      Unmanaged.passUnretained(self).release()  // registered twice: one retain is enough
    }
  }

  /// The registered token, if any; safe in a signal handler (one atomic load, no allocation).
  public static var signalled: CancellationToken? {
    guard let pointer = UnsafeRawPointer(bitPattern: signalTarget.load(ordering: .acquiring)) else { return nil }
    return Unmanaged<CancellationToken>.fromOpaque(pointer).takeUnretainedValue()
  }
}
