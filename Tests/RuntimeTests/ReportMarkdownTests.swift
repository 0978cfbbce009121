import Testing

@testable import Report
@testable import Runtime
@testable import Semantics

@Suite("Report Markdown")
struct ReportMarkdownTests {
  @Test func sectionsRenderInOrder() {
    var report = MarkdownReport(title: "two spirals")
    report.addText("A complex net on the *two spirals*.\n")
    report.addCode("print accuracy(cnet, test)\n")
    report.addOutput("0.97")
    report.addTable(Table(columns: ["w", "acc"], rows: [[.integer(8), .number(0.97)]]))
    report.addFigure(path: "loss.svg", caption: "training loss")
    let expected = """
      # two spirals

      A complex net on the *two spirals*.

      ```nns
      print accuracy(cnet, test)
      ```

      ```
      0.97
      ```

      | w | acc |
      | --: | --: |
      | 8 | 0.97 |

      ![training loss](loss.svg)

      *training loss*

      """
    #expect(report.render() == expected)
  }

  @Test func codeContainingAFenceGetsALongerFence() {
    var report = MarkdownReport()
    report.addCode("a\n```\nb", language: "markdown")
    #expect(report.render() == "````markdown\na\n```\nb\n````\n")
  }

  @Test func figurePathsWithSpacesAreBracketed() {
    var report = MarkdownReport()
    report.addFigure(path: "my figs/a.svg", caption: "")
    #expect(report.render() == "![](<my figs/a.svg>)\n")
  }
}
