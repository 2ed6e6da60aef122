"""Authentication schemes of a collection, each bound to its secrets as an ``httpx.Auth``.

A scheme is a static description (which header, which environment variable); ``bind`` gives the
``httpx.Auth`` that adds the credentials to each request. Schemes that fetch tokens fit the same
shape: their ``auth_flow`` yields the token request before the real one.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass

import httpx


@dataclass(frozen=True, kw_only=True)
class HeaderKeyAuth:
    """A key sent in a header, after an optional prefix (``Authorization: Bearer <key>``)."""

    header: str = "Authorization"
    prefix: str = ""
    env: str

    def bind(self, secrets: Mapping[str, str]) -> httpx.Auth:
        return _HeaderKey(self.header, self.prefix + secrets[self.env])


@dataclass(frozen=True, kw_only=True)
class QueryKeyAuth:
    """A key sent as a query parameter."""

    param: str
    env: str

    def bind(self, secrets: Mapping[str, str]) -> httpx.Auth:
        return _QueryKey(self.param, secrets[self.env])


@dataclass(frozen=True, kw_only=True)
class BasicAuth:
    username_env: str
    password_env: str

    def bind(self, secrets: Mapping[str, str]) -> httpx.Auth:
        return httpx.BasicAuth(secrets[self.username_env], secrets[self.password_env])


class _HeaderKey(httpx.Auth):
    def __init__(self, header: str, value: str) -> None:
        self._header = header
        self._value = value

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[self._header] = self._value
        yield request

    def __repr__(self) -> str:
        return f"HeaderKey(header={self._header!r})"


class _QueryKey(httpx.Auth):
    def __init__(self, param: str, key: str) -> None:
        self._param = param
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.url = request.url.copy_set_param(self._param, self._key)
        yield request

    def __repr__(self) -> str:
        return f"QueryKey(param={self._param!r})"
