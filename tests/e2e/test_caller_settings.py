"""What the caller says wins over what the spec says, with measured attempt counts.

Precedence: per-request ``timeout`` > ``with_options`` / constructor arguments given explicitly >
the call's ``timeout`` / ``max_retries`` in the spec > the runtime's defaults. A 429 is retried
for every call; other statuses only for calls that may be repeated. Credentials: an empty
variable is a value, an optional private parameter may be unset.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from tests.servers.recording import RecordingServer, Reply

from .support import MODES, build_spec, import_built, unload

PACKAGE = "settings_sdk"
OK = {"ok": True}
# Slower than the call's own timeout (0.3 s in the spec), well within the caller's (5 s).
SLOW = Reply.json(OK, delay=0.8)
BUSY = Reply.json({"error": "busy"}, status=503, headers=(("Retry-After", "0"),))
LIMITED = Reply.json({"error": "slow down"}, status=429, headers=(("Retry-After", "0"),))


def call(name: str, method: str, path: str, **keys: Any) -> dict[str, Any]:
    use_as = "data" if method == "GET" else "action"
    response = {"samples": [{"inline": OK}]}
    fields = {"name": name, "use_as": use_as, "method": method, "path": path}
    return {**fields, "response": response, **keys}


SPEC: dict[str, Any] = {
    "apigen": 1,
    "package": {"name": PACKAGE},
    "collections": [
        {
            "name": "Settings",
            "base_url": "http://127.0.0.1:9",
            "auth": {"type": "basic", "username_env": "SET_USER", "password_env": "SET_PASSWORD"},
            "shared_parameters": [
                {
                    "name": "account",
                    "in": "query",
                    "private": True,
                    "required": False,
                    "env": "SET_ACCOUNT",
                }
            ],
            "calls": [
                call("Slow", "GET", "/slow", timeout=0.3),
                call("Flaky", "GET", "/flaky", max_retries=3),
                call("Plain", "GET", "/plain"),
                call("Create charge", "POST", "/charges"),
            ],
        }
    ],
}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("settings")
    files, errors = build_spec(SPEC, root / "spec")
    assert files is not None and not errors, errors
    try:
        yield import_built(files, root / "out", PACKAGE)
    finally:
        unload([PACKAGE])


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SET_USER", "sk_test_user")
    monkeypatch.setenv("SET_PASSWORD", "")  # Stripe's basic auth: a key and a blank password
    monkeypatch.delenv("SET_ACCOUNT", raising=False)


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def outcome(
    mode: str,
    settings: ModuleType,
    server: RecordingServer,
    method: str,
    client_kwargs: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Any:
    """What the call returned, or the API error it raised."""
    client_kwargs = {"base_url": server.url, **(client_kwargs or {})}
    try:
        if mode == "sync":
            with settings.SettingsClient(**client_kwargs) as client:
                target = client.with_options(**options) if options else client
                return getattr(target, method)(**kwargs)

        async def run() -> Any:
            async with settings.AsyncSettingsClient(**client_kwargs) as client:
                target = client.with_options(**options) if options else client
                return await getattr(target, method)(**kwargs)

        return asyncio.run(run())
    except settings.APIError as error:
        return error


@pytest.mark.parametrize(
    ("client_kwargs", "options", "kwargs", "times_out"),
    [
        ({}, None, {}, True),  # the spec's 0.3 s
        ({"timeout": 5}, None, {}, False),  # the constructor's, given explicitly
        ({}, {"timeout": 5}, {}, False),  # with_options
        ({"timeout": 5}, {"timeout": 0.1}, {}, True),  # with_options over the constructor
        ({"timeout": 0.1}, None, {"timeout": 5}, False),  # the call's own over the client's
        ({"timeout": 5}, {"timeout": 5}, {"timeout": 0.1}, True),
    ],
    ids=["spec", "constructor", "with-options", "options-over-constructor", "call", "call-short"],
)
def test_timeout_precedence(
    mode: str,
    settings: ModuleType,
    recording_server: RecordingServer,
    client_kwargs: dict[str, Any],
    options: dict[str, Any] | None,
    kwargs: dict[str, Any],
    times_out: bool,
) -> None:
    recording_server.route("GET", "/slow", SLOW)
    client_kwargs = {**client_kwargs, "max_retries": 0}
    result = outcome(mode, settings, recording_server, "slow", client_kwargs, options, **kwargs)
    if times_out:
        assert isinstance(result, settings.APITimeoutError)
    else:
        assert result.model_dump() == OK
    assert len(recording_server.requests) == 1


@pytest.mark.parametrize(
    ("method", "client_kwargs", "options", "attempts"),
    [
        ("flaky", {}, None, 4),  # the spec's max_retries: 3
        ("flaky", {"max_retries": 0}, None, 1),  # the constructor's 0, given explicitly
        ("flaky", {"max_retries": 0}, {"max_retries": 1}, 2),  # with_options over it
        ("flaky", {}, {"max_retries": 5}, 6),
        ("plain", {}, None, 3),  # the default: 2 retries
    ],
    ids=["spec", "constructor", "with-options", "with-options-over-spec", "default"],
)
def test_retry_precedence(
    mode: str,
    settings: ModuleType,
    recording_server: RecordingServer,
    method: str,
    client_kwargs: dict[str, Any],
    options: dict[str, Any] | None,
    attempts: int,
) -> None:
    recording_server.route("GET", f"/{method}", BUSY)
    result = outcome(mode, settings, recording_server, method, client_kwargs, options)
    assert isinstance(result, settings.InternalServerError)
    assert len(recording_server.requests) == attempts


def test_429_is_retried_for_an_action(
    mode: str, settings: ModuleType, recording_server: RecordingServer
) -> None:
    recording_server.route("POST", "/charges", LIMITED, LIMITED, Reply.json(OK))
    result = outcome(mode, settings, recording_server, "create_charge")
    assert result.model_dump() == OK
    assert len(recording_server.requests) == 3


def test_other_errors_of_an_action_are_not_retried(
    mode: str, settings: ModuleType, recording_server: RecordingServer
) -> None:
    recording_server.route("POST", "/charges", BUSY, Reply.json(OK))
    result = outcome(mode, settings, recording_server, "create_charge", {"max_retries": 5})
    assert isinstance(result, settings.InternalServerError)
    assert len(recording_server.requests) == 1


def test_with_options_shares_the_connection_pool(
    settings: ModuleType, recording_server: RecordingServer
) -> None:
    recording_server.route("GET", "/plain", Reply.json(OK))
    with settings.SettingsClient(base_url=recording_server.url) as client:
        other = client.with_options(max_retries=0, headers={"X-A": "1"})
        assert other._http is client._http
        other.close()  # leaves the shared pool open
        assert client.plain().model_dump() == OK
        assert (client.max_retries, other.max_retries) == (2, 0)


def test_an_empty_variable_is_a_value_and_an_optional_secret_may_be_unset(
    mode: str, settings: ModuleType, recording_server: RecordingServer
) -> None:
    recording_server.route("GET", "/plain", Reply.json(OK))
    outcome(mode, settings, recording_server, "plain")
    sent = recording_server.last
    assert sent.header("Authorization") == "Basic " + base64.b64encode(b"sk_test_user:").decode()
    assert sent.query == ""  # the optional private parameter is not sent


def test_an_optional_secret_that_is_set_is_sent(
    mode: str, settings: ModuleType, recording_server: RecordingServer, monkeypatch: Any
) -> None:
    monkeypatch.setenv("SET_ACCOUNT", "acct_1")
    recording_server.route("GET", "/plain", Reply.json(OK))
    outcome(mode, settings, recording_server, "plain")
    assert recording_server.last.query == "account=acct_1"


def test_the_package_logger_prints_nothing_unless_configured(settings: ModuleType) -> None:
    handlers = logging.getLogger(f"{PACKAGE}._runtime").handlers
    assert [type(handler) for handler in handlers] == [logging.NullHandler]


def test_env_file_supplies_what_the_environment_lacks(
    settings: ModuleType, recording_server: RecordingServer, monkeypatch: Any, tmp_path: Any
) -> None:
    monkeypatch.delenv("SET_PASSWORD")
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# secrets\nexport SET_USER=from-file\nSET_PASSWORD='p w#1'\nSET_ACCOUNT=\n",
        encoding="utf-8",
    )
    recording_server.route("GET", "/plain", Reply.json(OK))
    with settings.SettingsClient(base_url=recording_server.url, env_file=env_file) as client:
        client.plain()
    sent = recording_server.last
    # The environment's SET_USER wins over the file's; an empty value in the file is a value.
    assert (
        sent.header("Authorization") == "Basic " + base64.b64encode(b"sk_test_user:p w#1").decode()
    )
    assert sent.query == "account="


def test_env_file_with_a_line_that_is_not_a_variable_is_refused(
    settings: ModuleType, tmp_path: Any
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SET_USER=a\nnot a variable\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"\.env: line\(s\) 2 are not KEY=VALUE lines"):
        settings.SettingsClient(env_file=str(env_file))
