extension Datasets {
  /// The four XOR points (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0 — the smallest problem no single-layer real
  /// net solves (Minsky & Papert 1969) and a single complex neuron does (Nitta 2003, seed 000).
  ///
  ///     let d = Datasets.xor()  // 4×2 inputs, labels [0, 1, 1, 0]
  public static func xor() -> Dataset {
    labelled("xor", [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], classes: ["0", "1"])
  }
}
