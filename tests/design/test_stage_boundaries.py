"""One mistake does not hide the others: every stage reports on every part it can read."""

from __future__ import annotations

from pathlib import Path

from apigen.diagnostics import Diagnostics
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
    return sorted((d.position.line, d.code) for d in diagnostics)


def test_a_missing_sample_file_hides_no_rule_of_the_spec(tmp_path: Path) -> None:
    assert _codes(tmp_path, SPEC) == [(9, "E302"), (10, "E101")]
