import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The real thing through a pseudo-terminal: the built `nns repl` inside a private tmux server, driven
/// by keystrokes — history recall, Tab completion, Ctrl-C at the prompt and during `train`.
/// `make test` builds the binary first; without it (or without tmux) the test is skipped.
@Suite(.serialized) struct TerminalTests {
  static let binary = Paths.root.appendingPathComponent(".build/debug/nns").path
  static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
  static var available: Bool { tmux != nil && FileManager.default.isExecutableFile(atPath: binary) }

  @Test(.enabled(if: available, "needs tmux and .build/debug/nns (make test builds it)"), .timeLimit(.minutes(1)))
  func readlineSession() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nns-repl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let history = dir.appendingPathComponent("history").path
    let term = Terminal(
      tmux: Self.tmux!, socket: "nns-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))", scratch: dir.path)
    defer { term.close() }
    try term.start(["env", "NNS_HISTORY=\(history)", "TERM=xterm", Self.binary, "repl"], in: dir.path)

    #expect(term.waitFor { $0.hasSuffix("nns>") }, "no prompt: \(term.screen())")
    #expect(term.screen().contains(":help"), "no banner")

    // A line, then the same line again through Up-arrow.
    term.send("print 40 + 2", "Enter")
    #expect(term.waitFor { $0.components(separatedBy: "= 42").count == 2 })
    term.send("Up")
    #expect(term.waitFor { $0.hasSuffix("nns> print 40 + 2") })
    term.send("Enter")
    #expect(term.waitFor { $0.components(separatedBy: "= 42").count == 3 }, "\(term.screen())")

    // Tab completion, then Ctrl-C at the prompt drops the line.
    term.send("acc", "Tab")
    #expect(term.waitFor { $0.hasSuffix("nns> accuracy") }, "\(term.screen())")
    term.send("C-c")
    // No space after a completed function name: the '(' comes next.
    #expect(term.waitFor { $0.hasSuffix("nns> accuracy^C\nnns>") }, "\(term.screen())")

    // A training that would take hours stops at Ctrl-C, and the session goes on.
    term.send("net m { input 2; dense 4, tanh; dense 1, sigmoid }", "Enter")
    term.send("data d = xor()", "Enter")
    term.send("train m on d { epochs 100000000 }", "Enter")
    #expect(term.waitFor { $0.hasSuffix("%") }, "no progress bar: \(term.screen())")
    term.send("C-c")
    #expect(term.waitFor { $0.contains("interrupted after epoch") }, "\(term.screen())")
    // The bar is cleared before the message: the message starts its line.
    #expect(term.screen().split(separator: "\n").contains { $0.hasPrefix("training of 'm' interrupted") })
    #expect(!term.screen().contains("train m ·"), "\(term.screen())")
    term.send("print 1+1", "Enter")
    #expect(term.waitFor { $0.contains("= 2\nnns>") }, "\(term.screen())")
    term.send("accuracy(m, d) >= 0", "Enter")
    #expect(term.waitFor { $0.hasSuffix("true\nnns>") }, "\(term.screen())")

    // Ctrl-D leaves; the history file keeps the lines.
    term.send("C-d")
    #expect(term.waitFor { _ in term.isDead })
    let saved = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
    #expect(saved.contains("print 40 + 2") && saved.contains("print 1+1"), "history: \(saved)")
  }

  /// Eight runs of a sweep that runs in parallel (the body declares its net and writes no file): the first
  /// trains for 50 epochs, the others for 10⁸ (hours). When the progress bar shows 12% (the first run
  /// done), the others are under way.
  static let parallelSweep =
    "sweep e in [50, 100000000, 100000000, 100000000, 100000000, 100000000, 100000000, 100000000] { "
    + "data d = xor(); net m { input 2; dense 8, tanh; dense 1 }; train m on d { loss mse; epochs e }; "
    + "print e: e, loss: loss(m, d) }"

  /// The runs that started, from `sweep interrupted: K of 8 runs completed` (nil when it is missing).
  static func completedRuns(_ screen: String) -> Int? {
    screen.firstMatch(of: /sweep interrupted: (\d+) of 8 runs completed/).flatMap { Int($0.1) }
  }

  /// Whether the sweep table has the row of the 50-epoch run.
  static func hasRow50(_ screen: String) -> Bool {
    screen.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("50 ") }
  }

  @Test(.enabled(if: available, "needs tmux and .build/debug/nns (make test builds it)"), .timeLimit(.minutes(2)))
  func ctrlCDuringAParallelSweepReturnsToThePrompt() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nns-repl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let term = Terminal(
      tmux: Self.tmux!, socket: "nns-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))", scratch: dir.path)
    defer { term.close() }
    let history = dir.appendingPathComponent("history").path
    try term.start(["env", "NNS_HISTORY=\(history)", "TERM=xterm", Self.binary, "repl"], in: dir.path)
    #expect(term.waitFor(seconds: 30) { $0.hasSuffix("nns>") }, "no prompt: \(term.screen())")

    term.send("let kept = 40", "Enter")
    term.send("clear", "Enter")  // not a statement: an error, and the session goes on
    #expect(term.waitFor(seconds: 30) { $0.contains("error") && $0.hasSuffix("nns>") }, "\(term.screen())")
    term.send(Self.parallelSweep, "Enter")
    #expect(term.waitFor(seconds: 60) { $0.hasSuffix("12%") }, "no progress past the first run: \(term.screen())")
    term.send("C-c")
    #expect(term.waitFor(seconds: 60) { $0.hasSuffix("nns>") }, "no prompt after Ctrl-C: \(term.screen())")
    let screen = term.screen()
    let k = Self.completedRuns(screen) ?? -1
    #expect((1...8).contains(k), "\(screen)")
    // A run that started after the first is a 10⁸-epoch one: it was stopped, and says so.
    #expect(k < 2 || screen.contains("training of 'm' interrupted after epoch"), "\(screen)")
    #expect(Self.hasRow50(screen), "the finished run's row: \(screen)")
    #expect(term.isAlive)

    // The session is usable: definitions intact, the next command runs.
    term.send("print kept + 2", "Enter")
    #expect(term.waitFor(seconds: 30) { $0.contains("= 42\nnns>") }, "\(term.screen())")
    term.send("print 1 + 1", "Enter")
    #expect(term.waitFor(seconds: 30) { $0.contains("1 + 1 = 2\nnns>") }, "\(term.screen())")
    term.send("C-d")
    #expect(term.waitFor(seconds: 30) { _ in term.isDead })
  }

  /// `nns run` on a terminal: Ctrl-C during a parallel sweep stops it, the output, files and report of
  /// what completed are written, the rest of the script does not run, and the exit status is 130.
  @Test(.enabled(if: available, "needs tmux and .build/debug/nns (make test builds it)"), .timeLimit(.minutes(2)))
  func ctrlCDuringAParallelSweepEndsARunWith130() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nns-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = Self.parallelSweep.replacingOccurrences(of: "; ", with: "\n  ")
      .replacingOccurrences(of: "{ data", with: "{\n  data").replacingOccurrences(of: "d) }", with: "d)\n}")
    try "save [1, 2, 3] to \"before.json\"\n\(script)\nsave [4] to \"after.json\"\n"
      .write(to: dir.appendingPathComponent("s.nns"), atomically: true, encoding: .utf8)
    let term = Terminal(
      tmux: Self.tmux!, socket: "nns-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))", scratch: dir.path)
    defer { term.close() }
    // tmux's #{pane_dead_status} is not always filled in (tmux 3.3a: empty for some exits), so a shell that
    // ignores Ctrl-C itself writes nns's exit status to a file (nns installs its own handler).
    try term.start(
      ["sh", "-c", "trap '' INT; \"$0\" run s.nns --report r.md; echo $? > status", Self.binary], in: dir.path)
    #expect(term.waitFor(seconds: 60) { $0.hasSuffix("12%") }, "no progress past the first run: \(term.screen())")
    term.send("C-c")
    #expect(term.waitFor(seconds: 60) { _ in term.isDead }, "still running: \(term.screen())")
    let status = (try? String(contentsOf: dir.appendingPathComponent("status"), encoding: .utf8)) ?? ""
    #expect(status == "130\n", "exit status '\(status)': \(term.screen())")
    let screen = term.screen()
    #expect((1...8).contains(Self.completedRuns(screen) ?? -1), "\(screen)")
    #expect(Self.hasRow50(screen), "the finished run's row: \(screen)")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(files.contains("before.json") && !files.contains("after.json"), "\(files)")
    #expect(!files.contains { $0.contains(".tmp-") }, "temporary files left: \(files)")
    let report = (try? String(contentsOf: dir.appendingPathComponent("r.md"), encoding: .utf8)) ?? ""
    #expect(report.contains("| 50 |"), "the report has the completed run: \(report)")
  }
}

/// A private tmux server (its own socket) holding one window. Clients are started with `posix_spawn` and
/// a clean signal mask: the test runner blocks signals in its threads, and a tmux server (with the REPL in
/// it) forked from such a thread would never see Ctrl-C. (`Process` is avoided too: it waits for the
/// server that `new-session` forks, not just for the client.)
final class Terminal {
  let tmux: String
  let socket: String
  let scratch: String

  init(tmux: String, socket: String, scratch: String) {
    self.tmux = tmux
    self.socket = socket
    self.scratch = scratch
  }

  /// Runs a tmux client to completion; returns its exit status and what it printed.
  @discardableResult
  func run(_ arguments: [String]) -> (status: Int32, output: String) {
    let outputPath = scratch + "/tmux.out"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for s in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGHUP] { sigaddset(&defaults, s) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv = ([tmux, "-L", socket, "-f", "/dev/null"] + arguments).map { strdup($0) } + [nil]
    let env = ProcessInfo.processInfo.environment.map { strdup("\($0)=\($1)") } + [nil]
    defer { (argv + env).forEach { free($0) } }
    var pid = pid_t()
    guard posix_spawn(&pid, tmux, &actions, &attributes, argv, env) == 0 else { return (-1, "") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
  }

  func start(_ command: [String], in directory: String) throws {
    let status = run(["new-session", "-d", "-s", "repl", "-x", "120", "-y", "50", "-c", directory] + command).status
    try #require(status == 0, "tmux new-session failed")
    run(["set-option", "-t", "repl", "remain-on-exit", "on"])
  }

  func send(_ keys: String...) {
    for key in keys {
      let special = ["Enter", "Up", "Tab", "C-c", "C-d"].contains(key)
      run(["send-keys", "-t", "repl"] + (special ? [key] : ["-l", key]))
    }
  }

  /// The visible screen without trailing blanks.
  func screen() -> String {
    let lines = run(["capture-pane", "-p", "-t", "repl"]).output.split(
      separator: "\n", omittingEmptySubsequences: false)
    let trimmed = lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    return trimmed.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Whether the window's process has ended. Only tmux's own "1" says so: a tmux client that failed
  /// under load prints nothing, which must not read as an ended process.
  var isDead: Bool { run(["display-message", "-p", "-t", "repl", "#{pane_dead}"]).output.hasPrefix("1") }
  var isAlive: Bool { run(["display-message", "-p", "-t", "repl", "#{pane_dead}"]).output.hasPrefix("0") }

  /// Polls the screen every 50 ms for up to `seconds`.
  func waitFor(seconds: Double = 5, _ condition: (String) -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    repeat {
      if condition(screen()) { return true }
      Thread.sleep(forTimeInterval: 0.05)
    } while Date() < deadline
    return false
  }

  func close() { run(["kill-server"]) }
}
