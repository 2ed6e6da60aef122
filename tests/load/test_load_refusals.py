"""Each problem in reading a spec is reported once, with its code, position and a remedy."""

import os
import socket
from pathlib import Path
from typing import Any

import pytest

from apigen.load import Limits

SYNTAX_ADVICE = (
    "fix the YAML here (look for wrong indentation, or text with ': ' or ' #' that needs quotes)"
)
SPEC_SHAPE = "a spec is a mapping that starts with `apigen: 1`"
TOO_DEEP = (
    "nested deeper than 100 levels of mappings and lists (aliases expanded): flatten the structure"
)

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_a_missing_file_cannot_be_read(files):
    spec, found = files.load("missing.yaml")
    assert spec is None
    assert found == [
        ("missing.yaml", 1, 1, "E101", "file 'missing.yaml' does not exist: check the path")
    ]


def test_a_directory_cannot_be_read(files):
    (files.root / "api.yaml").mkdir()
    spec, found = files.load()
    assert spec is None
    assert found == [
        ("api.yaml", 1, 1, "E101", "'api.yaml' is a directory, not a file: name a file")
    ]


@pytest.mark.parametrize("where", ["api.yaml", "more.yaml"])
def test_a_named_pipe_is_refused_without_blocking(files, where):
    # Found by an attack run: reading a FIFO waited forever for a writer.
    if where == "more.yaml":
        files.write("api.yaml", "apigen: 1\ninclude: [more.yaml]\n")
    os.mkfifo(files.root / where)
    spec, found = files.load()
    assert spec is None if where == "api.yaml" else spec is not None
    at = ("api.yaml", 2, 11) if where == "more.yaml" else (where, 1, 1)
    assert found == [(*at, "E101", f"'{where}' is a named pipe, not a file: name a file")]


def test_a_socket_is_refused(files):
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(files.root / "api.yaml"))
        spec, found = files.load()
    assert spec is None
    assert found == [("api.yaml", 1, 1, "E101", "'api.yaml' is a socket, not a file: name a file")]


def test_a_device_is_refused(files):
    os.symlink("/dev/zero", files.root / "api.yaml")  # endless: must not be read at all
    spec, found = files.load()
    assert spec is None
    message = "'/dev/zero' is a character device, not a file: name a file"
    assert found == [("/dev/zero", 1, 1, "E101", message)]


def test_an_integer_past_the_digit_limit_is_refused_where_it_is(files):
    # Found by an attack run: Python refuses to convert it, and the value became text unnoticed.
    _, found = files.load_text("apigen: 1\nx: [1, -" + "9" * 4301 + "]\n")
    message = (
        "this integer has 4,301 digits, more than the limit of 4,300: write it as a string "
        "(in quotes)"
    )
    assert found == [("api.yaml", 2, 8, "E112", message)]


def test_long_numbers_that_python_converts_are_kept(files):
    text = "apigen: 1\nx: [" + "9" * 4300 + ", 0x" + "f" * 5000 + ", 1." + "5" * 5000 + "]\n"
    spec, found = files.load_text(text)
    assert found == []
    assert spec is not None
    assert spec.data["x"][0] == int("9" * 4300)
    assert spec.data["x"][1] == int("f" * 5000, 16)


def test_a_file_without_read_permission_cannot_be_read(files, monkeypatch):
    files.write("api.yaml", "apigen: 1\n")

    real_open = os.open

    def refuse(path: Path, *args: Any, **kwargs: Any) -> int:
        if Path(path).name == "api.yaml":  # tests run as root, which chmod cannot stop
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    spec, found = files.load()
    assert spec is None
    message = "'api.yaml' cannot be read (permission denied): make it readable"
    assert found == [("api.yaml", 1, 1, "E101", message)]


def test_a_file_larger_than_the_limit_is_refused(files):
    files.write("api.yaml", "a: " + "x" * 97 + "\n")  # 101 bytes
    spec, found = files.load(limits=Limits(max_spec_bytes=100))
    assert spec is None
    message = (
        "'api.yaml' is larger than the limit of 100 bytes: make it smaller "
        "(split a spec into included files, trim a sample)"
    )
    assert found == [("api.yaml", 1, 1, "E102", message)]
    spec, found = files.load(limits=Limits(max_spec_bytes=101))
    assert spec is not None
    assert found == []


def test_text_that_is_not_utf8_is_refused_at_the_first_bad_byte(files):
    files.write("api.yaml", b'apigen: 1\nname: "\xc3\xa9t\xe9"\n')
    spec, found = files.load()
    assert spec is None
    message = "not valid UTF-8 text (byte 0xe9): save the file as UTF-8"
    assert found == [("api.yaml", 2, 10, "E103", message)]


def test_a_syntax_error_is_reported_where_the_parser_found_it(files):
    spec, found = files.load_text("apigen: 1\n package: x\n")
    assert spec is None
    message = f"YAML syntax error: mapping values are not allowed in this context: {SYNTAX_ADVICE}"
    assert found == [("api.yaml", 2, 9, "E104", message)]


def test_an_unclosed_quote_is_a_syntax_error(files):
    spec, found = files.load_text("apigen: 1\nname: 'acme\n")
    assert spec is None
    message = f"YAML syntax error: found unexpected end of stream: {SYNTAX_ADVICE}"
    assert found == [("api.yaml", 3, 1, "E104", message)]


def test_a_second_document_is_refused(files):
    spec, found = files.load_text("apigen: 1\n---\napigen: 2\n")
    assert spec is None
    message = (
        "a second YAML document starts here: a spec file holds one document; "
        "remove this `---` and what follows, or move it to a file of its own"
    )
    assert found == [("api.yaml", 2, 1, "E104", message)]


def test_a_control_character_is_refused(files):
    spec, found = files.load_text('apigen: 1\nname: "a\x07"\n')
    assert spec is None
    message = "the character U+0007 is not allowed in YAML: remove it"
    assert found == [("api.yaml", 2, 9, "E104", message)]


def test_an_alias_without_anchor_is_refused(files):
    spec, found = files.load_text("apigen: 1\nauth: *shared\n")
    assert spec is None
    message = "the alias '*shared' has no anchor: define '&shared' before it"
    assert found == [("api.yaml", 2, 7, "E104", message)]


def test_an_unsupported_tag_is_reported_and_the_value_kept(files):
    spec, found = files.load_text("apigen: 1\nlogo: !!binary aGk=\nname: !Ref x\n")
    assert spec is not None
    assert spec.data == {"apigen": 1, "logo": "aGk=", "name": "x"}
    remedy = "remove it (a spec holds only mappings, lists, text, numbers, booleans and null)"
    assert found == [
        ("api.yaml", 2, 7, "E104", f"unsupported YAML tag '!!binary': {remedy}"),
        ("api.yaml", 3, 7, "E104", f"unsupported YAML tag '!Ref': {remedy}"),
    ]


def test_duplicate_keys_are_reported_at_the_second_occurrence(files):
    spec, found = files.load_text("""\
        apigen: 1
        calls:
          - name: List
            method: GET
            path: /x
            method: POST
          - {name: Get, in: query, in: path}
        """)
    assert spec is not None
    assert spec.data["calls"] == [
        {"name": "List", "method": "GET", "path": "/x"},
        {"name": "Get", "in": "query"},
    ]
    assert spec.source.values[("calls", 0, "method")].line == 4  # the first one is kept
    assert found == [
        (
            "api.yaml",
            6,
            5,
            "E105",
            "duplicate key 'method' (first defined at line 4): remove one of them",
        ),
        (
            "api.yaml",
            7,
            28,
            "E105",
            "duplicate key 'in' (first defined at line 7): remove one of them",
        ),
    ]


def test_keys_that_are_not_text_are_reported_at_the_key(files):
    spec, found = files.load_text("apigen: 1\n200: ok\ntrue: 1\n~: 2\n[a]: 3\n'404': text\n")
    assert spec is not None
    assert spec.data == {"apigen": 1, "404": "text"}
    assert found == [
        ("api.yaml", 2, 1, "E203", 'the mapping key 200 is not text: quote it ("200")'),
        ("api.yaml", 3, 1, "E203", 'the mapping key true is not text: quote it ("true")'),
        ("api.yaml", 4, 1, "E203", "a mapping key is empty or null: write a name before the ':'"),
        ("api.yaml", 5, 1, "E203", "a mapping key is a list or a mapping: write a plain name"),
    ]


@pytest.mark.parametrize(
    ("text", "held", "line", "column"),
    [
        ("- apigen: 1\n", "a list", 1, 1),
        ("# only a comment\n", "nothing", 1, 1),
        ("--- just text\n", "a value", 1, 5),
    ],
)
def test_a_spec_that_is_not_a_mapping_is_refused(files, text, held, line, column):
    spec, found = files.load_text(text)
    assert spec is None
    message = f"the file holds {held}, not a mapping: {SPEC_SHAPE}"
    assert found == [("api.yaml", line, column, "E203", message)]


def test_nesting_up_to_the_limit_is_accepted(files):
    spec, found = files.load_text("a: " + "[" * 99 + "]" * 99 + "\n")  # 100 levels with the root
    assert found == []
    assert spec is not None


def test_ten_thousand_open_brackets_are_refused_at_the_level_past_the_limit(files):
    spec, found = files.load_text("a: " + "[" * 10_000 + "\n")
    assert spec is None
    assert found == [("api.yaml", 1, 103, "E106", TOO_DEEP)]


def test_deep_block_nesting_is_refused(files):
    text = "".join(" " * level + f"k{level}:\n" for level in range(150))
    spec, found = files.load_text(text)
    assert spec is None
    assert found == [("api.yaml", 101, 101, "E106", TOO_DEEP)]


def test_nesting_counts_aliases_expanded(files):
    spec, found = files.load_text("a: &a [[1]]\nb: [*a]\n", limits=Limits(max_depth=3))
    assert spec is None
    message = TOO_DEEP.replace("100", "3")
    assert found == [("api.yaml", 2, 5, "E106", message)]


def test_depth_beyond_the_python_stack_is_refused_not_raised(files):
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    spec, found = files.load_text(text, limits=Limits(max_depth=100_000))
    assert spec is None
    assert found == [("api.yaml", 1, 1, "E106", "the document is nested too deeply: flatten it")]


def test_a_billion_laughs_document_is_refused(files):
    spec, found = files.load_text(BILLION_LAUGHS)
    assert spec is None
    message = (
        "here the document grows past 500,000 nodes once aliases are expanded: "
        "use fewer aliases, or split the spec into included files"
    )
    assert found == [("api.yaml", 6, 29, "E107", message)]  # the 8th *e makes f too big


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("a: [1, 2, 3, 4, 5]\n", 17),  # the list alone: itself and 5 items
        ("a: [1, 2, 3, 4]\n", 4),  # the document: the mapping, its key and the list
    ],
)
def test_plain_nodes_count_against_the_node_limit_too(files, text, column):
    spec, found = files.load_text(text, limits=Limits(max_nodes=5))
    assert spec is None
    assert [(line, column, code) for _, line, column, code, _ in found] == [(1, column, "E107")]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("a: &x\n  b: *x\n", 2, 6), ("a: &x [1, *x]\n", 1, 11)],
)
def test_an_alias_inside_its_own_anchor_is_refused(files, text, line, column):
    spec, found = files.load_text(text)
    assert spec is None
    message = "the alias '*x' is inside its own anchor: remove the alias"
    assert found == [("api.yaml", line, column, "E111", message)]
