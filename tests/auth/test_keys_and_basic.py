"""basic, private_key_in_header (bearer and a custom header), private_key_in_url and none,
through the runtime's clients against httpbin's echo and auth endpoints.

These methods' example specs (crm, llm, weather) name invented hosts whose paths httpbin does
not have, so the clients here are written the way the generator writes them.
"""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any

import pytest

USERNAME = "basic-user-5521"
PASSWORD = "pa ss:w0rd-9931"
KEY = "k3y/with+special&chars=="


def _client(runtime: ModuleType, url: str, mode: str, auth: Any, *envs: str) -> Any:
    config = runtime.CollectionConfig(
        name="Echo",
        base_url=url,
        secrets=tuple(runtime.Secret(env=env, kwarg=env.lower()) for env in envs),
        auth=auth,
    )
    base = runtime.SyncClient if mode == "sync" else runtime.AsyncClient
    return type("EchoClient", (base,), {"_config": config})


def _get(
    runtime: ModuleType, cls: Any, mode: str, path: str, skip_auth: bool = False, **secrets: str
) -> Any:
    operation = runtime.Operation(name="get", method="GET", path=path, skip_auth=skip_auth)
    if mode == "sync":
        with cls(secrets=secrets, max_retries=0) as client:
            return client._call_untyped(operation, {})

    async def main() -> Any:
        async with cls(secrets=secrets, max_retries=0) as client:
            return await client._call_untyped(operation, {})

    return asyncio.run(main())


def test_basic(runtime: ModuleType, httpbin: Any, mode: str) -> None:
    auth = runtime.BasicAuth(username_env="USER", password_env="PASSWORD")
    cls = _client(runtime, httpbin.url, mode, auth, "USER", "PASSWORD")
    path = f"/basic-auth/{USERNAME}/{PASSWORD}"
    answer = _get(runtime, cls, mode, path, user=USERNAME, password=PASSWORD)
    assert answer == {"authenticated": True, "user": USERNAME}
    with pytest.raises(runtime.AuthenticationError) as caught:
        _get(runtime, cls, mode, path, user=USERNAME, password="wrong-password")
    assert caught.value.status_code == 401


def test_bearer_key_in_the_authorization_header(
    runtime: ModuleType, httpbin: Any, mode: str
) -> None:
    auth = runtime.HeaderKeyAuth(env="KEY", header="Authorization", prefix="Bearer ")
    cls = _client(runtime, httpbin.url, mode, auth, "KEY")
    assert _get(runtime, cls, mode, "/bearer", key=KEY) == {"authenticated": True, "token": KEY}
    with pytest.raises(runtime.AuthenticationError):
        _get(runtime, cls, mode, "/bearer", skip_auth=True, key=KEY)


def test_key_in_a_custom_header(runtime: ModuleType, httpbin: Any, mode: str) -> None:
    auth = runtime.HeaderKeyAuth(env="KEY", header="X-Api-Key", prefix="")
    cls = _client(runtime, httpbin.url, mode, auth, "KEY")
    headers = _get(runtime, cls, mode, "/headers", key=KEY)["headers"]
    assert headers["X-Api-Key"] == KEY
    assert "Authorization" not in headers


def test_key_in_the_url(runtime: ModuleType, httpbin: Any, mode: str) -> None:
    auth = runtime.QueryKeyAuth(env="KEY", param="api_key")
    cls = _client(runtime, httpbin.url, mode, auth, "KEY")
    assert _get(runtime, cls, mode, "/get", key=KEY)["args"] == {"api_key": KEY}
    assert _get(runtime, cls, mode, "/get", skip_auth=True, key=KEY)["args"] == {}


def test_no_auth(runtime: ModuleType, httpbin: Any, mode: str) -> None:
    cls = _client(runtime, httpbin.url, mode, None)
    answer = _get(runtime, cls, mode, "/get")
    assert answer["args"] == {}
    assert "Authorization" not in answer["headers"]
