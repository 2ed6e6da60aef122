"""What a collection's client and operations modules print: every statement composed here.

The client module declares the client classes: constructor, configuration and wrapper properties.
Their call methods live in the methods modules (:mod:`apigen.methods_view`), which the client
module imports for type checkers only; at run time each class stands on a base from the
runtime's ``lazy_methods``, which imports its methods the first time a client needs one, so
importing the package compiles no method. The operations module holds each call's ``Operation``,
shared by the sync and async methods. The templates (templates/package/collection/) only place
these blocks. Layout follows black (see :mod:`apigen.layout`), so no formatting pass is needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from apigen import declarations, ir, layout, pysource
from apigen.capabilities import CLIENT_OPTIONS
from apigen.infer import InferredCall
from apigen.methods_view import (
    DOC_WIDTH,
    MethodsView,
    methods_name,
    methods_view,
    runtime_name,
    wrapper_name,
)
from apigen.resources import RUNTIME_PACKAGE

# The methods module of each client, by whether it is the async one.
METHODS_MODULES = {False: "_sync", True: "_async"}
OPERATIONS_MODULE = "_operations"


@dataclass(frozen=True)
class ClassView:
    name: str
    base: str  # the class of its call methods
    docstring: str
    init: str  # the laid-out constructor
    raw: str  # the wrapper classes of with_raw_response and with_streaming_response
    streaming: str
    raw_import: str  # laid-out local imports of those from the methods module
    streaming_import: str


@dataclass(frozen=True)
class ClientView:
    imports: str  # with the methods classes: imported for type checkers, else lazy stand-ins
    config: str
    classes: tuple[ClassView, ...]


@dataclass(frozen=True)
class OperationsView:
    imports: str
    operations: tuple[str, ...]


@dataclass(frozen=True)
class CollectionViews:
    """The modules of one collection besides its models."""

    client: ClientView
    methods: tuple[MethodsView, MethodsView]  # sync, async
    operations: OperationsView


def collection_views(
    collection: ir.Collection, inferred: Mapping[str, InferredCall]
) -> CollectionViews:
    return CollectionViews(
        client=client_view(collection),
        methods=(
            methods_view(collection, inferred, is_async=False),
            methods_view(collection, inferred, is_async=True),
        ),
        operations=OperationsView(
            imports=_RUNTIME_IMPORT,
            operations=tuple(
                _statement(f"{c.constant} = ", declarations.operation(c, collection))
                for c in collection.calls
            ),
        ),
    )


def client_view(collection: ir.Collection) -> ClientView:
    docstring = pysource.docstring(_class_doc(collection), 1)
    classes = tuple(
        ClassView(
            name=name,
            base=methods_name(name),
            docstring=docstring,
            init=_init(collection, http_client),
            raw=wrapper_name(name, "raw_response"),
            streaming=wrapper_name(name, "streamed_response"),
            raw_import=_local_import(is_async, wrapper_name(name, "raw_response")),
            streaming_import=_local_import(is_async, wrapper_name(name, "streamed_response")),
        )
        for name, http_client, is_async in (
            (collection.client_class, "httpx.Client", False),
            (collection.async_client_class, "httpx.AsyncClient", True),
        )
    )
    return ClientView(
        imports=_imports(collection),
        config=_statement("_CONFIG = ", declarations.collection_config(collection)),
        classes=classes,
    )


# The runtime is used through its module name, which no spec name can shadow. pyright's strict
# mode takes a private module imported by name for use from outside; this is its own package.
_RUNTIME_IMPORT = f"from .. import {RUNTIME_PACKAGE}  # pyright: ignore[reportPrivateUsage]"


def _statement(prefix: str, value: Any, depth: int = 0) -> str:
    return "\n".join(layout.lay_out(pysource.node(value), depth, prefix))


def _imports(collection: ir.Collection) -> str:
    lines = ["from typing import TYPE_CHECKING", "", "import httpx", "", _RUNTIME_IMPORT]
    if collection.runtime_submodules:
        lines += layout.import_from(f"..{RUNTIME_PACKAGE}", list(collection.runtime_submodules))
    lines += ["", "if TYPE_CHECKING:"]
    stand_ins: list[str] = []
    for is_async in (True, False):  # in the order of their modules' names
        client = collection.async_client_class if is_async else collection.client_class
        methods = methods_name(client)
        kinds = ("raw_response", "streamed_response")
        names = [methods, *(wrapper_name(client, kind) for kind in kinds)]
        lines += layout.import_from(f".{METHODS_MODULES[is_async]}", names, 1)
        module = f'f"{{__package__}}.{METHODS_MODULES[is_async]}"'
        base = runtime_name(collection.client_bases[is_async])
        stand_in = layout.Bracket(
            f"{RUNTIME_PACKAGE}.lazy_methods", "(", (base, module, pysource.literal(methods)), ")"
        )
        stand_ins = [*layout.lay_out(stand_in, 1, f"{methods} = "), *stand_ins]
    comment = "# The call methods are imported when a client first needs one (_runtime/lazy.py)."
    lines += ["else:", f"{layout.INDENT}{comment}", *stand_ins]
    return "\n".join(lines)


def _local_import(is_async: bool, name: str) -> str:
    return "\n".join(layout.import_from(f".{METHODS_MODULES[is_async]}", [name], 2))


def _class_doc(collection: ir.Collection) -> str:
    width = DOC_WIDTH[1]
    lines = pysource.wrap(f"Client for {collection.name}.", width)
    if collection.description:
        lines += ["", *pysource.wrap(collection.description, width)]
    if collection.secrets:
        lines += ["", "Private values (keyword argument, else environment variable):"]
        for secret in collection.secrets:
            entry = f"    {secret.kwarg}: {secret.env}, {secret.purpose}"
            lines += pysource.wrap(entry, width, indent="        ")
    return "\n".join(lines)


def _init(collection: ir.Collection, http_client: str) -> str:
    stores_tokens = collection.auth is not None and collection.auth.token_store
    options = [option for option in CLIENT_OPTIONS if stores_tokens or not option.token_store]
    parameters = [
        "self",
        "*",
        *(
            f"{o.name}: {o.annotation.format(http=http_client, runtime=RUNTIME_PACKAGE)}"
            f" = {o.default}"
            for o in options
        ),
        *(f"{s.kwarg}: str | None = None" for s in collection.secrets),
    ]
    secrets = layout.mapping([(pysource.literal(s.kwarg), s.kwarg) for s in collection.secrets])
    super_call = layout.call(
        "super().__init__", [*((o.name, o.name) for o in options), ("secrets", secrets)]
    )
    signature = layout.lay_out(layout.signature("def __init__", parameters), 1, "", " -> None:")
    return "\n".join([*signature, *layout.lay_out(super_call, 2)])
