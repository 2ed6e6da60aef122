"""`apigen explain` and the map summary of `apigen build`, run as users run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from apigen.cli import cli

ROOT = Path(__file__).resolve().parents[2]
CRM = ROOT / "examples" / "crm" / "apigen.yaml"
SPEC = """\
apigen: 1
package: {name: shop_sdk}
collections:
  - name: Shop
    base_url: https://api.shop.example/v1
    calls:
      - name: Get charge
        use_as: data
        path: /charges/{id}
        parameters: [{name: id, in: path}]
        response:
          samples:
            - inline: {id: ch_1, amount: 10, phone: null, metadata: {order_id: "6735"}}
            - inline: {id: ch_2, amount: 10.5, phone: null, metadata: {cart: "42"}}
      - name: List charges
        use_as: data
        path: /charges
        response:
          samples:
            - inline: {object: list, data: [{id: ch_3, amount: 1, phone: null, metadata: {}}]}
          types:
            data[].phone: string
"""


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "apigen.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def test_explain_gives_one_line_per_field_with_its_reasons(spec: Path) -> None:
    result = CliRunner().invoke(cli, ["explain", str(spec), "get_charge"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        lines[0]
        == "get_charge: model Charge, one class for the responses of get_charge, list_charges"
    )
    assert lines[1] == "  id: str (in 3 of 3 objects)"
    assert lines[2] == "  amount: float (in 3 of 3 objects; integers and floats seen, so float)"
    assert lines[3] == "  phone: str | None (in 3 of 3 objects; types hint: string; null seen)"
    assert lines[4].startswith("  metadata: dict[str, str] (in 3 of 3 objects; a map: `metadata`")


def test_explain_follows_a_place(spec: Path) -> None:
    result = CliRunner().invoke(cli, ["explain", str(spec), "List charges", "data[]"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("list_charges data[]: model Charge")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nope"], "has no call 'nope'; its calls: get_charge, list_charges"),
        (["get_charge", "amount.x"], "no sample has the place 'amount.x'"),
        (["get_charge", "a..b"], "'a..b' is not a place"),
    ],
)
def test_explain_refuses_what_does_not_exist(
    spec: Path, arguments: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["explain", str(spec), *arguments])
    assert result.exit_code == 2
    assert message in result.output


def test_create_contact_of_the_crm_example_returns_contact() -> None:
    result = CliRunner().invoke(cli, ["explain", str(CRM), "create_contact"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("create_contact: model Contact")


def test_build_lists_the_places_that_became_maps(spec: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "apigen", "build", str(spec), "-o", str(tmp_path / "out")]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "1 places typed as maps (dict[str, ...]):" in run.stderr
    assert "  shop: Charge.metadata (`metadata` conventionally holds a map" in run.stderr


def test_explain_of_a_list_explains_its_items() -> None:
    weather = ROOT / "examples" / "weather" / "apigen.yaml"
    result = CliRunner().invoke(cli, ["explain", str(weather), "search_cities"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("search_cities []: model City")
