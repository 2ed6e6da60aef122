"""Clients whose auth fetches tokens: they cache them in a store they take as ``token_store``."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from .client import AsyncClient, SyncClient
from .dotenv import FilePath
from .token_auth import TokenAuth
from .tokens import TokenStore


def token_auth(auth: httpx.Auth | None, collection: str) -> TokenAuth:
    """The client's auth, which a token client's collection always configures."""
    if isinstance(auth, TokenAuth):
        return auth
    raise TypeError(f"{collection} does not authenticate with tokens")


class SyncTokenClient(SyncClient):
    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        http_client: httpx.Client | None = None,
        environment: str | None = None,
        secrets: Mapping[str, str | None] | None = None,
        env_file: FilePath | None = None,
        token_store: TokenStore | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            environment=environment,
            secrets=secrets,
            env_file=env_file,
        )
        if token_store is not None:
            token_auth(self._auth, self._config.name).use_store(token_store)


class AsyncTokenClient(AsyncClient):
    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        http_client: httpx.AsyncClient | None = None,
        environment: str | None = None,
        secrets: Mapping[str, str | None] | None = None,
        env_file: FilePath | None = None,
        token_store: TokenStore | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            environment=environment,
            secrets=secrets,
            env_file=env_file,
        )
        if token_store is not None:
            token_auth(self._auth, self._config.name).use_store(token_store)
