// swift-tools-version:6.0
import PackageDescription

// `NNS_TARGET_CPU=native` (set by `make release`/`make demo`/`make bench` when the CPU has AVX2 and FMA;
// `make release PORTABLE=1` leaves it unset) compiles the Engine for that CPU and turns on its FMA kernels
// (`-D NNS_FMA`). The binary then needs such a CPU. Unset (`swift build`, `swift test`): baseline x86-64.
// Tests/native/agree.sh (run by `make test`) checks that both builds agree (docs/benchmarks.md, tolerance).
let targetCPU = Context.environment["NNS_TARGET_CPU"].flatMap { $0.isEmpty ? nil : $0 }
let engineFlags = ["-O"] + (targetCPU.map { ["-target-cpu", $0, "-D", "NNS_FMA"] } ?? [])

let package = Package(
  name: "NNS",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "nns", targets: ["nns"]),
    .library(name: "Engine", targets: ["Engine"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
  ],
  targets: [
    // C boundary: OpenBLAS (CBLAS) + LAPACKE, loaded on first use (Sources/CBLAS/shim.c; their headers come
    // from Debian's libopenblas-dev and liblapacke-dev), and GNU readline (linked; module map + shim header).
    .target(name: "CBLAS"),
    .systemLibrary(
      name: "CReadline", pkgConfig: "readline",
      providers: [.apt(["libreadline-dev"])]),

    // Phases: Diagnostics ← Lexer ← Parser ← Semantics ← Runtime, the last two over the Engine. Diagnostics (spans, messages, their
    // rendering, did-you-mean) sit below every phase that reports.
    .target(name: "Diagnostics"),
    .target(name: "Lexer", dependencies: ["Diagnostics"]),
    .target(name: "Parser", dependencies: ["Diagnostics", "Lexer"]),
    // The Engine's numeric kernels (SIMD activations, training loops) are optimised in every build:
    // unoptimised they run 10–30× slower, and the test suite trains real nets.
    .target(
      name: "Engine",
      dependencies: ["CBLAS", .product(name: "SwiftCSV", package: "SwiftCSV")],
      swiftSettings: [.unsafeFlags(engineFlags)]),
    // Tables, plots, SVG, JSON, Markdown reports and atomic file writes: nothing of the language.
    .target(name: "Report", dependencies: ["Engine"]),
    // The semantic phase: the registry (every built-in's parameters, members and implementation), the
    // checker, the IR and its dump. Implementations are typed against `CallContext`, which the
    // interpreter provides; nothing here knows how statements run.
    .target(name: "Semantics", dependencies: ["Diagnostics", "Lexer", "Parser", "Engine", "Report"]),
    // The interpreter: statements, training, sweeps and shards, output, sessions.
    .target(name: "Runtime", dependencies: ["Diagnostics", "Lexer", "Parser", "Semantics", "Engine", "Report"]),
    .target(
      name: "REPL", dependencies: ["Diagnostics", "Lexer", "Parser", "Report", "Semantics", "Runtime", "CReadline"]),
    .executableTarget(
      name: "nns",
      dependencies: [
        // CBLAS: `nns bench scaling` times the probes' BLAS/LAPACK calls on their own.
        "Diagnostics", "Semantics", "Runtime", "REPL", "Engine", "Lexer", "Parser", "Report", "CBLAS",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // Fuzz targets (`make fuzz`): built with -DFUZZING -sanitize=fuzzer,address in .build-fuzz they are
    // libFuzzer executables; in an ordinary build they replay the inputs named on their command line.
    .target(name: "FuzzDriver"),
    .executableTarget(
      name: "FuzzCheck",
      dependencies: ["FuzzDriver", "Diagnostics", "Lexer", "Parser", "Report", "Semantics", "Runtime"]),
    .executableTarget(
      name: "FuzzRun", dependencies: ["FuzzDriver", "Diagnostics", "Lexer", "Parser", "Report", "Semantics", "Runtime"]),

    .testTarget(name: "LexerTests", dependencies: ["Diagnostics", "Lexer"]),
    .testTarget(name: "ParserTests", dependencies: ["Diagnostics", "Lexer", "Parser"], resources: [.copy("golden")]),
    .testTarget(name: "EngineTests", dependencies: ["Engine"]),
    .testTarget(
      name: "RuntimeTests",
      dependencies: ["Diagnostics", "Lexer", "Parser", "Engine", "Report", "Semantics", "Runtime"],
      resources: [.copy("golden")]),
    .testTarget(
      name: "REPLTests", dependencies: ["Diagnostics", "Lexer", "Parser", "Report", "Semantics", "Runtime", "REPL"],
      exclude: ["transcripts", "protocol"]),
    .testTarget(
      name: "NNSTests", dependencies: ["Diagnostics", "Lexer", "Parser", "Engine", "Report", "Semantics", "Runtime"],
      exclude: ["shard", "golden"]),
  ]
)
