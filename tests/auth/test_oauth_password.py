"""oauth2_password: the generated Ledger client against a real OAuth server (authlib).

The server records the grant type of each token request, so the tests count what reached it.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.servers.oauth_server import OAuthServer

from .conftest import client_class, run_calls, runtime_module, together

pytestmark = pytest.mark.usefixtures("auth_env")

PROFILE = {"user": "ada", "client_id": "ledger-app", "scope": "ledger.read"}


def test_token_is_fetched_on_first_use_then_reused(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    first, second = run_calls(auth_sdk, "Ledger", mode, "get_profile", "get_profile")
    assert first.model_dump() == second.model_dump() == PROFILE
    assert oauth_server.grant_types == ["password"]


def test_fifty_calls_starting_together_send_one_token_request(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    results = together(client_class(auth_sdk, "Ledger", mode), "get_profile", 50, mode)
    assert [r.user for r in results] == ["ada"] * 50
    assert oauth_server.grant_types == ["password"]


def test_token_near_expiry_is_renewed_with_the_refresh_token(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = runtime_module("tokens")
    real_now = tokens.now

    def ten_days_later() -> None:  # the server's password tokens live ten days
        monkeypatch.setattr(tokens, "now", lambda: real_now() + 10 * 86400)

    run_calls(auth_sdk, "Ledger", mode, "get_profile", ten_days_later, "get_profile")
    assert oauth_server.grant_types == ["password", "refresh_token"]


def test_a_401_renews_the_token_and_retries_once(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    steps = ("get_profile", oauth_server.revoke_access_tokens, "get_profile")
    assert run_calls(auth_sdk, "Ledger", mode, *steps)[1].user == "ada"
    assert oauth_server.grant_types == ["password", "refresh_token"]


def test_a_refused_refresh_token_means_logging_in_again(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    def revoke_all() -> None:
        oauth_server.revoke_access_tokens()
        oauth_server.revoke_refresh_tokens()

    assert run_calls(auth_sdk, "Ledger", mode, "get_profile", revoke_all, "get_profile")[1].user
    assert oauth_server.grant_types == ["password", "refresh_token", "password"]


def test_a_second_401_is_raised_as_authentication_error(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    oauth_server.refuse_new_tokens()
    with pytest.raises(auth_sdk.AuthenticationError) as caught:
        run_calls(auth_sdk, "Ledger", mode, "get_profile")
    assert caught.value.status_code == 401
    assert oauth_server.grant_types == ["password", "refresh_token"]


def test_a_refused_login_raises_token_request_error_without_the_password(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    password = "wrong-password-7351"
    with pytest.raises(runtime_module("tokens").TokenRequestError) as caught:
        run_calls(auth_sdk, "Ledger", mode, "get_profile", ledger_password=password)
    error = caught.value
    assert isinstance(error, auth_sdk.AuthenticationError)
    assert error.status_code == 400
    assert error.body["error"] == "invalid_request"
    assert str(error) == (
        f"token request failed: 400 BAD REQUEST: POST {oauth_server.token_url}: "
        "invalid_request: Invalid 'username' or 'password' in request."
    )
    assert password not in repr(error.__dict__) + str(error)


def test_a_call_with_auth_none_fetches_no_token(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    assert run_calls(auth_sdk, "Ledger", mode, "get_status")[0].status == "ok"
    assert oauth_server.grant_types == []
