"""Nothing secret reaches the disk: httpbin echoes every credential back, and none is recorded."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest

from apigen.live.scrub import REDACTED, Scrubber
from tests.live.conftest import apigen

SECRETS = {
    "ECHO_TOKEN": "tok-9d8c7b6a5f4e",
    "ECHO_ACCOUNT": "acct/secret+value&x=1",  # changes when URL-encoded
    "ECHO_TRACE": "trace-77b1e0c2",
    "ECHO_USER": "basic-user-5521",
    "ECHO_PASSWORD": "pa ss:w0rd-9931",
}

ECHO_SPEC = """\
apigen: 1
package: {{name: echo_sdk}}
collections:
  - name: Echo
    base_url: {url}
    auth: {{type: private_key_in_header, prefix: "Bearer ", env: ECHO_TOKEN}}
    shared_parameters:
      - {{name: account, in: query, private: true, env: ECHO_ACCOUNT}}
    calls:
      - name: Echo request
        use_as: data
        path: /anything/echo
        parameters:
          - {{name: X-Trace, in: header, private: true, env: ECHO_TRACE}}
          - {{name: note, in: query, example: hello}}
      - {{name: Bearer, use_as: data, path: /bearer}}
  - name: Echo basic
    base_url: {url}
    auth: {{type: basic, username_env: ECHO_USER, password_env: ECHO_PASSWORD}}
    calls:
      - {{name: Echo basic, use_as: data, path: /anything/basic}}
"""


def _forms(secret: str) -> set[str]:
    return {secret, quote(secret, safe=""), quote_plus(secret)}


def _without_server_log(stderr: str) -> str:
    """What apigen printed: the in-process httpbin logs each request line to stderr too."""
    return "\n".join(line for line in stderr.splitlines() if not line.startswith("127.0.0.1 - "))


def test_no_secret_echoed_by_the_server_is_written(
    workdir: Path, httpbin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    spec = workdir / "apigen.yaml"
    spec.write_text(ECHO_SPEC.format(url=httpbin.url))

    run = apigen("initialize", str(spec))

    assert run.exit_code == 0, run.stderr
    basic = base64.b64encode(f"{SECRETS['ECHO_USER']}:{SECRETS['ECHO_PASSWORD']}".encode())
    forbidden = {form for value in SECRETS.values() for form in _forms(value)}
    forbidden |= {basic.decode(), "Bearer tok-"}
    files = [path for path in workdir.rglob("*") if path.is_file()]
    assert len(files) == 4  # the spec and three samples
    for path in files:
        content = path.read_bytes()
        assert not [form for form in forbidden if form.encode() in content], path
    for output in (run.stdout, _without_server_log(run.stderr)):
        assert not [form for form in forbidden if form in output]
    echoed = json.loads((workdir / "samples/echo/echo_request.json").read_text())
    assert echoed["args"] == {"account": REDACTED, "note": "hello"}
    assert echoed["headers"]["Authorization"] == REDACTED
    assert echoed["headers"]["X-Trace"] == REDACTED
    assert echoed["url"].endswith(f"/anything/echo?account={REDACTED}&note=hello")
    bearer = json.loads((workdir / "samples/echo/bearer.json").read_text())
    assert bearer == {"authenticated": True, "token": REDACTED}
    basic_echo = json.loads((workdir / "samples/echo_basic/echo_basic.json").read_text())
    assert basic_echo["headers"]["Authorization"] == REDACTED


def test_a_failing_call_shows_its_body_without_secrets(
    workdir: Path, httpbin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    spec = workdir / "apigen.yaml"
    spec.write_text(ECHO_SPEC.format(url=httpbin.url).replace("/anything/echo", "/status/418"))

    run = apigen("initialize", str(spec), "Echo request")

    assert run.exit_code == 1
    assert "HTTP 418" in run.stderr
    shown = _without_server_log(run.stderr)
    assert "-=[ teapot ]=-" in shown
    assert not [form for form in _forms(SECRETS["ECHO_ACCOUNT"]) if form in shown]


def test_secrets_are_replaced_in_every_form_and_place() -> None:
    scrubber = Scrubber(["s3cr/t+1", "42", "ab"])

    assert scrubber.text("key=s3cr%2Ft%2B1&x") == f"key={REDACTED}&x"
    assert scrubber.text("key=s3cr%2ft%2b1") == f"key={REDACTED}"
    assert scrubber.text("key=s3cr/t%2B1") == f"key={REDACTED}"  # as httpx encodes a query
    assert scrubber.text("path s3cr/t+1 end") == f"path {REDACTED} end"
    assert scrubber.data({"s3cr/t+1": [42, 420, "42", "abc", "ab"]}) == {
        REDACTED: [REDACTED, 420, REDACTED, "abc", REDACTED]
    }
    assert scrubber.content(b"\x00s3cr/t+1\xff") == b"\x00" + REDACTED.encode() + b"\xff"
    assert "s3cr" not in repr(scrubber)
