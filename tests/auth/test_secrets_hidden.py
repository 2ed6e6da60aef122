"""Secrets and issued tokens appear in no repr or str of clients and auth objects, and in no
log record (httpx's, httpcore's or the package's), whatever the flows do."""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any

import pytest

from tests.servers.oauth_server import OAuthServer
from tests.servers.recording import RecordingServer, Reply

from .conftest import KeyPair, client_class, run_calls
from .test_custom_token import _custom_client, _get_data

pytestmark = pytest.mark.usefixtures("auth_env")

# The servers run in this process and log what servers know; every other logger is the client's.
SERVER_LOGGERS = frozenset({"authlib", "flask", "joserfc", "tests", "werkzeug"})
COLLECTIONS = ("Ledger", "PhotoAlbum", "Shipping", "Telemetry", "SensorHub", "Vault")
SECRET_VARIABLES = (
    "LEDGER_PASSWORD",
    "LEDGER_CLIENT_SECRET",
    "SHIPPING_CLIENT_SECRET",
    "TELEMETRY_PRIVATE_KEY",
    "SENSOR_HUB_PRIVATE_KEY",
)


def _secret_texts(auth_env: dict[str, str]) -> list[str]:
    """The secret values, and each line of a PEM key (a key may show up folded)."""
    texts = []
    for name in SECRET_VARIABLES:
        value = auth_env[name]
        lines = [line for line in value.splitlines() if line and not line.startswith("-----")]
        texts += lines or [value]
    return texts


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_clients_and_their_auth_show_no_secret(
    auth_sdk: ModuleType, auth_env: dict[str, str], collection: str, mode: str
) -> None:
    client = client_class(auth_sdk, collection, mode)()
    shown = " ".join(
        [repr(client), str(client), repr(client._auth), str(client._auth), repr(client._config)]
    )
    assert not [secret for secret in _secret_texts(auth_env) if secret in shown]


def test_no_log_record_holds_a_secret_or_a_token(
    auth_sdk: ModuleType,
    runtime: ModuleType,
    auth_env: dict[str, str],
    oauth_server: OAuthServer,
    recording_server: RecordingServer,
    ec_keys: KeyPair,
    caplog: pytest.LogCaptureFixture,
    mode: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    from joserfc.jwk import ECKey

    oauth_server.set_jwt_key(ECKey.import_key(ec_keys.public_pem))
    run_calls(
        auth_sdk, "Ledger", mode, "get_profile", oauth_server.revoke_access_tokens, "get_profile"
    )
    run_calls(auth_sdk, "Shipping", mode, "get_profile")
    run_calls(auth_sdk, "Telemetry", mode, "get_profile")
    with pytest.raises(auth_sdk.AuthenticationError):
        run_calls(auth_sdk, "Ledger", mode, "get_profile", ledger_password="wrong-password-11")
    # A token request with its key in the query string, as httpx logs URLs.
    recording_server.route("POST", "/sessions/eu%20west", Reply.json({"access_token": "t-55"}))
    recording_server.route("GET", "/data", Reply.json({"ok": True}))
    _get_data(_custom_client(runtime, recording_server.url, mode), mode)

    issued = [
        value
        for token in oauth_server.store.tokens.values()
        for value in (token.access_token, token.refresh_token)
        if value
    ]
    assert len(issued) >= 4
    logged = "\n".join(
        record.getMessage()
        for record in caplog.records
        if record.name.split(".")[0] not in SERVER_LOGGERS
    )
    assert "HTTP Request: POST" in logged  # httpx did log the token requests
    hidden = [*_secret_texts(auth_env), *issued, "wrong-password-11", "key-8812", "t-55"]
    assert [secret for secret in hidden if secret in logged] == []


def test_the_first_message_of_a_chain_of_causes_explains_a_bare_error(runtime: Any) -> None:
    cause_message = __import__(f"{runtime.__name__}.client", fromlist=["x"]).cause_message
    try:
        try:
            raise BrokenPipeError(32, "Broken pipe")
        except OSError as broken:
            raise RuntimeError() from broken
    except RuntimeError as bare:
        assert cause_message(bare) == "[Errno 32] Broken pipe"
    assert cause_message(RuntimeError()) is None
