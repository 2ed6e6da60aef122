"""JWT authentication: the client signs its own token (PyJWT), and sends it or trades it.

Without ``token_url`` the signed JWT is the bearer token. With it, the JWT is an assertion
exchanged for an access token (RFC 7523, grant type jwt-bearer). Either token is cached and
renewed before it expires. Copied into generated packages only when a spec uses jwt.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt
from jwt.algorithms import get_default_algorithms

from .credentials import Redactor
from .oauth import OAuthClient
from .token_auth import Renewal, TokenAuth
from .tokens import Token, now, read_token

JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


@dataclass(frozen=True, kw_only=True)
class JwtAuth:
    algorithm: str
    key_env: str
    claims: Mapping[str, Any] = field(default_factory=dict[str, Any])
    lifetime_s: int = 3600
    token_url: str | None = None
    header: str = "Authorization"
    prefix: str = "Bearer "

    def bind(self, secrets: Mapping[str, str]) -> httpx.Auth:
        signer = JwtSigner(
            self.algorithm, _pem_or_secret(secrets[self.key_env]), self.claims, self.lifetime_s
        )
        signer.check_key(self.key_env)
        source = (
            SignedToken(signer)
            if self.token_url is None
            else JwtBearerGrant(self.token_url, signer, Redactor(secrets.values()))
        )
        return TokenAuth(source, header=self.header, prefix=self.prefix)


def _pem_or_secret(key: str) -> str:
    """The key as given; a PEM key kept on one line (``\\n`` escapes, as in .env files) unfolded."""
    if key.lstrip().startswith("-----BEGIN") and "\\n" in key:
        return key.replace("\\n", "\n")
    return key


class JwtSigner:
    """Signs the static claims plus ``iat``, ``exp`` and a unique ``jti``."""

    def __init__(
        self, algorithm: str, key: str, claims: Mapping[str, Any], lifetime_s: int
    ) -> None:
        self._algorithm = algorithm
        self._key = key
        self._claims = dict(claims)
        self._lifetime = lifetime_s

    def check_key(self, key_env: str) -> None:
        """Fail when the client is made, not on its first call, if the key cannot sign."""
        algorithm = get_default_algorithms().get(self._algorithm)
        if algorithm is None:
            raise ValueError(f"the JWT algorithm {self._algorithm} is not available")
        try:
            algorithm.prepare_key(self._key)
        except (jwt.InvalidKeyError, ValueError, TypeError):
            raise ValueError(f"{key_env} does not hold a usable {self._algorithm} key") from None

    def sign(self) -> Token:
        issued_at = now()
        expires_at = issued_at + self._lifetime
        payload = {
            **self._claims,
            "iat": int(issued_at),
            "exp": int(expires_at),
            "jti": uuid.uuid4().hex,
        }
        encoded = jwt.encode(payload, self._key, algorithm=self._algorithm)
        return Token(access_token=encoded, issued_at=issued_at, expires_at=expires_at)

    def __repr__(self) -> str:
        return f"JwtSigner(algorithm={self._algorithm!r})"


class SignedToken:
    """The signed JWT itself is the token: renewing is signing again, without a request."""

    def __init__(self, signer: JwtSigner) -> None:
        self._signer = signer

    def renew(self, known: Token | None) -> Renewal:
        yield from ()
        return self._signer.sign()

    def __repr__(self) -> str:
        return f"SignedToken({self._signer!r})"


class JwtBearerGrant:
    """Trades a freshly signed JWT for an access token at the token endpoint."""

    def __init__(self, token_url: str, signer: JwtSigner, redactor: Redactor) -> None:
        self._token_url = token_url
        self._signer = signer
        self._redactor = redactor

    def renew(self, known: Token | None) -> Renewal:
        assertion = self._signer.sign().access_token
        form = {"grant_type": JWT_BEARER_GRANT, "assertion": assertion}
        response = yield OAuthClient().token_request(self._token_url, form)
        return read_token(response, self._redactor)

    def __repr__(self) -> str:
        return f"JwtBearerGrant(token_url={self._token_url!r})"
