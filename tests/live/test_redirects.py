"""`apigen initialize` and `apigen verify` follow redirects by the clients' own policy.

Two real servers on 127.0.0.1 (different ports, so different origins): the spec's origin
redirects every call to the other one, repeating what it was sent in the Location, as careless
servers do. Whatever the auth kind and wherever a private value travels, nothing secret reaches
the other origin: not the credential the spec names, nor one the auth flow derived from it (a
Basic header, a fetched token, a signed JWT).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.live.conftest import apigen
from tests.servers.recording import RecordedRequest, RecordingServer, Reply

KEY = "key-5f2b/+9c-0a1b2c3d4e5f60718293a4b5"
USER = "user-8123"
PASSWORD = "password-4471"
ACCOUNT = "account-6631"
ACCOUNT_ID = "acct-id-2290"
WORKSPACE = "workspace-0925"
TRACE = "trace-3310"
NOTE = "note-5521"
FETCHED_TOKEN = "fetched-token-7788"
SECRETS = {
    "R_KEY": KEY,
    "R_USER": USER,
    "R_PASSWORD": PASSWORD,
    "R_ACCOUNT": ACCOUNT,
    "R_ACCOUNT_ID": ACCOUNT_ID,
    "R_WORKSPACE": WORKSPACE,
    "R_TRACE": TRACE,
    "R_NOTE": NOTE,
}
BASIC = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

AUTH = {
    "private_key_in_url": "{type: private_key_in_url, param: api_key, env: R_KEY}",
    "private_key_in_header": "{type: private_key_in_header, header: X-Api-Key, env: R_KEY}",
    "basic": "{type: basic, username_env: R_USER, password_env: R_PASSWORD}",
    "oauth2_password": (
        "{type: oauth2_password, token_url: 'ORIGIN/token', username_env: R_USER, "
        "password_env: R_PASSWORD}"
    ),
    "oauth2_custom_token": (
        "{type: oauth2_custom_token, token_url: 'ORIGIN/token', header: X-Session, prefix: '', "
        "parameters: [{name: key, in: body, private: true, env: R_KEY}]}"
    ),
    "jwt": "{type: jwt, algorithm: HS256, key_env: R_KEY, claims: {iss: redirect-tests}}",
}

KEY_AUTH = ("private_key_in_url", "private_key_in_header", "oauth2_custom_token", "jwt")

SPEC = """\
apigen: 1
package: {{name: redirected_sdk}}
collections:
  - name: Redirected
    base_url: "{origin}"
    auth: {auth}
    shared_parameters:
      - {{name: X-Trace, in: header, private: true, env: R_TRACE}}
    calls:
      - name: Start
        use_as: data
        path: /start
        parameters:
          - {{name: workspace, in: query, private: true, env: R_WORKSPACE}}
          - {{name: X-Account, in: header, private: true, env: R_ACCOUNT}}
        response: {{samples: [{{inline: {{"landed": true}}}}]}}
      - name: Open account
        use_as: data
        path: /accounts/{{account}}
        parameters:
          - {{name: account, in: path, private: true, env: R_ACCOUNT_ID}}
        response: {{samples: [{{inline: {{"landed": true}}}}]}}
      - name: Submit
        use_as: action
        method: POST
        path: /submit
        parameters:
          - {{name: note, in: body, private: true, env: R_NOTE}}
        response: {{samples: [{{inline: {{"landed": true}}}}]}}
"""


@pytest.fixture
def elsewhere() -> Iterator[RecordingServer]:
    with RecordingServer() as server:
        yield server


def _serve(origin: RecordingServer, elsewhere: RecordingServer) -> None:
    # The Location repeats the query: the private value, and the key of private_key_in_url.
    landing = f"{elsewhere.url}/landing?api_key={quote(KEY, safe='')}&workspace={WORKSPACE}&p=2"
    origin.route("GET", "/start", Reply(302, headers=(("Location", landing),)))
    # A CDN-style redirect that keeps the path, and with it the private path value.
    account = f"{elsewhere.url}/accounts/{ACCOUNT_ID}"
    origin.route("GET", f"/accounts/{ACCOUNT_ID}", Reply(302, headers=(("Location", account),)))
    # 307 re-sends the body, private value included.
    submit = f"{elsewhere.url}/landing"
    origin.route("POST", "/submit", Reply(307, headers=(("Location", submit),)))
    origin.route("POST", "/token", Reply.json({"access_token": FETCHED_TOKEN, "expires_in": 3600}))
    elsewhere.route("GET", "/landing", Reply.json({"landed": True}))
    elsewhere.route("GET", f"/accounts/{ACCOUNT_ID}", Reply.json({"landed": True}))
    elsewhere.route("POST", "/landing", Reply.json({"landed": True}))


def _leaks(request: RecordedRequest, auth: str) -> list[str]:
    """The secrets, and credentials derived from them, that ``request`` carried.

    The key is a secret of the call only where the auth uses it; otherwise the origin's own
    Location put it there, and it is no secret of the call's.
    """
    text = " ".join([request.path, request.query, *(f"{n}: {v}" for n, v in request.headers)])
    text += request.body.decode("utf-8", "replace")
    secrets = [*SECRETS.values(), quote(KEY, safe=""), BASIC, FETCHED_TOKEN]
    if auth not in KEY_AUTH:
        secrets = [s for s in secrets if s not in (KEY, quote(KEY, safe=""))]
    found = [s for s in secrets if s in text]
    found += [name for name in ("Authorization", "X-Api-Key", "X-Session") if request.header(name)]
    if "eyJ" in text:  # a JSON Web Token
        found.append("a JWT")
    return found


def _spec(workdir: Path, origin: RecordingServer, auth: str) -> Path:
    path = workdir / "apigen.yaml"
    text = SPEC.format(origin=origin.url, auth=AUTH[auth].replace("ORIGIN", origin.url))
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def secrets_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)


@pytest.mark.usefixtures("secrets_set")
@pytest.mark.parametrize("auth", sorted(AUTH))
def test_initialize_sends_nothing_secret_to_another_origin(
    workdir: Path, recording_server: RecordingServer, elsewhere: RecordingServer, auth: str
) -> None:
    _serve(recording_server, elsewhere)
    spec = _spec(workdir, recording_server, auth)
    run = apigen("initialize", str(spec), "--yes")
    # Start follows its redirect (credentials stripped); the other two stop at the redirect.
    assert run.exit_code == 1, run.stdout + run.stderr
    assert "HTTP 302" in run.stdout + run.stderr and "HTTP 307" in run.stdout + run.stderr
    paths = [request.path for request in elsewhere.requests]
    assert paths == ["/landing"], paths
    (landing,) = elsewhere.requests
    assert _leaks(landing, auth) == []
    assert ("p", "2") in landing.query_pairs()
    started = [r for r in recording_server.requests if r.path == "/start"]
    assert started and _leaks(started[0], auth)  # the origin itself did get the credentials
    recorded = (workdir / "samples" / "redirected" / "start.json").read_text(encoding="utf-8")
    assert "landed" in recorded


@pytest.mark.usefixtures("secrets_set")
@pytest.mark.parametrize("auth", sorted(AUTH))
def test_verify_sends_nothing_secret_to_another_origin(
    workdir: Path, recording_server: RecordingServer, elsewhere: RecordingServer, auth: str
) -> None:
    _serve(recording_server, elsewhere)
    spec = _spec(workdir, recording_server, auth)
    run = apigen("verify", str(spec), "--yes")
    assert run.exit_code == 1, run.stdout + run.stderr  # Open account and Submit end at 30x
    assert "Redirected/Start: no drift" in run.stdout
    assert [request.path for request in elsewhere.requests] == ["/landing"]
    assert [_leaks(request, auth) for request in elsewhere.requests] == [[]]
