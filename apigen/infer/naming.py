"""Names of inferred models and of their fields.

Model names come from hints, resources (:mod:`apigen.infer.resources`), or the call and the key
path:

- the root object of a call is ``<TypeName>Response``; the items of a root array ``<TypeName>Item``;
- an object under a key of the root (or of a root array's items) is named after the key alone
  (``contacts: [...]`` items → ``Contact``); deeper objects are prefixed by their parent model
  (``Contact.address`` → ``ContactAddress``);
- array items take the singular of the key (:func:`singular`): ``addresses`` → ``Address``,
  ``categories`` → ``Category``, ``statuses`` → ``Status``. Keys without a clear singular keep
  their name plus ``Item``: ``data`` → ``DataItem``, ``history`` → ``HistoryItem``; so do arrays
  nested in arrays.

:class:`ModelNames` hands the names out module-wide, first claimant first: a later, different model
that wants a taken name gets the call's type name as prefix (``GetContactAddress``), then a number
(``GetContactAddress2``). Named models (hints, resources) claim first, the others in spec order,
so adding a call at the end renames no existing model unless it brings a new named model. Names
that the package already uses (clients, errors, ``Result``) are never handed out. Names the naming
rule would change (keywords and builtins such as ``None``, names the module imports such as
``Field``, names starting with a digit) count as taken: the code generator does not accept class
names with a trailing ``_``. Past :data:`MAX_CLASS_NAME` characters a name drops words from its
middle (:func:`capped`).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence

from apigen.names import MODEL_MODULE_NAMES, Namespace, snake_case, words

# Names a models module may import: a model may not take them.
IMPORTED_NAMES = MODEL_MODULE_NAMES

# Plurals the suffix rules get wrong, with their singular (None: no singular, add "Item").
_IRREGULAR: dict[str, str | None] = {
    "data": None,
    "metadata": None,
    "media": None,
    "news": None,
    "series": None,
    "species": None,
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "criteria": "criterion",
    "indices": "index",
    "matrices": "matrix",
    "vertices": "vertex",
    "analyses": "analysis",
    "crises": "crisis",
    "theses": "thesis",
    "leaves": "leaf",
    "halves": "half",
    "knives": "knife",
    "lives": "life",
    "shelves": "shelf",
    "wolves": "wolf",
    "statuses": "status",
    "buses": "bus",
    "bonuses": "bonus",
    "viruses": "virus",
    "campuses": "campus",
    "aliases": "alias",
    "quizzes": "quiz",
}
# Endings of words that are singular already (status, address, analysis).
_SINGULAR_ENDINGS = ("ss", "us", "is")
# Plural endings that drop "es" (addresses, boxes, matches, wishes); "ies" becomes "y".
_ES_ENDINGS = ("sses", "xes", "zes", "ches", "shes")


def singular(name: str) -> str:
    """The PascalCase ``name`` with its last word in the singular, or with ``Item`` appended."""
    parts = words(name)
    last = parts[-1] if parts else ""
    one = singular_word(last)
    if one is None or not name.lower().endswith(last):
        return f"{name}Item"
    return name[: len(name) - len(last)] + one[:1].upper() + one[1:]


@functools.cache  # keys repeat across calls
def singular_word(word: str) -> str | None:
    """English suffix rules with a table of exceptions: sensible and, above all, stable names."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) < 3 or word.endswith(_SINGULAR_ENDINGS) or not word.endswith("s"):
        return None
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(_ES_ENDINGS):
        return word[:-2]
    return word[:-1]


class ModelNames:
    """The module-wide registry of model class names (see the module docstring)."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        """``reserved``: names the generated package already uses (its clients, errors, results)."""
        self._reserved = frozenset(reserved)
        self._namespace = Namespace(IMPORTED_NAMES | self._reserved)

    def claim(self, stem: str, type_name: str) -> str:
        """Reserve the first free name for ``stem`` (a PascalCase name) in call ``type_name``."""
        for candidate in _candidates(stem, type_name):
            free = candidate not in self._namespace and candidate not in self._reserved
            if free and _is_safe(candidate):
                return self._namespace.claim(candidate)
        raise AssertionError("unreachable: candidates are endless")


def _candidates(stem: str, type_name: str) -> Iterator[str]:
    yield from capped(stem)
    prefixed = stem if stem.startswith(type_name) else type_name + stem
    if prefixed != stem:
        yield from capped(prefixed)
    # Only two different objects wanting one name (not the length cap) come to numbers.
    base = next(capped(prefixed))
    yield from (f"{base}{number}" for number in itertools.count(2))


MAX_CLASS_NAME = 60  # characters; longer names drop words from their middle
_PASCAL_WORD = re.compile(r"[^a-z0-9]+[a-z0-9]*|[a-z0-9]+")


def capped(name: str) -> Iterator[str]:
    """``name`` if short enough, else shortenings that keep its first and last words.

    A deeply nested model is named by its path (``ChargePaymentMethodDetailsCardChecks``);
    past :data:`MAX_CLASS_NAME` characters the middle path words are dropped, the last kept
    first: then the names that keep more of the beginning come next, for a name already taken.
    """
    if len(name) <= MAX_CLASS_NAME:
        yield name
        return
    parts = _PASCAL_WORD.findall(name)
    for head in range(1, len(parts)):
        tail_length = MAX_CLASS_NAME - len("".join(parts[:head]))
        tail: list[str] = []
        for part in reversed(parts[head:]):
            if len(part) + sum(map(len, tail)) > tail_length:
                break
            tail.insert(0, part)
        if tail:
            yield "".join(parts[:head] + tail)
    yield name[:MAX_CLASS_NAME]


def _is_safe(name: str) -> bool:
    """Whether the naming rule leaves ``name`` as it is (not empty, reserved or digit-led)."""
    return Namespace(IMPORTED_NAMES).claim(name) == name


def field_names(keys: Sequence[str]) -> dict[str, str]:
    """The Python field name of each wire key of one model, by the naming rule.

    With ``populate_by_name`` pydantic matches an input key against field names too, so no field
    may be named like another field's wire key: keys that are their own Python name claim it
    first (``first_name`` keeps it, ``firstName`` becomes ``first_name_``), and a candidate equal
    to another wire key is passed over.
    """
    namespace = Namespace(model_fields=True)
    wire_keys = set(keys)
    converted = {key: snake_case(key) for key in keys}
    own_name_first = sorted(keys, key=lambda key: converted[key] != key)
    names = {key: _claim_field(namespace, key, converted[key], wire_keys) for key in own_name_first}
    return {key: names[key] for key in keys}


def _claim_field(namespace: Namespace, key: str, converted: str, wire_keys: set[str]) -> str:
    while True:
        name = namespace.claim(converted)
        if name == key or name not in wire_keys:
            return name
