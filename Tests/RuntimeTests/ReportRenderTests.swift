import Foundation
import Testing

@testable import Report
@testable import Runtime
@testable import Semantics

/// Renders SVGs with a real renderer (librsvg's `rsvg-convert`) and checks the PNGs are not blank.
@Suite("Report rendering with rsvg-convert")
struct ReportRenderTests {
  static func rsvgConvert() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
    return directories.map { $0 + "/rsvg-convert" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// The PNG bytes of `svg` as rsvg-convert renders it.
  static func render(_ svg: String, in directory: String, name: String) throws -> Data {
    guard let tool = rsvgConvert() else {
      Issue.record("rsvg-convert not found: install librsvg2-bin (`make deps` does)")
      return Data()
    }
    let input = directory + "/\(name).svg"
    let output = directory + "/\(name).png"
    try FileWriter.writeAtomically(svg, to: input)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = ["-o", output, input]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "rsvg-convert failed on \(name)")
    return FileManager.default.contents(atPath: output) ?? Data()
  }

  /// Width and height from a PNG's IHDR chunk, after checking the signature.
  static func pngSize(_ png: Data) -> (Int, Int)? {
    let bytes = [UInt8](png)
    guard bytes.count > 24, bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
    func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (int(16), int(20))
  }

  @Test func plotsRenderToNonBlankImages() throws {
    let directory = NSTemporaryDirectory() + "nns-render-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let blankSVG = """
      <svg xmlns="http://www.w3.org/2000/svg" width="640" height="420" viewBox="0 0 640 420">\
      <rect width="640" height="420" fill="#ffffff"/></svg>
      """
    let blank = try Self.render(blankSVG, in: directory, name: "blank")
    try #require(Self.pngSize(blank) != nil, "rsvg-convert did not produce a PNG")

    let xs = (0..<60).map { Double($0) / 6 }
    let curves = [Series(name: "train", x: xs, y: xs.map { exp(-$0) }), Series(name: "test", x: xs, y: xs.map(cos))]
    let points = (0..<80).map { i in
      LabeledPoint(x: cos(Double(i) / 5) * Double(i), y: sin(Double(i) / 5) * Double(i), label: i % 2)
    }
    let regions = Regions(
      xMin: -80, xMax: 80, yMin: -80, yMax: 80, classes: (0..<30).map { i in (0..<30).map { j in (i + j) % 3 } })
    let plots: [(String, Plot, Plot?)] = [
      ("line", Plot(.line(curves), title: "loss", xLabel: "epoch", yLabel: "mse"), Plot(.line([]), title: "loss")),
      ("loglog", Plot(.logLog([Series(name: "n", x: [1, 10, 100], y: [1, 0.1, 0.01])]), title: "rate"), nil),
      ("histogram", Plot(.histogram(values: xs.map(sin), bins: 12), title: "weights"), nil),
      ("heatmap", Plot(.heatmap((0..<10).map { i in (0..<10).map { Double(i * $0) } }), title: "NTK"), nil),
      (
        "scatter", Plot(.scatter(points, regions: regions), title: "decision regions"),
        Plot(.scatter([]), title: "decision regions")
      ),
    ]
    for (name, plot, empty) in plots {
      let png = try Self.render(plot.svg(), in: directory, name: name)
      let size = try #require(Self.pngSize(png), "\(name): not a PNG")
      #expect(size == (640, 420), "\(name): \(size)")
      #expect(png != blank)
      // A white 640×420 image compresses to under 2 kB; axes, text and data take several times that.
      #expect(png.count > 3 * blank.count, "\(name): \(png.count) bytes against \(blank.count) for a blank image")
      if let empty {
        let axesOnly = try Self.render(empty.svg(), in: directory, name: name + "-empty")
        #expect(png.count > axesOnly.count + 2000, "\(name): the data adds little to the image")
      }
    }
  }
}
