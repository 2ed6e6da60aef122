"""One mistake does not hide the others: every stage reports on every part it can read."""

from __future__ import annotations

from pathlib import Path

from apigen.diagnostics import Diagnostics, Severity
from apigen.pipeline import check_file

SPEC = """\
apigen: 1
package: {name: sdk}
collections:
  - name: Shop
    base_url: https://shop.example
    calls:
      - name: Get item
        use_as: data
        path: /items/{item_id}
        response: {samples: [{file: samples/missing.json}]}
"""


def _codes(tmp_path: Path, text: str) -> list[tuple[int, str]]:
    spec = tmp_path / "apigen.yaml"
    spec.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    assert check_file(spec, diagnostics) is None
    return sorted((d.position.line, d.code) for d in diagnostics if d.severity is Severity.ERROR)


def test_a_missing_sample_file_hides_no_rule_of_the_spec(tmp_path: Path) -> None:
    assert _codes(tmp_path, SPEC) == [(9, "E302"), (10, "E101")]


TWO_MISTAKES = """\
apigen: 1
package: {name: sdk}
collections:
  - name: Shop
    base_url: https://shop.example
    calls:
      - name: Get item
        use_as: data
        path: /items/{item_id}
        parameters:
          - {name: item_id, in: path, type: numbr}
      - name: List items
        use_as: data
        path: /shops/{shop}/items
"""


def test_a_shape_error_hides_no_rule_of_the_valid_calls(tmp_path: Path) -> None:
    # The broken call is left out of the rules: they would find its {item_id} undeclared.
    assert _codes(tmp_path, TWO_MISTAKES) == [(11, "E204"), (14, "E302")]


BROKEN_COLLECTION = """\
apigen: 1
package: {name: sdk}
collections:
  - name: Shop
    base_url: https://shop.example
    auth: {type: api_key}
    calls:
      - {name: Get item, use_as: data, path: "/items/{item_id}"}
  - name: Shop
    base_url: ftp://shop.example
"""


def test_a_broken_collection_is_left_out_of_the_rules(tmp_path: Path) -> None:
    # Its call would lack a path parameter, and its name clashes: neither is reported.
    assert _codes(tmp_path, BROKEN_COLLECTION) == [(6, "E204"), (10, "E307")]
