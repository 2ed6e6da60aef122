from __future__ import annotations

from typing import Any

import httpx

from .._runtime import (
    AsyncClient,
    BasicAuth,
    CollectionConfig,
    Operation,
    Param,
    QueryKeyAuth,
    Secret,
    SyncClient,
)

_KEYED = CollectionConfig(
    name="Keyed",
    base_url="https://keyed.example/",
    params=(Param(name="account", location="query", kwarg="account", private_env="KEYED_ACCOUNT"),),
    secrets=(
        Secret(env="KEYED_API_KEY", kwarg="keyed_api_key"),
        Secret(env="KEYED_ACCOUNT", kwarg="keyed_account"),
    ),
    auth=QueryKeyAuth(param="api_key", env="KEYED_API_KEY"),
)
_BASIC = CollectionConfig(
    name="Basic",
    base_url="https://basic.example",
    secrets=(
        Secret(env="BASIC_USERNAME", kwarg="basic_username"),
        Secret(env="BASIC_PASSWORD", kwarg="basic_password"),
    ),
    auth=BasicAuth(username_env="BASIC_USERNAME", password_env="BASIC_PASSWORD"),
)
_OPEN = CollectionConfig(name="Open", base_url="https://open.example")
_WHOAMI = Operation(
    name="whoami",
    method="GET",
    path="/whoami",
    params=(Param(name="verbose", location="query", kwarg="verbose"),),
)


class KeyedClient(SyncClient):
    _config = _KEYED

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        http_client: httpx.Client | None = None,
        environment: str | None = None,
        keyed_api_key: str | None = None,
        keyed_account: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            environment=environment,
            secrets={"keyed_api_key": keyed_api_key, "keyed_account": keyed_account},
        )

    def whoami(self, *, verbose: bool | None = None) -> Any:
        """Who am I."""
        return self._call_untyped(_WHOAMI, {"verbose": verbose})


class BasicClient(SyncClient):
    _config = _BASIC

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        http_client: httpx.Client | None = None,
        environment: str | None = None,
        basic_username: str | None = None,
        basic_password: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            environment=environment,
            secrets={"basic_username": basic_username, "basic_password": basic_password},
        )

    def whoami(self, *, verbose: bool | None = None) -> Any:
        """Who am I."""
        return self._call_untyped(_WHOAMI, {"verbose": verbose})


class OpenClient(SyncClient):
    _config = _OPEN

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        http_client: httpx.Client | None = None,
        environment: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            environment=environment,
            secrets={},
        )

    def whoami(self, *, verbose: bool | None = None) -> Any:
        """Who am I."""
        return self._call_untyped(_WHOAMI, {"verbose": verbose})


class AsyncKeyedClient(AsyncClient):
    _config = _KEYED

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        http_client: httpx.AsyncClient | None = None,
        environment: str | None = None,
        keyed_api_key: str | None = None,
        keyed_account: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            environment=environment,
            secrets={"keyed_api_key": keyed_api_key, "keyed_account": keyed_account},
        )

    async def whoami(self, *, verbose: bool | None = None) -> Any:
        """Who am I."""
        return await self._call_untyped(_WHOAMI, {"verbose": verbose})


class AsyncBasicClient(AsyncClient):
    _config = _BASIC

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        http_client: httpx.AsyncClient | None = None,
        environment: str | None = None,
        basic_username: str | None = None,
        basic_password: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            environment=environment,
            secrets={"basic_username": basic_username, "basic_password": basic_password},
        )

    async def whoami(self, *, verbose: bool | None = None) -> Any:
        """Who am I."""
        return await self._call_untyped(_WHOAMI, {"verbose": verbose})


class AsyncOpenClient(AsyncClient):
    _config = _OPEN

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        http_client: httpx.AsyncClient | None = None,
        environment: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            environment=environment,
            secrets={},
        )

    async def whoami(self, *, verbose: bool | None = None) -> Any:
        """Who am I."""
        return await self._call_untyped(_WHOAMI, {"verbose": verbose})
