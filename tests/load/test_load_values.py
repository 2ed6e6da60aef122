"""Scalars become plain Python values under YAML 1.2 rules; text stays as written."""

import math

import pytest


def load_value(files, text):
    spec, found = files.load_text(f"value: {text}\n")
    assert found == []
    assert spec is not None
    return spec.data["value"]


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-01T10:00:00Z",
        "2024-05-01",
        "2001-12-14 21:59:43.10 -5",
        "yes",
        "no",
        "on",
        "off",
        "y",
        "0.1.0",
        "1:30",
        "=",
        "_",
        "Bearer ",
    ],
)
def test_text_stays_the_text_as_written(files, text):
    value = load_value(files, f"'{text}'" if text.endswith(" ") else text)
    assert type(value) is str
    assert value == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20", 20),
        ("-3", -3),
        ("+7", 7),
        ("012", 12),
        ("1_000", 1000),
        ("0x1F", 31),
        ("0o17", 15),
        ("0b101", 5),
        ("!!int '42'", 42),
    ],
)
def test_integers_are_plain_ints(files, text, expected):
    value = load_value(files, text)
    assert type(value) is int
    assert value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5", 1.5),
        ("-2.", -2.0),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("-.inf", -math.inf),
        ("!!float 3", 3.0),
    ],
)
def test_floats_are_plain_floats(files, text, expected):
    value = load_value(files, text)
    assert type(value) is float
    assert value == expected


def test_not_a_number_is_a_float(files):
    assert math.isnan(load_value(files, ".nan"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        ('"20"', "20"),
        ("'true'", "true"),
        ("!!str 20", "20"),
        ("! 20", "20"),
    ],
)
def test_booleans_null_and_quoted_text(files, text, expected):
    value = load_value(files, text)
    assert (type(value), value) == (type(expected), expected)


def test_an_explicit_tag_on_text_of_another_type_keeps_the_text(files):
    assert load_value(files, "!!int twelve") == "twelve"


def test_block_scalars_keep_their_text(files):
    spec, found = files.load_text("""\
        literal: |
          {"a": 1,
           "b": 2}
        folded: >-
          one
          two
        """)
    assert found == []
    assert spec is not None
    assert spec.data == {"literal": '{"a": 1,\n "b": 2}\n', "folded": "one two"}


def test_merge_keys_add_entries_the_mapping_does_not_have(files):
    spec, found = files.load_text("""\
        defaults: &defaults {in: query, type: string, required: false}
        extra: &extra {description: shared, type: integer}
        parameter:
          name: limit
          <<: [*defaults, *extra]
          type: integer
        """)
    assert found == []
    assert spec is not None
    assert spec.data["parameter"] == {
        "name": "limit",
        "type": "integer",
        "in": "query",
        "required": False,
        "description": "shared",
    }
    assert spec.source.values[("parameter", "type")].line == 6
    assert spec.source.values[("parameter", "in")].line == 1
    assert spec.source.values[("parameter", "description")].line == 2


def test_a_merge_key_needs_mappings(files):
    spec, found = files.load_text("base: &base [1]\nparameter:\n  <<: *base\n  name: x\n")
    assert spec is not None
    assert spec.data["parameter"] == {"name": "x"}
    message = (
        "`<<` merges mappings: give it an alias of a mapping (`<<: *defaults`) or a list of them"
    )
    assert found == [("api.yaml", 3, 3, "E203", message)]


def test_allow_secret_comments_are_recorded_by_line(files):
    spec, found = files.load_text("""\
        apigen: 1
        headers:
          X-Debug: d3adb33f  # apigen: allow-secret
          Accept: application/json
        note: "# apigen: allow-secret in text counts as well"
        """)
    assert found == []
    assert spec is not None
    assert spec.allow_secret_lines == frozenset({("api.yaml", 3), ("api.yaml", 5)})


def test_lines_end_at_carriage_returns_too(files):
    files.write("api.yaml", b"apigen: 1\r\nkey: x # apigen: allow-secret\r\nother: y\r")
    spec, found = files.load()
    assert found == []
    assert spec is not None
    assert spec.allow_secret_lines == frozenset({("api.yaml", 2)})
    assert spec.source.values[("other",)].line == 3
