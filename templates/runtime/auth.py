"""Authentication schemes of a collection, each bound to its secrets as an ``httpx.Auth``.

A scheme is a static description (which header, which environment variable); ``bind`` gives the
``httpx.Auth`` that adds the credentials to each request. Schemes that fetch tokens fit the same
shape: their ``auth_flow`` yields the token request before the real one (see token_auth).
"""

from __future__ import annotations

import ssl
from collections.abc import Generator, Mapping
from dataclasses import dataclass

import httpx


class CredentialAuth(httpx.Auth):
    """An auth flow of this runtime, naming where it puts its credential.

    A redirect to another origin takes that header or query parameter off the request.
    """

    credential_header: str | None = None
    credential_param: str | None = None


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


@dataclass(frozen=True, kw_only=True)
class ClientCertificateAuth:
    """Mutual TLS: the client's certificate and key (PEM files), and optionally a CA bundle.

    The server's certificate must chain to that bundle, else to the usual trusted authorities.
    """

    cert_env: str
    key_env: str
    ca_env: str | None = None

    def bind(self, secrets: Mapping[str, str]) -> httpx.Auth:
        return ClientCertificate(self._ssl_context(secrets))

    def _ssl_context(self, secrets: Mapping[str, str]) -> ssl.SSLContext:
        try:
            if self.ca_env is None:
                context = httpx.create_ssl_context()
            else:
                context = ssl.create_default_context(cafile=secrets[self.ca_env])
            context.load_cert_chain(secrets[self.cert_env], secrets[self.key_env])
        except OSError as exc:  # ssl.SSLError included
            files = ", ".join(env for env in (self.cert_env, self.key_env, self.ca_env) if env)
            raise ValueError(
                f"cannot load the TLS files named by {files}: {exc.strerror or exc}"
            ) from None
        return context


class ClientCertificate(CredentialAuth):
    """Adds nothing to requests: the client's HTTP connections present the certificate."""

    def __init__(self, ssl_context: ssl.SSLContext) -> None:
        self.ssl_context = ssl_context

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield request

    def __repr__(self) -> str:
        return "ClientCertificate()"


class _HeaderKey(CredentialAuth):
    def __init__(self, header: str, value: str) -> None:
        self.credential_header = self._header = header
        self._value = value

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[self._header] = self._value
        yield request

    def __repr__(self) -> str:
        return f"HeaderKey(header={self._header!r})"


class _QueryKey(CredentialAuth):
    def __init__(self, param: str, key: str) -> None:
        self.credential_param = self._param = param
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.url = request.url.copy_set_param(self._param, self._key)
        yield request

    def __repr__(self) -> str:
        return f"QueryKey(param={self._param!r})"
