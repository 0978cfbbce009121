import Foundation
import Testing

@testable import Engine

/// Writes `text` to a fresh temporary file and returns its path.
private func tempCSV(_ text: String, _ name: String = "t") throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nns-data-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let url = dir.appendingPathComponent("\(name).csv")
  try text.write(to: url, atomically: true, encoding: .utf8)
  return url.path
}

/// `examples/data/<file>` in the repository.
private func shipped(_ file: String) -> String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples/data/\(file)").path
}

private func loadError(_ body: () throws -> Dataset) -> DataError? {
  do {
    _ = try body()
    return nil
  } catch let e as DataError {
    return e
  } catch {
    return nil
  }
}

@Suite("Data CSV loader")
struct DataCSVTests {
  @Test func readsHeaderQuotingAndCategoricalTarget() throws {
    let path = try tempCSV(
      """
      a,"b, quoted",label
      1,2.5,"cat, big"
      3,-4e-1,dog

      5,6,"cat, big"
      """)
    let d = try Datasets.csv(path: path)
    #expect(d.featureNames == ["a", "b, quoted"])
    #expect(d.x == Matrix([[1, 2.5], [3, -0.4], [5, 6]]))
    #expect(d.classes == ["cat, big", "dog"])
    #expect(d.y.data == [0, 1, 0])

    let byName = try Datasets.csv(path: path, target: "a", features: ["b, quoted"], classify: false)
    #expect(!byName.isClassification && byName.y.data == [1, 3, 5] && byName.features == 1)
  }

  @Test func numericTargetsChooseTheTask() throws {
    let path = try tempCSV("x,y\n1,3\n2,1\n3,3\n4,2\n")
    let auto = try Datasets.csv(path: path)
    #expect(auto.classes == ["1", "2", "3"] && auto.y.data == [2, 0, 2, 1])
    let reg = try Datasets.csv(path: path, classify: false)
    #expect(reg.classes == nil && reg.y.data == [3, 1, 3, 2])
    let real = try Datasets.csv(path: try tempCSV("x,y\n1,0.5\n2,1.5\n"))
    #expect(real.classes == nil)
    let text = try tempCSV("x,y\n1,a\n2,b\n")
    #expect(
      loadError { try Datasets.csv(path: text, classify: false) }
        == .nonNumeric(path: text, line: 2, column: "y", value: "a"))
  }

  @Test func raggedRowNamesItsLine() throws {
    let path = try tempCSV("a,b,c\n1,2,3\n\"multi\nline\",5,6\n7,8\n")
    // The quoted field makes record 3 start on line 3 and the ragged record on line 5.
    #expect(
      loadError { try Datasets.csv(path: path, classify: false) }
        == .raggedRow(path: path, line: 5, expected: 3, found: 2))
    let long = try tempCSV("a,b\n1,2\n3,4,5\n")
    let e = loadError { try Datasets.csv(path: long) }
    #expect(e == .raggedRow(path: long, line: 3, expected: 2, found: 3))
    #expect(e?.description == "\(long):3: row has 3 fields, expected 2 (as in the header)")
  }

  @Test func crlfAndMalformedQuoting() throws {
    let crlf = try tempCSV("a,b\r\n1,2\r\n3,x\r\n")
    #expect(
      loadError { try Datasets.csv(path: crlf, target: "a") }
        == .nonNumeric(path: crlf, line: 3, column: "b", value: "x"))
    let bad = try tempCSV("a,b\n1,2\n\"x\"y,3\n")
    guard case .malformedCSV(_, let line, _)? = loadError({ try Datasets.csv(path: bad) }) else {
      Issue.record("expected a malformed-CSV error")
      return
    }
    #expect(line == 3)
  }

  @Test func nonNumericFeatureNamesLineAndColumn() throws {
    let path = try tempCSV("height,weight,label\n1.5,60,a\n1.7,heavy,b\n")
    let e = loadError { try Datasets.csv(path: path) }
    #expect(e == .nonNumeric(path: path, line: 3, column: "weight", value: "heavy"))
    #expect(e?.description.contains("column 'weight'") == true)
    let empty = try tempCSV("a,b\n1,\n")
    #expect(
      loadError { try Datasets.csv(path: empty, target: "a") }?.description
        == "\(empty):2: column 'b' is empty; missing values are not supported")
  }

  @Test func missingFileAndUnknownColumns() throws {
    let e = loadError { try Datasets.csv(path: "/no/such/dir/data.csv") }
    #expect(e == .fileNotFound(path: "/no/such/dir/data.csv"))
    #expect(e?.description.contains("/no/such/dir/data.csv") == true)
    let path = try tempCSV("a,b\n1,2\n")
    #expect(
      loadError { try Datasets.csv(path: path, target: "c") }
        == .unknownColumn(path: path, name: "c", columns: ["a", "b"]))
    #expect(
      loadError { try Datasets.csv(path: path, features: ["z"]) }
        == .unknownColumn(path: path, name: "z", columns: ["a", "b"]))
    #expect(loadError { try Datasets.csv(path: path, target: "a", features: ["a"]) } != nil)
    #expect(loadError { try Datasets.csv(path: try tempCSV("")) } != nil)
    #expect(loadError { try Datasets.csv(path: try tempCSV("a,b\n")) } != nil)
    #expect(loadError { try Datasets.csv(path: try tempCSV("a,a\n1,2\n")) } != nil)
  }

  @Test func irisIsFishers() throws {
    let d = try Datasets.csv(path: shipped("iris.csv"), target: "species")
    #expect(d.count == 150 && d.features == 4)
    #expect(d.featureNames == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
    #expect(d.classes == ["setosa", "versicolor", "virginica"] && d.classCounts == [50, 50, 50])
    #expect(d.x.row(0) == [5.1, 3.5, 1.4, 0.2])
  }

  @Test func digitsAreTheUCITestSet() throws {
    let d = try Datasets.csv(path: shipped("digits.csv"), target: "digit")
    #expect(d.count == 1797 && d.features == 64)
    #expect(d.classes == (0...9).map(String.init))
    #expect(d.classCounts.allSatisfy { $0 >= 170 && $0 <= 190 })
    #expect(d.x.data.allSatisfy { $0 >= 0 && $0 <= 16 })
    #expect(d.label(0) == 0 && d.featureNames[63] == "pixel_7_7")
  }
}
