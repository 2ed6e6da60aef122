"""The one naming rule: spec names and JSON keys to Python identifiers.

Words split at non-alphanumeric characters, at lower→upper case changes and at acronym ends
(``HTTPServer`` → ``http``, ``server``). ``snake_case`` joins lower-case words with ``_``;
``pascal_case`` capitalizes each word. :class:`Namespace` then makes names safe and unique within
one scope: keywords, reserved names and collisions get a trailing ``_`` (then ``_2``, ``_3`` …).
"""

from __future__ import annotations

import itertools
import keyword
import re
import unicodedata
from collections.abc import Iterable

_CHUNK = re.compile(r"[A-Za-z0-9]+")
# Boundaries inside one alphanumeric chunk: lower/digit→Upper, and the end of an acronym
# (the last capital of a run that is followed by a lower-case letter starts a new word).
_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

# Names the generated code uses itself, or that would shadow builtins it relies on.
GENERATED_CODE_NAMES = frozenset(
    {
        "self",
        "cls",
        "Any",
        "None",
        "True",
        "False",
        "bool",
        "bytes",
        "dict",
        "float",
        "int",
        "list",
        "object",
        "str",
        "type",
        "httpx",
        "typing",
    }
)

# Attributes of pydantic.BaseModel that a model field must not shadow.
BASE_MODEL_ATTRIBUTES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "fields",
        "from_orm",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)

# Leading-digit names cannot be fixed by a suffix; they get this prefix instead.
DIGIT_PREFIX = "n"


def words(name: str) -> list[str]:
    """Split ``name`` into lower-case words by the naming rule."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    found: list[str] = []
    for chunk in _CHUNK.findall(ascii_name):
        found.extend(part.lower() for part in _BOUNDARY.split(chunk) if part)
    return found


def snake_case(name: str) -> str:
    """``Get UUID`` → ``get_uuid``; ``first-name`` → ``first_name``.

    The result may be empty or start with a digit: :class:`Namespace` makes it an identifier.
    """
    return "_".join(words(name))


def pascal_case(name: str) -> str:
    """``Acme CRM`` → ``AcmeCrm``; ``GitHub`` → ``GitHub``."""
    return "".join(word[:1].upper() + word[1:] for word in words(name))


def upper_snake_case(name: str) -> str:
    """``Acme CRM`` → ``ACME_CRM``: the form of derived environment variable names."""
    return snake_case(name).upper()


def _is_reserved(name: str, reserved: frozenset[str]) -> bool:
    return keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved


def base_identifier(converted: str, *, fallback: str) -> str:
    """A valid identifier from an already converted name, before collision handling."""
    if not converted:
        return fallback
    if converted[0].isdigit():
        prefix = DIGIT_PREFIX.upper() if fallback[:1].isupper() else DIGIT_PREFIX
        return prefix + converted
    return converted


class Namespace:
    """Hands out unique, safe identifiers within one scope, deterministically in call order."""

    def __init__(self, reserved: Iterable[str] = (), *, model_fields: bool = False) -> None:
        extra = BASE_MODEL_ATTRIBUTES if model_fields else frozenset()
        self._reserved = frozenset(reserved) | GENERATED_CODE_NAMES | extra
        self._model_fields = model_fields
        self._taken: set[str] = set()

    def claim(self, converted: str, *, fallback: str = "value") -> str:
        """Reserve and return a safe, unique identifier for ``converted`` (a snake/Pascal name).

        Candidates in order: ``name``, ``name_``, ``name_2``, ``name_3`` …; a reserved name starts
        at ``name_``.
        """
        name = base_identifier(converted, fallback=fallback)
        reserved = _is_reserved(name, self._reserved) or (
            self._model_fields and name.startswith("model_")
        )
        candidates = itertools.chain(
            () if reserved else (name,),
            (name + "_",),
            (f"{name}_{n}" for n in itertools.count(2)),
        )
        candidate = next(c for c in candidates if c not in self._taken)
        self._taken.add(candidate)
        return candidate

    def __contains__(self, name: str) -> bool:
        return name in self._taken


def is_identifier(name: str) -> bool:
    return name.isidentifier() and name.isascii() and not keyword.iskeyword(name)
