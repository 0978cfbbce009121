import Diagnostics
/// Fuzz target: bytes → lexer → parser → checker, then every dump and the diagnostic renderer, as
/// `nns check`, `nns ir` and `nns ir --ast` would. Nothing may trap, overflow the stack or leak.
import Foundation
import FuzzDriver
import Lexer
import Parser
import Runtime
import Semantics

@main struct FuzzCheck {
  static func main() {
    exit(
      fuzzMain { bytes in
        let file = SourceFile(path: "fuzz.nns", text: String(decoding: bytes, as: UTF8.self))
        let session = Session { _ in }
        let (program, diagnostics) = session.check(file)
        _ = session.render(diagnostics)
        if let program { _ = IRDump.dump(program) }
        _ = dumpAST(Parser.parse(file).program)
        _ = dumpTokens(Lexer.tokenize(file).tokens)
      })
  }
}
