"""Client lifecycle (context managers, HTTP clients passed in) and keeping secrets out of sight."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import quote_plus

import httpx
import pytest

from tests.servers.recording import RecordingServer, Reply

from .conftest import SECRETS, Demo, MakeCaller

pytestmark = pytest.mark.usefixtures("secret_env")


@pytest.fixture(autouse=True)
def routes(recording_server: RecordingServer) -> None:
    recording_server.route("GET", "/raw", Reply.json({"ok": True}))
    recording_server.route("GET", "/whoami", Reply.json({"ok": True}))


def test_http_client_passed_in_is_used_and_not_closed(
    demo: Demo, recording_server: RecordingServer
) -> None:
    with httpx.Client(headers={"X-Caller": "mine"}) as http:
        with demo.package.AcmeCrmClient(base_url=recording_server.url, http_client=http) as client:
            assert client.get_raw() == {"ok": True}
        assert not http.is_closed
        assert http.get(f"{recording_server.url}/raw").json() == {"ok": True}
    assert recording_server.requests[0].header("X-Caller") == "mine"


def test_async_http_client_passed_in_is_used_and_not_closed(
    demo: Demo, recording_server: RecordingServer
) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(headers={"X-Caller": "mine"}) as http:
            async with demo.package.AsyncAcmeCrmClient(
                base_url=recording_server.url, http_client=http
            ) as client:
                assert await client.get_raw() == {"ok": True}
            assert not http.is_closed
            assert (await http.get(f"{recording_server.url}/raw")).json() == {"ok": True}

    asyncio.run(scenario())
    assert recording_server.requests[0].header("X-Caller") == "mine"


def test_own_http_client_is_closed_on_exit(demo: Demo, recording_server: RecordingServer) -> None:
    with demo.package.AcmeCrmClient(base_url=recording_server.url) as client:
        client.get_raw()
    with pytest.raises(RuntimeError, match="closed"):
        client.get_raw()

    async def scenario() -> None:
        async with demo.package.AsyncAcmeCrmClient(base_url=recording_server.url) as client:
            await client.get_raw()
        with pytest.raises(RuntimeError, match="closed"):
            await client.get_raw()

    asyncio.run(scenario())


def test_timeout_and_retries_are_stored(demo: Demo) -> None:
    default = demo.package.AcmeCrmClient()
    assert default.timeout == httpx.Timeout(60.0, connect=10.0)
    assert default.max_retries == 2
    custom = demo.package.AsyncAcmeCrmClient(timeout=5, max_retries=0)
    assert custom.timeout == httpx.Timeout(5.0)
    assert custom.max_retries == 0
    default.close()


def test_secrets_are_not_in_reprs(demo: Demo) -> None:
    for cls in (demo.package.KeyedClient, demo.package.AsyncBasicClient):
        client = cls()
        shown = [repr(client), str(client), repr(cls._config)]
        shown += [repr(value) for value in vars(client).values()]
        assert_no_secret(shown)
    assert repr(demo.package.AcmeCrmClient(environment=None)) == (
        "AcmeCrmClient(base_url='https://api.acme.example/v1', environment=None)"
    )


def test_secrets_are_not_in_errors_or_logs(
    make_caller: MakeCaller,
    recording_server: RecordingServer,
    refused_url: str,
    demo: Demo,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    keyed = make_caller("Keyed")
    keyed("whoami", verbose=True)
    seen: list[str] = []
    for path, reply in [
        ("/whoami", Reply.json({"echo": "error"}, status=401)),
        ("/whoami", Reply(200, b"not json")),
    ]:
        recording_server.route("GET", path, reply)
        with pytest.raises(demo.package.APIError) as caught:
            keyed("whoami")
        seen += [str(caught.value), repr(caught.value), caught.value.request.url]
    with pytest.raises(demo.package.APIConnectionError) as refused:
        keyed.configured(base_url=refused_url)("whoami")
    seen += [str(refused.value), refused.value.request.url]
    assert "account=***" in refused.value.request.url
    assert "api_key=***" in seen[2] and "account=***" in seen[2]
    logged = [record.getMessage() for record in caplog.records]
    assert any("HTTP Request: GET" in line and "api_key=***" in line for line in logged)
    assert_no_secret(seen + logged)


def assert_no_secret(texts: list[str]) -> None:
    forms = [form for secret in SECRETS for form in (secret, quote_plus(secret))]
    assert [(form, text) for text in texts for form in forms if form in text] == []
