"""Format stage: black's style for Python files, a final newline for every non-empty file.

Black runs at a few thousand lines a second, and a models module of a large spec has tens of
thousands of plain lines (``name: Type = Field(..., alias="x")``). So a module is formatted one
top-level definition at a time: a definition whose lines are plain, short and free of anything
black rearranges only needs black's choice of string quotes; the others, and everything before
the first definition, go through black itself. Tests compare the result with black's.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput
from black.strings import str_width

from apigen.layout import INDENT, LINE_LENGTH, PYTHON_TARGET, Bracket, Node, Prefixed, lay_out
from apigen.pyast import first_line
from apigen.pysource import string

BLACK_MODE = black.Mode(
    line_length=LINE_LENGTH, target_versions={TargetVersion[PYTHON_TARGET.upper()]}
)
_INDENT = re.compile(r"( {4})*\S")
_BLOCK_OPENERS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


class FormatError(Exception):
    """Generated Python did not parse: a bug in apigen, never the user's mistake."""


def format_files(files: dict[str, str], formatted: frozenset[str] = frozenset()) -> dict[str, str]:
    """Every file formatted; paths in ``formatted`` are known to be formatted already."""
    return {
        path: text if path in formatted else _format(path, text) for path, text in files.items()
    }


def _format(path: str, text: str) -> str:
    if path.endswith(".py"):
        try:
            return format_python(text)
        except (InvalidInput, SyntaxError) as error:
            raise FormatError(f"generated {path} is not valid Python: {error}") from error
    if text and not text.endswith("\n"):
        return text + "\n"
    return text


def format_python(text: str) -> str:
    """``text`` in black's style, long string arguments split (see :func:`split_long_strings`)."""
    return split_long_strings(black_style(text))


def black_style(text: str) -> str:
    """``text`` as black formats it, formatting plain top-level definitions without black.

    Statements after the last definition (a models module ends with ``Model.model_rebuild()``
    lines) are formatted by black on their own: were they left in, the whole module would go
    through black, which took 7 s for Stripe's models.
    """
    lines = text.splitlines(keepends=True)
    statements = ast.parse(text).body
    blocks = [i for i, s in enumerate(statements) if isinstance(s, _BLOCK_OPENERS)]
    if not blocks or len(blocks) != blocks[-1] - blocks[0] + 1:
        return black.format_str(text, mode=BLACK_MODE)
    first, after = blocks[0], blocks[-1] + 1
    starts = [first_line(s) - 1 for s in statements[first:after]]
    end = first_line(statements[after]) - 1 if after < len(statements) else len(lines)
    head = black.format_str("".join(lines[: starts[0]]), mode=BLACK_MODE) if starts[0] else ""
    chunks = [
        _format_definition("".join(lines[start:stop]).strip("\n") + "\n")
        for start, stop in zip(starts, [*starts[1:], end], strict=True)
    ]
    if end < len(lines):
        chunks.append(black.format_str("".join(lines[end:]), mode=BLACK_MODE).rstrip("\n"))
    body = "\n\n\n".join(chunks) + "\n"
    return f"{head}\n\n{body}" if head else body


def split_long_strings(text: str) -> str:
    """``text`` with each string argument too long for its line split into adjacent literals.

    Black never splits a string, and a provider's descriptions (``description="..."``) often
    do not fit: ruff's E501 would flag each one. A keyword argument alone on its line becomes
    adjacent literals split between words, one a line, the layout black gives them.
    """
    lines = text.split("\n")
    long_rows = {row for row, line in enumerate(lines, start=1) if not _fits(line)}
    if not long_rows:
        return text
    split: dict[int, list[str]] = {}
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.keyword) and node.lineno in long_rows:
            found = _split_keyword(lines[node.lineno - 1], node)
            if found is not None:
                split[node.lineno] = found
    return "\n".join(
        part for row, line in enumerate(lines, start=1) for part in split.get(row, [line])
    )


def _split_keyword(line: str, keyword: ast.keyword) -> list[str] | None:
    value = keyword.value
    if not (isinstance(value, ast.Constant) and isinstance(value.value, str)) or not keyword.arg:
        return None
    encoded = line.encode()
    alone = not encoded[: keyword.col_offset].strip() and encoded[value.end_col_offset :] == b","
    if keyword.end_lineno != keyword.lineno or not alone:
        return None
    indent = line[: len(line) - len(line.lstrip(" "))]
    head = f"{indent}{keyword.arg}="
    # The last piece is followed by the comma: every piece leaves room for it.
    pieces = _pieces(value.value, LINE_LENGTH - len(head) - 1, LINE_LENGTH - len(indent) - 1)
    if len(pieces) == 1:
        return None  # one long word: nothing to split between
    return [
        head + pieces[0],
        *(indent + piece for piece in pieces[1:-1]),
        indent + pieces[-1] + ",",
    ]


def _pieces(value: str, first: int, width: int) -> list[str]:
    """Literals of ``value`` in order: the first at most ``first`` wide, the others ``width``,
    unless a piece is one long word."""
    pieces: list[str] = []
    current = ""
    # Words and the white space between them are separate tokens, so a word too long for any
    # line stands alone in its literal, which ruff's E501 lets pass as one word.
    for token in re.findall(r"\s+|\S+", value):
        limit = width if pieces else first
        if current and str_width(string(current + token)) > limit:
            pieces.append(string(current))
            current = token
        else:
            current += token
    return [*pieces, string(current)]


def _format_definition(chunk: str) -> str:
    quoted = _plain_with_black_quotes(chunk)
    return quoted if quoted is not None else black.format_str(chunk, mode=BLACK_MODE).rstrip("\n")


def _plain_with_black_quotes(chunk: str) -> str | None:
    """``chunk`` with black's quotes when nothing else in it would change; else None."""
    lines = chunk.rstrip("\n").split("\n")
    if any(not line.strip() or not _INDENT.match(line) or line != line.rstrip() for line in lines):
        return None
    replacements: list[tuple[int, int, int, str]] = []
    for token in tokenize.generate_tokens(io.StringIO(chunk).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL) or token.string == "\\":
            return None
        if token.type == tokenize.STRING:
            if token.string[:1] not in "'\"" or token.string[:3] in ('"""', "'''"):
                return None
            (row, start), (_, end) = token.start, token.end
            replacements.append((row - 1, start, end, string(ast.literal_eval(token.string))))
    for row, start, end, new in reversed(replacements):
        lines[row] = lines[row][:start] + new + lines[row][end:]
    laid_out: list[str] = []
    for line in lines:
        split = [line] if _fits(line) else _long_statement(line)
        if split is None:
            return None
        laid_out += split
    return "\n".join(laid_out)


def _long_statement(line: str) -> list[str] | None:
    """A too-long statement of a class body as black splits it; None for any other line.

    Models of a provider's API have thousands of fields with a long ``description``, and a few
    with a long ``Literal[...]``: formatting only the long statement spares black the class.
    """
    if not line.startswith(INDENT) or line[len(INDENT)] == " ":
        return None
    text = line[len(INDENT) :]
    try:
        (statement,) = ast.parse(text).body
    except (SyntaxError, ValueError):  # a class header alone does not parse
        return None
    field = _field_layout(text, statement)
    if field is not None:
        return field
    # A statement of one line is formatted the same alone in a class as among its neighbours.
    return black.format_str(f"class _:\n{line}\n", mode=BLACK_MODE).splitlines()[1:]


def _field_layout(text: str, statement: ast.stmt) -> list[str] | None:
    """``name: Type = Call(constant, key=constant)`` split at the call's brackets, as black does."""
    if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.value, ast.Call):
        return None
    call = statement.value
    if not isinstance(call.func, ast.Name) or not _constants(call):
        return None
    encoded = text.encode()
    items: list[Node] = [_segment(encoded, argument) for argument in call.args]
    items += [Prefixed(f"{k.arg}=", _segment(encoded, k.value)) for k in call.keywords]
    head = encoded[: call.col_offset].decode()
    if not items or call.end_col_offset != len(encoded):
        return None
    lines = lay_out(Bracket(call.func.id, "(", tuple(items), ")"), 1, head)
    return lines if _fits(lines[0]) else None  # a long head: black splits elsewhere


def _constants(call: ast.Call) -> bool:
    values = [*call.args, *(k.value for k in call.keywords)]
    named = all(k.arg is not None for k in call.keywords)  # not **kwargs
    return named and all(isinstance(v, ast.Constant) for v in values)


def _segment(encoded: bytes, node: ast.expr) -> str:
    """The source of ``node`` on its one line (ast's offsets count UTF-8 bytes)."""
    return encoded[node.col_offset : node.end_col_offset].decode()


def _fits(line: str) -> bool:
    return str_width(line) <= LINE_LENGTH
