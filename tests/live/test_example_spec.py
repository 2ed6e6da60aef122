"""The bundled CRM example, pointed at a local server: its data calls initialize and verify."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from apigen.diagnostics import Diagnostics
from apigen.load import load_spec
from tests.live.conftest import apigen, changed_lines
from tests.servers.recording import RecordingServer, Reply

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "crm"
EXAMPLE_SAMPLES = EXAMPLE / "samples"
# (collection index, call index, call name, route) of every data call of the example.
DATA_CALLS = [
    (0, 0, "Get status", "/crm/status"),
    (0, 1, "List contacts", "/crm/contacts"),
    (0, 2, "Get contact", "/crm/contacts/c_1001"),
    (1, 0, "List invoices", "/billing/invoices"),
    (1, 1, "Get invoice", "/billing/invoices/inv_2024_0042"),
]
_NEW_ENTRY = re.compile(r" +- file: samples/acme_(crm|billing)/\w+\.json\n")


@pytest.fixture
def example(
    workdir: Path, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A copy of the example whose base URLs lead to the local server, which answers its calls."""
    copy = workdir / "crm"
    shutil.copytree(EXAMPLE, copy)
    for name, old, new in (
        ("apigen.yaml", "https://api.acme.example/v1", f"{recording_server.url}/crm"),
        ("billing.yaml", "https://billing.acme.example/v1", f"{recording_server.url}/billing"),
    ):
        path = copy / name
        path.write_text(path.read_text().replace(old, new))
    status = {"status": "ok", "version": "2024.06.1", "time": "2024-06-01T08:00:00Z"}
    bodies = [
        {**status, "incident": None},
        _example_sample("list_contacts.json"),
        _example_sample("contact.json"),
        _example_sample("invoices.json"),
        _example_sample("invoice_paid.json"),
    ]
    for (_, _, _, route), body in zip(DATA_CALLS, bodies, strict=True):
        recording_server.route("GET", route, Reply.json(body))
    for variable in ("ACME_API_KEY", "ACME_WORKSPACE", "ACME_BILLING_USERNAME"):
        monkeypatch.setenv(variable, f"{variable.lower()}-value")
    monkeypatch.setenv("ACME_BILLING_PASSWORD", "billing password")
    return copy / "apigen.yaml"


def _example_sample(name: str) -> object:
    return json.loads((EXAMPLE_SAMPLES / name).read_text())


def test_the_data_calls_of_the_example_initialize(
    example: Path, recording_server: RecordingServer
) -> None:
    files = {path: path.read_text() for path in (example, example.parent / "billing.yaml")}
    data_before = _data(example)

    run = apigen("initialize", str(example), *[name for _, _, name, _ in DATA_CALLS])

    assert run.exit_code == 0, run.stderr
    added_lines = 0
    for path, before in files.items():
        removed, added = changed_lines(before, path.read_text())
        assert set(removed) <= _sample_list_lines(before), path
        assert all(_NEW_ENTRY.fullmatch(line) for line in added), added
        added_lines += len(added)
    assert added_lines == len(DATA_CALLS)
    data_after = _data(example)
    for collection, call, name, _ in DATA_CALLS:
        module = ["acme_crm", "acme_billing"][collection]
        method = name.lower().replace(" ", "_")
        reference = f"samples/{module}/{method}.json"
        calls_after = data_after["collections"][collection]["calls"]
        assert calls_after[call]["response"]["samples"] == [{"file": reference}]
        calls_after[call]["response"] = data_before["collections"][collection]["calls"][call][
            "response"
        ]
        assert (example.parent / reference).is_file()
    assert data_after == data_before  # apart from the samples of the data calls
    assert apigen("check", str(example)).exit_code == 0
    authorized = {r.path: r.header("Authorization") is not None for r in recording_server.requests}
    assert authorized == {route: route != "/crm/status" for _, _, _, route in DATA_CALLS}


def test_the_example_verifies_against_the_same_server(example: Path) -> None:
    assert apigen("initialize", str(example), "Get contact", "Get invoice").exit_code == 0

    run = apigen("verify", str(example))

    assert run.exit_code == 0, run.stdout
    assert run.stdout.splitlines()[-1] == "0 failed, 0 breaking, 0 additive, 5 unchanged, 0 skipped"


def _data(spec: Path) -> dict[str, Any]:
    loaded = load_spec(spec, Diagnostics())
    assert loaded is not None
    return loaded.data


def _sample_list_lines(text: str) -> set[str]:
    """The lines of every block ``samples:`` list in ``text``."""
    lines = text.splitlines(keepends=True)
    found: set[str] = set()
    for number, line in enumerate(lines):
        if line.strip() != "samples:":
            continue
        indent = len(line) - len(line.lstrip())
        block = []
        for following in lines[number + 1 :]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            block.append(following)
        while block and not block[-1].strip():
            block.pop()
        found.update(block)
    return found
