"""Authentication by a token that is fetched, cached, renewed before expiry and after a 401.

A :class:`TokenSource` says how to get a token: a generator that yields the token requests and
returns the token. :class:`TokenAuth` sends those requests through the client's own auth flow
(httpx style), so a token request follows the same transport, timeouts and logging as the call.

However many calls start together, one of them renews the token while the others wait for it:
a ``threading.Lock`` guards the sync flow and an ``asyncio.Lock`` (made in the running event
loop) the async one.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncGenerator, Generator
from typing import Protocol

import httpx

from .auth import CredentialAuth
from .tokens import MemoryTokenStore, Token, TokenStore

# Yields token requests, receives their (read) responses, returns the token.
Renewal = Generator[httpx.Request, httpx.Response, Token]
# A first attempt, then one more with a renewed token if the API answers 401.
_ATTEMPTS = 2


class TokenSource(Protocol):
    def renew(self, known: Token | None) -> Renewal:
        """A new token; ``known`` is the last one (expired or refused), for its refresh token."""
        ...


class TokenAuth(CredentialAuth):
    """Sends ``prefix + token`` in ``header``, getting the token from ``source`` when needed."""

    # The call is sent again after a 401, so its body must be read first.
    requires_request_body = True

    def __init__(
        self,
        source: TokenSource,
        *,
        header: str = "Authorization",
        prefix: str = "Bearer ",
        store: TokenStore | None = None,
    ) -> None:
        self.source = source
        self.credential_header = self._header = header
        self._prefix = prefix
        self._store: TokenStore = store if store is not None else MemoryTokenStore()
        self._token: Token | None = None
        self._thread_lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        self._async_loop: asyncio.AbstractEventLoop | None = None

    def use_store(self, store: TokenStore) -> None:
        """Keep tokens in ``store`` from now on (its token, if any, is used first)."""
        with self._thread_lock:
            self._store = store
            self._token = None

    def keep(self, token: Token) -> Token:
        """Make ``token`` the current one, and save it in the store."""
        if token.refresh_token:
            self._report(token.refresh_token)
        self._token = token
        self._store.save(token)
        return token

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.read()
        token: Token | None = None
        for _ in range(_ATTEMPTS):
            refused = token
            token = self._usable(refused)
            if token is None:
                with self._thread_lock:
                    token = self._usable(refused)
                    if token is None:
                        token = yield from self._sync_renewal(request)
            response = yield self._authorized(request, token)
            if response.status_code != 401:
                return

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()
        token: Token | None = None
        for _ in range(_ATTEMPTS):
            refused = token
            token = self._usable(refused)
            if token is None:
                async with self._lock_of_running_loop():
                    token = self._usable(refused)
                    if token is None:
                        renewal = self.source.renew(self._known())
                        try:
                            token_request = next(renewal)
                            while True:
                                response = yield self._timed_like(token_request, request)
                                await response.aread()
                                token_request = renewal.send(response)
                        except StopIteration as done:
                            token = self.keep(done.value)
            response = yield self._authorized(request, token)
            if response.status_code != 401:
                return

    def _sync_renewal(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, Token]:
        renewal = self.source.renew(self._known())
        try:
            token_request = next(renewal)
            while True:
                response = yield self._timed_like(token_request, request)
                response.read()
                token_request = renewal.send(response)
        except StopIteration as done:
            return self.keep(done.value)

    def _known(self) -> Token | None:
        if self._token is None:
            self._token = self._store.load()
        return self._token

    def _usable(self, refused: Token | None) -> Token | None:
        """The current token, unless it expires soon or is the one the API just refused."""
        token = self._known()
        if token is None or token is refused or not token.is_usable():
            return None
        return token

    def _authorized(self, request: httpx.Request, token: Token) -> httpx.Request:
        # Reported here, where every token passes (fetched, signed, or loaded from a store).
        self._report(token.access_token, self._prefix + token.access_token)
        request.headers[self._header] = self._prefix + token.access_token
        return request

    @staticmethod
    def _timed_like(token_request: httpx.Request, request: httpx.Request) -> httpx.Request:
        """A token request gets the call's timeout (requests built outside a client have none)."""
        if "timeout" in request.extensions:
            token_request.extensions.setdefault("timeout", request.extensions["timeout"])
        return token_request

    def _lock_of_running_loop(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._async_lock is None or self._async_loop is not loop:
            self._async_lock, self._async_loop = asyncio.Lock(), loop
        return self._async_lock

    def __repr__(self) -> str:
        return f"{type(self).__name__}(source={self.source!r}, header={self._header!r})"
