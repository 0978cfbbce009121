import Diagnostics
import Engine
import Foundation
import Lexer
import Parser
import Report

package extension JSONValue {
  /// A language value as JSON (numbers exact, records as objects, matrices as lists of rows).
  package init(_ v: Value) {
    switch v {
    case .number(let x): self = .number(x)
    case .string(let s): self = .string(s)
    case .boolean(let b): self = .bool(b)
    case .list(let xs): self = .array(xs.map { JSONValue($0) })
    case .matrix(let m): self = .array((0..<m.rows).map { i in .array(m.row(i).map { .number($0) }) })
    case .record(let r):
      self = .object([("kind", .string(r.kind.rawValue))] + r.fields.map { ($0.name, JSONValue($0.value)) })
    case .data(let d):
      self = .object([
        ("name", .string(d.name)),
        ("x", JSONValue(.matrix(d.x))), ("y", JSONValue(.matrix(d.y))),
      ])
    case .net(let h): self = .string("net \(h.name)")
    case .algebra(let a): self = .string(a.name)
    case .model(let m): self = .string(m.regressor.summary)
    }
  }
}

/// Nets saved as versioned JSON: the spec (layers, algebra, options) and the flat parameters, with
/// Doubles printed shortest-round-trip so `load` restores them bit for bit.
package enum NetFile {
  package static let format = "nns-net"
  package static let version = 1
  /// Net files larger than this are refused before decoding (4 GiB holds ~200 million parameters).
  package static let maxNetFileBytes = 4 << 30

  package struct Contents: Codable {
    package var format: String
    package var version: Int
    package var name: String
    package var loss: String
    package var spec: NetworkSpec
    package var parameters: [Double]
    /// Non-trainable state (batch-norm running statistics), so evaluation mode restores exactly.
    package var state: [Double]?
    /// The readout is still the default, to be fixed by the first data with targets.
    package var autoReadout: Bool?
  }

  package static func encode(_ h: NetHandle, at span: SourceSpan) throws -> String {
    guard h.network.parameters.allSatisfy(\.isFinite), h.network.state.allSatisfy(\.isFinite) else {
      throw RuntimeError(.nonFiniteWeights(net: h.name), at: span)
    }
    let c = Contents(
      format: format, version: version, name: h.name, loss: h.loss.rawValue, spec: h.network.spec,
      parameters: h.network.parameters, state: h.network.state, autoReadout: h.autoReadout)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(c)
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// A decoding error as "field 'spec.layers[2].units': …", naming where in the file it went wrong.
  package static func describe(_ error: any Error) -> String {
    func field(_ path: [any CodingKey]) -> String {
      let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
      return text.hasPrefix(".") ? String(text.dropFirst()) : text
    }
    switch error {
    case DecodingError.keyNotFound(let key, let c): return "field '\(field(c.codingPath + [key]))' is missing"
    case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
      return "field '\(field(c.codingPath))' has the wrong type"
    case DecodingError.dataCorrupted(let c):
      return c.codingPath.isEmpty ? "it is not valid JSON" : "field '\(field(c.codingPath))': \(c.debugDescription)"
    default: return "\(error)"
    }
  }

  package static func load(_ path: String, at span: SourceSpan) throws -> NetHandle {
    let data: Data
    switch FileReading.read(path, limit: maxNetFileBytes) {
    case .success(let d): data = d
    case .failure(.missing): throw RuntimeError(.noSuchFile(path), at: span)
    case .failure(let f): throw RuntimeError(.cannotLoadNet("\(f)"), at: span)
    }
    let c: Contents
    do {
      c = try JSONDecoder().decode(Contents.self, from: data)
    } catch {
      throw RuntimeError(.notANetFile(path, reason: describe(error)), at: span)
    }
    guard c.format == format else { throw RuntimeError(.notANetFile(path, reason: nil), at: span) }
    guard c.version >= 1 else {
      throw RuntimeError(.netFileVersionBelowOne(path, version: c.version), at: span)
    }
    guard c.version <= version else {
      throw RuntimeError(.netFileVersionTooNew(path, version: c.version, reads: version), at: span)
    }
    var rng = RandomSource(seed: 0)
    let net: Network
    do {
      net = try Network(spec: c.spec, rng: &rng)
    } catch {
      throw RuntimeError(.failedIn("'\(path)'", reason: "\(error)"), at: span)
    }
    guard c.parameters.allSatisfy(\.isFinite), c.state?.allSatisfy(\.isFinite) ?? true else {
      throw RuntimeError(.netFileNonFinite(path), at: span)
    }
    guard Loss(rawValue: c.loss) != nil else {
      throw RuntimeError(.netFileUnknownLoss(path, loss: c.loss), at: span)
    }
    guard c.parameters.count == net.parameterCount else {
      throw RuntimeError(
        .netFileCount(path, found: c.parameters.count, what: "parameters", needs: net.parameterCount), at: span)
    }
    do {
      try net.setParameters(c.parameters)
    } catch {
      throw RuntimeError(.failedIn("'\(path)'", reason: "\(error)"), at: span)
    }
    if let state = c.state {
      guard state.count == net.state.count else {
        throw RuntimeError(
          .netFileCount(path, found: state.count, what: "state values", needs: net.state.count), at: span)
      }
      net.state = state
    }
    return NetHandle(
      name: c.name, network: net, loss: Loss(rawValue: c.loss) ?? .mse, autoReadout: c.autoReadout ?? false)
  }
}
