/// What a statement does besides computing: the names it reads and declares, the files it writes, the
/// net it trains, and the statements it contains. One exhaustive switch, so that a new statement has to
/// say here what it does — and the sweep's choice between parallel and sequential iterations, the shard
/// check and the REPL's `:ir` definitions follow from that, rather than from a `default:` that guesses.
package struct StatementEffects {
  /// Variable names its expressions read (a sweep: only its value lists; its body is `body`).
  package var reads: Set<String> = []
  /// Names it binds in the current scope.
  package var declares: [String] = []
  /// Whether it writes files (`plot`, `save`): a file written by several iterations at once would be
  /// written in an order that depends on timing.
  package var writesFiles = false
  /// The training that changes a net's weights (`train`).
  package var trains: IRTrain?
  /// Statements it runs in a scope of its own, and the names that scope starts with (a sweep's variables).
  package var body: [IRStatement] = []
  package var bodyDeclares: [String] = []

  package init(_ statement: IRStatement) {
    switch statement {
    case .seed(let e, _), .expression(let e, _):
      IRWalk.variables(e, into: &reads)
    case .let_(let n, let e, _), .algebra(let n, let e, _), .netAssign(let n, let e, _):
      IRWalk.variables(e, into: &reads)
      declares = [n]
    case .data(let names, let e, _):
      IRWalk.variables(e, into: &reads)
      declares = names
    case .net(let n):
      IRWalk.variables(statement, into: &reads)
      declares = [n.name]
    case .train(let t):
      IRWalk.variables(t, into: &reads)
      trains = t
    case .sweep(let vars, let inner, _):
      for v in vars { IRWalk.variables(v.values, into: &reads) }
      body = inner
      bodyDeclares = vars.map(\.name)
    case .print, .assert:
      IRWalk.variables(statement, into: &reads)
    case .plot, .save:
      IRWalk.variables(statement, into: &reads)
      writesFiles = true
    }
  }

  /// Whether a sweep's iterations can run at once, each in its own interpreter: no statement writes a
  /// file, no `train` changes a net declared outside the body, and no net from outside is read at all
  /// (a net holds working buffers that any probe writes). `netOutside` says whether a name the body reads
  /// but does not declare is a net in the scope around the sweep.
  package static func parallelizable(
    _ body: [IRStatement], sweepVariables: [String], netOutside: (String) -> Bool
  ) -> Bool {
    var declared = Set(sweepVariables)
    var reads = Set<String>()
    func walk(_ statements: [IRStatement]) -> Bool {
      for s in statements {
        let e = StatementEffects(s)
        if e.writesFiles { return false }
        if let t = e.trains, !declared.contains(t.net) { return false }
        reads.formUnion(e.reads)
        declared.formUnion(e.bodyDeclares)
        if !walk(e.body) { return false }
        declared.formUnion(e.declares)
      }
      return true
    }
    guard walk(body) else { return false }
    return !reads.subtracting(declared).contains(where: netOutside)
  }

  /// The first `train` in a sweep body of a net declared outside it: each iteration would continue the
  /// last one's training, so the iterations depend on their order (and cannot be sharded).
  package static func trainedFromOutside(_ body: [IRStatement], sweepVariables: [String]) -> IRTrain? {
    var declared = Set(sweepVariables)
    func walk(_ statements: [IRStatement]) -> IRTrain? {
      for s in statements {
        let e = StatementEffects(s)
        if let t = e.trains, !declared.contains(t.net) { return t }
        declared.formUnion(e.bodyDeclares)
        if let t = walk(e.body) { return t }
        declared.formUnion(e.declares)
      }
      return nil
    }
    return walk(body)
  }
}
