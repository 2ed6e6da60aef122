"""JSON sample files: read whole, or refused with the position of the problem."""

import os

from apigen.diagnostics import Diagnostics, Position
from apigen.load import DEFAULT_LIMITS, Limits, read_json_file

REFERENCE = Position("api.yaml", 12, 21)  # where the spec names the sample


def read(files, name, limits=DEFAULT_LIMITS):
    diagnostics = Diagnostics()
    ok, value = read_json_file(files.root / name, REFERENCE, diagnostics, limits)
    found = [
        (d.position.file, d.position.line, d.position.column, d.code, d.message)
        for d in diagnostics
    ]
    return ok, value, found


def test_a_valid_sample_is_read(files):
    files.write("samples/contact.json", '{"id": "c_1", "tags": ["a"], "phone": null, "n": 1.5}')
    assert read(files, "samples/contact.json") == (
        True,
        {"id": "c_1", "tags": ["a"], "phone": None, "n": 1.5},
        [],
    )


def test_a_byte_order_mark_is_accepted(files):
    files.write("sample.json", b"\xef\xbb\xbf[1, 2]")
    assert read(files, "sample.json") == (True, [1, 2], [])


def test_a_syntax_error_is_reported_inside_the_json_file(files):
    files.write("samples/contact.json", '{\n  "id": "c_1",\n  "email": ,\n}')
    ok, value, found = read(files, "samples/contact.json")
    assert (ok, value) == (False, None)
    message = "not valid JSON: Expecting value: fix the file or record it again"
    assert found == [("samples/contact.json", 3, 12, "E110", message)]


def test_a_missing_sample_is_reported_where_the_spec_names_it(files):
    ok, _, found = read(files, "samples/missing.json")
    assert not ok
    message = "file 'samples/missing.json' does not exist: check the path"
    assert found == [("api.yaml", 12, 21, "E101", message)]


def test_a_sample_larger_than_the_limit_is_refused(files):
    files.write("big.json", "[" + "1," * 10 + "1]")  # 23 bytes
    ok, _, found = read(files, "big.json", Limits(max_sample_bytes=22))
    assert not ok
    message = (
        "'big.json' is larger than the limit of 22 bytes: make it smaller "
        "(split a spec into included files, trim a sample)"
    )
    assert found == [("api.yaml", 12, 21, "E102", message)]


def test_a_sample_that_is_not_utf8_is_refused_at_the_bad_byte(files):
    files.write("latin1.json", b'{"name":\n "Andr\xe9"}')
    ok, _, found = read(files, "latin1.json")
    assert not ok
    message = "not valid UTF-8 text (byte 0xe9): save the file as UTF-8"
    assert found == [("latin1.json", 2, 7, "E103", message)]


def test_a_sample_nested_too_deeply_is_refused(files):
    message = "the sample is nested deeper than 100 levels: keep only the levels the client needs"
    files.write("deep.json", "[" * 101 + "]" * 101)
    assert read(files, "deep.json") == (False, None, [("deep.json", 1, 1, "E106", message)])
    files.write("deeper.json", "[" * 100_000 + "]" * 100_000)  # beyond Python's stack
    assert read(files, "deeper.json") == (False, None, [("deeper.json", 1, 1, "E106", message)])
    files.write("limit.json", "[" * 100 + "]" * 100)
    assert read(files, "limit.json")[0]


def test_a_named_pipe_is_refused_without_blocking(files):
    os.mkfifo(files.root / "pipe.json")
    message = "'pipe.json' is a named pipe, not a file: name a file"
    assert read(files, "pipe.json") == (False, None, [("api.yaml", 12, 21, "E101", message)])


def test_a_repeated_key_is_reported_where_it_repeats(files):
    # Found by an attack run: the last value silently won. Keys in other objects, keys that only
    # appear as values and escaped spellings are told apart.
    text = '{"a": 1, "b": {"a": "a", "c": [{"x": 1}, {"x": 2, "\\u0078": 3}]}}'
    files.write("dup.json", "[\n" + text + "]")
    message = "duplicate key 'x' (first defined at line 2): remove one of them"
    assert read(files, "dup.json") == (False, None, [("dup.json", 2, 51, "E105", message)])


def test_an_integer_past_the_digit_limit_is_reported_where_it_is(files):
    long_text = '"' + "1" * 5000 + '"'
    files.write("big.json", f'{{"t": {long_text}, "f": 1.{"2" * 5000},\n "n": -{"9" * 4301}}}')
    message = "this integer has 4,301 digits, more than the limit of 4,300: write it as a string"
    assert read(files, "big.json") == (False, None, [("big.json", 2, 7, "E112", message)])
