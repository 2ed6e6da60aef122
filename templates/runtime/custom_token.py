"""A token from a provider's own token request (not an OAuth grant), configured in the spec.

The request sends its parameters where they say (query, header, path placeholder in the URL,
or body, form-encoded); private ones come from the environment. The answer's ``token_field``
holds the token and ``expires_field`` its lifetime (or expiry moment). Without a refresh token,
renewing means asking again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from .config import Param
from .credentials import Redactor
from .encoding import wire_text
from .token_auth import Renewal, TokenAuth
from .tokens import Token, read_token

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, kw_only=True)
class CustomTokenAuth:
    token_url: str
    method: str = "POST"
    parameters: tuple[Param, ...] = ()
    token_field: str = "access_token"
    expires_field: str = "expires_in"
    header: str = "Authorization"
    prefix: str = "Bearer "

    def bind(self, secrets: Mapping[str, str]) -> httpx.Auth:
        values = [
            (param, secrets[param.private_env] if param.private_env else param.default)
            for param in self.parameters
        ]
        source = CustomTokenRequest(self, values, Redactor(secrets.values()))
        return TokenAuth(source, header=self.header, prefix=self.prefix)


class CustomTokenRequest:
    def __init__(
        self, scheme: CustomTokenAuth, values: list[tuple[Param, Any]], redactor: Redactor
    ) -> None:
        self._scheme = scheme
        self._values = values
        self._redactor = redactor

    def renew(self, known: Token | None) -> Renewal:
        response = yield self._request()
        return read_token(
            response,
            self._redactor,
            token_field=self._scheme.token_field,
            expires_field=self._scheme.expires_field,
        )

    def _request(self) -> httpx.Request:
        located: dict[str, dict[str, str]] = {"path": {}, "query": {}, "header": {}, "body": {}}
        for param, value in self._values:
            if value is not None:
                located[param.location][param.name] = wire_text(value)
        method = self._scheme.method
        if method in _BODYLESS_METHODS:
            located["query"].update(located.pop("body"))
        url = _PLACEHOLDER.sub(
            lambda match: quote(located["path"].get(match.group(1), ""), safe=""),
            self._scheme.token_url,
        )
        return httpx.Request(
            method,
            url,
            params=located["query"],
            headers={"Accept": "application/json", **located["header"]},
            data=located.get("body") or None,
        )

    def __repr__(self) -> str:
        return f"CustomTokenRequest(token_url={self._scheme.token_url!r})"
