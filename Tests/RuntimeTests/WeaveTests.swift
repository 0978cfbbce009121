import Testing

@testable import Runtime
@testable import Semantics

/// `nns weave`: the ```nns blocks of a Markdown file run in one session and their output lands after
/// each block; weaving the result again replaces the old output instead of adding a copy.
struct WeaveTests {
  let notes = """
    # Lecture 3

    ```nns
    let width = 4
    print width * 2
    ```

    Later blocks see earlier names:

    ```nns
    print width + 1
    ```
    """

  @Test func outputFollowsEachBlockAndWeavingIsIdempotent() {
    let once = Weaver.weave(notes, path: "notes.md")
    #expect(!once.failed && once.diagnostics == "")
    #expect(
      once.text.contains("```nns\nlet width = 4\nprint width * 2\n```\n\n\(Weaver.marker)\n```text\nwidth * 2 = 8\n```")
    )
    #expect(once.text.contains("\(Weaver.marker)\n```text\nwidth + 1 = 5\n```"))
    let twice = Weaver.weave(once.text, path: "notes.md")
    #expect(twice.text == once.text)
  }

  @Test func errorsPointIntoTheMarkdownFile() {
    let r = Weaver.weave("text\n\n```nns\nprint nope\n```\n", path: "notes.md")
    #expect(r.failed)
    #expect(r.diagnostics.hasPrefix("notes.md:4:7: error: unknown name 'nope'"), "\(r.diagnostics)")
  }
}
