import Diagnostics
import Lexer
import Report

/// A failure while running a checked script: a diagnostic with the span of what failed.
public struct RuntimeError: Error, CustomStringConvertible {
  public var diagnostic: Diagnostic
  /// A diagnostic as it was recorded (a shard's iteration record), id included.
  package init(diagnostic: Diagnostic) { self.diagnostic = diagnostic }

  /// A catalogue entry (`RuntimeError(.noValue("x"), at: span)`): its message and stable id.
  public init(_ entry: Catalogue, at span: SourceSpan, fixIt: String? = nil) {
    diagnostic = Diagnostic(entry, at: span, fixIt: fixIt)
  }
  public var description: String { diagnostic.description }

  /// A failure that is a bug in NNS, not in the script: the message says so and `nns` exits with 3.
  public static func `internal`(_ message: String, at span: SourceSpan) -> RuntimeError {
    RuntimeError(.internalError(message), at: span, fixIt: "this is a bug in NNS; please report it")
  }
}

/// The version `nns --version` and the REPL banner show.
public let nnsVersion = "0.1.0"
