"""OAuth 2 token grants: resource owner password, and authorization code with PKCE (S256).

The client authenticates at the token endpoint with HTTP Basic when it has a secret (RFC 6749
2.3.1, which every server must support), else sends its ``client_id`` in the form (a public
client).
"""

from __future__ import annotations

import base64
import hashlib
import secrets as random_secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx

from .credentials import Redactor
from .errors import AuthorizationRequiredError
from .token_auth import Renewal, TokenAuth
from .tokens import Token, read_token


@dataclass(frozen=True)
class OAuthClient:
    """The application's own credentials at the token endpoint."""

    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)

    def token_request(self, token_url: str, form: Mapping[str, str | None]) -> httpx.Request:
        """A POST of ``form`` (unset values left out) to the token endpoint."""
        data = {name: value for name, value in form.items() if value is not None}
        headers = {"Accept": "application/json"}
        if self.client_id is not None and self.client_secret is not None:
            # RFC 6749 2.3.1: both are form-encoded before they are joined.
            pair = f"{quote(self.client_id, safe='')}:{quote(self.client_secret, safe='')}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        elif self.client_id is not None:
            data["client_id"] = self.client_id
        return httpx.Request("POST", token_url, data=data, headers=headers)

    def refresh_request(self, token_url: str, refresh_token: str) -> httpx.Request:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        return self.token_request(token_url, form)


def _optional(secrets: Mapping[str, str], env: str | None) -> str | None:
    return secrets[env] if env is not None else None


@dataclass(frozen=True, kw_only=True)
class OAuth2PasswordAuth:
    """The resource owner password grant: the user's name and password buy a token."""

    token_url: str
    username_env: str
    password_env: str
    client_id_env: str | None = None
    client_secret_env: str | None = None
    scope: str | None = None

    def bind(self, secrets: Mapping[str, str]) -> httpx.Auth:
        client = OAuthClient(
            _optional(secrets, self.client_id_env), _optional(secrets, self.client_secret_env)
        )
        grant = PasswordGrant(
            self.token_url,
            client,
            username=secrets[self.username_env],
            password=secrets[self.password_env],
            scope=self.scope,
            redactor=Redactor(secrets.values()),
        )
        return TokenAuth(grant)


class PasswordGrant:
    """Refreshes with the refresh token when there is one, else (or if that fails) logs in."""

    def __init__(
        self,
        token_url: str,
        client: OAuthClient,
        *,
        username: str,
        password: str,
        scope: str | None,
        redactor: Redactor,
    ) -> None:
        self._token_url = token_url
        self._client = client
        self._login = {"grant_type": "password", "username": username, "password": password}
        self._scope = scope
        self._redactor = redactor

    def renew(self, known: Token | None) -> Renewal:
        if known is not None and known.refresh_token is not None:
            response = yield self._client.refresh_request(self._token_url, known.refresh_token)
            if response.is_success:
                return read_token(response, self._redactor, previous=known)
        form = {**self._login, "scope": self._scope}
        response = yield self._client.token_request(self._token_url, form)
        return read_token(response, self._redactor)

    def __repr__(self) -> str:
        return f"PasswordGrant(token_url={self._token_url!r})"


@dataclass(frozen=True, kw_only=True)
class OAuth2AuthorizationCodeAuth:
    """The authorization code grant with PKCE, for tokens a user grants in a browser."""

    authorize_url: str
    token_url: str
    client_id_env: str
    client_secret_env: str | None = None
    redirect_uri: str | None = None
    scope: str | None = None

    def bind(self, secrets: Mapping[str, str]) -> httpx.Auth:
        client = OAuthClient(
            secrets[self.client_id_env], _optional(secrets, self.client_secret_env)
        )
        grant = AuthorizationCodeGrant(
            self.authorize_url,
            self.token_url,
            client,
            redirect_uri=self.redirect_uri,
            scope=self.scope,
            redactor=Redactor(secrets.values()),
        )
        return TokenAuth(grant)


class AuthorizationCodeGrant:
    """Builds authorization URLs, exchanges the codes they lead to, refreshes the tokens.

    Each authorization URL gets its own PKCE code verifier, remembered under its ``state``
    until the code of that state is exchanged.
    """

    def __init__(
        self,
        authorize_url: str,
        token_url: str,
        client: OAuthClient,
        *,
        redirect_uri: str | None,
        scope: str | None,
        redactor: Redactor,
    ) -> None:
        self._authorize_url = authorize_url
        self._token_url = token_url
        self._client = client
        self._redirect_uri = redirect_uri
        self._scope = scope
        self._redactor = redactor
        self._verifiers: dict[str, str] = {}
        self._lock = threading.Lock()

    def authorization_url(self, state: str | None = None) -> str:
        """Where to send the user; a random ``state`` is made when none is given."""
        state = state if state is not None else random_secrets.token_urlsafe(16)
        verifier = random_secrets.token_urlsafe(64)
        with self._lock:
            self._verifiers[state] = verifier
        digest = hashlib.sha256(verifier.encode("ascii")).digest()
        challenge = base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
        params = {
            "response_type": "code",
            "client_id": self._client.client_id,
            "redirect_uri": self._redirect_uri,
            "scope": self._scope,
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        url = httpx.URL(self._authorize_url)
        set_params = {name: value for name, value in params.items() if value is not None}
        return str(url.copy_merge_params(set_params))

    def exchange_request(self, code: str, state: str | None) -> httpx.Request:
        """The token request for ``code``, with the verifier of ``state``'s authorization URL."""
        verifier = self._take_verifier(state)
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self._redirect_uri,
            "code_verifier": verifier,
        }
        return self._client.token_request(self._token_url, form)

    def read(self, response: httpx.Response) -> Token:
        return read_token(response, self._redactor)

    def renew(self, known: Token | None) -> Renewal:
        if known is None or known.refresh_token is None:
            raise AuthorizationRequiredError(
                "no access token yet: send the user to authorization_url(), then pass the code "
                "the redirect brings to exchange_code()"
            )
        response = yield self._client.refresh_request(self._token_url, known.refresh_token)
        return read_token(response, self._redactor, previous=known)

    def _take_verifier(self, state: str | None) -> str:
        with self._lock:
            if state is None and len(self._verifiers) == 1:
                state = next(iter(self._verifiers))
            verifier = self._verifiers.pop(state, None) if state is not None else None
            waiting = len(self._verifiers)
        if verifier is not None:
            return verifier
        if state is None:
            raise ValueError(
                f"exchange_code needs the state that came back with the code "
                f"({waiting} authorizations are waiting)"
                if waiting
                else "exchange_code: call authorization_url() first"
            )
        raise ValueError(
            "exchange_code: unknown state; it must come from authorization_url() of this client "
            "and be used once"
        )

    def __repr__(self) -> str:
        return f"AuthorizationCodeGrant(token_url={self._token_url!r})"
