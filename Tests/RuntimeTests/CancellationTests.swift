import Diagnostics
import Foundation
import Lexer
import Testing

@testable import Runtime
@testable import Semantics

/// The cancellation token in-process: a cancel from another thread stops a parallel sweep of trains that
/// would take hours, only in the interpreter that owns the token, and leaves the session usable. (The
/// signal paths are tested through the binary: Tests/REPLTests/TerminalTests.swift, RobustnessTests.)
@Suite struct CancellationTests {
  /// Eight iterations: the first trains for 50 epochs, the others for 10⁸ (hours).
  static let sweep = """
    let kept = 40
    data d0 = xor()
    net m0 { input 2; dense 4, tanh; dense 1 }
    sweep e in [50, 100000000, 100000000, 100000000, 100000000, 100000000, 100000000, 100000000] {
      data d = xor()
      net m { input 2; dense 8, tanh; dense 1 }
      train m on d { loss mse; epochs e }
      print e: e, loss: loss(m, d)
    }
    print "after the sweep"

    """

  /// Runs `text` in `session` on a thread of its own; the semaphore is signalled when it ends.
  static func runInBackground(_ session: Session, _ text: String) -> (DispatchSemaphore, TextBox) {
    let done = DispatchSemaphore(value: 0)
    let box = TextBox()
    let unchecked = UncheckedBox(session)
    Thread {
      box.set(unchecked.value.render(unchecked.value.run(SourceFile(path: "t.nns", text: text))))
      done.signal()
    }.start()
    return (done, box)
  }

  /// Waits (polling, up to `seconds`) until `condition` holds.
  static func wait(seconds: Double = 60, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition() { return true }
      usleep(10_000)
    }
    return condition()
  }

  @Test(.timeLimit(.minutes(2))) func cancelStopsAParallelSweepAndTheSessionGoesOn() throws {
    let output = TextBox()
    let session = Session { output.append($0) }
    let token = session.interpreter.cancellation
    let (done, errors) = Self.runInBackground(session, Self.sweep)
    // The sweep and at least one of its trains run; the 50-epoch one is soon done.
    #expect(Self.wait { token.runningCount >= 2 }, "no train started")
    token.cancel()
    #expect(done.wait(timeout: .now() + 60) == .success, "the sweep did not stop")
    #expect(errors.text == "", "\(errors.text)")
    let out = output.text
    let completed = out.firstMatch(of: /sweep interrupted: (\d+) of 8 runs completed/)
    let k = completed.flatMap { Int($0.1) } ?? -1
    #expect((1...8).contains(k), "\(out)")
    // Every run that started is in the table, stopped or not; the trains stopped say so.
    let stopped = out.components(separatedBy: "training of 'm' interrupted after epoch").count - 1
    #expect(stopped <= k, "\(out)")
    #expect(out.contains("after the sweep"), "the entry goes on (the REPL's rule): \(out)")
    #expect(session.interpreter.stoppedByInterrupt)
    #expect(!token.isCancelled && !token.isInterruptible, "the sweep clears its cancel and its count")

    // Definitions intact; the next entry runs (and trains in full: the cancel is spent).
    output.clear()
    let next = session.run(
      SourceFile(
        path: "u.nns", text: "print kept + 2\ntrain m0 on d0 { loss mse; epochs 20 }\nprint len(history(m0).loss)\n"))
    #expect(next.isEmpty, "\(session.render(next))")
    #expect(output.text.contains("= 42") && output.text.contains("20"), "\(output.text)")
  }

  /// Two sessions train at once; cancelling one stops it alone. Under `endsOnInterrupt` (nns run) the
  /// rest of the script does not run.
  @Test(.timeLimit(.minutes(2))) func aCancelReachesOnlyItsOwnInterpreter() throws {
    let script = """
      data d = xor()
      net m { input 2; dense 4, tanh; dense 1 }
      train m on d { loss mse; epochs 100000000 }
      print "the end"

      """
    let (outA, outB) = (TextBox(), TextBox())
    let a = Session { outA.append($0) }
    let b = Session { outB.append($0) }
    a.interpreter.endsOnInterrupt = true
    let (doneA, _) = Self.runInBackground(a, script)
    let (doneB, _) = Self.runInBackground(b, script)
    #expect(Self.wait { a.interpreter.cancellation.isInterruptible && b.interpreter.cancellation.isInterruptible })
    a.interpreter.cancellation.cancel()
    #expect(doneA.wait(timeout: .now() + 60) == .success)
    #expect(outA.text.contains("training of 'm' interrupted after epoch"), "\(outA.text)")
    #expect(!outA.text.contains("the end"), "ends at the interrupted statement: \(outA.text)")
    #expect(a.interpreter.stoppedByInterrupt)
    // The other still trains, its token untouched.
    #expect(b.interpreter.cancellation.isInterruptible && !b.interpreter.cancellation.isCancelled)
    #expect(doneB.wait(timeout: .now() + 0.2) == .timedOut)
    b.interpreter.cancellation.cancel()
    #expect(doneB.wait(timeout: .now() + 60) == .success)
    #expect(outB.text.contains("interrupted after epoch") && outB.text.contains("the end"), "\(outB.text)")
  }

  /// `nns run --shard`: an interrupt keeps the records of the iterations that finished, writes none for
  /// those it stopped (a rerun runs them again), and does not mark the shard done.
  @Test(.timeLimit(.minutes(2))) func anInterruptedShardRecordsOnlyFinishedIterations() throws {
    let dir = try temporaryDirectory("shard-cancel")
    defer { try? FileManager.default.removeItem(at: dir) }
    let text = """
      sweep e in [50, 100000000, 100000000, 100000000] {
        data d = xor()
        net m { input 2; dense 8, tanh; dense 1 }
        train m on d { loss mse; epochs e }
        print e: e, loss: loss(m, d)
      }

      """
    let manifest = ShardManifest(script: "s.nns", text: text, seed: nil, assignments: [], quiet: false, shards: 1)
    let store = ResultStore(directory: dir.path)
    try store.prepare(manifest)
    let session = Session { _ in }
    let sharding = Sharding(role: .shard(index: 0, count: 1), store: store, manifest: manifest)
    session.interpreter.sharding = sharding
    session.interpreter.endsOnInterrupt = true
    let (done, errors) = Self.runInBackground(session, text)
    // The 50-epoch iteration is recorded while the others train.
    #expect(Self.wait { store.records(hash: manifest.hash)[0] != nil }, "iteration 0 was not recorded")
    session.interpreter.cancellation.cancel()
    #expect(done.wait(timeout: .now() + 60) == .success)
    #expect(errors.text == "", "\(errors.text)")
    #expect(store.records(hash: manifest.hash) == [0: false], "only the finished iteration has a record")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("done-0.json").path))
    #expect(session.interpreter.stoppedByInterrupt && sharding.ran >= 1)
  }

  /// A file-writing statement or a net trained from outside keeps a sweep sequential; a body that
  /// declares what it trains runs in parallel.
  @Test func statementEffectsDecideParallelIterations() {
    func parallel(_ body: String, before: String = "") -> Bool {
      let session = Session { _ in }
      let (ir, diagnostics) = session.check(SourceFile(path: "t.nns", text: before + "sweep i in 1..2 {\n\(body)\n}\n"))
      guard let ir, case .sweep(let vars, let inner, _)? = ir.statements.last else {
        Issue.record("\(session.render(diagnostics))")
        return false
      }
      if !before.isEmpty { try? session.interpreter.run(IRProgram(statements: Array(ir.statements.dropLast()))) }
      return StatementEffects.parallelizable(
        inner, sweepVariables: vars.map(\.name), netOutside: session.interpreter.isNetOutside)
    }
    let net = "net m { input 2; dense 4, tanh; dense 1 }\n"
    let data = "data d = xor()\n"
    #expect(parallel(data + net + "train m on d { epochs 2 }\nprint i: i, l: loss(m, d)"))
    #expect(!parallel(data + net + "train m on d { epochs 2 }\nsave [i] to \"x.json\""))
    #expect(!parallel("plot [i, i] to \"x.svg\""))
    #expect(!parallel("train m on d { epochs 2 }", before: data + net), "trains a net from outside")
    #expect(!parallel("print loss(m, d)", before: data + net), "reads a net from outside")
    #expect(!parallel("print loss(n, d)", before: data + net + "net n = m\n"))
    #expect(!parallel("net n = m\ntrain n on d { epochs 2 }", before: data + net), "reads m")
    #expect(!parallel("sweep j in 1..2 { save [j] to \"y.json\" }"), "a nested sweep's file")
  }
}

/// Text appended from any thread.
final class TextBox: @unchecked Sendable {
  private let lock = NSLock()
  private var value = ""
  func append(_ s: String) {
    lock.lock()
    value += s
    lock.unlock()
  }
  func set(_ s: String) {
    lock.lock()
    value = s
    lock.unlock()
  }
  func clear() { set("") }
  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return value
  }
}
