"""Authentication kinds, secret resolution, MissingCredentialsError and environments."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.servers.recording import RecordingServer, Reply

from .conftest import (
    ACME_KEY,
    BASIC_PASSWORD,
    BASIC_USERNAME,
    KEYED_ACCOUNT,
    KEYED_KEY,
    Demo,
    MakeCaller,
)

pytestmark = pytest.mark.usefixtures("secret_env")


@pytest.fixture(autouse=True)
def routes(recording_server: RecordingServer) -> None:
    for path in ("/whoami", "/health", "/raw"):
        recording_server.route("GET", path, Reply.json({"me": "yes"}))


@pytest.fixture(params=["sync", "async"])
def client_prefix(request: pytest.FixtureRequest) -> str:
    """Construction is shared by both client kinds; check each anyway."""
    return "" if request.param == "sync" else "Async"


def client_class(demo: Demo, prefix: str, collection: str) -> Any:
    return getattr(demo.package, f"{prefix}{collection}Client")


def test_header_key(make_caller: MakeCaller, recording_server: RecordingServer) -> None:
    make_caller("AcmeCrm")("health")
    make_caller("AcmeCrm")("get_raw")
    health, raw = recording_server.requests
    assert health.header("Authorization") is None  # skip_auth
    assert raw.header("Authorization") == f"Bearer {ACME_KEY}"


def test_keyword_wins_over_environment(
    make_caller: MakeCaller, recording_server: RecordingServer
) -> None:
    make_caller("AcmeCrm", acme_api_key="from-keyword")("get_raw")
    assert recording_server.last.header("Authorization") == "Bearer from-keyword"


def test_query_key_and_private_query_parameter(
    make_caller: MakeCaller, recording_server: RecordingServer
) -> None:
    assert make_caller("Keyed")("whoami", verbose=True) == {"me": "yes"}
    request = recording_server.last
    assert request.query_pairs() == [
        ("account", KEYED_ACCOUNT),
        ("verbose", "true"),
        ("api_key", KEYED_KEY),
    ]
    assert request.header("Authorization") is None


def test_basic(make_caller: MakeCaller, recording_server: RecordingServer) -> None:
    make_caller("Basic")("whoami")
    token = base64.b64encode(f"{BASIC_USERNAME}:{BASIC_PASSWORD}".encode()).decode()
    assert recording_server.last.header("Authorization") == f"Basic {token}"


def test_no_auth(make_caller: MakeCaller, recording_server: RecordingServer) -> None:
    make_caller("Open")("whoami")
    request = recording_server.last
    assert request.header("Authorization") is None
    assert request.query == ""


def test_missing_credentials_lists_every_variable(
    demo: Demo, client_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ACME_API_KEY")
    monkeypatch.delenv("ACME_WORKSPACE")
    with pytest.raises(demo.package.MissingCredentialsError) as caught:
        client_class(demo, client_prefix, "AcmeCrm")()
    error = caught.value
    assert error.variables == ("ACME_API_KEY", "ACME_WORKSPACE")
    assert error.keywords == ("acme_api_key", "acme_workspace")
    assert str(error) == (
        "Acme CRM: missing credentials: set ACME_API_KEY (or pass acme_api_key=...), "
        "ACME_WORKSPACE (or pass acme_workspace=...)"
    )
    assert isinstance(error, demo.package.APIError)


def test_missing_credentials_names_only_what_is_missing(
    demo: Demo, client_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BASIC_PASSWORD")
    with pytest.raises(demo.package.MissingCredentialsError) as caught:
        client_class(demo, client_prefix, "Basic")(basic_username="given")
    assert caught.value.variables == ("BASIC_PASSWORD",)
    client_class(demo, client_prefix, "Basic")(basic_password="given")


def test_environment_picks_base_url_and_suffixed_variables(
    demo: Demo, client_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cls = client_class(demo, client_prefix, "AcmeCrm")
    with pytest.raises(demo.package.MissingCredentialsError) as caught:
        cls(environment="sandbox")
    assert caught.value.variables == ("ACME_API_KEY_SANDBOX", "ACME_WORKSPACE_SANDBOX")
    monkeypatch.setenv("ACME_API_KEY_SANDBOX", "sandbox-key")
    monkeypatch.setenv("ACME_WORKSPACE_SANDBOX", "sandbox-workspace")
    assert cls(environment="sandbox").base_url == "https://sandbox.acme.example/v1"
    assert cls().base_url == "https://api.acme.example/v1"
    assert cls(environment="sandbox", base_url="http://explicit").base_url == "http://explicit"


def test_environment_secrets_reach_the_request(
    make_caller: MakeCaller, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACME_API_KEY_SANDBOX", "sandbox-key")
    monkeypatch.setenv("ACME_WORKSPACE_SANDBOX", "sandbox-workspace")
    make_caller("AcmeCrm", environment="sandbox")("get_raw")
    assert recording_server.last.header("Authorization") == "Bearer sandbox-key"


def test_unknown_environment_lists_the_known_ones(demo: Demo, client_prefix: str) -> None:
    with pytest.raises(ValueError, match=r"unknown environment 'prod' .*known: sandbox"):
        client_class(demo, client_prefix, "AcmeCrm")(environment="prod")
    with pytest.raises(ValueError, match=r"known: none"):
        client_class(demo, client_prefix, "Open")(environment="prod")
