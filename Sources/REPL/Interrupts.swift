import Runtime

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What Ctrl-C means in the REPL. At the prompt it drops the line being typed; during `train` it asks the
/// training to stop after the current epoch (`Interrupt.requested`); while anything else runs, the first
/// press is only noted and a second one ends the process, so a runaway computation can still be killed.
enum REPLInterrupts {
  /// True while readline waits for input.
  nonisolated(unsafe) static var atPrompt = false
  /// Set by Ctrl-C at the prompt; the reader takes it.
  nonisolated(unsafe) static var atPromptPressed = false

  /// Replaces the handler `nns` installed for scripts.
  static func install() {
    signal(SIGINT) { _ in
      if REPLInterrupts.atPrompt {
        REPLInterrupts.atPromptPressed = true
      } else if Interrupt.requested {
        FileWriter.removeTemporaries()
        signal(SIGINT, SIG_DFL)
        raise(SIGINT)
      } else {
        Interrupt.requested = true
      }
    }
  }
}

/// What an interrupt means in the JSON-lines protocol (`nns repl --protocol jsonl`): SIGINT from the
/// kernel, or an `interrupt` request, stops a running `train` after its current epoch, as Ctrl-C does in
/// the REPL. The process never ends on it — a notebook's kernel outlives its cells — so a computation
/// other than training runs to its end (the notebook's restart ends the process instead).
enum ProtocolInterrupts {
  /// Set when an interrupt stopped a `train` of the request being run; the request then ends with
  /// status `interrupted`.
  nonisolated(unsafe) static var stoppedTraining = false

  /// Also unblocks SIGINT, which a parent may have blocked (test runners do): the kernel's interrupt must
  /// arrive. Call it before starting threads, which inherit the mask.
  static func install() {
    signal(SIGINT) { _ in _ = ProtocolInterrupts.request() }
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// Asks a running `train` to stop after its epoch; false when nothing is training.
  static func request() -> Bool {
    guard Interrupt.training else { return false }
    Interrupt.requested = true
    stoppedTraining = true
    return true
  }
}
