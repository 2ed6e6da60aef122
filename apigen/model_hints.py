"""Checks of the keys that shape models and names: ``response.model``, ``response.types``,
``python_name`` and a collection's ``schemas``.

:func:`check_collection` runs with the other rules of `apigen check`; :func:`check_hint_places`
runs once samples are loaded, and reports a hint that names a place no sample of its call has.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from apigen import ir
from apigen.capabilities import CLIENT_ATTRIBUTES, EXPORTS
from apigen.diagnostics import Diagnostics
from apigen.names import GENERATED_CODE_NAMES, MODEL_MODULE_NAMES, pascal_case
from apigen.places import HINT_TYPES, holds, parse_place
from apigen.source import DataPath
from apigen.spec import Call, Collection

SCHEMA_REF = "#/schemas/"
CLIENT_VIEW_SUFFIXES = (
    "Methods",
    "WithRawResponse",
    "WithStreamingResponse",
)  # see methods_view.py
# Names a model may not take: the package exports them, or the models module needs them.
TAKEN_NAMES = frozenset({*(export.name for export in EXPORTS), *MODEL_MODULE_NAMES})


class ErrorAt(Protocol):
    def __call__(self, path: DataPath, code: str, message: str, *, key: bool = False) -> None: ...


def client_names(collections: Iterable[Collection]) -> frozenset[str]:
    """The class names the client modules of ``collections`` define (no model may take them)."""
    bases = [collection.python_name or pascal_case(collection.name) for collection in collections]
    return client_classes([f"{prefix}{base}Client" for base in bases for prefix in ("", "Async")])


def client_classes(clients: Iterable[str]) -> frozenset[str]:
    """The client classes and their raw and streaming views."""
    return frozenset(
        f"{client}{view}" for client in clients for view in ("", *CLIENT_VIEW_SUFFIXES)
    )


def check_collection(
    collection: Collection,
    path: DataPath,
    error: ErrorAt,
    clients: frozenset[str],
    call_indices: Sequence[int],
) -> None:
    """Report what is wrong with the model and name keys of ``collection``.

    ``call_indices`` are the data indexes of its calls (some may have been left out).
    """
    calls = list(zip(call_indices, collection.calls, strict=True))
    taken = TAKEN_NAMES | clients
    if collection.python_name is not None:
        _check_class_base(collection.python_name, (*path, "python_name"), error)
    for name in collection.schemas:
        _check_model_name(name, (*path, "schemas", name), error, taken, key=True)
    schemas: list[tuple[DataPath, Any]] = [
        ((*path, "schemas", name), schema) for name, schema in collection.schemas.items()
    ]
    schemas += [
        ((*path, "calls", index, "response", "schema"), call.response.schema_)
        for index, call in calls
        if call.response.schema_ is not None
    ]
    for where, schema in schemas:
        for inner, reference in _schema_refs(schema):
            if reference.removeprefix(SCHEMA_REF) not in collection.schemas:
                error(
                    (*where, *inner, "$ref"),
                    "E334",
                    f"{reference!r} refers to no schema of this collection: declare it under "
                    f"`schemas:` or refer to one that is ({', '.join(collection.schemas)})",
                )
    for index, call in calls:
        _check_call(call, (*path, "calls", index), error, taken)


def _check_call(call: Call, path: DataPath, error: ErrorAt, taken: frozenset[str]) -> None:
    if call.python_name in CLIENT_ATTRIBUTES:
        error(
            (*path, "python_name"),
            "E333",
            f"python_name {call.python_name!r} is a name every client has already: choose "
            f"another, e.g. {call.python_name}_call",
        )
    elif call.python_name is not None and not _is_method_name(call.python_name):
        error(
            (*path, "python_name"),
            "E333",
            (
                f"python_name {call.python_name!r} is not a method name: use a lower-case Python "
                f"identifier that is not a keyword, e.g. {call.python_name.lower()!r}"
                if call.python_name.isidentifier()
                else f"python_name {call.python_name!r} is not a Python identifier: use letters, "
                f"digits and '_', not starting with a digit"
            ),
        )
    response = (*path, "response")
    if call.response.model is not None:
        _check_model_name(call.response.model, (*response, "model"), error, taken)
    for place, type_name in call.response.types.items():
        where = (*response, "types", place)
        if parse_place(place) is None:
            error(
                where,
                "E205",
                f"{place!r} is not a place: write keys joined by '.', with [] for the items of an "
                f"array and {{}} for the values of a map (data[].metadata, files{{}})",
                key=True,
            )
        if type_name not in HINT_TYPES:
            _check_model_name(type_name, where, error, taken)


def _check_model_name(
    name: str, path: DataPath, error: ErrorAt, taken: frozenset[str], *, key: bool = False
) -> None:
    if not (name.isidentifier() and name[:1].isupper()):
        error(
            path,
            "E332",
            f"{name!r} is neither a type ({', '.join(HINT_TYPES)}) nor a model name: model names "
            f"are Python class names in PascalCase, e.g. Customer",
            key=key,
        )
    elif name in taken or name in GENERATED_CODE_NAMES:
        error(
            path,
            "E332",
            f"model name {name!r} is taken by the generated package: choose another, e.g. "
            f"{name}Model",
            key=key,
        )


def _check_class_base(name: str, path: DataPath, error: ErrorAt) -> None:
    if not (name.isidentifier() and name[:1].isupper()):
        error(
            path,
            "E333",
            f"python_name {name!r} is not a class name: use a Python identifier in PascalCase "
            f"(OpenAI gives OpenAIClient)",
        )


def _is_method_name(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name) and not name[:1].isupper()


def _schema_refs(schema: Any, inner: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    if isinstance(schema, dict):
        reference = schema.get("$ref")
        if isinstance(reference, str) and reference.startswith(SCHEMA_REF):
            yield inner, reference
        for key, value in schema.items():
            yield from _schema_refs(value, (*inner, key))
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _schema_refs(value, (*inner, index))


def check_hint_places(package: ir.Package, diagnostics: Diagnostics) -> None:
    """Report each hint whose place no sample of its call has (declared schemas aside)."""
    for collection in package.collections:
        for call in collection.calls:
            if not call.samples:
                continue
            hints = [call.model] if call.model is not None else []
            for hint in [*hints, *call.types]:
                steps = parse_place(hint.place)
                if steps is None or any(holds(sample, steps) for sample in call.samples):
                    continue
                diagnostics.error(
                    hint.position,
                    "E331",
                    f"no sample of call {call.name!r} has the place {hint.place!r}: check its "
                    f"spelling against the samples (keys joined by '.', [] for array items, {{}} "
                    f"for map values) or add a sample that has it",
                )
