"""Response models of one collection, inferred from its calls' sample responses.

For each call, all of its samples together give one place tree (:mod:`apigen.infer.tree`), or
its explicit ``response.schema`` is used instead. Hints and resource detection mark the places
that are named models (:mod:`apigen.infer.collection`); each named model is inferred from all its
places together, each call's tree becomes a JSON Schema referring to them
(:mod:`apigen.infer.schema`). All of it forms one document in which every object is a named model
(:mod:`apigen.infer.document`, names from :mod:`apigen.infer.naming`), and
datamodel-code-generator renders that document once into the collection's models module
(:mod:`apigen.infer.codegen`). Each call gets the Python type its method returns (``Contact``,
``list[Contact]``, ``int``, ``Any`` …), and a paginated call the type of its items
(:mod:`apigen.infer.places`).

The output depends only on the calls and their order, and the module lists its models
independently of call order. Named models (hints, resources) claim their names before the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from apigen.diagnostics import Diagnostics, Position
from apigen.infer.codegen import render_models
from apigen.infer.collection import CollectionTrees, read_collection
from apigen.infer.document import CollectionDocument
from apigen.infer.places import item_schema
from apigen.infer.python_types import RootType, root_type
from apigen.infer.schema import Untyped, tree_schema

__all__ = ["CallSamples", "InferredCall", "InferredModels", "infer_models"]


@dataclass(frozen=True)
class CallSamples:
    """What one call contributes to its collection's models."""

    key: str  # unique within the collection: the call's Python method name, e.g. "list_contacts"
    type_name: str  # PascalCase base of the root type: "ListContacts" -> "ListContactsResponse"
    samples: tuple[Any, ...]  # parsed JSON values, in spec order
    sample_positions: tuple[Position, ...]  # where each sample is referenced in the spec
    schema: Mapping[str, Any] | None = None  # an explicit JSON Schema: overrides inference
    path: str = ""  # the HTTP path: names the resource the call returns
    model: str | None = None  # the ``response.model`` hint
    types: tuple[tuple[str, str], ...] = ()  # the ``response.types`` hints: (place, type)
    resource: bool = True  # whether the call may return a resource (not for error bodies)
    paginated: bool = False  # the method yields items: infer the type at ``items`` too
    items: str | None = None  # place of a page's items (None: the response is the array)


@dataclass(frozen=True)
class InferredCall:
    annotation: str  # the Python type the client method returns: "Contact", "list[Contact]", "int"
    models: tuple[str, ...]  # model classes the annotation names, sorted
    item: InferredCall | None = None  # paginated calls: the type of one item of a page


@dataclass(frozen=True)
class InferredModels:
    source: str  # the complete models module, not yet formatted
    calls: dict[str, InferredCall]  # by CallSamples.key
    model_names: tuple[str, ...]  # every class defined in ``source``, sorted
    named: dict[str, tuple[str, ...]] = field(default_factory=dict)  # model -> calls sharing it
    maps: tuple[str, ...] = ()  # every place inferred as a map, with why: "Charge.metadata (…)"


_UNTYPED = {
    "null": "is null in every sample, so it is typed Any",
    "empty array": "is an empty array in every sample, so its items are typed Any",
    "empty object": "is an empty object in every sample, so it is typed dict[str, Any]",
}
_UNTYPED_CALL = InferredCall("Any", ())


def infer_models(
    calls: Sequence[CallSamples],
    *,
    package: str,
    header: str,
    diagnostics: Diagnostics,
    schemas: Mapping[str, Any] | None = None,
    reserved: Iterable[str] = (),
) -> InferredModels:
    """The models module of one collection and the return type of each of its calls.

    ``package`` is the import name of the generated package (for the base class import);
    ``header`` a comment block put verbatim at the top of the module; ``schemas`` the
    collection's declared schemas; ``reserved`` names no model may take (the package's exports).
    """
    found = read_models(calls, schemas or {}, reserved)
    _warn_untyped(found.collection, found.untyped, diagnostics)
    document = found.document
    module = render_models(
        document.document(), aliases=document.aliases, package=package, header=header
    )
    return InferredModels(
        module.source,
        found.calls,
        module.model_names,
        found.collection.sharing(),
        tuple(found.maps),
    )


@dataclass
class ReadModels:
    """Everything inference found in a collection, before the models module is rendered."""

    collection: CollectionTrees
    document: CollectionDocument
    calls: dict[str, InferredCall]
    untyped: list[Untyped]
    maps: list[str]


def read_models(
    calls: Sequence[CallSamples], schemas: Mapping[str, Any], reserved: Iterable[str]
) -> ReadModels:
    """The schema document of ``calls`` (see :func:`infer_models`), with what led to it."""
    collection = read_collection(calls, schemas)
    document = CollectionDocument(reserved)
    untyped, maps = _add_named_models(collection, document, schemas)
    inferred: dict[str, InferredCall] = {}
    for call in calls:
        tree = collection.trees.get(call.key)
        if call.schema is not None:
            root = document.add(call.schema, call.type_name, explicit=True)
            inferred[call.key] = _inferred(document, call, root)
        elif tree is not None:
            found = tree_schema(tree)
            untyped += found.untyped
            root = document.add(found.schema, call.type_name, explicit=False)
            inferred[call.key] = _inferred(document, call, root)
            maps += (
                f"{call.key}: {place.path or '(root)'} ({place.reason})" for place in found.maps
            )
        elif call.model is not None and call.model in schemas:
            declared = {"$ref": f"#/$defs/{call.model}"}
            root = document.add(declared, call.type_name, explicit=False)
            inferred[call.key] = _inferred(document, call, root)
        else:
            inferred[call.key] = _UNTYPED_CALL  # the checker already warns about it
    return ReadModels(collection, document, inferred, untyped, maps)


def _inferred(document: CollectionDocument, call: CallSamples, root: RootType) -> InferredCall:
    """A call's return type; a paginated call's also carries the type of one item of a page."""
    if not call.paginated:
        return InferredCall(root.annotation, root.models)
    schema = item_schema(document.roots[call.type_name], call.items, document.definitions)
    item = None if schema is None else root_type(schema)
    typed_item = None if item is None else InferredCall(item.annotation, item.models)
    return InferredCall(root.annotation, root.models, typed_item)


def _add_named_models(
    collection: CollectionTrees, document: CollectionDocument, schemas: Mapping[str, Any]
) -> tuple[list[Untyped], list[str]]:
    """Claim the names of hinted, declared and resource models, then add their bodies."""
    declared = [name for name in collection.hinted if name in schemas]
    document.add_declared(schemas, declared)
    for name in collection.hinted:
        if name not in schemas:
            document.name_model(name)
    for resource in collection.resources:
        name = document.name_model(resource.stem, collection.type_names[resource.first_call])
        collection.rename(resource, name)
    untyped: list[Untyped] = []
    maps: list[str] = []
    for name in collection.inferred_names():
        found = tree_schema(collection.merged(name), as_model=True)
        untyped += (replace(place, path=f"{name}.{place.path}") for place in found.untyped)
        maps += (f"{name}.{place.path} ({place.reason})" for place in found.maps)
        document.add_model(name, found.schema)
    return untyped, maps


_LISTED_PLACES = 5


def _warn_untyped(
    collection: CollectionTrees, untyped: Sequence[Untyped], diagnostics: Diagnostics
) -> None:
    """One warning per call: a spec with large samples would otherwise bury the user."""
    by_call: dict[str, list[Untyped]] = {}
    for place in untyped:
        by_call.setdefault(collection.owners[place.sample].key, []).append(place)
    for key, places in by_call.items():
        _warn_call(collection.calls[key], places, collection, diagnostics)


def _warn_call(
    call: CallSamples,
    places: Sequence[Untyped],
    collection: CollectionTrees,
    diagnostics: Diagnostics,
) -> None:
    first = places[0]
    if len(places) == 1:
        where = f"`{first.path}` in the response" if first.path else "the response"
        message = f"{where} of {call.key} {_UNTYPED[first.kind]}; add a sample where it has a value"
    else:
        listed = ", ".join(f"`{place.path or '(root)'}`" for place in places[:_LISTED_PLACES])
        more = f" and {len(places) - _LISTED_PLACES} more" if len(places) > _LISTED_PLACES else ""
        message = (
            f"{len(places)} places in the response of {call.key} are null, an empty array or an "
            f"empty object in every sample, so they are typed Any: {listed}{more}; add a sample "
            f"where they have values"
        )
    diagnostics.warning(collection.positions[first.sample], "W402", message)
