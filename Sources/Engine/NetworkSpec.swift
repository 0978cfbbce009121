/// One layer of a net as a script declares it. Widths (`units`) count algebra units: a dense layer of 8
/// units over the quaternions has 32 real outputs.
public indirect enum LayerSpec: Sendable, Codable, Hashable {
  /// `dense units, activation` — `bias: false` is `bias off`; `fixed` freezes the layer's parameters
  /// (soft committee machine readout); `augmented` is the widely linear layer y = W z + V z̄; `initializer`
  /// draws this layer's weights instead of the net's `init` (`dense 1, identity, fixed, init: constant(1)`:
  /// the soft committee machine's readout of 1s). Saved nets without it decode as nil (the net's rule).
  case dense(
    units: Int, activation: Activation, bias: Bool, fixed: Bool, augmented: Bool, initializer: Initializer? = nil)
  /// `residual span: s { body }`: the body is cut into consecutive groups of `span` dense layers (layers
  /// that are not dense join the group before them) and each group g becomes x ↦ x + g(x) (He et al. 2016);
  /// `dropProbability` > 0 is stochastic depth (Huang et al. 2016): in training each group is skipped for
  /// the whole minibatch with that probability, in evaluation its branch is scaled by 1 − p.
  case residual(span: Int, body: [LayerSpec], dropProbability: Double)
  /// Inverted dropout (Srivastava et al. 2014) of whole algebra units with probability p; identity in evaluation.
  case dropout(Double)
  /// Batch normalisation of each real feature (Ioffe & Szegedy 2015), learnable scale γ and shift β,
  /// running statistics (momentum 0.1) used in evaluation.
  case batchnorm
}

/// How parameters θ map to the weights a layer applies: y = s · x W(θ) + b with
/// - `standard`: s = 1;
/// - `ntk`: s = 1/√n on every dense layer (Jacot, Gabriel & Hongler 2018), so θ ~ N(0, 1) under `lecun`;
/// - `meanField`: s = 1/√n on hidden dense layers and s = 1/n on the last dense layer (the readout of a
///   mean-field net f = (1/n) Σ a_i σ(w_i·x), Mei, Montanari & Nguyen 2018; Nitanda & Suzuki 2017).
///
/// n is the effective fan-in n_in·Σ C²/k (n_in in algebra units; = n_in for real nets). Biases are not
/// scaled. Variance-scaling initializers (`glorot`, `he`, `lecun`, `orthogonal`, `even(std: nil)`)
/// describe the effective weights s·θ, so every parametrization gives the same function at
/// initialisation and differs in its training dynamics; explicit-scale initializers (`zeros`,
/// `constant`, `gaussian`, `uniform`, `even(std:)`) describe θ itself.
public enum Parametrization: String, Sendable, Codable, Hashable {
  case standard, ntk, meanField
}

/// How a hypercomplex net's output units become real outputs: `all` components (units·k outputs) or
/// only the `real` part of each output unit (units outputs).
public enum Readout: String, Sendable, Codable, Hashable {
  case all, real
}

/// Everything needed to build a net: `inputUnits` algebra units in, the layers, and how to initialise.
public struct NetworkSpec: Sendable, Codable, Hashable {
  public var inputUnits: Int
  public var algebra: Algebra
  public var layers: [LayerSpec]
  public var initializer: Initializer
  public var parametrization: Parametrization
  public var readout: Readout

  public init(
    inputUnits: Int, algebra: Algebra = .real, layers: [LayerSpec], initializer: Initializer = .glorot(uniform: false),
    parametrization: Parametrization = .standard, readout: Readout = .all
  ) {
    self.inputUnits = inputUnits
    self.algebra = algebra
    self.layers = layers
    self.initializer = initializer
    self.parametrization = parametrization
    self.readout = readout
  }

  /// Real features the data must have: inputUnits · k.
  public var inputFeatures: Int { inputUnits * algebra.dimension }

  /// The activation of the last layer when it is a dense layer (the output head), else nil.
  public var outputActivation: Activation? {
    guard case .dense(_, let activation, _, _, _, _)? = layers.last else { return nil }
    return activation
  }

  /// Real outputs after the readout.
  public var outputFeatures: Int {
    let units = Self.outputUnits(layers, inputUnits)
    return readout == .real ? units : units * algebra.dimension
  }

  static func outputUnits(_ layers: [LayerSpec], _ input: Int) -> Int {
    var w = input
    for l in layers {
      if case .dense(let u, _, _, _, _, _) = l { w = u }
    }
    return w
  }

  /// `NetworkSpec.mlp([2, 12, 12, 1], activation: .tanh)`: a real MLP whose last layer is linear unless
  /// `output` is given.
  public static func mlp(_ widths: [Int], activation: Activation, output: Activation = .identity) -> NetworkSpec {
    let layers = widths.dropFirst().enumerated().map { i, w in
      LayerSpec.dense(
        units: w, activation: i == widths.count - 2 ? output : activation, bias: true, fixed: false, augmented: false)
    }
    return NetworkSpec(inputUnits: widths.first ?? 0, layers: layers)
  }
}
