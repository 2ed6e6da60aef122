"""A real OAuth 2 authorization server and API on 127.0.0.1: authlib's server on Flask.

Grants: resource owner password, authorization code (PKCE required for public clients),
refresh token (rotating), client credentials and JWT bearer (RFC 7523). The API answers
``GET /v1/me`` for an access token it issued, ``GET /v1/jwt/me`` for a JWT the caller signed
itself (checked with joserfc against ``jwt_key``), and ``GET /v1/status`` for anyone.
Tokens, codes and clients live in memory; the server records the grant type of every token
request, so tests can count them.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector, current_token  # type: ignore[import-untyped]
from authlib.oauth2 import OAuth2Error  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749 import ClientMixin, grants  # type: ignore[import-untyped]
from authlib.oauth2.rfc6750 import BearerTokenValidator  # type: ignore[import-untyped]
from authlib.oauth2.rfc7523 import JWTBearerGrant  # type: ignore[import-untyped]
from authlib.oauth2.rfc7636 import CodeChallenge  # type: ignore[import-untyped]
from flask import Flask, Response, jsonify, request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import Key
from werkzeug.serving import WSGIRequestHandler, make_server

from .background import BackgroundServer

USERNAME = "ada"
PASSWORD = "correct horse battery staple"
REDIRECT_URI = "http://127.0.0.1/callback"

# client id → (secret or None for a public client, grant types, token endpoint auth methods)
CLIENTS: dict[str, tuple[str | None, tuple[str, ...], tuple[str, ...]]] = {
    "ledger-app": ("ledger-secret-4f9a", ("password", "refresh_token"), ("client_secret_basic",)),
    "album-app": (None, ("authorization_code", "refresh_token"), ("none",)),
    "shipping-app": ("shipping-secret-77c1", ("client_credentials",), ("client_secret_post",)),
    "telemetry-app": (None, (JWTBearerGrant.GRANT_TYPE,), ("none",)),
}


@dataclass(frozen=True)
class User:
    name: str

    def get_user_id(self) -> str:
        return self.name


@dataclass(frozen=True)
class Client(ClientMixin):  # type: ignore[misc]
    client_id: str
    client_secret: str | None
    grant_types: tuple[str, ...]
    auth_methods: tuple[str, ...]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return REDIRECT_URI

    def get_allowed_scope(self, scope: str | None) -> str:
        return scope or ""

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri == REDIRECT_URI

    def check_client_secret(self, client_secret: str) -> bool:
        return self.client_secret is not None and secrets.compare_digest(
            client_secret, self.client_secret
        )

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in self.auth_methods

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types


@dataclass
class IssuedToken:
    client_id: str
    user: User | None
    scope: str
    access_token: str
    expires_in: int
    refresh_token: str | None = None
    issued_at: float = field(default_factory=time.time)
    revoked: bool = False

    def check_client(self, client: Client) -> bool:
        return client.client_id == self.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return time.time() > self.issued_at + self.expires_in

    def is_revoked(self) -> bool:
        return self.revoked

    def get_user(self) -> User | None:
        return self.user

    def get_client(self) -> Client:
        return _CLIENTS[self.client_id]


@dataclass(frozen=True)
class AuthorizationCode:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: User
    code_challenge: str | None
    code_challenge_method: str | None

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


_CLIENTS = {
    client_id: Client(client_id, secret, grant_types, methods)
    for client_id, (secret, grant_types, methods) in CLIENTS.items()
}


@dataclass
class _Store:
    tokens: dict[str, IssuedToken] = field(default_factory=dict)
    codes: dict[str, AuthorizationCode] = field(default_factory=dict)
    grant_types: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    jwt_key: Key | None = None  # verifies the JWTs of /v1/jwt/me and of the JWT bearer grant
    token_url: str = ""
    refuse_new_tokens: bool = False  # issue tokens as usual, but refuse them at the API

    def save(self, token: dict[str, Any], oauth_request: Any) -> None:
        issued = IssuedToken(
            client_id=oauth_request.client.client_id,
            user=oauth_request.user,
            scope=token.get("scope", ""),
            access_token=token["access_token"],
            expires_in=-1 if self.refuse_new_tokens else token["expires_in"],
            refresh_token=token.get("refresh_token"),
        )
        with self.lock:
            self.tokens[issued.access_token] = issued

    def by_refresh_token(self, refresh_token: str) -> IssuedToken | None:
        with self.lock:
            found = [t for t in self.tokens.values() if t.refresh_token == refresh_token]
        return found[0] if found and not found[0].revoked else None


class OAuthServer(BackgroundServer):
    """Start with ``with OAuthServer() as server``; ``server.url`` has no trailing slash."""

    def __init__(self) -> None:
        self.store = _Store()
        super().__init__(
            make_server(
                "127.0.0.1", 0, _app(self.store), threaded=True, request_handler=_QuietHandler
            )
        )
        self.store.token_url = f"{self.url}/oauth/token"

    @property
    def token_url(self) -> str:
        return self.store.token_url

    @property
    def grant_types(self) -> list[str]:
        """The grant type of every token request received, in order."""
        with self.store.lock:
            return list(self.store.grant_types)

    def set_jwt_key(self, key: Key | None) -> None:
        self.store.jwt_key = key

    def revoke_access_tokens(self) -> None:
        """Refuse every access token issued so far (their refresh tokens stay valid)."""
        with self.store.lock:
            for token in self.store.tokens.values():
                token.expires_in = -1

    def refuse_new_tokens(self) -> None:
        """Issue tokens as usual from now on, but answer 401 when they are used."""
        self.store.refuse_new_tokens = True

    def revoke_refresh_tokens(self) -> None:
        with self.store.lock:
            for token in self.store.tokens.values():
                token.revoked = True

    def reset(self) -> None:
        """Forget every token, code and recorded request, and the JWT key."""
        with self.store.lock:
            self.store.tokens.clear()
            self.store.codes.clear()
            self.store.grant_types.clear()
        self.store.jwt_key = None
        self.store.refuse_new_tokens = False


class _QuietHandler(WSGIRequestHandler):
    def log(self, type: str, message: str, *args: Any) -> None:
        pass  # tests read the answers and grant_types, not the server's log


def _app(store: _Store) -> Flask:
    app = Flask(__name__)
    app.config["OAUTH2_REFRESH_TOKEN_GENERATOR"] = True
    server = AuthorizationServer(app, query_client=_CLIENTS.get, save_token=store.save)
    _register_grants(server, store)
    protected = ResourceProtector()
    protected.register_token_validator(_Validator(store))

    @app.post("/oauth/token")
    def issue_token() -> Response:
        with store.lock:
            store.grant_types.append(request.form.get("grant_type", ""))
        return server.create_token_response()  # type: ignore[no-any-return]

    @app.get("/oauth/authorize")
    def authorize() -> Response | tuple[Response, int]:
        # The user is signed in and consents: the grant decides the redirect.
        user = User(USERNAME)
        try:
            grant = server.get_consent_grant(end_user=user)
        except OAuth2Error as error:
            return jsonify(error=error.error, error_description=error.description), 400
        return server.create_authorization_response(grant_user=user, grant=grant)  # type: ignore[no-any-return]

    @app.get("/v1/me")
    @protected()  # type: ignore[untyped-decorator]
    def me() -> Response:
        token = current_token
        user = token.user.name if token.user else None
        return jsonify(user=user, client_id=token.client_id, scope=token.scope)

    @app.get("/v1/jwt/me")
    def jwt_me() -> Response | tuple[Response, int]:
        return _verify_jwt(store.jwt_key, request.headers.get("Authorization", ""))

    @app.get("/v1/status")
    def status() -> Response:
        return jsonify(status="ok")

    return app


def _verify_jwt(key: Key | None, authorization: str) -> Response | tuple[Response, int]:
    scheme, _, encoded = authorization.partition(" ")
    if key is None or scheme != "Bearer":
        return jsonify(error="invalid_token"), 401
    try:
        token = jwt.decode(encoded, key, algorithms=["HS256", "RS256", "ES256"])
        jwt.JWTClaimsRegistry(exp={"essential": True}, iat={"essential": True}).validate(
            token.claims
        )
    except (JoseError, ValueError) as exc:
        return jsonify(error="invalid_token", error_description=str(exc)), 401
    claims = token.claims
    return jsonify(
        subject=claims.get("sub"), issuer=claims.get("iss"), algorithm=token.header["alg"]
    )


class _Validator(BearerTokenValidator):  # type: ignore[misc]
    def __init__(self, store: _Store) -> None:
        super().__init__()
        self._store = store

    def authenticate_token(self, token_string: str) -> IssuedToken | None:
        with self._store.lock:
            return self._store.tokens.get(token_string)


def _register_grants(server: AuthorizationServer, store: _Store) -> None:
    class PasswordGrant(grants.ResourceOwnerPasswordCredentialsGrant):  # type: ignore[misc]
        def authenticate_user(self, username: str, password: str) -> User | None:
            if username == USERNAME and secrets.compare_digest(password, PASSWORD):
                return User(username)
            return None

    class CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
        TOKEN_ENDPOINT_AUTH_METHODS = ("client_secret_basic", "client_secret_post", "none")

        def save_authorization_code(self, code: str, oauth_request: Any) -> None:
            data = oauth_request.payload.data
            with store.lock:
                store.codes[code] = AuthorizationCode(
                    code=code,
                    client_id=oauth_request.client.client_id,
                    redirect_uri=oauth_request.payload.redirect_uri or REDIRECT_URI,
                    scope=oauth_request.scope or "",
                    user=oauth_request.user,
                    code_challenge=data.get("code_challenge"),
                    code_challenge_method=data.get("code_challenge_method"),
                )

        def query_authorization_code(self, code: str, client: Client) -> AuthorizationCode | None:
            with store.lock:
                found = store.codes.get(code)
            return found if found is not None and found.client_id == client.client_id else None

        def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
            with store.lock:
                store.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: AuthorizationCode) -> User:
            return authorization_code.user

    class RefreshGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
        TOKEN_ENDPOINT_AUTH_METHODS = ("client_secret_basic", "client_secret_post", "none")
        INCLUDE_NEW_REFRESH_TOKEN = True

        def authenticate_refresh_token(self, refresh_token: str) -> IssuedToken | None:
            return store.by_refresh_token(refresh_token)

        def authenticate_user(self, refresh_token: IssuedToken) -> User | None:
            return refresh_token.user

        def revoke_old_credential(self, refresh_token: IssuedToken) -> None:
            refresh_token.revoked = True

    class ClientCredentialsGrant(grants.ClientCredentialsGrant):  # type: ignore[misc]
        TOKEN_ENDPOINT_AUTH_METHODS = ("client_secret_basic", "client_secret_post")

    class JwtBearer(JWTBearerGrant):  # type: ignore[misc]
        def resolve_issuer_client(self, issuer: str) -> Client | None:
            return _CLIENTS.get(issuer)

        def resolve_client_public_key(self, client: Client) -> Key | None:
            return store.jwt_key

        def authenticate_user(self, subject: str) -> User | None:
            return User(subject) if subject == USERNAME else None

        def has_granted_permission(self, client: Client, user: User) -> bool:
            return True

        def get_audiences(self) -> list[str]:
            return [store.token_url]

    server.register_grant(PasswordGrant)
    server.register_grant(CodeGrant, [CodeChallenge(required=True)])
    server.register_grant(RefreshGrant)
    server.register_grant(ClientCredentialsGrant)
    server.register_grant(JwtBearer)
