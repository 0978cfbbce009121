import Foundation
import Report
import Semantics

/// A failure of sharding or merging that is no script's fault (a results directory that belongs to
/// another script, a malformed record); `nns` prints it as `nns: error: …` and exits 1.
public struct ShardError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// What identifies a sharded run: the script (its path as given and its text), the options that
/// change what it prints (`--seed`, `--set`, `--quiet`) and the number of shards. Every shard and the merge check
/// it, so results of another script or other options are never mixed in.
public struct ShardManifest: Equatable, Sendable {
  public static let format = "nns-results"
  public var script: String
  public var text: String
  public var seed: UInt64?
  /// `--set name=value` arguments as given.
  public var assignments: [String]
  /// `--quiet`: no "wrote …" line per file written.
  public var quiet: Bool
  public var shards: Int

  public init(script: String, text: String, seed: UInt64?, assignments: [String], quiet: Bool, shards: Int) {
    (self.script, self.text, self.seed, self.assignments) = (script, text, seed, assignments)
    (self.quiet, self.shards) = (quiet, shards)
  }

  /// FNV-1a (64 bit) of the nns version, the script text and the options: a fingerprint, not a
  /// security hash. The version is in it because another nns may compute other numbers.
  public var hash: String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    let key =
      nnsVersion + "\u{0}" + text + "\u{0}" + (seed.map { "\($0)" } ?? "-") + "\u{0}"
      + assignments.joined(separator: "\u{0}") + (quiet ? "\u{0}quiet" : "")
    for b in key.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    return String(h, radix: 16)
  }

  var json: JSONValue {
    .object([
      ("format", .string(Self.format)), ("script", .string(script)), ("hash", .string(hash)),
      ("seed", seed.map { .string("\($0)") } ?? .null), ("set", .array(assignments.map { .string($0) })),
      ("quiet", .bool(quiet)), ("shards", .number(Double(shards))),
    ])
  }

  /// The options to repeat on a command line (`--seed 3 --set width=8 --quiet`).
  public var optionArguments: [String] {
    (seed.map { ["--seed", "\($0)"] } ?? []) + assignments.flatMap { ["--set", $0] } + (quiet ? ["--quiet"] : [])
  }
}

/// The results directory of a sharded run:
///
///     DIR/manifest.json          script path, fingerprint, seed, --set, number of shards
///     DIR/script.nns             the script's text (what `nns merge DIR` runs)
///     DIR/000012-w=16,s=1.json   one record per finished iteration (global index, sweep values)
///     DIR/done-3.json            written by shard 3 when it finished: every iteration's tag
///
/// Every file is written atomically (`FileWriter`), so a killed shard leaves whole files or none.
public struct ResultStore: Sendable {
  public var directory: String

  public init(directory: String) { self.directory = directory }

  var manifestPath: String { directory + "/manifest.json" }
  var scriptPath: String { directory + "/script.nns" }
  func donePath(_ shard: Int) -> String { directory + "/done-\(shard).json" }

  /// The record file of iteration `index` (global, 0-based) with sweep tag `sweep[w=16,s=1]/`.
  func recordPath(_ index: Int, tag: String) -> String {
    directory + "/" + Self.recordName(index, tag: tag)
  }

  static func recordName(_ index: Int, tag: String) -> String {
    let safe = String(
      sweepValues(tag).map { c -> Character in
        c.isASCII && (c.isLetter || c.isNumber || "=,.-_".contains(c)) ? c : "_"
      }.prefix(80))
    let number = String(index)
    return String(repeating: "0", count: max(0, 6 - number.count)) + number + (safe.isEmpty ? "" : "-" + safe)
      + ".json"
  }

  /// `w=16,s=1` of the tag `sweep[w=16,s=1]/` (its values, last variable first, as streams name them).
  public static func sweepValues(_ tag: String) -> String {
    var values = tag.hasPrefix("sweep[") ? String(tag.dropFirst(6)) : tag
    if values.hasSuffix("]/") { values.removeLast(2) }
    return values
  }

  /// Writes the manifest and the script copy, or checks that those already there are the same run.
  public func prepare(_ m: ShardManifest) throws {
    if let existing = try readManifestIfPresent() {
      guard existing.hash == m.hash else {
        throw ShardError(
          "'\(directory)' holds results of another script or other options (\(existing.script)); "
            + "use another --results directory or remove it")
      }
      guard existing.shards == m.shards else {
        throw ShardError(
          "'\(directory)' was started with \(existing.shards) shards, not \(m.shards); "
            + "keep --shard K/\(existing.shards) or use another --results directory")
      }
      return
    }
    try FileWriter.writeAtomically(m.text, to: scriptPath)
    try FileWriter.writeAtomically(m.json.printed(), to: manifestPath)
  }

  /// The manifest (with the script text from `script.nns`), or nil when the directory has none.
  public func readManifestIfPresent() throws -> ShardManifest? {
    guard let data = FileManager.default.contents(atPath: manifestPath) else { return nil }
    let j = try JSONValue.parse(String(decoding: data, as: UTF8.self))
    guard j["format"]?.stringValue == ShardManifest.format, let script = j["script"]?.stringValue,
      let shards = j["shards"]?.doubleValue, let set = j["set"]?.arrayValue
    else { throw ShardError("'\(manifestPath)' is not an nns results manifest") }
    guard let text = FileManager.default.contents(atPath: scriptPath) else {
      throw ShardError("'\(scriptPath)' is missing: the results directory is incomplete")
    }
    let m = ShardManifest(
      script: script, text: String(decoding: text, as: UTF8.self),
      seed: j["seed"]?.stringValue.flatMap { UInt64($0) }, assignments: set.compactMap(\.stringValue),
      quiet: j["quiet"] == .bool(true), shards: Int(shards))
    guard j["hash"]?.stringValue == m.hash else {
      throw ShardError("'\(scriptPath)' does not match its manifest (edited after the shards ran?)")
    }
    return m
  }

  /// The record of an iteration if it exists, is whole and belongs to this run; nil otherwise.
  func read(_ index: Int, tag: String, hash: String) -> ShardRecord.Decoded? {
    guard let data = FileManager.default.contents(atPath: recordPath(index, tag: tag)),
      let json = try? JSONValue.parse(String(decoding: data, as: UTF8.self)),
      let r = try? ShardRecord.decode(json), r.index == index, r.tag == tag, r.hash == hash
    else { return nil }
    return r
  }

  func write(_ o: Interpreter.SweepOutcome, index: Int, tag: String, hash: String) throws {
    try FileWriter.writeAtomically(
      ShardRecord.encode(o, index: index, tag: tag, hash: hash).printed(pretty: false) + "\n",
      to: recordPath(index, tag: tag))
  }

  /// Shard `shard` has run all its iterations; `tags` are those of every iteration of the program.
  func writeDone(_ shard: Int, tags: [String], hash: String) throws {
    let j: JSONValue = .object([
      ("shard", .number(Double(shard))), ("hash", .string(hash)), ("tags", .array(tags.map { .string($0) })),
    ])
    try FileWriter.writeAtomically(j.printed(pretty: false) + "\n", to: donePath(shard))
  }

  /// Every iteration's tag, from the first finished shard's `done` file (nil when none finished).
  public func iterationTags(hash: String, shards: Int) -> [String]? {
    for k in 0..<shards {
      guard let data = FileManager.default.contents(atPath: donePath(k)),
        let j = try? JSONValue.parse(String(decoding: data, as: UTF8.self)), j["hash"]?.stringValue == hash,
        let tags = j["tags"]?.arrayValue
      else { continue }
      return tags.compactMap(\.stringValue)
    }
    return nil
  }

  /// Every whole record of this run, by global index: whether it ended in an error.
  public func records(hash: String) -> [Int: Bool] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    var found: [Int: Bool] = [:]
    for name in names where name.first?.isNumber == true && name.hasSuffix(".json") {
      guard let data = FileManager.default.contents(atPath: directory + "/" + name),
        let json = try? JSONValue.parse(String(decoding: data, as: UTF8.self)),
        let r = try? ShardRecord.decode(json), r.hash == hash, name == Self.recordName(r.index, tag: r.tag)
      else { continue }
      found[r.index] = r.outcome.error != nil
    }
    return found
  }

  /// Whether iteration `index` has a whole record of this run.
  public func hasRecord(_ index: Int, tag: String, hash: String) -> Bool {
    read(index, tag: tag, hash: hash) != nil
  }
}
