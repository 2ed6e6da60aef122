"""client_certificate: the generated Vault client against an HTTPS server (trustme
certificates) that requires a client certificate signed by its CA."""

from __future__ import annotations

import asyncio
import ssl
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.servers.tls_server import CLIENT_NAME, TlsServer

from .conftest import run_calls

pytestmark = pytest.mark.usefixtures("auth_env")


def test_the_configured_certificate_is_presented(auth_sdk: ModuleType, mode: str) -> None:
    answer = run_calls(auth_sdk, "Vault", mode, "who_am_i")[0]
    assert answer.model_dump() == {"path": "/v1/whoami", "subject": CLIENT_NAME}


def _who_am_i_with(auth_sdk: ModuleType, mode: str, verify: ssl.SSLContext) -> Any:
    """A call through an HTTP client of the caller's own, which presents no certificate."""
    if mode == "sync":
        with (
            httpx.Client(verify=verify) as http,
            auth_sdk.VaultClient(http_client=http, max_retries=0) as client,
        ):
            return client.who_am_i()

    async def main() -> Any:
        async with (
            httpx.AsyncClient(verify=verify) as http,
            auth_sdk.AsyncVaultClient(http_client=http, max_retries=0) as client,
        ):
            return await client.who_am_i()

    return asyncio.run(main())


def test_without_a_certificate_the_call_fails_clearly(
    auth_sdk: ModuleType, tls_server: TlsServer, mode: str
) -> None:
    trusting = ssl.create_default_context(cafile=str(tls_server.files.ca))
    with pytest.raises(auth_sdk.APIConnectionError, match=r"/v1/whoami: .*certificate required"):
        _who_am_i_with(auth_sdk, mode, trusting)


def test_a_certificate_from_another_authority_is_refused(
    auth_sdk: ModuleType, tls_server: TlsServer, mode: str
) -> None:
    files = tls_server.files
    with pytest.raises(auth_sdk.APIConnectionError, match="unknown ca"):
        run_calls(
            auth_sdk,
            "Vault",
            mode,
            "who_am_i",
            max_retries=0,
            vault_client_cert=str(files.stranger_cert),
            vault_client_key=str(files.stranger_key),
        )


def test_unreadable_files_fail_when_the_client_is_made(auth_sdk: ModuleType) -> None:
    with pytest.raises(ValueError) as caught:
        auth_sdk.VaultClient(vault_client_cert="/nonexistent/client.pem")
    message = str(caught.value)
    assert message.startswith(
        "cannot load the TLS files named by VAULT_CLIENT_CERT, VAULT_CLIENT_KEY, VAULT_CA_BUNDLE: "
    )
    assert "/nonexistent" not in message


def test_missing_variables_are_named(auth_sdk: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VAULT_CLIENT_CERT")
    monkeypatch.delenv("VAULT_CLIENT_KEY")
    with pytest.raises(auth_sdk.MissingCredentialsError) as caught:
        auth_sdk.AsyncVaultClient()
    assert caught.value.variables == ("VAULT_CLIENT_CERT", "VAULT_CLIENT_KEY")
