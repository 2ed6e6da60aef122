"""Secret values: resolved once per client, and masked wherever text about a request is shown."""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote, quote_plus, unquote, unquote_plus

import httpx

from .config import CollectionConfig
from .errors import MissingCredentialsError

MASK = "***"


class SecretValues(Mapping[str, str]):
    """Secret values by environment variable name (without suffix); repr shows names only."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = dict(values)

    def __getitem__(self, env: str) -> str:
        return self._values[env]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"SecretValues({sorted(self._values)!r})"


def resolve_secrets(
    config: CollectionConfig,
    env_suffix: str,
    passed: Mapping[str, str | None],
    env_file: Mapping[str, str] | None = None,
) -> SecretValues:
    """Each secret from its keyword, else from its environment variable, else from the
    variables of the client's ``env_file``.

    A value that is set is a value, even when empty (a blank password). Raises one
    :class:`MissingCredentialsError` naming every required value that is missing; an optional
    one that is missing is left out.
    """
    values: dict[str, str] = {}
    missing: list[tuple[str, str]] = []
    for secret in config.secrets:
        variable = secret.env + env_suffix
        value = passed.get(secret.kwarg)
        if value is None:
            value = os.environ.get(variable)
        if value is None and env_file is not None:
            value = env_file.get(variable)
        if value is not None:
            values[secret.env] = value
        elif not secret.optional:
            missing.append((variable, secret.kwarg))
    if missing:
        raise MissingCredentialsError(config.name, missing)
    return SecretValues(values)


# Secrets shorter than this are masked only where they were sent (a header, a query value, a
# path segment), never in free text: masking "1" in "127.0.0.1" would garble the message and,
# by where the stars fall, give the secret away.
MIN_FREE_TEXT = 8
# Always credentials, whatever the value looks like (Basic auth is base64, not the secret).
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


class Redactor:
    """Masks secrets with ``***``: by position where they were sent, and in free text.

    By position: a query value whose key carries a credential or whose value is a secret, a path
    segment that is a secret, a header that carries a credential or holds a secret. In free
    text (messages, error bodies): secrets of at least :data:`MIN_FREE_TEXT` characters, as
    written and URL-encoded. Credentials the auth flow derives later (a Basic header, a fetched
    or signed token) join through :meth:`add`.
    """

    def __init__(
        self,
        secrets: Iterable[str],
        *,
        query_keys: Iterable[str] = (),
        headers: Iterable[str] = (),
    ) -> None:
        self._secrets: frozenset[str] = frozenset()
        self._forms: list[str] = []
        self._query_keys = frozenset(query_keys)
        self._headers = CREDENTIAL_HEADERS | {name.lower() for name in headers}
        self._lock = threading.Lock()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        """Mask ``secret`` too (a credential derived from the configured ones)."""
        if not secret or secret in self._secrets:
            return
        with self._lock:
            secrets = self._secrets | {secret}
            forms = {
                form
                for value in secrets
                if len(value) >= MIN_FREE_TEXT
                for form in (value, quote(value, safe=""), quote_plus(value))
            }
            # Longest first, so a secret that contains another is masked whole.
            self._forms = sorted(forms, key=len, reverse=True)
            self._secrets = secrets

    def redact(self, text: str) -> str:
        """Free text with every long secret masked."""
        for form in self._forms:
            text = text.replace(form, MASK)
        return text

    def redact_url(self, url: object) -> str:
        """A URL with secret query values and path segments masked, then as free text."""
        text = str(url)
        head, mark, query = text.partition("?")
        scheme, slashes, rest = head.partition("://")
        if slashes:
            authority, slash, path = rest.partition("/")
            head = f"{scheme}://{authority}{slash}{self._redact_path(path)}"
        if mark:
            query, hash_, fragment = query.partition("#")
            query = (
                "&".join(self._redact_pair(pair) for pair in query.split("&")) + hash_ + fragment
            )
        return self.redact(head + mark + query)

    def _redact_path(self, path: str) -> str:
        return "/".join(
            MASK if segment and unquote(segment) in self._secrets else segment
            for segment in path.split("/")
        )

    def _redact_pair(self, pair: str) -> str:
        key, equals, value = pair.partition("=")
        if not equals:
            return pair
        if unquote_plus(key) in self._query_keys or unquote_plus(value) in self._secrets:
            return f"{key}={MASK}"
        return pair

    def redact_header(self, name: str, value: str) -> str:
        """A header's value: masked whole when it carries a credential or a secret."""
        if name.lower() in self._headers or value in self._secrets:
            return MASK
        return self.redact(value)

    def redact_data(self, data: Any) -> Any:
        """JSON data with every string (keys included) redacted as free text."""
        if isinstance(data, str):
            return self.redact(data)
        if isinstance(data, list):
            return [self.redact_data(item) for item in data]
        if isinstance(data, dict):
            return {self.redact(str(key)): self.redact_data(value) for key, value in data.items()}
        return data

    def contains(self, text: str) -> bool:
        """Whether ``text`` holds a secret value (of any length), as written or URL-encoded."""
        return any(
            form in text
            for secret in self._secrets
            for form in (secret, quote(secret, safe=""), quote_plus(secret))
        )

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secrets)"


class _HttpxLogRedaction(logging.Filter):
    """Masks the secrets of every live client in httpx's log lines, which show request URLs."""

    def __init__(self) -> None:
        super().__init__()
        self._redactors: weakref.WeakSet[Redactor] = weakref.WeakSet()
        self._lock = threading.Lock()

    def watch(self, redactor: Redactor) -> None:
        with self._lock:
            self._redactors.add(redactor)

    def filter(self, record: logging.LogRecord) -> bool:
        with self._lock:
            redactors = list(self._redactors)
        if not redactors:
            return True
        # httpx passes the request URL as an argument: masked by position, the rest as text.
        args = record.args if isinstance(record.args, tuple) else ()
        masked_args = tuple(
            _each(redactors, "redact_url", arg) if isinstance(arg, httpx.URL) else arg
            for arg in args
        )
        try:
            message = str(record.msg) % masked_args if masked_args else record.getMessage()
        except (TypeError, ValueError):
            message = record.getMessage()
        masked = _each(redactors, "redact", str(message))
        if masked != record.getMessage():
            record.msg, record.args = masked, ()
        return True


def _each(redactors: list[Redactor], method: str, text: object) -> str:
    result = str(text)
    for redactor in redactors:
        result = getattr(redactor, method)(result)
    return result


_HTTPX_LOG_REDACTION = _HttpxLogRedaction()


def redact_httpx_log(redactor: Redactor) -> None:
    """Mask this redactor's secrets in httpx log records for as long as the redactor lives."""
    _HTTPX_LOG_REDACTION.watch(redactor)
    logging.getLogger("httpx").addFilter(_HTTPX_LOG_REDACTION)
