/// A message about a script, as data: where, how bad, what, and what might fix it.
/// Phases return `[Diagnostic]`; `DiagnosticRenderer` turns them into text.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
  public enum Severity: String, Sendable, Comparable {
    case note, warning, error
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    private var rank: Int {
      switch self {
      case .note: 0
      case .warning: 1
      case .error: 2
      }
    }
  }

  /// Where a diagnostic comes from: a mistake in the script, a failure while running it, or a bug in NNS.
  public enum Kind: String, Sendable {
    case user, runtime, `internal`
  }

  public var severity: Severity
  public var kind: Kind
  public var span: SourceSpan
  public var message: String
  /// The catalogue id (`P001`, `C042`, …); nil for messages not yet in the catalogue (runtime errors).
  public var id: String?
  /// Extra located remarks (e.g. "'(' opened here").
  public var notes: [Note]
  /// A suggestion shown after the caret line (e.g. "did you mean 'relu'?").
  public var fixIt: String?

  public struct Note: Hashable, Sendable {
    public var span: SourceSpan?
    public var message: String
    /// The catalogue id (`P001`, `C042`, …); nil for messages not yet in the catalogue (runtime errors).
    public var id: String?
    public init(span: SourceSpan?, message: String) {
      self.span = span
      self.message = message
    }
  }

  /// A diagnostic from its parts: only for one read back (a shard's record, `ShardRecord`). Everything
  /// NNS reports itself is built from its catalogue entry (`init(_:at:)`), which gives it its id.
  public init(
    _ severity: Severity = .error, kind: Kind = .user, span: SourceSpan, message: String,
    notes: [Note] = [], fixIt: String? = nil, id: String? = nil
  ) {
    self.severity = severity
    self.kind = kind
    self.span = span
    self.message = message
    self.notes = notes
    self.fixIt = fixIt
    self.id = id
  }

  /// A catalogue entry at `span`: its severity, kind, message and id come from the entry.
  public init(_ entry: Catalogue, at span: SourceSpan, notes: [Note] = [], fixIt: String? = nil) {
    self.init(
      entry.severity, kind: entry.kind, span: span, message: entry.message, notes: notes, fixIt: fixIt,
      id: entry.id.rawValue)
  }

  public static func error(_ entry: Catalogue, at span: SourceSpan, fixIt: String? = nil) -> Diagnostic {
    Diagnostic(entry, at: span, fixIt: fixIt)
  }

  public var description: String { "\(span): \(severity.rawValue): \(message)" }
}

extension Array where Element == Diagnostic {
  public var hasErrors: Bool { contains { $0.severity == .error } }
}
