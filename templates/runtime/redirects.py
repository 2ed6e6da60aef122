"""Following redirects without taking credentials to another origin.

Clients send with ``follow_redirects=False`` and follow each hop themselves: within the call's
origin (scheme, host and port) the hop is sent with the collection's auth; to any other origin it
goes without auth, and without the headers and query parameters that carry a credential or a
secret value. A hop whose path or body still carries a secret value is not followed at all: the
call ends with the redirect response.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

from .auth import CredentialAuth
from .credentials import Redactor

# Always credentials, whichever auth set them (httpx.BasicAuth included).
_CREDENTIAL_HEADERS = ("Authorization", "Proxy-Authorization")


@dataclass(frozen=True)
class Hop:
    request: httpx.Request
    auth: httpx.Auth | None


def same_origin(url: httpx.URL, other: httpx.URL) -> bool:
    return (url.scheme, url.host, _port(url)) == (other.scheme, other.host, _port(other))


def _port(url: httpx.URL) -> int | None:
    return url.port or {"http": 80, "https": 443}.get(url.scheme)


def next_hop(
    response: httpx.Response, origin: httpx.URL, auth: httpx.Auth | None, redactor: Redactor
) -> Hop | None:
    """The request a redirect response leads to and the auth to send it with; None: stop."""
    request = response.next_request
    if request is None:
        return None
    if same_origin(request.url, origin):
        return Hop(request, auth)
    _strip_credentials(request, auth, redactor)
    # A secret in the path cannot be taken off, nor one in the body: such a hop is not followed.
    # The bodies of calls are bytes or forms built in memory, so reading them does no I/O.
    if redactor.contains(request.url.path) or redactor.contains(
        request.url.raw_path.decode("ascii")
    ):
        return None
    if redactor.contains(request.read().decode("utf-8", "replace")):
        return None
    return Hop(request, None)


def send_following(
    send_once: Callable[[httpx.Request, httpx.Auth | None], httpx.Response],
    request: httpx.Request,
    auth: httpx.Auth | None,
    redactor: Redactor,
    max_redirects: int,
) -> httpx.Response:
    """Send ``request`` with ``send_once`` and follow its redirects by :func:`next_hop`.

    The one redirect policy of everything that sends a call (clients and ``apigen initialize``).
    """
    response = send_once(request, auth)
    hops = 0
    while (hop := next_hop(response, request.url, auth, redactor)) is not None:
        hops += 1
        if hops > max_redirects:
            raise httpx.TooManyRedirects("too many redirects", request=hop.request)
        response.close()  # a redirect's own response holds a connection until closed
        response = send_once(hop.request, hop.auth)
    return response


def _strip_credentials(request: httpx.Request, auth: httpx.Auth | None, redactor: Redactor) -> None:
    header = auth.credential_header if isinstance(auth, CredentialAuth) else None
    param = auth.credential_param if isinstance(auth, CredentialAuth) else None
    for name in {*_CREDENTIAL_HEADERS, *([header] if header else [])}:
        request.headers.pop(name, None)
    for name, value in list(request.headers.items()):
        if redactor.contains(value):
            del request.headers[name]
    kept = [
        (name, value)
        for name, value in request.url.params.multi_items()
        if name != param and not redactor.contains(value)
    ]
    if len(kept) != len(request.url.params.multi_items()):
        request.url = request.url.copy_with(params=kept)
