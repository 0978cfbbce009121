#if canImport(Glibc)
  import Glibc
#endif

/// How the process's heap keeps the large buffers of the probes. glibc serves a block above its mmap
/// threshold (128 KiB at start, raised as such blocks are freed, to at most 32 MiB) with fresh pages and
/// gives freed memory at the top of the heap back to the kernel beyond its trim threshold (twice the
/// mmap threshold). An NTK Gram at N = 1 000 frees three 8 MB matrices per call (the result's and the
/// two layer Grams' predecessors): they went back to the kernel, and the next call's first touches
/// faulted in and zeroed 24 MB again (`clear_page_rep`, 7 % of `perf record` on 30 such calls).
/// Blocks below 32 MiB now come from the heap and up to 256 MiB of freed heap stays mapped, so a second
/// call reuses the first's pages: 30 NTK Grams at N = 1 000, w = 512 took 2.18–2.46 s before and
/// 2.02–2.07 s after (5 interleaved runs each, same peak RSS; docs/benchmarks.md, "Session 10"). Results
/// do not depend on it.
enum HeapPolicy {
  /// glibc's `mallopt` parameters (malloc.h, which Swift's Glibc module does not bring).
  private static let trimThreshold: Int32 = -1
  private static let mmapThreshold: Int32 = -3

  static func keepLargeBuffers() {
    #if canImport(Glibc)
      // Looked up at run time: another C library simply keeps its own policy.
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
      let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
      _ = mallopt(mmapThreshold, 32 << 20)
      _ = mallopt(trimThreshold, 256 << 20)
    #endif
  }
}
