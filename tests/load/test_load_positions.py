"""Every key and value keeps the line and column where it is written (counted from 1)."""

from apigen.diagnostics import Position

SPEC = """\
apigen: 1
package:
  name: acme_sdk
  version: 0.1.0
collections:
  - name: Acme CRM
    base_url: https://api.acme.example/v1
    calls:
      - name: List contacts
        method: GET
        parameters:
          - {name: limit, in: query, type: integer, default: 20}
          - name: cursor
            in: query
        body: |
          {"email": "<email>"}
        response:
          samples:
            - inline: {"id": "c_1", "tags": ["a", "b"]}
"""

CALL = ("collections", 0, "calls", 0)


def at(line: int, column: int) -> Position:
    return Position("api.yaml", line, column)


def test_the_data_is_plain_python(files):
    spec, found = files.load_text(SPEC)
    assert found == []
    assert spec is not None
    assert spec.data == {
        "apigen": 1,
        "package": {"name": "acme_sdk", "version": "0.1.0"},
        "collections": [
            {
                "name": "Acme CRM",
                "base_url": "https://api.acme.example/v1",
                "calls": [
                    {
                        "name": "List contacts",
                        "method": "GET",
                        "parameters": [
                            {"name": "limit", "in": "query", "type": "integer", "default": 20},
                            {"name": "cursor", "in": "query"},
                        ],
                        "body": '{"email": "<email>"}\n',
                        "response": {"samples": [{"inline": {"id": "c_1", "tags": ["a", "b"]}}]},
                    }
                ],
            }
        ],
    }


def test_block_mappings_keep_key_and_value_positions(files):
    spec, _ = files.load_text(SPEC)
    assert spec is not None
    source = spec.source
    assert source.values[()] == at(1, 1)
    assert (source.keys[("apigen",)], source.values[("apigen",)]) == (at(1, 1), at(1, 9))
    assert (source.keys[("package",)], source.values[("package",)]) == (at(2, 1), at(3, 3))
    assert source.keys[("package", "version")] == at(4, 3)
    assert source.values[("package", "version")] == at(4, 12)
    assert source.values[("collections",)] == at(6, 3)  # the first `-`
    assert source.values[("collections", 0)] == at(6, 5)
    assert source.values[("collections", 0, "base_url")] == at(7, 15)
    assert source.keys[(*CALL, "name")] == at(9, 9)
    assert source.values[(*CALL, "method")] == at(10, 17)


def test_flow_mappings_and_sequences_keep_positions(files):
    spec, _ = files.load_text(SPEC)
    assert spec is not None
    source = spec.source
    limit = (*CALL, "parameters", 0)
    assert source.values[limit] == at(12, 13)  # the `{`
    assert (source.keys[(*limit, "in")], source.values[(*limit, "in")]) == (at(12, 27), at(12, 31))
    assert source.values[(*limit, "default")] == at(12, 62)
    cursor = (*CALL, "parameters", 1)
    assert source.values[cursor] == at(13, 13)
    assert (source.keys[(*cursor, "in")], source.values[(*cursor, "in")]) == (
        at(14, 13),
        at(14, 17),
    )


def test_block_scalars_and_inline_samples_keep_positions(files):
    spec, _ = files.load_text(SPEC)
    assert spec is not None
    source = spec.source
    assert source.values[(*CALL, "body")] == at(15, 15)  # the `|`
    inline = (*CALL, "response", "samples", 0, "inline")
    assert source.keys[inline] == at(19, 15)
    assert source.values[inline] == at(19, 23)
    assert source.keys[(*inline, "tags")] == at(19, 37)
    assert source.values[(*inline, "tags", 1)] == at(19, 51)


def test_source_map_lookups_fall_back_to_the_nearest_node(files):
    spec, _ = files.load_text(SPEC)
    assert spec is not None
    assert spec.source.value((*CALL, "description")) == at(9, 9)  # a missing key: its call
    assert spec.source.key((*CALL, "parameters", 0)) == at(12, 13)  # list items have no key


def test_columns_count_characters_not_bytes(files):
    spec, found = files.load_text("naïve: ünïcode\nnext: x\n")
    assert found == []
    assert spec is not None
    assert spec.source.values[("naïve",)] == at(1, 8)


def test_an_alias_gives_each_copy_the_anchored_positions(files):
    spec, found = files.load_text("""\
        limit: &limit {name: limit, in: query}
        calls:
          - parameters: [*limit]
        """)
    assert found == []
    assert spec is not None
    assert spec.data["calls"][0]["parameters"][0] == {"name": "limit", "in": "query"}
    assert spec.source.values[("calls", 0, "parameters", 0, "in")] == at(1, 33)


def test_a_byte_order_mark_is_accepted_and_takes_no_column(files):
    files.write("api.yaml", b"\xef\xbb\xbfapigen: 1\n")
    spec, found = files.load()
    assert found == []
    assert spec is not None
    assert spec.data == {"apigen": 1}
    assert spec.source.keys[("apigen",)] == at(1, 1)
