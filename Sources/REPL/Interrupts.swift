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
