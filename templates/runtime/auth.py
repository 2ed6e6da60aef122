"""Authentication schemes of a collection, each bound to its secrets as an ``httpx.Auth``.

A scheme is a static description (which header, which environment variable); ``bind`` gives the
``httpx.Auth`` that adds the credentials to each request. Schemes that fetch tokens fit the same
shape: their ``auth_flow`` yields the token request before the real one (see token_auth).
"""

from __future__ import annotations

import base64
import ssl
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote_plus

import httpx

from .encoding import urlencode


class CredentialAuth(httpx.Auth):
    """An auth flow of this runtime, naming where it puts its credential.

    A redirect to another origin takes that header or query parameter off the request. Every
    credential the flow derives from the secrets (a Basic header, a fetched or signed token)
    is reported to the client's redactor, so that messages mask it like the secrets themselves.
    """

    credential_header: str | None = None
    credential_param: str | None = None
    _reveal: Callable[[str], None] | None = None

    def report_to(self, reveal: Callable[[str], None]) -> None:
        """Call ``reveal`` with each derived credential, now and whenever one is made."""
        self._reveal = reveal
        for credential in self.derived_credentials():
            reveal(credential)

    def derived_credentials(self) -> tuple[str, ...]:
        """The credentials derived so far."""
        return ()

    def _report(self, *credentials: str) -> None:
        if self._reveal is not None:
            for credential in credentials:
                self._reveal(credential)


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
        return _Basic(secrets[self.username_env], secrets[self.password_env])


@dataclass(frozen=True, kw_only=True)
class ClientCertificateAuth:
    """Mutual TLS: the client's certificate and key (PEM files), and optionally the CA bundle
    that the server's certificate must chain to (else the usual trusted authorities)."""

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


class _Basic(CredentialAuth):
    """HTTP Basic auth; its header (base64 of ``user:password``) is a derived credential."""

    credential_header = "Authorization"

    def __init__(self, username: str, password: str) -> None:
        token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self._token = token
        self._value = f"Basic {token}"

    def derived_credentials(self) -> tuple[str, ...]:
        return (self._value, self._token)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._value
        yield request

    def __repr__(self) -> str:
        return "Basic()"


class _QueryKey(CredentialAuth):
    def __init__(self, param: str, key: str) -> None:
        self.credential_param = self._param = param
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        # Set in the query as it is: re-encoding it would change what the call encoded. A retry
        # sends the same request again, so a key set before is replaced, not repeated.
        pairs = [
            pair
            for pair in request.url.query.decode("ascii").split("&")
            if pair and unquote_plus(pair.partition("=")[0]) != self._param
        ]
        pairs.append(urlencode([(self._param, self._key, False)]))
        request.url = request.url.copy_with(query="&".join(pairs).encode())
        yield request

    def __repr__(self) -> str:
        return f"QueryKey(param={self._param!r})"
