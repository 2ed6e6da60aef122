"""The map rule: when an object's keys are data (``dict[str, V]``) rather than field names.

An object place is a map when one of these holds (checked in this order; the first gives the
reason shown by `apigen build` and `apigen explain`):

1. a ``types`` hint says ``map`` (or names its values with ``{}``);
2. it collected more than :data:`~apigen.infer.tree.MAP_KEY_LIMIT` distinct keys;
3. a key is data, not a name (:func:`is_data_key`: dots, slashes, spaces and other punctuation,
   a leading digit or sign, an id such as ``cus_123``, a uuid, a date, a number, a file name), and
   either every key is data or all values share one type;
4. it is the value of a key conventionally holding a map (:data:`MAP_NAMES`: ``metadata``,
   ``labels`` …) and all values share one type;
5. it is the value of a key, its keys change (it was seen at least twice and no key is in every
   object), and all values share one type;
6. it has many keys (:data:`MANY_KEYS`) whose values share one type.

"Share one type" ignores null and counts integers and floats as one (numbers). V is inferred from
every value of every key together.
"""

from __future__ import annotations

import re

from apigen.infer.tree import Place

MAP_NAMES = frozenset(
    {
        "metadata",
        "meta_data",
        "labels",
        "annotations",
        "attributes",
        "tags",
        "headers",
        "env",
        "environment",
        "variables",
        "custom_fields",
        "properties",
        "extra",
        "extras",
    }
)
MANY_KEYS = 16

_NAME = re.compile(r"[^\W\d]\w*(-\w+)*")  # letters, digits, "_", inner "-": snake, camel, kebab
_ID = re.compile(r"[a-z]{2,8}_(\d{3,}|(?=[A-Za-z]*\d)[A-Za-z\d]{8,})")  # cus_123, ch_3MmlLr…
_UUID = re.compile(r"[0-9a-fA-F]{8}(-?[0-9a-fA-F]{4}){3}-?[0-9a-fA-F]{12}")


def is_data_key(key: str) -> bool:
    """Whether ``key`` reads as data rather than as a field name (see the module docstring)."""
    return _NAME.fullmatch(key) is None or bool(_ID.fullmatch(key) or _UUID.fullmatch(key))


def map_reason(place: Place, key: str | None) -> str | None:
    """Why the object place under ``key`` (None: not under a key) is a map, or None if it is not."""
    if place.forced == "map":
        return "a types hint says so"
    if place.collapsed:
        return "more than a thousand keys"
    if not place.keys:
        return None
    keys = list(place.keys)
    data_keys = [k for k in keys if is_data_key(k)]
    shared = _values_share_one_type(place)
    if data_keys and (len(data_keys) == len(keys) or shared):
        return f"keys are data, not names ({_quote(data_keys)})"
    if not shared:
        return None
    if key is not None and key.lower() in MAP_NAMES:
        return f"`{key}` conventionally holds a map and its values share one type"
    changing = all(entry.count < place.objects for entry in place.keys.values())
    if key is not None and place.objects > 1 and len(keys) > 1 and changing:
        return f"its keys change between samples ({_quote(keys)})"
    if len(keys) >= MANY_KEYS:
        return f"{len(keys)} keys whose values share one type"
    return None


def _values_share_one_type(place: Place) -> bool:
    kinds: set[str] = set()
    for entry in place.keys.values():
        kinds |= entry.place.kinds()
        if len(kinds) > 1:
            return False
    return len(kinds) == 1


def _quote(keys: list[str], shown: int = 3) -> str:
    more = f" and {len(keys) - shown} more" if len(keys) > shown else ""
    return ", ".join(f"`{key}`" for key in keys[:shown]) + more
