"""A Pygments lexer for NNS (`.nns`), registered as the entry point `pygments.lexers: nns`.

It follows the lexical grammar of `grammar.md` and knows no built-in by name, so it never drifts from
the registry: the first word of a statement (`seed`, `net`, and inside blocks `dense`, `optimizer`,
`epochs` …) is a keyword, a name before `(` is a function, a name before `:` a named argument, a name
after `.` a member; `and or not` are operators, `true false` constants.
"""

from pygments.lexer import RegexLexer, bygroups, default, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

# The statement keywords and the contextual words of grammar.md (Sources/Parser/Statements.swift).
STATEMENTS = ("seed", "let", "algebra", "data", "net", "train", "sweep", "print", "plot", "save", "assert")
CONTEXTUAL = ("over", "on", "to", "in", "when", "every", "stop")


class NNSLexer(RegexLexer):
    name = "NNS"
    aliases = ["nns"]
    filenames = ["*.nns"]
    mimetypes = ["text/x-nns"]

    identifier = r"[A-Za-z_][A-Za-z0-9_]*"

    tokens = {
        # At the start of a statement: after a line break, `;` or `{`.
        "root": [
            (r"[ \t]+", Whitespace),
            (r"\n", Whitespace),
            (r"#.*?$", Comment.Single),
            (words(STATEMENTS, suffix=r"\b"), Keyword, "statement"),
            # A word at the start of a line that does not call or assign: a layer, option or setting.
            (r"(" + identifier + r")(?=[ \t]+[^=(\s]|[ \t]*(?:\n|$|;|#|\}))", Keyword.Declaration, "statement"),
            default("statement"),
        ],
        "statement": [
            (r"\n|;|\{", Punctuation, "#pop"),
            (r"\}", Punctuation),
            (r"[ \t]+", Whitespace),
            (r"#.*?$", Comment.Single),
            (r'"(\\\\|\\"|\\n|\\t|[^"\\\n])*"', String.Double),
            (r'"[^"\n]*', String.Double),  # unterminated: colour to the end of the line
            (r"(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?", Number),
            (words(("and", "or", "not"), suffix=r"\b"), Operator.Word),
            (words(("true", "false"), suffix=r"\b"), Keyword.Constant),
            (words(CONTEXTUAL, suffix=r"\b"), Keyword),
            (r"(\.)(" + identifier + r")", bygroups(Punctuation, Name.Attribute)),
            (identifier + r"(?=\s*\()", Name.Function),
            (identifier + r"(?=\s*:(?!\s*$))", Name.Label),
            (identifier, Name),
            (r"\.\.|==|!=|<=|>=|[-+*/^<>=]", Operator),
            (r"[(),\[\]:]", Punctuation),
            (r".", Text),
        ],
    }
