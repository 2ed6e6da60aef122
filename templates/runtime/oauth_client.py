"""Clients of the OAuth2 authorization code flow: ``authorization_url`` and ``exchange_code``."""

from __future__ import annotations

import httpx

from .oauth import AuthorizationCodeGrant
from .response import transport_error
from .token_auth import TokenAuth
from .token_client import AsyncTokenClient, SyncTokenClient, token_auth


def code_grant(
    auth: httpx.Auth | None, collection: str
) -> tuple[TokenAuth, AuthorizationCodeGrant]:
    tokens = token_auth(auth, collection)
    if isinstance(tokens.source, AuthorizationCodeGrant):
        return tokens, tokens.source
    raise TypeError(f"{collection} does not use the OAuth2 authorization code flow")


class SyncCodeGrantClient(SyncTokenClient):
    def authorization_url(self, state: str | None = None) -> str:
        """The URL where the user grants access; its code goes to :meth:`exchange_code`.

        The URL carries a PKCE challenge and ``state`` (random when not given); the client keeps
        the matching verifier until the code of that state is exchanged.
        """
        return code_grant(self._auth, self._config.name)[1].authorization_url(state)

    def exchange_code(self, code: str, state: str | None = None) -> None:
        """Trade the code from the authorization redirect for a token, and keep it.

        ``state`` is the one that came back with the code; it may be left out while one
        authorization is waiting.
        """
        auth, grant = code_grant(self._auth, self._config.name)
        request = grant.exchange_request(code, state)
        request.extensions["timeout"] = self.timeout.as_dict()
        try:
            response = self._http.send(request, follow_redirects=False)
        except httpx.RequestError as exc:
            raise transport_error(exc, request, self._redactor) from exc
        auth.keep(grant.read(response))


class AsyncCodeGrantClient(AsyncTokenClient):
    def authorization_url(self, state: str | None = None) -> str:
        """The URL where the user grants access; its code goes to :meth:`exchange_code`.

        The URL carries a PKCE challenge and ``state`` (random when not given); the client keeps
        the matching verifier until the code of that state is exchanged.
        """
        return code_grant(self._auth, self._config.name)[1].authorization_url(state)

    async def exchange_code(self, code: str, state: str | None = None) -> None:
        """Trade the code from the authorization redirect for a token, and keep it.

        ``state`` is the one that came back with the code; it may be left out while one
        authorization is waiting.
        """
        auth, grant = code_grant(self._auth, self._config.name)
        request = grant.exchange_request(code, state)
        request.extensions["timeout"] = self.timeout.as_dict()
        try:
            response = await self._http.send(request, follow_redirects=False)
        except httpx.RequestError as exc:
            raise transport_error(exc, request, self._redactor) from exc
        auth.keep(grant.read(response))
