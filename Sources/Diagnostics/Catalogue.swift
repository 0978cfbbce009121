/// Every diagnostic the lexer, the parser, the checker, the interpreter and the session can produce: one case each, with
/// the values its message names, and its message text computed here and nowhere else (as stanc3's semantic errors and
/// swift-syntax's diagnostics are kept). `Diagnostic(.unknownName("x"), at: span)` builds one.
///
/// Values are passed as the text the message shows (numbers already formatted as tables print them), so
/// this file needs nothing above Diagnostics. Fix-its and notes are still given at the call site, where the
/// registry and the names in scope are known.
public enum Catalogue: Hashable, Sendable {
  // MARK: Lexer
  case unexpectedCharacters(String, count: Int)
  case unterminatedString
  case unknownEscape(String)
  case singleQuotedString
  case invalidNumber(String)
  case numberTooLarge(String)

  // MARK: Parser
  /// `expected <what>[ to close '<opener>' at line <line>], found <found>`; `found` nil is the end of file.
  case expected(String, opener: String? = nil, line: Int = 0, found: String?)
  case unmatchedCloseBrace
  case nestedTooDeeply(String, limit: Int)
  case expressionTooDeep(limit: Int)
  case chainedComparison
  case chainedRange
  case positionalAfterNamed

  // MARK: Checker: nets
  case inputNotFirst
  case duplicateInput
  case netWithoutInput(net: String)
  case netWithoutLayers(net: String)
  case needsSize(String)
  case layerSizeOutOfRange(found: String)
  case takesNoBlock(String)
  case duplicateActivation
  case flagNotConstant(String)
  case denseUnknownOption(String)
  case duplicateInitializer
  case denseUnknownFlag(String)
  case residualSpanOutOfRange(found: String)
  case residualUnknownArgument
  case residualNeedsBlock
  case nonLayerInResidual
  case stochasticDepthOutsideResidual
  case batchnormTakesNoArguments
  case needsProbability(String)
  case probabilityOutOfRange(found: String)
  case unknownNetLine(String)
  case needsValue(String)
  /// `'<name>' is one of: a, b[ or <kind>]`.
  case oneOf(String, [String], orKind: String? = nil)
  case cannotStandHere(String)
  case invalidNet(net: String, String)
  case inputFeatureMismatch(net: String, netFeatures: Int, dataFeatures: Int)

  // MARK: Checker: training
  case unknownNet(String)
  case notANet(String, kind: String)
  case stopNeedsCondition
  case everyNeedsInterval
  case unknownTrainSetting(String)
  case takesOneValue(String)
  case batchOutOfRange(found: String)
  case escapeWhat
  case epochsOutOfRange(found: String)

  // MARK: Checker: expressions and calls
  case stringJoin(found: String)
  case operatorNeedsNumbers(String, found: String)
  case noMember(String, of: String)
  case cannotBeIndexed(String)
  case indexArity(Int)
  case functionNotCalled(String)
  case unknownName(String)
  case onlyBuiltinsCallable
  case notAFunction(String, kind: String)
  case unknownFunction(String)
  /// A static memory estimate over the budget; the Engine's `MemoryBudget` words the message.
  case memoryBudget(String)
  case noParameter(String, function: String)
  case givenTwice(String)
  case tooManyArguments(function: String, count: Int)
  case needsAnArgument(function: String)
  case missingArgument(String, function: String)
  case stringOneOf(String, function: String, [String], found: String)
  case parameterKind(String, function: String, wanted: String, found: String)
  case parameterRange(String, function: String, range: String, found: String)
  case expectedNameFoundExpression(String)
  /// `unknown activation 'rleu'`: a registry category and the name that is not in it.
  case unknownEntry(String, category: String)

  // MARK: Checker: statements
  case unusedOverride(String)
  case splitArity(Int)
  case namesNeedList(Int, found: String)
  case sweepOverNonList(found: String)
  case plotUnknownOption(String)
  case kindMismatch(String, wanted: String, found: String)

  // MARK: Interpreter: expressions (runtime)
  case noValue(String)
  case rangeBounds(String, String)
  case rangeTooLong
  case needsBoolean(String)
  case cannotCompare(String, String)
  case comparesNumbers(String, found: String)
  case valueHasNoMember(String, member: String)
  case memberUnavailable(String, member: String, reason: String)
  case indexOutOfRange(String, count: Int)
  case needsMatrixForTwoIndices
  case cannotIndex(String, count: Int)
  case expectedKind(String, found: String?)
  case wholeNumber(String, range: String, found: String)
  case joinsStrings(found: String)
  case arithmeticNeeds(found: String)
  case listLengths(Int, Int)
  case matrixShapes(String, String)
  case arithmeticBetween(String, String)

  // MARK: Interpreter: statements, net files, arguments (runtime)
  case saveNetNeedsJSON
  case saveNeedsJSONOrCSV(String)
  case cannotSaveAsCSV(String)
  case nonFiniteWeights(net: String)
  case noSuchFile(String)
  case cannotLoadNet(String)
  case notANetFile(String, reason: String?)
  case netFileVersionBelowOne(String, version: Int)
  case netFileVersionTooNew(String, version: Int, reads: Int)
  case netFileNonFinite(String)
  case netFileUnknownLoss(String, loss: String)
  case netFileCount(String, found: Int, what: String, needs: Int)
  case seedNotWhole(String)
  case assertionNeedsBoolean
  case expectedDatasets(Int)
  case argumentIsWord(String, of: String, found: String)
  case argumentIsBoolean(String, of: String)
  case argumentOutOfRange(String, of: String, range: String, found: String)

  // MARK: Interpreter: plots and training (runtime)
  case plotNeedsSVG(String)
  case plotNeedsValue
  case unknownPlotKind(String)
  case histogramWithX
  case plotLengths(x: Int, series: String, count: Int)
  case plotBins
  case scatterNeeds2D(String, features: Int)
  case cannotPlot(String)
  case overNeedsAlgebra
  case cannotBuildNet(String, reason: String)
  case notANetHere(String)
  case autoRateNeedsCurvature(loss: String)
  case autoRateZeroCurvature(String)
  case trainingDiverged(String, epoch: Int, reason: String)
  case trainingFailed(String, reason: String)
  case binaryLabels(net: String, data: String, found: String)
  case classLabels(data: String, target: String, row: Int)
  case labelsBeyondOutputs(data: String, largest: Int, net: String, outputs: Int)
  case targetsPerPoint(net: String, outputs: Int, data: String, targets: Int)

  // MARK: Interpreter: built-ins (runtime)
  case recordWithout(String, member: String)
  case barycenterPlotNeeds2D(coordinates: Int)
  case ntkChangeNeedsNTK(found: String)
  case studentTeacherOutputs(student: String, outputs: Int, teacher: String, teacherOutputs: Int)
  case landscapeSteps(Int)
  case fewerParametersThanDirections(Int)
  case decisionBoundaryNeeds2D(String, features: Int)
  case plateausInput(found: String)
  case rateBoundNeedsCurvature(net: String, loss: String)
  case modelFeatures(fitted: Int, data: String, features: Int)
  case needsNetOrModel(String, found: String)
  case accuracyShapes(outputs: Int, targets: Int)
  case raggedPoints(String)
  case needsPointCloud(String, found: String)
  case weightCount(String, count: Int, found: Int)
  case weightsPositive
  case domainOrder
  case unknownActivation(String)
  case rateNeedsErrors
  case kernelNTKNeedsNet
  case randomFeaturesMemory(features: Int, points: Int, need: String, limit: String)
  case noSweepTable
  case sinkhornWeights
  case barycenterInput
  case erfScale(String)
  case momentumRange(String)
  case argumentOneOf(String, of: String, words: [String], found: String)
  case emptyReduction(String)
  case inputFeatures(net: String, want: Int, input: Int, algebra: String, dimension: Int, data: String, features: Int)
  case notAClassLabel(data: String, target: String, row: Int)

  // MARK: Interpreter: data, sweeps, shards; messages of other layers passed on (runtime)
  // `failed`/`failedIn` carry a message the Engine, the file system or a library worded; `assertionFailed`
  // is the script's own; `internalError` is a bug in NNS (kind internal, exit 3).
  case lenInput(found: String)
  case generatedInputsCount(String)
  case teacherInputs(String, features: Int, inputs: String)
  case featureNames
  case featureColumnNames
  case csvNoColumn(String, file: String)
  case subsampleTooMany(points: Int, data: String, found: Int)
  case sweepNeedsList
  case sweepTooLarge(Int)
  case notShardable(net: String)
  case shardResultMissing(Int, tag: String, directory: String)
  case cannotWrite(String, reason: String)
  case cannotWriteShardResult(Int, tag: String, reason: String)
  case transformInput
  case assertionFailed(String)
  case failedIn(String, reason: String)
  case failed(String)
  case internalError(String)
  case notConstant

  // MARK: Session: script files, REPL commands, protocol requests
  case noSuchScript(String)
  case scriptIsDirectory(String)
  case scriptUnreadable(String, reason: String)
  case scriptTooLarge(String, mebibytes: Int)
  case scriptNotRegular(String, mebibytes: Int)
  case binaryInput(byte: String, offset: Int)
  /// `hint` ends the message: "; did you mean ':x'?" or where to look.
  case unknownCommand(String, hint: String)
  case noHelp(String, hint: String)
  case commandUsage(String)
  case noDefinition(String, hint: String)
  case quitInProtocol
  case requestNotJSON(reason: String)
  case requestWithoutType(types: [String])
  case unknownRequestType(String, hint: String)
  /// `an execute request needs "code": a string`.
  case requestNeeds(String, what: String)
}

/// The stable id of a catalogue entry: phase letter (L lexer, P parser, C checker, R interpreter) and a number.
/// NEVER renumber or reuse an id: scripts, notebooks and tools may key on them. A retired diagnostic keeps
/// its id out of use; a new one takes the next free number of its phase.
public enum DiagnosticID: String, CaseIterable, Sendable {
  case L001, L002, L003, L004, L005, L006
  case P001, P002, P003, P004, P005, P006, P007
  case C001, C002, C003, C004, C005, C006, C007, C008, C009, C010
  case C011, C012, C013, C014, C015, C016, C017, C018, C019, C020
  case C021, C022, C023, C024, C025, C026, C027, C028, C029, C030
  case C031, C032, C033, C034, C035, C036, C037, C038, C039, C040
  case C041, C042, C043, C044, C045, C046, C047, C048, C049, C050
  case C051, C052, C053, C054, C055, C056, C057, C058, C059, C060
  case C061, C062
  case R001, R002, R003, R004, R005, R006, R007, R008, R009, R010, R011, R012, R013, R014, R015, R016, R017, R018
  case R019, R020, R021, R022, R023, R024, R025, R026, R027, R028, R029, R030, R031, R032, R033, R034, R035, R036
  case R037, R038, R039, R040, R041, R042, R043, R044, R045, R046, R047, R048, R049, R050, R051, R052, R053, R054, R055
  case R056, R057, R058, R059, R060, R061, R062, R063, R064, R065
  case R066, R067, R068, R069, R070, R071, R072, R073, R074, R075
  case R076, R077, R078, R079, R080, R081, R082, R083, R084, R085
  case R086, R087, R088, R089, R090, R091, R092, R093, R094, R095
  case R096, R097, R098, R099, R100, R101, R102, R103, R104
  case S001, S002, S003, S004, S005, S006, S007, S008, S009, S010, S011, S012, S013, S014, S015

  /// The phase that reports it, as docs/diagnostics.md heads its sections.
  public var phase: String {
    switch rawValue.first {
    case "L": "lexer"
    case "P": "parser"
    case "R": "interpreter"
    case "S": "session"
    default: "checker"
    }
  }

  /// The entry with placeholders (`‹name›`) for its values: what docs/diagnostics.md shows.
  public var template: Catalogue {
    let (s, t, u) = ("‹name›", "‹kind›", "‹value›")
    return switch self {
    case .L001: .unexpectedCharacters("‹text›", count: 1)
    case .L002: .unterminatedString
    case .L003: .unknownEscape("‹c›")
    case .L004: .singleQuotedString
    case .L005: .invalidNumber("‹literal›")
    case .L006: .numberTooLarge("‹literal›")
    case .P001: .expected("‹what›", found: "‹token›")
    case .P002: .unmatchedCloseBrace
    case .P003: .nestedTooDeeply("‹what›", limit: 100)
    case .P004: .expressionTooDeep(limit: 256)
    case .P005: .chainedComparison
    case .P006: .chainedRange
    case .P007: .positionalAfterNamed
    case .C001: .inputNotFirst
    case .C002: .duplicateInput
    case .C003: .netWithoutInput(net: s)
    case .C004: .netWithoutLayers(net: s)
    case .C005: .needsSize(s)
    case .C006: .layerSizeOutOfRange(found: u)
    case .C007: .takesNoBlock(s)
    case .C008: .duplicateActivation
    case .C009: .flagNotConstant(s)
    case .C010: .denseUnknownOption(s)
    case .C011: .duplicateInitializer
    case .C012: .denseUnknownFlag(s)
    case .C013: .residualSpanOutOfRange(found: u)
    case .C014: .residualUnknownArgument
    case .C015: .residualNeedsBlock
    case .C016: .nonLayerInResidual
    case .C017: .stochasticDepthOutsideResidual
    case .C018: .batchnormTakesNoArguments
    case .C019: .needsProbability(s)
    case .C020: .probabilityOutOfRange(found: u)
    case .C021: .unknownNetLine(s)
    case .C022: .needsValue(s)
    case .C023: .oneOf(s, ["‹words›"])
    case .C024: .cannotStandHere(s)
    case .C025: .invalidNet(net: s, "‹reason›")
    case .C026: .inputFeatureMismatch(net: s, netFeatures: 2, dataFeatures: 3)
    case .C027: .unknownNet(s)
    case .C028: .notANet(s, kind: t)
    case .C029: .stopNeedsCondition
    case .C030: .everyNeedsInterval
    case .C031: .unknownTrainSetting(s)
    case .C032: .takesOneValue(s)
    case .C033: .batchOutOfRange(found: u)
    case .C034: .escapeWhat
    case .C035: .epochsOutOfRange(found: u)
    case .C036: .stringJoin(found: t)
    case .C037: .operatorNeedsNumbers("‹op›", found: t)
    case .C038: .noMember(s, of: t)
    case .C039: .cannotBeIndexed(t)
    case .C040: .indexArity(3)
    case .C041: .functionNotCalled(s)
    case .C042: .unknownName(s)
    case .C043: .onlyBuiltinsCallable
    case .C044: .notAFunction(s, kind: t)
    case .C045: .unknownFunction(s)
    case .C046: .memoryBudget("‹estimate over the budget›")
    case .C047: .noParameter(s, function: "‹function›")
    case .C048: .givenTwice(s)
    case .C049: .tooManyArguments(function: "‹function›", count: 2)
    case .C050: .needsAnArgument(function: "‹function›")
    case .C051: .missingArgument(s, function: "‹function›")
    case .C052: .stringOneOf(s, function: "‹function›", ["‹words›"], found: u)
    case .C053: .parameterKind(s, function: "‹function›", wanted: t, found: t)
    case .C054: .parameterRange(s, function: "‹function›", range: "‹range›", found: u)
    case .C055: .expectedNameFoundExpression("‹category›")
    case .C056: .unknownEntry(s, category: "‹category›")
    case .C057: .unusedOverride(s)
    case .C058: .splitArity(3)
    case .C059: .namesNeedList(3, found: t)
    case .C060: .sweepOverNonList(found: t)
    case .C061: .plotUnknownOption(s)
    case .C062: .kindMismatch("‹what›", wanted: t, found: t)
    case .R001: .noValue(s)
    case .R002: .rangeBounds(u, u)
    case .R003: .rangeTooLong
    case .R004: .needsBoolean("‹operator›")
    case .R005: .cannotCompare(t, t)
    case .R006: .comparesNumbers("‹operator›", found: t)
    case .R007: .valueHasNoMember(t, member: s)
    case .R008: .memberUnavailable(t, member: s, reason: "‹reason›")
    case .R009: .indexOutOfRange(u, count: 0)
    case .R010: .needsMatrixForTwoIndices
    case .R011: .cannotIndex(t, count: 1)
    case .R012: .expectedKind("‹what›", found: t)
    case .R013: .wholeNumber(s, range: "‹range›", found: u)
    case .R014: .joinsStrings(found: t)
    case .R015: .arithmeticNeeds(found: t)
    case .R016: .listLengths(0, 0)
    case .R017: .matrixShapes("‹r×c›", "‹r×c›")
    case .R018: .arithmeticBetween(t, t)
    case .R019: .saveNetNeedsJSON
    case .R020: .saveNeedsJSONOrCSV("‹path›")
    case .R021: .cannotSaveAsCSV(t)
    case .R022: .nonFiniteWeights(net: s)
    case .R023: .noSuchFile("‹path›")
    case .R024: .cannotLoadNet("‹reason›")
    case .R025: .notANetFile("‹path›", reason: nil)
    case .R026: .netFileVersionBelowOne("‹path›", version: 0)
    case .R027: .netFileVersionTooNew("‹path›", version: 2, reads: 1)
    case .R028: .netFileNonFinite("‹path›")
    case .R029: .netFileUnknownLoss("‹path›", loss: s)
    case .R030: .netFileCount("‹path›", found: 0, what: "parameters", needs: 0)
    case .R031: .seedNotWhole(u)
    case .R032: .assertionNeedsBoolean
    case .R033: .expectedDatasets(2)
    case .R034: .argumentIsWord(s, of: "‹function›", found: t)
    case .R035: .argumentIsBoolean(s, of: "‹function›")
    case .R036: .argumentOutOfRange(s, of: "‹function›", range: "‹range›", found: u)
    case .R037: .plotNeedsSVG("‹path›")
    case .R038: .plotNeedsValue
    case .R039: .unknownPlotKind(s)
    case .R040: .histogramWithX
    case .R041: .plotLengths(x: 2, series: s, count: 3)
    case .R042: .plotBins
    case .R043: .scatterNeeds2D(s, features: 3)
    case .R044: .cannotPlot(t)
    case .R045: .overNeedsAlgebra
    case .R046: .cannotBuildNet(s, reason: "‹reason›")
    case .R047: .notANetHere(s)
    case .R048: .autoRateNeedsCurvature(loss: s)
    case .R049: .autoRateZeroCurvature(u)
    case .R050: .trainingDiverged(s, epoch: 1, reason: "‹reason›")
    case .R051: .trainingFailed(s, reason: "‹reason›")
    case .R052: .binaryLabels(net: s, data: s, found: u)
    case .R053: .classLabels(data: s, target: u, row: 1)
    case .R054: .labelsBeyondOutputs(data: s, largest: 2, net: s, outputs: 2)
    case .R055: .targetsPerPoint(net: s, outputs: 1, data: s, targets: 2)
    case .R056: .recordWithout(t, member: s)
    case .R057: .barycenterPlotNeeds2D(coordinates: 3)
    case .R058: .ntkChangeNeedsNTK(found: t)
    case .R059: .studentTeacherOutputs(student: s, outputs: 2, teacher: s, teacherOutputs: 1)
    case .R060: .landscapeSteps(2000)
    case .R061: .fewerParametersThanDirections(2)
    case .R062: .decisionBoundaryNeeds2D(s, features: 3)
    case .R063: .plateausInput(found: t)
    case .R064: .rateBoundNeedsCurvature(net: s, loss: s)
    case .R065: .modelFeatures(fitted: 2, data: s, features: 3)
    case .R066: .needsNetOrModel("‹function›", found: t)
    case .R067: .accuracyShapes(outputs: 2, targets: 1)
    case .R068: .raggedPoints("‹function›")
    case .R069: .needsPointCloud("‹function›", found: t)
    case .R070: .weightCount("‹points›", count: 3, found: 2)
    case .R071: .weightsPositive
    case .R072: .domainOrder
    case .R073: .unknownActivation(s)
    case .R074: .rateNeedsErrors
    case .R075: .kernelNTKNeedsNet
    case .R076: .randomFeaturesMemory(features: 1, points: 1, need: "‹bytes›", limit: "‹bytes›")
    case .R077: .noSweepTable
    case .R078: .sinkhornWeights
    case .R079: .barycenterInput
    case .R080: .erfScale(u)
    case .R081: .momentumRange(u)
    case .R082: .argumentOneOf(s, of: "‹function›", words: ["‹word›"], found: "‹word›")
    case .R083: .emptyReduction("‹function›")
    case .R084: .inputFeatures(net: s, want: 4, input: 2, algebra: s, dimension: 2, data: s, features: 3)
    case .R085: .notAClassLabel(data: s, target: u, row: 1)
    case .R086: .lenInput(found: t)
    case .R087: .generatedInputsCount(s)
    case .R088: .teacherInputs(s, features: 2, inputs: s)
    case .R089: .featureNames
    case .R090: .featureColumnNames
    case .R091: .csvNoColumn(s, file: "‹path›")
    case .R092: .subsampleTooMany(points: 10, data: s, found: 20)
    case .R093: .sweepNeedsList
    case .R094: .sweepTooLarge(200000)
    case .R095: .notShardable(net: s)
    case .R096: .shardResultMissing(1, tag: "‹tag›", directory: "‹path›")
    case .R097: .cannotWrite("‹path›", reason: "‹reason›")
    case .R098: .cannotWriteShardResult(1, tag: "‹tag›", reason: "‹reason›")
    case .R099: .transformInput
    case .R100: .assertionFailed("‹message›")
    case .R101: .failedIn("‹where›", reason: "‹reason›")
    case .R102: .failed("‹reason›")
    case .R103: .internalError("‹what›")
    case .R104: .notConstant
    case .S001: .noSuchScript("‹path›")
    case .S002: .scriptIsDirectory("‹path›")
    case .S003: .scriptUnreadable("‹path›", reason: "‹reason›")
    case .S004: .scriptTooLarge("‹path›", mebibytes: 16)
    case .S005: .scriptNotRegular("‹path›", mebibytes: 16)
    case .S006: .binaryInput(byte: "‹hex›", offset: 0)
    case .S007: .unknownCommand("‹name›", hint: "; ‹hint›")
    case .S008: .noHelp("‹word›", hint: "; ‹hint›")
    case .S009: .commandUsage(":‹command› ‹argument›")
    case .S010: .noDefinition("‹name›", hint: "")
    case .S011: .quitInProtocol
    case .S012: .requestNotJSON(reason: "‹reason›")
    case .S013: .requestWithoutType(types: ["‹type›"])
    case .S014: .unknownRequestType("‹type›", hint: "")
    case .S015: .requestNeeds("‹type›", what: "‹field›")
    }
  }
}

extension Catalogue {
  /// Every static diagnostic is an error for now; a warning gets its case listed here.
  public var severity: Diagnostic.Severity { .error }

  /// A mistake in the script (lexer, parser, checker) or a failure while running it (interpreter).
  public var kind: Diagnostic.Kind {
    if case .internalError = self { return .internal }
    return id.rawValue.hasPrefix("R") ? .runtime : .user
  }

  public var id: DiagnosticID {
    switch self {
    case .unexpectedCharacters: .L001
    case .unterminatedString: .L002
    case .unknownEscape: .L003
    case .singleQuotedString: .L004
    case .invalidNumber: .L005
    case .numberTooLarge: .L006
    case .expected: .P001
    case .unmatchedCloseBrace: .P002
    case .nestedTooDeeply: .P003
    case .expressionTooDeep: .P004
    case .chainedComparison: .P005
    case .chainedRange: .P006
    case .positionalAfterNamed: .P007
    case .inputNotFirst: .C001
    case .duplicateInput: .C002
    case .netWithoutInput: .C003
    case .netWithoutLayers: .C004
    case .needsSize: .C005
    case .layerSizeOutOfRange: .C006
    case .takesNoBlock: .C007
    case .duplicateActivation: .C008
    case .flagNotConstant: .C009
    case .denseUnknownOption: .C010
    case .duplicateInitializer: .C011
    case .denseUnknownFlag: .C012
    case .residualSpanOutOfRange: .C013
    case .residualUnknownArgument: .C014
    case .residualNeedsBlock: .C015
    case .nonLayerInResidual: .C016
    case .stochasticDepthOutsideResidual: .C017
    case .batchnormTakesNoArguments: .C018
    case .needsProbability: .C019
    case .probabilityOutOfRange: .C020
    case .unknownNetLine: .C021
    case .needsValue: .C022
    case .oneOf: .C023
    case .cannotStandHere: .C024
    case .invalidNet: .C025
    case .inputFeatureMismatch: .C026
    case .unknownNet: .C027
    case .notANet: .C028
    case .stopNeedsCondition: .C029
    case .everyNeedsInterval: .C030
    case .unknownTrainSetting: .C031
    case .takesOneValue: .C032
    case .batchOutOfRange: .C033
    case .escapeWhat: .C034
    case .epochsOutOfRange: .C035
    case .stringJoin: .C036
    case .operatorNeedsNumbers: .C037
    case .noMember: .C038
    case .cannotBeIndexed: .C039
    case .indexArity: .C040
    case .functionNotCalled: .C041
    case .unknownName: .C042
    case .onlyBuiltinsCallable: .C043
    case .notAFunction: .C044
    case .unknownFunction: .C045
    case .memoryBudget: .C046
    case .noParameter: .C047
    case .givenTwice: .C048
    case .tooManyArguments: .C049
    case .needsAnArgument: .C050
    case .missingArgument: .C051
    case .stringOneOf: .C052
    case .parameterKind: .C053
    case .parameterRange: .C054
    case .expectedNameFoundExpression: .C055
    case .unknownEntry: .C056
    case .unusedOverride: .C057
    case .splitArity: .C058
    case .namesNeedList: .C059
    case .sweepOverNonList: .C060
    case .plotUnknownOption: .C061
    case .kindMismatch: .C062
    case .noValue: .R001
    case .rangeBounds: .R002
    case .rangeTooLong: .R003
    case .needsBoolean: .R004
    case .cannotCompare: .R005
    case .comparesNumbers: .R006
    case .valueHasNoMember: .R007
    case .memberUnavailable: .R008
    case .indexOutOfRange: .R009
    case .needsMatrixForTwoIndices: .R010
    case .cannotIndex: .R011
    case .expectedKind: .R012
    case .wholeNumber: .R013
    case .joinsStrings: .R014
    case .arithmeticNeeds: .R015
    case .listLengths: .R016
    case .matrixShapes: .R017
    case .arithmeticBetween: .R018
    case .saveNetNeedsJSON: .R019
    case .saveNeedsJSONOrCSV: .R020
    case .cannotSaveAsCSV: .R021
    case .nonFiniteWeights: .R022
    case .noSuchFile: .R023
    case .cannotLoadNet: .R024
    case .notANetFile: .R025
    case .netFileVersionBelowOne: .R026
    case .netFileVersionTooNew: .R027
    case .netFileNonFinite: .R028
    case .netFileUnknownLoss: .R029
    case .netFileCount: .R030
    case .seedNotWhole: .R031
    case .assertionNeedsBoolean: .R032
    case .expectedDatasets: .R033
    case .argumentIsWord: .R034
    case .argumentIsBoolean: .R035
    case .argumentOutOfRange: .R036
    case .plotNeedsSVG: .R037
    case .plotNeedsValue: .R038
    case .unknownPlotKind: .R039
    case .histogramWithX: .R040
    case .plotLengths: .R041
    case .plotBins: .R042
    case .scatterNeeds2D: .R043
    case .cannotPlot: .R044
    case .overNeedsAlgebra: .R045
    case .cannotBuildNet: .R046
    case .notANetHere: .R047
    case .autoRateNeedsCurvature: .R048
    case .autoRateZeroCurvature: .R049
    case .trainingDiverged: .R050
    case .trainingFailed: .R051
    case .binaryLabels: .R052
    case .classLabels: .R053
    case .labelsBeyondOutputs: .R054
    case .targetsPerPoint: .R055
    case .recordWithout: .R056
    case .barycenterPlotNeeds2D: .R057
    case .ntkChangeNeedsNTK: .R058
    case .studentTeacherOutputs: .R059
    case .landscapeSteps: .R060
    case .fewerParametersThanDirections: .R061
    case .decisionBoundaryNeeds2D: .R062
    case .plateausInput: .R063
    case .rateBoundNeedsCurvature: .R064
    case .modelFeatures: .R065
    case .needsNetOrModel: .R066
    case .accuracyShapes: .R067
    case .raggedPoints: .R068
    case .needsPointCloud: .R069
    case .weightCount: .R070
    case .weightsPositive: .R071
    case .domainOrder: .R072
    case .unknownActivation: .R073
    case .rateNeedsErrors: .R074
    case .kernelNTKNeedsNet: .R075
    case .randomFeaturesMemory: .R076
    case .noSweepTable: .R077
    case .sinkhornWeights: .R078
    case .barycenterInput: .R079
    case .erfScale: .R080
    case .momentumRange: .R081
    case .argumentOneOf: .R082
    case .emptyReduction: .R083
    case .inputFeatures: .R084
    case .notAClassLabel: .R085
    case .lenInput: .R086
    case .generatedInputsCount: .R087
    case .teacherInputs: .R088
    case .featureNames: .R089
    case .featureColumnNames: .R090
    case .csvNoColumn: .R091
    case .subsampleTooMany: .R092
    case .sweepNeedsList: .R093
    case .sweepTooLarge: .R094
    case .notShardable: .R095
    case .shardResultMissing: .R096
    case .cannotWrite: .R097
    case .cannotWriteShardResult: .R098
    case .transformInput: .R099
    case .assertionFailed: .R100
    case .failedIn: .R101
    case .failed: .R102
    case .internalError: .R103
    case .notConstant: .R104
    case .noSuchScript: .S001
    case .scriptIsDirectory: .S002
    case .scriptUnreadable: .S003
    case .scriptTooLarge: .S004
    case .scriptNotRegular: .S005
    case .binaryInput: .S006
    case .unknownCommand: .S007
    case .noHelp: .S008
    case .commandUsage: .S009
    case .noDefinition: .S010
    case .quitInProtocol: .S011
    case .requestNotJSON: .S012
    case .requestWithoutType: .S013
    case .unknownRequestType: .S014
    case .requestNeeds: .S015
    }
  }

  /// The message: lower-case, no trailing period, naming what was found.
  public var message: String {
    switch self {
    case .unexpectedCharacters(let text, let count): "unexpected \(count == 1 ? "character" : "characters") '\(text)'"
    case .unterminatedString: "unterminated string"
    case .unknownEscape(let c): "unknown escape sequence '\\\(c)'"
    case .singleQuotedString: "strings are written in double quotes"
    case .invalidNumber(let literal): "invalid number '\(literal)'"
    case .numberTooLarge(let literal): "number '\(literal)' is too large"
    case .expected(let what, let opener, let line, let found):
      "expected \(what)" + (opener.map { " to close '\($0)' at line \(line)" } ?? "")
        + (found.map { ", found \($0)" } ?? (opener == nil ? " at end of file" : ", found end of file"))
    case .unmatchedCloseBrace: "unexpected '}' with no '{' to close"
    case .nestedTooDeeply(let what, let limit): "\(what) nested too deeply (more than \(limit) levels)"
    case .expressionTooDeep(let limit): "expression too deep (more than \(limit) levels of operators and brackets)"
    case .chainedComparison: "comparison operators cannot be chained"
    case .chainedRange: "ranges cannot be chained"
    case .positionalAfterNamed: "positional argument after named argument"
    case .inputNotFirst: "'input' must be the first line of a net"
    case .duplicateInput: "a net has one 'input' line"
    case .netWithoutInput(let net): "net '\(net)' has no 'input' line"
    case .netWithoutLayers(let net): "net '\(net)' has no layers"
    case .needsSize(let what): "'\(what)' needs a size"
    case .layerSizeOutOfRange(let found): "a layer size must be a whole number from 1 to 10000000, found \(found)"
    case .takesNoBlock(let line): "'\(line)' takes no block"
    case .duplicateActivation: "a dense line takes one activation"
    case .flagNotConstant(let flag): "'\(flag)' is true or false, written as a constant"
    case .denseUnknownOption(let label): "dense has no option '\(label)'"
    case .duplicateInitializer: "a dense line takes one 'init:'"
    case .denseUnknownFlag(let flag): "dense has no flag '\(flag)'"
    case .residualSpanOutOfRange(let found): "a residual block skips 1 or 2 layers (span: 1 or span: 2), found \(found)"
    case .residualUnknownArgument: "residual takes 'span:' (1 or 2) and 'drop:'"
    case .residualNeedsBlock: "'residual' needs a block of layers"
    case .nonLayerInResidual: "only layers may stand inside a residual block"
    case .stochasticDepthOutsideResidual: "stochastic_depth belongs inside a residual block"
    case .batchnormTakesNoArguments: "batchnorm takes no arguments"
    case .needsProbability(let line): "'\(line)' needs a probability"
    case .probabilityOutOfRange(let found): "a probability must be in [0, 1), found \(found)"
    case .unknownNetLine(let line): "unknown net line '\(line)'"
    case .needsValue(let line): "'\(line)' needs a value"
    case .oneOf(let name, let words, let kind):
      "'\(name)' is one of: \(words.joined(separator: ", "))" + (kind.map { " or \($0)" } ?? "")
    case .cannotStandHere(let line): "'\(line)' cannot stand here"
    case .invalidNet(let net, let reason): "net '\(net)': \(reason)"
    case .inputFeatureMismatch(let net, let netFeatures, let dataFeatures):
      "net '\(net)' takes \(netFeatures) real input features but the data has \(dataFeatures)"
    case .unknownNet(let net): "unknown net '\(net)'"
    case .notANet(let name, let kind): "'\(name)' is \(kind), not a net"
    case .stopNeedsCondition: "'stop' needs a condition"
    case .everyNeedsInterval: "'every' needs an interval, a colon and probes"
    case .unknownTrainSetting(let line): "unknown train setting '\(line)'"
    case .takesOneValue(let line): "'\(line)' takes one value"
    case .batchOutOfRange(let found): "batch must be a whole number from 1 to 100000000 or 'full', found \(found)"
    case .escapeWhat: "escape what? write escape singularities(tol: 1e-3)"
    case .epochsOutOfRange(let found): "epochs must be a whole number from 0 to 1000000000, found \(found)"
    case .stringJoin(let found): "'+' joins a string with strings or numbers; found \(found)"
    case .operatorNeedsNumbers(let op, let found): "'\(op)' needs numbers, lists or matrices; found \(found)"
    case .noMember(let member, let owner): "\(owner) has no member '\(member)'"
    case .cannotBeIndexed(let kind): "\(kind) cannot be indexed"
    case .indexArity(let count): "an index takes one or two numbers, found \(count)"
    case .functionNotCalled(let name): "'\(name)' is a function; call it: \(name)(…)"
    case .unknownName(let name): "unknown name '\(name)'"
    case .onlyBuiltinsCallable: "only built-in functions can be called"
    case .notAFunction(let name, let kind): "'\(name)' is \(kind), not a function"
    case .unknownFunction(let name): "unknown function '\(name)'"
    case .memoryBudget(let estimate): estimate
    case .noParameter(let p, let function): "\(function) has no parameter '\(p)'"
    case .givenTwice(let p): "'\(p)' is given twice"
    case .tooManyArguments(let function, let count):
      "\(function) takes \(count) argument\(count == 1 ? "" : "s"), found more"
    case .needsAnArgument(let function): "\(function) needs at least one argument"
    case .missingArgument(let p, let function): "\(function) is missing its argument '\(p)'"
    case .stringOneOf(let p, let function, let words, let found):
      "'\(p)' of \(function) is one of: \(words.map { "\"\($0)\"" }.joined(separator: ", ")); found \"\(found)\""
    case .parameterKind(let p, let function, let wanted, let found):
      "'\(p)' of \(function) needs \(wanted), found \(found)"
    case .parameterRange(let p, let function, let range, let found):
      "'\(p)' of \(function) must be \(range), found \(found)"
    case .expectedNameFoundExpression(let category): "expected \(category) name, found an expression"
    case .unknownEntry(let name, let category): "unknown \(category) '\(name)'"
    case .unusedOverride(let name): "--set \(name)=…: the script has no 'let \(name)'"
    case .splitArity(let count): "split gives 2 datasets (train, test), but \(count) names are given"
    case .namesNeedList(let count, let found):
      "\(count) names need a list of datasets, such as split(d, 0.8); found \(found)"
    case .sweepOverNonList(let found): "a sweep variable ranges over a list or a range; found \(found)"
    case .plotUnknownOption(let label): "plot has no option '\(label)'"
    case .kindMismatch(let what, let wanted, let found): "\(what) needs \(wanted), found \(found)"
    case .noValue(let name): "'\(name)' has no value here"
    case .rangeBounds(let lo, let hi):
      "a range needs whole-number bounds below 1e9 in magnitude, found \(lo)..\(hi)"
    case .rangeTooLong: "a range of more than 10000000 values"
    case .needsBoolean(let op): "'\(op)' needs true or false"
    case .cannotCompare(let a, let b): "cannot compare \(a) with \(b)"
    case .comparesNumbers(let op, let found): "'\(op)' compares numbers, found \(found)"
    case .valueHasNoMember(let what, let member): "\(what) has no member '\(member)'"
    case .memberUnavailable(let what, let member, let reason): "\(what) has no member '\(member)' here: \(reason)"
    case .indexOutOfRange(let i, let n): "index \(i) is out of range 0..<\(n)"
    case .needsMatrixForTwoIndices: "x[i, j] needs a list of lists or a matrix"
    case .cannotIndex(let kind, let n): "\(kind) cannot be indexed with \(n) number\(n == 1 ? "" : "s")"
    case .expectedKind(let what, let found): "expected \(what)" + (found.map { ", found \($0)" } ?? "")
    case .wholeNumber(let what, let range, let found): "\(what) must be a whole number \(range), found \(found)"
    case .joinsStrings(let found): "'+' joins a string with strings or numbers, found \(found)"
    case .arithmeticNeeds(let found): "arithmetic needs numbers, lists or matrices, found \(found)"
    case .listLengths(let a, let b): "lists of different lengths: \(a) and \(b)"
    case .matrixShapes(let a, let b): "matrices of different shapes: \(a) and \(b)"
    case .arithmeticBetween(let a, let b): "arithmetic between \(a) and \(b)"
    case .saveNetNeedsJSON: "a net is saved as JSON: use a file name ending in .json"
    case .saveNeedsJSONOrCSV(let path): "save writes .json or .csv files, found '\(path)'"
    case .cannotSaveAsCSV(let kind): "\(kind) cannot be saved as CSV"
    case .nonFiniteWeights(let net): "net '\(net)' has NaN or infinite weights and cannot be saved"
    case .noSuchFile(let path): "cannot read '\(path)': no such file"
    case .cannotLoadNet(let reason): "cannot load a net: \(reason)"
    case .notANetFile(let path, let reason): "'\(path)' is not an NNS net file" + (reason.map { ": \($0)" } ?? "")
    case .netFileVersionBelowOne(let path, let v): "'\(path)': field 'version' is \(v); net files start at version 1"
    case .netFileVersionTooNew(let path, let v, let reads):
      "'\(path)' is a version \(v) net file; this nns reads version \(reads)"
    case .netFileNonFinite(let path): "'\(path)': field 'parameters' holds a value that is not a finite number"
    case .netFileUnknownLoss(let path, let loss): "'\(path)': field 'loss' is '\(loss)', which is no loss NNS knows"
    case .netFileCount(let path, let found, let what, let needs):
      "'\(path)' holds \(found) \(what) but its net needs \(needs)"
    case .seedNotWhole(let x): "a seed must be a whole number ≥ 0, found \(x)"
    case .assertionNeedsBoolean: "an assertion needs a true/false condition"
    case .expectedDatasets(let n): "expected \(n) datasets"
    case .argumentIsWord(let name, let function, let found): "'\(name)' of \(function) is a word, found \(found)"
    case .argumentIsBoolean(let name, let function): "'\(name)' of \(function) is true or false"
    case .argumentOutOfRange(let name, let function, let range, let found):
      "'\(name)' of \(function) must be \(range), found \(found)"
    case .plotNeedsSVG(let path): "plot writes SVG files: use a name ending in .svg, found '\(path)'"
    case .plotNeedsValue: "plot needs a value to draw"
    case .unknownPlotKind(let k): "unknown plot kind '\(k)'"
    case .histogramWithX: "a histogram has no x values: drop x: or choose another kind"
    case .plotLengths(let x, let series, let n): "x: has \(x) value\(x == 1 ? "" : "s") but '\(series)' has \(n)"
    case .plotBins: "bins must be a whole number from 1 to 10000"
    case .scatterNeeds2D(let d, let f): "a scatter plot needs 2-D data; '\(d)' has \(f) features"
    case .cannotPlot(let kind): "cannot plot \(kind)"
    case .overNeedsAlgebra: "'over' needs an algebra"
    case .cannotBuildNet(let net, let reason): "cannot build net '\(net)': \(reason)"
    case .notANetHere(let name): "'\(name)' is not a net here"
    case .autoRateNeedsCurvature(let loss): "lr: auto needs a loss with curvature; \(loss) is piecewise linear"
    case .autoRateZeroCurvature(let top): "lr: auto needs a nonzero loss curvature; λmax = \(top)"
    case .trainingDiverged(let net, let epoch, let reason): "training of '\(net)' diverged at epoch \(epoch): \(reason)"
    case .trainingFailed(let net, let reason): "training of '\(net)' failed: \(reason)"
    case .binaryLabels(let net, let data, let found):
      "cross_entropy on net '\(net)' with one output is binary: data '\(data)' needs labels 0/1, found \(found)"
    case .classLabels(let data, let target, let row):
      "cross_entropy needs class labels (whole numbers from 0), but data '\(data)' has target \(target) in row \(row)"
    case .labelsBeyondOutputs(let data, let largest, let net, let outputs):
      "data '\(data)' has class labels up to \(largest) but net '\(net)' has \(outputs) outputs"
    case .targetsPerPoint(let net, let outputs, let data, let targets):
      "net '\(net)' has \(outputs) outputs but data '\(data)' has \(targets) targets per point"
    case .recordWithout(let kind, let member): "\(kind) record without \(member)"
    case .barycenterPlotNeeds2D(let n): "a barycenter plots as a scatter of 2-D points; these have \(n) coordinates"
    case .ntkChangeNeedsNTK(let found): "ntk_change needs ntk(…) records, found \(found)"
    case .studentTeacherOutputs(let student, let n, let teacher, let m):
      "scm_theory: student '\(student)' has \(n) output\(n == 1 ? "" : "s") but teacher '\(teacher)' has \(m)"
    case .landscapeSteps(let steps): "'steps' of landscape must be at most 1000 for dims: 2, found \(steps)"
    case .fewerParametersThanDirections(let dims): "the net has fewer than \(dims) parameters for Hessian directions"
    case .decisionBoundaryNeeds2D(let d, let f): "decision_boundary needs 2-D data; '\(d)' has \(f) features"
    case .plateausInput(let found):
      "plateaus needs a net, a list of losses, a history(…) or an scm_theory(…) record, found \(found)"
    case .rateBoundNeedsCurvature(let net, let loss):
      "lr_bound needs a loss with curvature; net '\(net)' is trained with \(loss), which is piecewise linear"
    case .modelFeatures(let fitted, let data, let f):
      "the model was fitted on \(fitted) input features but data '\(data)' has \(f)"
    case .needsNetOrModel(let function, let found): "\(function) needs a net or a fitted model, found \(found)"
    case .accuracyShapes(let outputs, let targets):
      "accuracy compares \(outputs) outputs with \(targets) targets per point"
    case .raggedPoints(let what): "\(what) needs points with the same number of coordinates"
    case .needsPointCloud(let what, let found): "\(what) needs a dataset, a matrix or a list of points, found \(found)"
    case .weightCount(let what, let count, let found): "\(what) needs \(count) weights, found \(found)"
    case .weightsPositive: "weights must be positive and finite"
    case .domainOrder: "domain is [lo, hi] with lo < hi"
    case .unknownActivation(let word): "unknown activation '\(word)'"
    case .rateNeedsErrors: "rate needs the errors"
    case .kernelNTKNeedsNet: "kernel: ntk needs the net whose kernel it is"
    case .randomFeaturesMemory(let m, let n, let need, let limit):
      "\(m) random features on \(n) points need about \(need) (limit \(limit))"
    case .noSweepTable: "no sweep has printed a table yet"
    case .sinkhornWeights: "weights is a list of two weight lists: [weights of x, weights of y]"
    case .barycenterInput: "barycenter needs a list of datasets or point matrices"
    case .erfScale(let s): "the scale s of erf(s) must be a finite nonzero number, found \(s)"
    case .momentumRange(let m): "momentum must be in [0, 1), found \(m)"
    case .argumentOneOf(let name, let function, let words, let found):
      "'\(name)' of \(function) is one of: \(words.joined(separator: ", ")); found \"\(found)\""
    case .emptyReduction(let name): "\(name) of an empty list"
    case .inputFeatures(let net, let want, let input, let algebra, let dim, let data, let f):
      "net '\(net)' takes \(want) real input features (input \(input) × \(algebra) dimension \(dim)) but data '\(data)' has \(f)"
    case .notAClassLabel(let data, let target, let row):
      "data '\(data)' has target \(target) in row \(row), which is not a class label"
    case .lenInput(let found): "len needs a list, matrix, dataset or string, found \(found)"
    case .generatedInputsCount(let d): "n: counts generated inputs; with inputs: \(d) the points are given"
    case .teacherInputs(let teacher, let want, let inputs):
      "teacher '\(teacher)' takes \(want) input features, but inputs: \(inputs)"
    case .featureNames: "features is a list of names"
    case .featureColumnNames: "features is a list of column names"
    case .csvNoColumn(let name, let file): "csv: no column '\(name)' in '\(file)'"
    case .subsampleTooMany(let n, let d, let found):
      "'n' of subsample must be at most the \(n) points of '\(d)', found \(found)"
    case .sweepNeedsList: "a sweep variable needs a list or range"
    case .sweepTooLarge(let total): "a sweep of \(total) runs is too large (limit 100000)"
    case .notShardable(let net):
      "this sweep trains net '\(net)', declared outside it, so each iteration continues the last one's training and the sweep cannot be sharded"
    case .shardResultMissing(let k, let tag, let dir): "iteration \(k) (\(tag)) has no result in '\(dir)'"
    case .cannotWrite(let path, let reason): "cannot write '\(path)': \(reason)"
    case .cannotWriteShardResult(let k, let tag, let reason):
      "cannot write the result of iteration \(k) (\(tag)): \(reason)"
    case .transformInput: "transform needs rotate(…), scale(…), translate(…), reflect(…), shear(…) or a list of them"
    case .assertionFailed(let text): text
    case .failedIn(let context, let reason): "\(context): \(reason)"
    case .failed(let reason): reason
    case .internalError(let what):
      "internal error: \(what)"
    case .notConstant: "this value is known only when the script runs"
    case .noSuchScript(let path): "no such file '\(path)'"
    case .scriptIsDirectory(let path): "'\(path)' is a directory, not a script"
    case .scriptUnreadable(let path, let reason): "cannot read '\(path)': \(reason)"
    case .scriptTooLarge(let path, let mib): "'\(path)' is larger than \(mib) MiB; scripts are short text files"
    case .scriptNotRegular(let path, let mib): "'\(path)' is not a regular file and holds more than \(mib) MiB"
    case .binaryInput(let byte, let offset):
      "this does not look like an NNS script: byte 0x\(byte) at offset \(offset) is binary data"
    case .unknownCommand(let name, let hint): "unknown command ':\(name)'" + hint
    case .noHelp(let word, let hint): "no help for '\(word)'" + hint
    case .commandUsage(let usage): "usage: \(usage)"
    case .noDefinition(let name, let hint): "no definition of '\(name)' in this session" + hint
    case .quitInProtocol:
      "':quit' has no meaning here: close the input to end the session (in Jupyter: shut down the kernel)"
    case .requestNotJSON(let reason): "a request is one JSON object a line: \(reason)"
    case .requestWithoutType(let types):
      "a request is a JSON object with a \"type\": one of \(types.joined(separator: ", "))"
    case .unknownRequestType(let type, let hint): "unknown request type '\(type)'" + hint
    case .requestNeeds(let type, let what):
      "\("aeiou".contains(type.first ?? "x") ? "an" : "a") \(type) request needs \(what)"
    }
  }
}
