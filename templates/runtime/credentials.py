"""Secret values: resolved once per client, and masked wherever text about a request is shown."""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

from .config import CollectionConfig
from .encoding import is_array, is_object
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
    config: CollectionConfig, env_suffix: str, passed: Mapping[str, str | None]
) -> SecretValues:
    """Each secret from its keyword, else from its environment variable; empty counts as unset.

    Raises one :class:`MissingCredentialsError` naming every value that is missing.
    """
    values: dict[str, str] = {}
    missing: list[tuple[str, str]] = []
    for secret in config.secrets:
        variable = secret.env + env_suffix
        value = passed.get(secret.kwarg) or os.environ.get(variable)
        if value:
            values[secret.env] = value
        else:
            missing.append((variable, secret.kwarg))
    if missing:
        raise MissingCredentialsError(config.name, missing)
    return SecretValues(values)


class Redactor:
    """Replaces secret values, as written and as URL-encoded, with ``***``."""

    def __init__(self, secrets: Iterable[str]) -> None:
        forms = {
            form
            for secret in secrets
            if secret  # an empty string would match everywhere
            for form in (secret, quote(secret, safe=""), quote_plus(secret))
        }
        # Longest first, so a secret that contains another is masked whole.
        self._forms = sorted(forms, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for form in self._forms:
            text = text.replace(form, MASK)
        return text

    def redact_data(self, data: Any) -> Any:
        """JSON data with every string (keys included) redacted."""
        if isinstance(data, str):
            return self.redact(data)
        if is_array(data):
            return [self.redact_data(item) for item in data]
        if is_object(data):
            return {self.redact(str(key)): self.redact_data(value) for key, value in data.items()}
        return data

    def contains(self, text: str) -> bool:
        """Whether ``text`` holds a secret value, as written or URL-encoded."""
        return any(form in text for form in self._forms)

    def __repr__(self) -> str:
        return f"Redactor({len(self._forms)} forms)"


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
        message = record.getMessage()
        masked = message
        for redactor in redactors:
            masked = redactor.redact(masked)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


_HTTPX_LOG_REDACTION = _HttpxLogRedaction()


def redact_httpx_log(redactor: Redactor) -> None:
    """Mask this redactor's secrets in httpx log records for as long as the redactor lives."""
    _HTTPX_LOG_REDACTION.watch(redactor)
    logging.getLogger("httpx").addFilter(_HTTPX_LOG_REDACTION)
