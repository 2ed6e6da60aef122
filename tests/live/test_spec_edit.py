"""Edits of a spec's text that add or replace a call's samples and leave every other byte alone."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from apigen.live.spec_edit import EditError, apply, samples_edit
from tests.live.conftest import apigen
from tests.servers.recording import RecordingServer, Reply

CALL = ("collections", 0, "calls", 0)


def _edited(
    text: str,
    *,
    keep_old: bool = False,
    reference: str = "samples/c/call.json",
    status: int = 200,
) -> str:
    return apply(text, [samples_edit(text, CALL, [reference], keep_old=keep_old, status=status)])


def _spec(call: str) -> str:
    return f"collections:\n  - name: C\n    calls:\n{call}# end\n"


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(
            "      - name: A\n        path: /a   # trailing\n\n",
            "      - name: A\n        path: /a   # trailing\n"
            "        response:\n          samples:\n            - file: samples/c/call.json\n\n",
            id="no response: added after the last line, its comment kept",
        ),
        pytest.param(
            "      - name: A\n        body: |\n          {}\n\n\n",
            "      - name: A\n        body: |\n          {}\n"
            "        response:\n          samples:\n            - file: samples/c/call.json\n\n\n",
            id="after a block scalar, before its trailing blank lines",
        ),
        pytest.param(
            "      - {name: A, path: /a}\n",
            "      - {name: A, path: /a, response: {samples: [{file: samples/c/call.json}]}}\n",
            id="flow call",
        ),
        pytest.param(
            "      - name: A\n        response:\n          type: json # kept\n",
            "      - name: A\n        response:\n          samples:\n"
            "            - file: samples/c/call.json\n          type: json # kept\n",
            id="block response without samples",
        ),
        pytest.param(
            "      - name: A\n        response: {}\n",
            "      - name: A\n        response: {samples: [{file: samples/c/call.json}]}\n",
            id="empty flow response",
        ),
        pytest.param(
            "      - name: A\n        response:\n          samples:\n"
            "          - inline: {a: 1}  # old\n          - file: old.json\n          type: json\n",
            "      - name: A\n        response:\n          samples:\n"
            "          - file: samples/c/call.json\n          type: json\n",
            id="block samples replaced, indentless",
        ),
        pytest.param(
            "      - name: A\n        response: {samples: [{inline: 1}, {file: x.json}]}\n",
            "      - name: A\n        response: {samples: [{file: samples/c/call.json}]}\n",
            id="flow samples replaced",
        ),
    ],
)
def test_replacing(call: str, expected: str) -> None:
    assert _edited(_spec(call)) == _spec(expected)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(
            "      - name: A\n        response:\n          samples:\n"
            "            - file: old.json  # first\n\n",
            "      - name: A\n        response:\n          samples:\n"
            "            - file: old.json  # first\n            - file: samples/c/call.json\n\n",
            id="block",
        ),
        pytest.param(
            "      - name: A\n        response: {samples: [{file: old.json}]}\n",
            "      - name: A\n        response: {samples: [{file: old.json}, "
            "{file: samples/c/call.json}]}\n",
            id="flow",
        ),
        pytest.param(
            "      - name: A\n        response: {samples: []}\n",
            "      - name: A\n        response: {samples: [{file: samples/c/call.json}]}\n",
            id="empty flow",
        ),
    ],
)
def test_keeping_old_samples(call: str, expected: str) -> None:
    assert _edited(_spec(call), keep_old=True) == _spec(expected)


def test_paths_that_are_not_plain_yaml_are_quoted() -> None:
    text = _spec("      - {name: A}\n")

    edited = _edited(text, reference="samples/c/a: b #1.json")

    assert 'response: {samples: [{file: "samples/c/a: b #1.json"}]}' in edited


def test_samples_given_by_an_alias_are_not_extended() -> None:
    text = "base: &s [{file: a.json}]\n" + _spec(
        "      - name: A\n        response: {samples: *s}\n"
    )

    with pytest.raises(EditError, match="not written as a list"):
        samples_edit(text, ("collections", 0, "calls", 0), ["x.json"], keep_old=True)


def test_line_breaks_and_byte_order_mark_are_kept(
    workdir: Path, recording_server: RecordingServer
) -> None:
    text = (
        "apigen: 1\r\npackage: {name: crlf_sdk}\r\ncollections:\r\n  - name: Crlf\r\n"
        f"    base_url: {recording_server.url}\r\n    calls:\r\n"
        "      - name: Get é\r\n        use_as: data\r\n        path: /e\r\n"
    )
    spec = workdir / "crlf.yaml"
    spec.write_bytes(codecs.BOM_UTF8 + text.encode())
    recording_server.route("GET", "/e", Reply.json({"é": 1}))

    run = apigen("initialize", str(spec))

    assert run.exit_code == 0, run.stderr
    added = (
        "\r\n        response:\r\n          samples:\r\n            - file: samples/crlf/get_e.json"
    )
    assert spec.read_bytes() == codecs.BOM_UTF8 + (text[:-2] + added + "\r\n").encode()


@pytest.mark.parametrize(
    ("call", "keep_old", "expected"),
    [
        pytest.param(
            "      - name: A\n",
            False,
            "      - name: A\n        response:\n          samples:\n"
            "            - file: x.json\n              status: 201\n",
            id="no response",
        ),
        pytest.param(
            "      - name: A\n        response:\n          type: json\n",
            False,
            "      - name: A\n        response:\n          samples:\n"
            "            - file: x.json\n              status: 201\n          type: json\n",
            id="block response without samples",
        ),
        pytest.param(
            "      - name: A\n        response:\n          samples:\n          - file: a.json\n",
            True,
            "      - name: A\n        response:\n          samples:\n          - file: a.json\n"
            "          - file: x.json\n            status: 201\n",
            id="added after the old block samples",
        ),
        pytest.param(
            "      - {name: A, response: {samples: [{file: a.json}]}}\n",
            False,
            "      - {name: A, response: {samples: [{file: x.json, status: 201}]}}\n",
            id="flow samples",
        ),
        pytest.param(
            "      - {name: A}\n",
            False,
            "      - {name: A, response: {samples: [{file: x.json, status: 201}]}}\n",
            id="flow call",
        ),
    ],
)
def test_a_status_other_than_200_is_recorded_with_the_entry(
    call: str, keep_old: bool, expected: str
) -> None:
    edited = _edited(_spec(call), keep_old=keep_old, reference="x.json", status=201)
    assert edited == _spec(expected)
