/// The entry point of the fuzz executables (`make fuzz`). Built with `-DFUZZING -sanitize=fuzzer,address`
/// (in `.build-fuzz`), `main` hands the target to libFuzzer's `LLVMFuzzerRunDriver`, which parses
/// libFuzzer's own flags (`-runs=`, `-max_total_time=`, `-dict=`, corpus directories). In an ordinary
/// build there is no libFuzzer: the executable replays the files named on its command line through
/// the same target, so a crash input found by CI can be run under the debugger or a test.
///
///     FuzzCheck Tests/Fuzz/corpus/*.nns      # replay
///     make fuzz                              # a bounded campaign
import Foundation

public typealias FuzzTarget = (UnsafeRawBufferPointer) -> Void

#if FUZZING
  @_silgen_name("LLVMFuzzerRunDriver")
  private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
  ) -> Int32

  nonisolated(unsafe) private var registered: FuzzTarget?

  /// Runs libFuzzer on `target` with the process's arguments; returns its exit code.
  public func fuzzMain(_ target: @escaping FuzzTarget) -> Int32 {
    registered = target
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
      registered?(UnsafeRawBufferPointer(start: data, count: size))
      return 0
    }
  }
#else
  /// Replays each file named on the command line through `target`; returns 2 on a usage error.
  public func fuzzMain(_ target: @escaping FuzzTarget) -> Int32 {
    let paths = CommandLine.arguments.dropFirst()
    if paths.isEmpty {
      FileHandle.standardError.write(Data("usage: \(CommandLine.arguments[0]) input…\n".utf8))
      return 2
    }
    for path in paths {
      guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("cannot read '\(path)'\n".utf8))
        return 2
      }
      data.withUnsafeBytes { target($0) }
    }
    return 0
  }
#endif
