import Report
import Runtime
import Semantics
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What Ctrl-C means in the REPL. At the prompt it drops the line being typed; during `train` or a sweep
/// it cancels the session's token, and they stop after the current epoch; while anything else runs, the
/// first press is only noted (on the token, which the next `train` clears) and a second one ends the
/// process, so a runaway computation can still be killed. The handler touches only atomics.
enum REPLInterrupts {
  /// True while readline waits for input.
  static let atPrompt = Atomic<Bool>(false)
  /// Set by Ctrl-C at the prompt; the reader takes it.
  static let atPromptPressed = Atomic<Bool>(false)

  /// Replaces the handler `nns` installed for scripts; `token` is the session's.
  static func install(_ token: CancellationToken) {
    token.receiveSignals()
    // Initialised here, not lazily in the handler.
    atPrompt.store(false, ordering: .releasing)
    atPromptPressed.store(false, ordering: .releasing)
    signal(SIGINT) { _ in
      if REPLInterrupts.atPrompt.load(ordering: .acquiring) {
        REPLInterrupts.atPromptPressed.store(true, ordering: .releasing)
      } else if let token = CancellationToken.signalled, !token.isCancelled {
        token.cancel()
      } else {
        FileWriter.removeTemporaries()
        signal(SIGINT, SIG_DFL)
        raise(SIGINT)
      }
    }
  }
}

/// What an interrupt means in the JSON-lines protocol (`nns repl --protocol jsonl`): SIGINT from the
/// kernel, or an `interrupt` request, stops a running `train` or sweep after its current epoch, as Ctrl-C
/// does in the REPL. The process never ends on it — a notebook's kernel outlives its cells — so a
/// computation other than training runs to its end (the notebook's restart ends the process instead).
enum ProtocolInterrupts {
  /// Also unblocks SIGINT, which a parent may have blocked (test runners do): the kernel's interrupt must
  /// arrive. Call it before starting threads, which inherit the mask.
  static func install(_ token: CancellationToken) {
    token.receiveSignals()
    signal(SIGINT) { _ in
      if let token = CancellationToken.signalled { _ = ProtocolInterrupts.request(token) }
    }
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// Asks a running `train` or sweep to stop after its epoch; false when nothing interruptible runs.
  static func request(_ token: CancellationToken) -> Bool {
    guard token.isInterruptible else { return false }
    token.cancel()
    return true
  }
}
