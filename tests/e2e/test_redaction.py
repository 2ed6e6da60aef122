"""Secrets in error messages: masked where they were sent, and in free text only when long.

A short secret ("1") masked as text would garble the message (``http://***27.0.0.***``) and
give itself away by where the stars fall; it is masked by position only (the query value it was
sent as). Credentials the auth flow derives (the Basic header, a fetched token, a signed JWT)
are masked like the secrets they come from, also when a server reflects them in its answer.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.servers.recording import RecordingServer, Reply

from .support import MODES, build_spec, import_built, unload

PACKAGE = "masked_sdk"
LONG_SECRET = "sk_live_" + "a1B2c3D4e5" * 3 + "xyzw"  # 40 characters
TOKEN = "tok-9f8e7d6c5b4a39281706"
JWT_KEY = "jwt-signing-key-that-is-long-enough-0123456789"


def charges_call(path: str = "/v1/charges") -> dict[str, Any]:
    return {
        "name": "List charges",
        "use_as": "data",
        "method": "GET",
        "path": path,
        "response": {"samples": [{"inline": {"data": []}}]},
        "on_error": "return",
    }


def collection(name: str, auth: dict[str, Any], path: str = "/v1/charges") -> dict[str, Any]:
    return {
        "name": name,
        "base_url": "http://127.0.0.1:9",
        "auth": auth,
        "calls": [charges_call(path)],
    }


SPEC: dict[str, Any] = {
    "apigen": 1,
    "package": {"name": PACKAGE},
    "collections": [
        collection("Keyed", {"type": "private_key_in_url", "param": "key", "env": "M_KEY"}),
        collection(
            "Basic", {"type": "basic", "username_env": "M_USER", "password_env": "M_PASSWORD"}
        ),
        collection(
            "Signed",
            {"type": "jwt", "algorithm": "HS256", "key_env": "M_JWT_KEY", "claims": {"iss": "m"}},
            "/v3/charges",
        ),
    ],
}


@pytest.fixture(scope="module")
def masked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("masked")
    files, errors = build_spec(SPEC, root / "spec")
    assert files is not None and not errors, errors
    try:
        yield import_built(files, root / "out", PACKAGE)
    finally:
        unload([PACKAGE])


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def failed(
    mode: str,
    client_class: type[Any],
    async_class: type[Any],
    prepare: Callable[[], None] | None = None,
    **kwargs: Any,
) -> Any:
    """The error of ``list_charges`` (a call that returns its error).

    With ``prepare``, the same client calls twice and ``prepare`` runs between the calls (to
    reflect a credential the first call sent).
    """
    calls = 1 if prepare is None else 2

    def between(index: int) -> None:
        if prepare is not None and index == 0:
            prepare()

    if mode == "sync":
        with client_class(max_retries=0, **kwargs) as client:
            for index in range(calls):
                result = client.list_charges()
                between(index)
    else:

        async def run() -> Any:
            async with async_class(max_retries=0, **kwargs) as client:
                for index in range(calls):
                    outcome = await client.list_charges()
                    between(index)
            return outcome

        result = asyncio.run(run())
    assert not result.ok
    return result


def texts(result: Any) -> list[str]:
    """Everything a user may print about the failure."""
    error = result.error
    return [str(error), repr(error), repr(result), str(error.body), result.model_dump_json()]


@pytest.mark.parametrize("secret", ["1", "abc", LONG_SECRET], ids=["1", "3", "40"])
def test_a_key_is_masked_where_it_was_sent_and_messages_stay_readable(
    mode: str, masked: ModuleType, recording_server: RecordingServer, secret: str, monkeypatch: Any
) -> None:
    monkeypatch.setenv("M_KEY", secret)
    body = {"error": "unexpected request"}
    recording_server.route("GET", "/v1/charges", Reply.json(body, status=401))
    result = failed(
        mode, masked.KeyedClient, masked.AsyncKeyedClient, base_url=recording_server.url
    )
    url = f"{recording_server.url}/v1/charges?key=***"
    assert str(result.error) == (f'401 Unauthorized: GET {url}: {{"error": "unexpected request"}}')
    assert result.error.request.url == url
    assert recording_server.last.query == f"key={secret}"


@pytest.mark.parametrize("secret", ["1", "abc", LONG_SECRET], ids=["1", "3", "40"])
def test_a_reflected_key_is_masked_in_text_only_when_long(
    mode: str, masked: ModuleType, recording_server: RecordingServer, secret: str, monkeypatch: Any
) -> None:
    monkeypatch.setenv("M_KEY", secret)
    body = {"error": f"bad key {secret}"}
    recording_server.route("GET", "/v1/charges", Reply.json(body, status=401))
    result = failed(
        mode, masked.KeyedClient, masked.AsyncKeyedClient, base_url=recording_server.url
    )
    shown = "***" if len(secret) >= 8 else secret
    assert str(result.error).endswith(f'{{"error": "bad key {shown}"}}')
    assert result.error.body == {"error": f"bad key {shown}"}
    if len(secret) >= 8:
        assert all(secret not in text for text in texts(result))


@pytest.fixture(autouse=True)
def secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("M_KEY", "1")
    monkeypatch.setenv("M_USER", "ab")
    monkeypatch.setenv("M_PASSWORD", "c")
    monkeypatch.setenv("M_TOKEN_SECRET", "s")
    monkeypatch.setenv("M_JWT_KEY", JWT_KEY)


def test_a_reflected_basic_header_is_masked(
    mode: str, masked: ModuleType, recording_server: RecordingServer
) -> None:
    header = "Basic " + base64.b64encode(b"ab:c").decode()  # 10 characters, from short secrets
    body = {"detail": f"forbidden for {header}", "token": header.removeprefix("Basic ")}
    recording_server.route("GET", "/v1/charges", Reply.json(body, status=403))
    result = failed(
        mode, masked.BasicClient, masked.AsyncBasicClient, base_url=recording_server.url
    )
    assert recording_server.last.header("Authorization") == header
    assert result.error.body == {"detail": "forbidden for ***", "token": "***"}
    assert all(header.removeprefix("Basic ") not in text for text in texts(result))


def test_a_reflected_fetched_token_is_masked(
    mode: str, recording_server: RecordingServer, tmp_path: Path
) -> None:
    auth = {
        "type": "oauth2_custom_token",
        "token_url": f"{recording_server.url}/token",  # where the test's server listens
        "parameters": [{"name": "secret", "in": "body", "private": True, "env": "M_TOKEN_SECRET"}],
    }
    spec = {**SPEC, "package": {"name": "tokened_sdk"}, "collections": [collection("T", auth)]}
    files, errors = build_spec(spec, tmp_path / "spec")
    assert files is not None and not errors, errors
    tokened = import_built(files, tmp_path / "out", "tokened_sdk")
    recording_server.route("POST", "/token", Reply.json({"access_token": TOKEN}))
    body = {"detail": f"token Bearer {TOKEN} lacks a scope"}
    recording_server.route("GET", "/v1/charges", Reply.json(body, status=403))
    try:
        result = failed(mode, tokened.TClient, tokened.AsyncTClient, base_url=recording_server.url)
    finally:
        unload(["tokened_sdk"])
    assert recording_server.last.header("Authorization") == f"Bearer {TOKEN}"
    assert result.error.body == {"detail": "token *** lacks a scope"}
    assert all(TOKEN not in text for text in texts(result))


def test_a_reflected_signed_jwt_is_masked(
    mode: str, masked: ModuleType, recording_server: RecordingServer
) -> None:
    recording_server.route("GET", "/v3/charges", Reply(status=403))
    signed: list[str] = []

    def reflect() -> None:
        """Answer the next call with the JWT this one was signed with."""
        header = recording_server.last.header("Authorization") or ""
        signed.append(header.removeprefix("Bearer "))
        recording_server.route("GET", "/v3/charges", Reply.text(f"bad jwt {signed[0]}", 403))

    result = failed(
        mode, masked.SignedClient, masked.AsyncSignedClient, reflect, base_url=recording_server.url
    )
    assert signed[0].count(".") == 2
    assert str(result.error).endswith(": bad jwt ***")
    assert all(signed[0] not in text for text in texts(result))
