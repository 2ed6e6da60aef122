"""Validate stage: loaded data → :class:`apigen.spec.Spec`, shape errors as diagnostics."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from apigen.diagnostics import Diagnostics
from apigen.load import LoadedSpec
from apigen.source import DataPath, data_path
from apigen.spec import Call, Collection, Package, Spec

_TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a mapping",
    "list_type": "a list",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "int_from_float": "an integer",
}
_RANGE_ERRORS = frozenset(
    {"too_short", "too_long", "greater_than", "greater_than_equal", "less_than", "less_than_equal"}
)


@dataclass(frozen=True)
class CollectionPart:
    """A collection whose own keys are valid, with those of its calls that are."""

    index: int  # in the spec's data
    collection: Collection  # ``calls`` holds only the valid calls
    call_indices: tuple[int, ...]  # the data index of each of ``collection.calls``


@dataclass(frozen=True)
class Validated:
    """The spec when it is valid as a whole, and the parts of it that are valid in any case."""

    spec: Spec | None
    package: Package | None
    collections: tuple[CollectionPart, ...]


def validate(loaded: LoadedSpec, diagnostics: Diagnostics) -> Validated:
    """The validated spec and its valid parts, after reporting every shape error.

    The later rules look at the valid parts of a spec with errors too, so that one mistake does
    not hide the others; the parts that failed are left out, so their mistakes cause no others.
    """
    try:
        spec = Spec.model_validate(loaded.data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            _report(detail, loaded, diagnostics)
        return Validated(None, _valid(Package, loaded.data.get("package")), _valid_parts(loaded))
    parts = tuple(
        CollectionPart(index, collection, tuple(range(len(collection.calls))))
        for index, collection in enumerate(spec.collections)
    )
    return Validated(spec, spec.package, parts)


_Model = TypeVar("_Model", bound=BaseModel)


def _valid(model: type[_Model], data: object) -> _Model | None:
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def _valid_parts(loaded: LoadedSpec) -> tuple[CollectionPart, ...]:
    collections = loaded.data.get("collections")
    parts = []
    for index, data in enumerate(collections if isinstance(collections, list) else []):
        if not isinstance(data, dict):
            continue
        calls = data.get("calls")
        checked = enumerate(calls if isinstance(calls, list) else [])
        valid_calls = [(i, call) for i, item in checked if (call := _valid(Call, item)) is not None]
        collection = _valid(Collection, {**data, "calls": []})
        if collection is not None:
            collection = collection.model_copy(update={"calls": [c for _, c in valid_calls]})
            parts.append(CollectionPart(index, collection, tuple(i for i, _ in valid_calls)))
    return tuple(parts)


def did_you_mean(word: object, choices: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        close = [lowered[word.lower()]] if word.lower() in lowered else []
    return f" (did you mean '{close[0]}'?)" if close else ""


def _report(detail: ErrorDetails, loaded: LoadedSpec, diagnostics: Diagnostics) -> None:
    kind = detail["type"]
    loc = detail["loc"]
    path = data_path(loaded.data, loc)
    source = loaded.source
    value = detail.get("input")
    if kind == "extra_forbidden":
        key = loc[-1]
        allowed = sorted(_allowed_keys(loc[:-1]))
        hint = did_you_mean(key, allowed) or f"; allowed keys: {', '.join(allowed)}"
        diagnostics.error(source.key(path), "E201", f"unknown key '{key}'{hint}")
    elif kind in ("missing", "union_tag_not_found"):
        key = "type" if kind == "union_tag_not_found" else loc[-1]
        where = f" in {_describe(loaded.data, path)}" if path else ""
        diagnostics.error(source.key(path), "E202", f"missing required key '{key}'{where}")
    elif kind == "union_tag_invalid":
        expected = _split_choices(str(detail.get("ctx", {}).get("expected_tags", "")))
        tag = detail.get("ctx", {}).get("tag")
        message = f"unknown auth type '{tag}'{did_you_mean(tag, expected)}; expected one of: "
        diagnostics.error(source.value((*path, "type")), "E204", message + ", ".join(expected))
    elif kind == "literal_error" and path == ("apigen",):
        diagnostics.error(
            source.value(path),
            "E206",
            f"unsupported format version {value!r}: this apigen reads `apigen: 1`",
        )
    elif kind == "literal_error":
        expected = _split_choices(str(detail.get("ctx", {}).get("expected", "")))
        key = path[-1] if path and isinstance(path[-1], str) else "value"
        message = (
            f"{key} {value!r} is not allowed{did_you_mean(value, expected)}; expected one of: "
        )
        diagnostics.error(source.value(path), "E204", message + ", ".join(expected))
    elif kind in _TYPE_NAMES:
        diagnostics.error(source.value(path), "E203", _type_message(kind, value))
    elif kind in _RANGE_ERRORS:
        diagnostics.error(source.value(path), "E205", f"{detail['msg'].lower()} (got {value!r})")
    elif kind == "value_error" and loc and loc[-2:-1] in (("samples",), ("error_samples",)):
        diagnostics.error(
            source.value(path),
            "E315",
            "a sample needs exactly one of `file: PATH` or `inline: VALUE`",
        )
    else:
        diagnostics.error(source.value(path), "E203", detail["msg"])


def _type_message(kind: str, value: object) -> str:
    expected = _TYPE_NAMES[kind]
    message = f"expected {expected}, got {_json_type(value)} {value!r}"
    if kind == "string_type" and isinstance(value, int | float | bool):
        message += ": put the value in quotes"
    return message


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "mapping"


def _split_choices(text: str) -> list[str]:
    return [
        part.strip().strip("'\"") for part in text.replace(" or ", ",").split(",") if part.strip()
    ]


def _describe(data: Any, path: DataPath) -> str:
    """A short human name for the node at ``path``: ``call 'List contacts'``, ``auth`` …"""
    node = data
    for part in path:
        node = node[part]  # the path was taken from this data, so every step exists
    if isinstance(node, dict) and isinstance(node.get("name"), str):
        kind = {"collections": "collection", "calls": "call"}.get(str(path[-2]), "entry")
        return f"{kind} '{node['name']}'"
    named = [p for p in path if isinstance(p, str)]
    return f"'{named[-1]}'" if named else "the spec"


def _allowed_keys(loc: Sequence[str | int]) -> set[str]:
    """The keys a mapping at ``loc`` may hold, found by walking the model types along ``loc``."""
    annotation: Any = Spec
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return set()
    model = _as_model(annotation)
    if model is None:
        return set()
    return {field.alias or name for name, field in model.model_fields.items()}


def _step(annotation: Any, part: str | int) -> Any:
    model = _as_model(annotation)
    if model is not None:
        for name, field in model.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    for member in _union_members(annotation):
        member_model = _as_model(member)
        if member_model is not None and _tag_of(member_model) == part:
            return member_model
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and args:
        return args[0] if isinstance(part, int) else None
    if origin is dict and len(args) == 2:
        return args[1]
    non_null = [m for m in _union_members(annotation) if m is not type(None)]
    return _step(non_null[0], part) if len(non_null) == 1 else None


def _union_members(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return typing.get_args(annotation)
    return ()


def _as_model(annotation: Any) -> type[BaseModel] | None:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _tag_of(model: type[BaseModel]) -> object:
    field = model.model_fields.get("type")
    args = typing.get_args(field.annotation) if field else ()
    return args[0] if len(args) == 1 else None
