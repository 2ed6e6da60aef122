"""oauth2_user_agent: the generated Photo Album client through the authorization code flow with
PKCE, against a real OAuth server (authlib) that requires PKCE from public clients.

The user's browser is played by a plain GET of the authorization URL: the server signs the
user in, consents, and redirects to the redirect URI with the code and state.
"""

from __future__ import annotations

import base64
import inspect
import json
import stat
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.servers.oauth_server import REDIRECT_URI, OAuthServer

from .conftest import client_class, resolve, runtime_module, scenario

pytestmark = pytest.mark.usefixtures("auth_env")


def album(sdk: ModuleType, mode: str) -> Any:
    return client_class(sdk, "PhotoAlbum", mode)


def sign_in(authorization_url: str) -> tuple[str, str]:
    """What the user's browser brings back to the redirect URI: (code, state)."""
    response = httpx.get(authorization_url)
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI + "?")
    query = parse_qs(urlsplit(location).query)
    return query["code"][0], query["state"][0]


async def authorize(client: Any, state: str | None = None) -> None:
    code, returned_state = sign_in(client.authorization_url(state))
    await resolve(client.exchange_code(code, returned_state))


def test_authorization_url_carries_a_pkce_s256_challenge(
    auth_sdk: ModuleType, oauth_server: OAuthServer
) -> None:
    with auth_sdk.PhotoAlbumClient() as client:
        url = httpx.URL(client.authorization_url("state-1"))
    assert str(url).startswith(f"{oauth_server.url}/oauth/authorize?")
    params = dict(url.params)
    challenge = params.pop("code_challenge")
    assert params == {
        "response_type": "code",
        "client_id": "album-app",
        "redirect_uri": REDIRECT_URI,
        "scope": "photos.read",
        "state": "state-1",
        "code_challenge_method": "S256",
    }
    assert len(base64.urlsafe_b64decode(challenge + "=")) == 32  # a SHA-256 digest


def test_code_exchange_then_calls_with_the_token(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    async def body(client: Any) -> Any:
        await authorize(client, "state-1")
        return [await resolve(client.get_profile()) for _ in range(2)]

    profiles = scenario(album(auth_sdk, mode), body)
    assert [p.model_dump() for p in profiles] == [
        {"user": "ada", "client_id": "album-app", "scope": "photos.read"}
    ] * 2
    assert oauth_server.grant_types == ["authorization_code"]


def test_state_may_be_left_out_while_one_authorization_waits(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    async def body(client: Any) -> Any:
        code, state = sign_in(client.authorization_url())
        assert len(state) >= 16  # made by the client
        await resolve(client.exchange_code(code))
        return await resolve(client.get_profile())

    assert scenario(album(auth_sdk, mode), body).user == "ada"


def test_unknown_or_reused_state_is_refused(auth_sdk: ModuleType, mode: str) -> None:
    async def body(client: Any) -> None:
        with pytest.raises(ValueError, match="call authorization_url"):
            await resolve(client.exchange_code("some-code"))
        code, state = sign_in(client.authorization_url("state-1"))
        with pytest.raises(ValueError, match="unknown state"):
            await resolve(client.exchange_code(code, "forged-state"))
        await resolve(client.exchange_code(code, state))
        with pytest.raises(ValueError, match="unknown state"):
            await resolve(client.exchange_code(code, state))
        client.authorization_url("a")
        client.authorization_url("b")
        with pytest.raises(ValueError, match="2 authorizations are waiting"):
            await resolve(client.exchange_code(code))

    scenario(album(auth_sdk, mode), body)


def test_a_code_exchanged_with_another_states_verifier_is_refused(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    async def body(client: Any) -> None:
        code_a, _ = sign_in(client.authorization_url("a"))
        client.authorization_url("b")
        with pytest.raises(auth_sdk.TokenRequestError) as caught:
            await resolve(client.exchange_code(code_a, "b"))
        assert caught.value.status_code == 400
        assert caught.value.body["error"] == "invalid_grant"
        assert "Code challenge failed" in str(caught.value)

    scenario(album(auth_sdk, mode), body)


def test_calls_before_authorization_raise(auth_sdk: ModuleType, mode: str) -> None:
    async def body(client: Any) -> None:
        with pytest.raises(auth_sdk.AuthorizationRequiredError) as caught:
            await resolve(client.get_profile())
        assert "authorization_url()" in str(caught.value)
        assert isinstance(caught.value, auth_sdk.APIError)

    scenario(album(auth_sdk, mode), body)


def test_an_expiring_token_is_refreshed(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = runtime_module("tokens")
    real_now = tokens.now

    async def body(client: Any) -> Any:
        await authorize(client)
        monkeypatch.setattr(tokens, "now", lambda: real_now() + 10 * 86400)
        return await resolve(client.get_profile())

    assert scenario(album(auth_sdk, mode), body).user == "ada"
    assert oauth_server.grant_types == ["authorization_code", "refresh_token"]


def test_a_refused_refresh_raises_token_request_error(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    async def body(client: Any) -> None:
        await authorize(client)
        oauth_server.revoke_access_tokens()
        oauth_server.revoke_refresh_tokens()
        with pytest.raises(auth_sdk.TokenRequestError) as caught:
            await resolve(client.get_profile())
        assert caught.value.body["error"] == "invalid_grant"

    scenario(album(auth_sdk, mode), body)
    assert oauth_server.grant_types == ["authorization_code", "refresh_token"]


def test_a_file_token_store_carries_the_token_to_a_new_client(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str, tmp_path: Path
) -> None:
    path = tmp_path / "tokens" / "album.json"
    store = auth_sdk._runtime.FileTokenStore(path)
    cls = album(auth_sdk, mode)

    class StoredPhotoAlbum(cls):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__(token_store=store)

    async def first(client: Any) -> None:
        await authorize(client)

    async def second(client: Any) -> Any:
        return await resolve(client.get_profile())

    scenario(StoredPhotoAlbum, first)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())
    assert set(saved) == {"access_token", "refresh_token", "issued_at", "expires_at"}
    assert scenario(StoredPhotoAlbum, second).user == "ada"
    assert oauth_server.grant_types == ["authorization_code"]
    assert [p.name for p in path.parent.iterdir()] == ["album.json"]  # no temporary file left


def test_other_clients_have_no_authorization_code_flow(auth_sdk: ModuleType) -> None:
    for cls in (auth_sdk.LedgerClient, auth_sdk.AsyncLedgerClient):
        assert not hasattr(cls, "authorization_url")
        assert not hasattr(cls, "exchange_code")
    assert "token_store" not in inspect.signature(auth_sdk.VaultClient).parameters
    assert "token_store" in inspect.signature(auth_sdk.LedgerClient).parameters
