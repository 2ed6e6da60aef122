"""Access tokens: reading a token endpoint's answer, keeping tokens, and the errors of both."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

import httpx

from .credentials import Redactor
from .errors import RequestInfo, TokenRequestError

# Renew a token this long before it expires (at most half its lifetime), so that a call
# does not set off with a token that runs out on its way.
EXPIRY_MARGIN = 30.0
# An expiry above this many seconds is a moment (seconds since 1970), not a lifetime.
_EPOCH_THRESHOLD = 1_000_000_000
_EXCERPT_LENGTH = 200


def now() -> float:
    return time.time()


@dataclass(frozen=True)
class Token:
    """An access token, the moments it was issued and expires (seconds since 1970), if known."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    issued_at: float = field(default_factory=now)
    expires_at: float | None = None

    def is_usable(self) -> bool:
        """Whether the token can still be sent (expiry not within the renewal margin)."""
        if self.expires_at is None:
            return True
        margin = min(EXPIRY_MARGIN, (self.expires_at - self.issued_at) / 2)
        return now() < self.expires_at - margin


class TokenStore(Protocol):
    """Where a client keeps its token between calls (and, for a file, between runs)."""

    def load(self) -> Token | None: ...

    def save(self, token: Token) -> None: ...


class MemoryTokenStore:
    """Keeps the token in memory, for the life of the client (the default)."""

    def __init__(self) -> None:
        self._token: Token | None = None

    def load(self) -> Token | None:
        return self._token

    def save(self, token: Token) -> None:
        self._token = token

    def __repr__(self) -> str:
        return "MemoryTokenStore()"


class FileTokenStore:
    """Keeps the token in a JSON file readable by its owner only (mode 0600).

    Each save writes a new file beside the old one and renames it over, so a reader never sees
    half a token.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()

    def load(self) -> Token | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            return Token(**json.loads(text))
        except (TypeError, ValueError):
            raise ValueError(f"{self.path}: not a token file written by FileTokenStore") from None

    def save(self, token: Token) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            # mkstemp creates the file with mode 0600.
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".token-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    json.dump(asdict(token), file)
                    file.flush()
                    os.fsync(file.fileno())
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.path)!r})"


def read_token(
    response: httpx.Response,
    redactor: Redactor,
    *,
    token_field: str = "access_token",
    expires_field: str = "expires_in",
    previous: Token | None = None,
) -> Token:
    """The token in a token endpoint's answer; raises :class:`TokenRequestError` for a refusal.

    A refresh that returns no new refresh token keeps the previous one.
    """
    if not response.is_success:
        raise token_request_error(response, redactor, _provider_message(response))
    body = _json_object(response)
    access_token = body.get(token_field)
    if not isinstance(access_token, str) or not access_token:
        raise token_request_error(response, redactor, f"the answer has no {token_field!r} field")
    refresh_token = body.get("refresh_token")
    if not isinstance(refresh_token, str):
        refresh_token = previous.refresh_token if previous is not None else None
    issued_at = now()
    return Token(
        access_token=access_token,
        refresh_token=refresh_token,
        issued_at=issued_at,
        expires_at=expiry(body.get(expires_field), issued_at),
    )


def expiry(value: Any, issued_at: float) -> float | None:
    """When a token expires, from a lifetime in seconds, a moment in seconds or an ISO date-time.

    None when the answer gives none: the token is then used until the API answers 401.
    """
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return _iso_moment(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if value > _EPOCH_THRESHOLD else issued_at + float(value)


def _iso_moment(text: str) -> float | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def token_request_error(
    response: httpx.Response, redactor: Redactor, detail: str
) -> TokenRequestError:
    request = RequestInfo(response.request.method, redactor.redact_url(response.request.url))
    message = (
        f"token request failed: {response.status_code} {response.reason_phrase}: "
        f"{request.method} {request.url}: {redactor.redact(detail)}"
    )
    return TokenRequestError(
        message,
        request=request,
        status_code=response.status_code,
        headers=response.headers,
        body=redactor.redact_data(_body(response)),
    )


def _provider_message(response: httpx.Response) -> str:
    """The OAuth error and its description, else the start of the body."""
    body = _body(response)
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        description = body.get("error_description")
        return f"{body['error']}: {description}" if description else str(body["error"])
    return response.text[:_EXCERPT_LENGTH] or "(empty answer)"


def _body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text


def _json_object(response: httpx.Response) -> dict[str, Any]:
    body = _body(response)
    return body if isinstance(body, dict) else {}
