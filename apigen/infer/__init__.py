"""Response models of one collection, inferred from its calls' sample responses.

For each call, all of its samples together give one JSON Schema (:mod:`apigen.infer.schema`), or
its explicit ``response.schema`` is used instead. The schemas of all calls form one document in
which every object is a named model (:mod:`apigen.infer.document`, names from
:mod:`apigen.infer.naming`), and datamodel-code-generator renders that document once into the
collection's models module (:mod:`apigen.infer.codegen`). Each call gets the Python type its
method returns (``Contact``, ``list[Contact]``, ``int``, ``Any`` …).

The output depends only on the calls and their order: adding a call at the end never renames
existing models, and the module lists its models independently of call order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from apigen.diagnostics import Diagnostics, Position
from apigen.infer.codegen import render_models
from apigen.infer.document import CollectionDocument
from apigen.infer.schema import Untyped, infer_schema

__all__ = ["CallSamples", "InferredCall", "InferredModels", "infer_models"]


@dataclass(frozen=True)
class CallSamples:
    """What one call contributes to its collection's models."""

    key: str  # unique within the collection: the call's Python method name, e.g. "list_contacts"
    type_name: str  # PascalCase base of the root type: "ListContacts" -> "ListContactsResponse"
    samples: tuple[Any, ...]  # parsed JSON values, in spec order
    sample_positions: tuple[Position, ...]  # where each sample is referenced in the spec
    schema: Mapping[str, Any] | None = None  # an explicit JSON Schema: overrides inference
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


_UNTYPED = {
    "null": "is null in every sample, so it is typed Any",
    "empty array": "is an empty array in every sample, so its items are typed Any",
    "empty object": "is an empty object in every sample, so it is typed dict[str, Any]",
}
_UNTYPED_CALL = InferredCall("Any", ())


def infer_models(
    calls: Sequence[CallSamples], *, package: str, header: str, diagnostics: Diagnostics
) -> InferredModels:
    """The models module of one collection and the return type of each of its calls.

    ``package`` is the import name of the generated package (for the base class import);
    ``header`` a comment block put verbatim at the top of the module.
    """
    document = CollectionDocument()
    inferred: dict[str, InferredCall] = {}
    for call in calls:
        if call.schema is not None:
            root, item = document.add(
                call.schema,
                call.type_name,
                explicit=True,
                items=call.items,
                paginated=call.paginated,
            )
        elif call.samples:
            found = infer_schema(call.samples)
            _warn_untyped(call, found.untyped, diagnostics)
            root, item = document.add(
                found.schema,
                call.type_name,
                explicit=False,
                items=call.items,
                paginated=call.paginated,
            )
        else:
            inferred[call.key] = _UNTYPED_CALL  # the checker already warns about it
            continue
        typed_item = None if item is None else InferredCall(item.annotation, item.models)
        inferred[call.key] = InferredCall(root.annotation, root.models, typed_item)
    module = render_models(
        document.document(), aliases=document.aliases, package=package, header=header
    )
    return InferredModels(module.source, inferred, module.model_names)


_LISTED_PLACES = 5


def _warn_untyped(call: CallSamples, places: Sequence[Untyped], diagnostics: Diagnostics) -> None:
    """One warning per call: a spec with large samples would otherwise bury the user."""
    if not places:
        return
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
    diagnostics.warning(call.sample_positions[first.sample], "W402", message)
