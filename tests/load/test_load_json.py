"""JSON sample files: read whole, or refused with the position of the problem."""

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def test_a_repeated_key_deep_inside_one_element_of_a_large_array_is_found(files):
    # Duplicates are proven absent by counting key tokens; this one hides among many objects
    # whose strings hold colons (times, URLs) that must not hide it.
    item = '{"id": "ch_1", "url": "https://x.io/a:b", "at": "10:00", "card": {"exp": 1}}'
    repeated = '{"id": "ch_2", "card": {"exp": 1, "wallet": {"type": "a",\n "type" : "b"}}}'
    files.write("many.json", "[\n" + ",\n".join([item] * 500 + [repeated]) + "\n]")
    message = "duplicate key 'type' (first defined at line 502): remove one of them"
    assert read(files, "many.json") == (False, None, [("many.json", 503, 2, "E105", message)])


def test_colons_after_escaped_quotes_and_spaces_in_strings_are_not_keys(files):
    text = '{"json": "{\\"a\\": 1}", "prose": "note : this", "spaced" :\n [{"k"\t: 1}]}'
    files.write("colons.json", text)
    expected = {"json": '{"a": 1}', "prose": "note : this", "spaced": [{"k": 1}]}
    assert read(files, "colons.json") == (True, expected, [])


def test_top_level_scalars_and_objects_are_samples_too(files):
    for text, value in [
        ('"text"', "text"),
        ("12.5", 12.5),
        ("null", None),
        ('{"a": {}}', {"a": {}}),
    ]:
        files.write("one.json", text)
        assert read(files, "one.json") == (True, value, [])


def test_the_depth_limit_counts_objects_and_arrays_alike(files):
    files.write("mixed.json", '{"a": [' * 50 + "1" + "]}" * 50)  # 100 levels
    assert read(files, "mixed.json")[0]
    files.write("mixed.json", '[{"a": [' * 34 + "1" + "]}]" * 34)  # 102 levels
    assert read(files, "mixed.json")[2][0][3] == "E106"


# Backslashes before a quote and colon: escaped (odd) or closing the string (even).
SCALAR_TEXTS = st.sampled_from(
    ['"x"', '"a : b"', '"\\":"', '"\\\\"', '"\\\\\\":"', '":"', "1", "2.5", "null", "true"]
)
KEY_TEXTS = st.sampled_from(['"a"', '"b"', '"\\u0061"', '"a:"', '"c d"', '"a\\\\"', '"a\\\\\\""'])
SPACES = st.sampled_from(["", " ", "\n", "\t ", "\r\n"])


@st.composite
def json_texts(draw, depth=0):
    """JSON text that may repeat a key, with any white space around its colons."""
    if depth > 2 or draw(st.booleans()):
        return draw(SCALAR_TEXTS)
    members = [draw(json_texts(depth + 1)) for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        return "[" + ",".join(members) + "]"
    pairs = [f"{draw(KEY_TEXTS)}{draw(SPACES)}:{draw(SPACES)}{member}" for member in members]
    return "{" + ",".join(pairs) + "}"


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=json_texts())
def test_a_sample_is_refused_exactly_when_a_key_repeats(files, text):
    def repeats(pairs):
        if len(dict(pairs)) < len(pairs):
            raise ValueError
        return dict(pairs)

    try:
        expected = (True, json.loads(text, object_pairs_hook=repeats), [])
    except ValueError:
        expected = (False, None, ["E105"])
    files.write("drawn.json", text)
    ok, value, found = read(files, "drawn.json")
    assert (ok, value, [problem[3] for problem in found]) == expected


def test_a_repeated_key_that_ends_in_a_backslash_is_found(files):
    # Its closing quote follows an even run of backslashes: it closes the key, so it counts.
    files.write("slash.json", '{"a\\\\": 1, "b": "\\\\\\":", "a\\\\" : 2}')
    message = "duplicate key 'a\\\\' (first defined at line 1): remove one of them"
    assert read(files, "slash.json") == (False, None, [("slash.json", 1, 26, "E105", message)])


def test_long_runs_of_backslashes_before_a_quote_are_left_to_the_exact_check(files):
    # Found in review: each backslash of a run was one more pass over the whole file, so a 64 MB
    # sample of one long run would have taken days.
    run = "\\" * 20_000
    files.write("run.json", f'{{"a{run}": 1, "b": "{run}\\":"}}')
    assert read(files, "run.json") == (True, {f"a{run}"[:-10_000]: 1, "b": run[10_000:] + '":'}, [])
    files.write("dup.json", f'{{"a{run}": 1,\n "a{run}": 2}}')
    message = f"duplicate key {'a' + run[10_000:]!r} (first defined at line 1): remove one of them"
    assert read(files, "dup.json") == (False, None, [("dup.json", 2, 2, "E105", message)])
