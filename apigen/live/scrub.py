"""Removal of secrets from everything a live call records: samples, and what is shown on screen.

A secret is replaced wherever it appears: as a whole value, inside longer text, URL-encoded to any
degree (clients and servers differ in which characters they escape) and JSON-escaped. Secrets
shorter than :data:`MIN_EMBEDDED_LENGTH` are only replaced as whole values: replacing two
characters inside every text would garble the samples (and their inferred types) while protecting
nothing worth protecting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

REDACTED = "<redacted>"
MIN_EMBEDDED_LENGTH = 4


class Scrubber:
    """Replaces the given secrets with :data:`REDACTED`; repr shows no secret."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self._whole = frozenset(secret for secret in secrets if secret)
        embedded = [secret for secret in self._whole if len(secret) >= MIN_EMBEDDED_LENGTH]
        # Longest first, so that a secret containing another is replaced whole.
        embedded.sort(key=len, reverse=True)
        alternatives = [_pattern(secret) for secret in embedded]
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    def with_secrets(self, more: Iterable[str]) -> Scrubber:
        return Scrubber([*self._whole, *more])

    def text(self, text: str) -> str:
        if text in self._whole:
            return REDACTED
        return self._pattern.sub(REDACTED, text) if self._pattern else text

    def data(self, value: Any) -> Any:
        """Parsed JSON with every string (keys too) and every number that is a secret scrubbed."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(key): self.data(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.data(item) for item in value]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return REDACTED if json.dumps(value) in self._whole else value
        return value

    def content(self, content: bytes) -> bytes:
        """A binary body with every UTF-8 form of a secret replaced."""
        if self._pattern is None:
            return content
        pattern = re.compile(self._pattern.pattern.encode())
        return pattern.sub(REDACTED.encode(), content)

    def __repr__(self) -> str:
        return f"Scrubber({len(self._whole)} secrets)"


def _pattern(secret: str) -> str:
    """The secret as written, URL-encoded to any degree (each character raw or escaped, ``+``
    for a space), or escaped for a JSON string."""
    characters = []
    for character in secret:
        escaped = "".join(f"%{byte:02X}" for byte in character.encode())
        forms = [re.escape(character), f"(?i:{escaped})"] + (["\\+"] if character == " " else [])
        characters.append(f"(?:{'|'.join(forms)})")
    json_forms = {json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]} - {secret}
    return "|".join(["".join(characters), *map(re.escape, sorted(json_forms))])
