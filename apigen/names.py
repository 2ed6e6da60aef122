"""The one naming rule: spec names and JSON keys to Python identifiers.

Words split at characters that cannot be in an identifier, at lower→upper case changes and at
acronym ends (``HTTPServer`` → ``http``, ``server``). Letters of any script are kept (``Straße``
→ ``straße``, ``名前`` stays), in the NFKC form Python reads identifiers in; a leading sign before
a digit is a word (``+1`` → ``plus_1``, ``-1`` → ``minus_1``). ``snake_case`` joins lower-case
words with ``_``; ``pascal_case`` capitalizes each word. Names that must be ASCII (environment
variables, module and file names) spell letters out (``ß`` → ``ss``) or drop them.
:class:`Namespace` then makes names safe and unique within one scope: keywords, reserved names and
collisions get a trailing ``_`` (then ``_2``, ``_3`` …).
"""

from __future__ import annotations

import itertools
import keyword
import re
import unicodedata
from collections.abc import Iterable

_CHUNK = re.compile(r"[^\W_]+")  # letters and digits of any script
_SIGN = re.compile(r"^\s*([+-])(?=\d|\s*$)")  # "+1", "-1", "-"
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

# Names a models module may import (the base class, pydantic, typing and the standard library
# types the code generator uses): no model may take them.
MODEL_MODULE_NAMES = frozenset(
    {
        "Annotated",
        "AnyUrl",
        "ApiModel",
        "AwareDatetime",
        "BaseModel",
        "ClassVar",
        "ConfigDict",
        "Decimal",
        "EmailStr",
        "Enum",
        "Field",
        "IPv4Address",
        "IPv6Address",
        "Literal",
        "Optional",
        "RootModel",
        "UUID",
        "Union",
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


_SIGN_WORDS = {"+": "plus ", "-": "minus "}
# Letters without an ASCII decomposition, spelled out for names that must be ASCII.
_SPELLED = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "TH",
    }
)


def words(name: str, *, ascii_only: bool = False) -> list[str]:
    """Split ``name`` into lower-case words by the naming rule."""
    text = _SIGN.sub(lambda sign: _SIGN_WORDS[sign[1]], unicodedata.normalize("NFKC", name))
    if ascii_only:
        spelled = unicodedata.normalize("NFKD", text.translate(_SPELLED))
        text = spelled.encode("ascii", "ignore").decode("ascii")
    found: list[str] = []
    for chunk in _CHUNK.findall(text):
        for part in _BOUNDARY.split(chunk):
            word = _identifier_characters(unicodedata.normalize("NFKC", part.lower()))
            if word:
                found.append(word)
    return found


def _identifier_characters(word: str) -> str:
    """``word`` without the characters that are not letters or digits of an identifier.

    Lower-casing can bring in combining marks (``İ`` becomes ``i`` + U+0307): Python accepts them
    in identifiers, but the model generator replaces them, so they are dropped here.
    """
    return "".join(c for c in word if c.isalnum() and ("a" + c).isidentifier())


def snake_case(name: str, *, ascii_only: bool = False) -> str:
    """``Get UUID`` → ``get_uuid``; ``first-name`` → ``first_name``; ``+1`` → ``plus_1``.

    The result may be empty or start with a digit: :class:`Namespace` makes it an identifier.
    """
    return "_".join(words(name, ascii_only=ascii_only))


def pascal_case(name: str) -> str:
    """``Acme CRM`` → ``AcmeCrm``; ``GitHub`` → ``GitHub``."""
    return "".join(word[:1].upper() + word[1:] for word in words(name))


def upper_snake_case(name: str) -> str:
    """``Acme CRM`` → ``ACME_CRM``: the form of derived environment variable names."""
    return snake_case(name, ascii_only=True).upper()


def _is_reserved(name: str, reserved: frozenset[str]) -> bool:
    return keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved


def base_identifier(converted: str, *, fallback: str) -> str:
    """A valid identifier from an already converted name, before collision handling."""
    if not converted:
        return fallback
    if not converted.isidentifier():  # a leading digit (or mark) cannot start an identifier
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


class TypeNames:
    """PascalCase bases of a collection's model names (``GetContact`` → ``GetContactResponse``).

    A base is never used alone, so keywords and builtins need no change (``None`` →
    ``NoneResponse``); it starts with a letter (``2fa status`` → ``N2faStatus``) and a repeated
    base gets a number (``GetContact2``), so the model generator never has to rename a class.
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, name: str) -> str:
        base = pascal_case(name) or "Call"
        if not base.isidentifier():
            base = DIGIT_PREFIX.upper() + base
        candidates = itertools.chain((base,), (f"{base}{n}" for n in itertools.count(2)))
        found = next(candidate for candidate in candidates if candidate not in self._taken)
        self._taken.add(found)
        return found


def is_identifier(name: str) -> bool:
    return name.isidentifier() and name.isascii() and not keyword.iskeyword(name)
