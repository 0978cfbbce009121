import Lexer

/// A failure while running a checked script: a diagnostic with the span of what failed.
public struct RuntimeError: Error, CustomStringConvertible {
  public var diagnostic: Diagnostic
  public init(_ message: String, at span: SourceSpan, fixIt: String? = nil) {
    diagnostic = .runtime(message, at: span, fixIt: fixIt)
  }
  public var description: String { diagnostic.description }
}

/// The version `nns --version` and the REPL banner show.
public let nnsVersion = "0.1.0"
