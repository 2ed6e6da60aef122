"""What a collection's methods modules print (``_sync.py``, ``_async.py``): one class of call
methods per client, and its raw and streaming wrappers.

The client module (:mod:`apigen.client_view`) declares the client classes on these classes, and
imports them the first time a client needs a method. Layout follows black (see
:mod:`apigen.layout`), so the modules need no formatting pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from apigen import ir, layout, pysource
from apigen.capabilities import OPTIONS_KWARG
from apigen.infer import InferredCall
from apigen.resources import RUNTIME_PACKAGE

UNTYPED = "Any"
# What every method takes after the call's own keyword arguments: the request options, typed
# (extra_headers=, timeout= ...) but spelled once rather than four lines in each signature.
REQUEST_OPTIONS = f"**{OPTIONS_KWARG}: Unpack[{RUNTIME_PACKAGE}.RequestOptionsArgs]"
_VALUES = "locals()"
# The operations module, as the methods modules name it: private, so no keyword argument of a
# method shadows it.
OPERATIONS = "_op"


@dataclass(frozen=True)
class MethodView:
    signature: str  # laid-out `def` lines, with the return annotation
    docstring: str
    model_import: str  # laid-out local import of the models the method returns, or ""
    body: str  # the laid-out return statement


@dataclass(frozen=True)
class WrapperView:
    """A class exposing a client's methods through a runtime wrapper (raw or streamed)."""

    name: str
    docstring: str
    client: str
    body: str  # the laid-out lines of ``__init__``


@dataclass(frozen=True)
class MethodsView:
    """``_sync.py`` or ``_async.py``: the call methods of one client class, and its wrappers."""

    imports: str
    name: str  # the class of methods, e.g. AcmeCrmClientMethods
    base: str  # the runtime client class it extends
    docstring: str
    methods: tuple[MethodView, ...]
    raw: WrapperView
    streaming: WrapperView


def methods_name(client: str) -> str:
    """The class holding the call methods of ``client``."""
    return f"{client}Methods"


def wrapper_name(client: str, kind: str) -> str:
    """``client``'s wrapper class of ``kind`` (raw_response or streamed_response)."""
    return f"{client}{'WithRawResponse' if kind == 'raw_response' else 'WithStreamingResponse'}"


def methods_view(
    collection: ir.Collection, inferred: Mapping[str, InferredCall], is_async: bool
) -> MethodsView:
    methods = [_method(call, inferred) for call in collection.calls]
    client = collection.async_client_class if is_async else collection.client_class
    name = methods_name(client)
    doc = f"The call methods of {client}, imported when one of its clients first needs one."
    return MethodsView(
        imports=_imports(collection, methods, is_async),
        name=name,
        base=runtime_name(collection.client_bases[is_async]),
        docstring=pysource.docstring("\n".join(pysource.wrap(doc, DOC_WIDTH[1])), 1),
        methods=tuple(_method_view(method, is_async) for method in methods),
        raw=_wrapper(client, name, collection, "raw_response", is_async),
        streaming=_wrapper(client, name, collection, "streamed_response", is_async),
    )


@dataclass(frozen=True)
class _Method:
    """One call's method before it is laid out for the sync or the async client.

    A paginated call returns pages of ``item``; a streamed call a stream of ``returns`` (the
    type of one event).
    """

    call: ir.Call
    returns: str  # the parsed value's type
    models: tuple[str, ...]  # model names ``returns`` refers to
    error: str | None = None  # the error body's type, when the call has error samples
    error_models: tuple[str, ...] = ()
    item: str = UNTYPED  # paginated calls: the type of one item
    item_models: tuple[str, ...] = ()

    def annotation(self, is_async: bool = False) -> str:
        """The return annotation in the generated module."""
        return self._annotation(f"{RUNTIME_PACKAGE}.", is_async)

    @property
    def public_annotation(self) -> str:
        """The sync return annotation as users write it (the package exports these names)."""
        return self._annotation("", False)

    @property
    def annotation_models(self) -> tuple[str, ...]:
        return self.item_models if self.call.pagination is not None else self.models

    def _annotation(self, runtime: str, is_async: bool) -> str:
        if self.call.pagination is not None:
            pages = "AsyncPaginator" if is_async else "SyncPage"
            return f"{runtime}{pages}[{self.item}]"
        if self.call.streamed:
            return f"{runtime}{'AsyncStream' if is_async else 'Stream'}[{self.returns}]"
        if self.call.on_error == "return":
            return f"{runtime}Result[{self.returns}]"
        return self.returns


def return_types(collection: ir.Collection, inferred: Mapping[str, InferredCall]) -> dict[str, str]:
    """The return annotation of each call's method as users write it, by method name."""
    return {c.method_name: _method(c, inferred).public_annotation for c in collection.calls}


def _imports(collection: ir.Collection, methods: list[_Method], is_async: bool) -> str:
    models = pysource.import_order([name for m in methods for name in m.annotation_models])
    # Every method takes the request options, typed with Unpack (in typing from Python 3.11).
    checking = [*layout.import_from("typing_extensions", ["Unpack"], 1)] if methods else []
    if models:
        checking += ["", *layout.import_from(".models", models, 1)]
    typing_names = ["TYPE_CHECKING"] if checking else []
    if any(UNTYPED in m.annotation() or _uses_any(m.call) for m in methods):
        typing_names.append("Any")
    if any(_is_union(m.returns) for m in methods):
        typing_names.append("cast")
    lines: list[str] = []
    if typing_names:
        lines += [*layout.import_from("typing", pysource.import_order(typing_names)), ""]
    # The runtime is used through its module name, which no spec name can shadow. pyright's strict
    # mode takes a private module imported by name for use from outside; this is its own package.
    lines += [f"from .. import {RUNTIME_PACKAGE}  # pyright: ignore[reportPrivateUsage]"]
    base = collection.client_bases[is_async]
    if "." in base:  # a client base of a runtime submodule (the config's auth is not used here)
        lines += layout.import_from(f"..{RUNTIME_PACKAGE}", [base.partition(".")[0]])
    if methods:
        ignore = "  # pyright: ignore[reportPrivateUsage]"
        lines += [f"from . import _operations as {OPERATIONS}{ignore}"]
    if checking:
        lines += ["", "if TYPE_CHECKING:", *checking]
    return "\n".join(lines)


def runtime_name(path: str) -> str:
    """How generated modules name a runtime class: by its submodule, else by the package."""
    return path if "." in path else f"{RUNTIME_PACKAGE}.{path}"


# Docstring width at each depth: the line limit less indentation and both triple quotes.
DOC_WIDTH = {depth: layout.LINE_LENGTH - 4 * depth - 2 * len(pysource.QUOTES) for depth in (1, 2)}


def _method(call: ir.Call, inferred: Mapping[str, InferredCall]) -> _Method:
    value = inferred.get(call.method_name)
    error = inferred.get(call.error_key)
    models: tuple[str, ...] = ()
    if call.response_type in ("text", "binary"):
        returns = "str" if call.response_type == "text" else "bytes"
    elif value is None:
        returns = UNTYPED
    else:
        returns, models = value.annotation, value.models
    item = value.item if value is not None else None
    return _Method(
        call,
        returns,
        tuple(models),
        error.annotation if error is not None else None,
        error.models if error is not None else (),
        item.annotation if item is not None else UNTYPED,
        item.models if item is not None else (),
    )


def _method_view(method: _Method, is_async: bool) -> MethodView:
    call = method.call
    own = list(map(_argument, call.arguments))
    parameters = ["self", *(["*", *own] if own else []), REQUEST_OPTIONS]
    # An async paginated method is a plain function: its paginator is awaited or iterated.
    awaited = is_async and call.pagination is None
    definition = f"{'async def' if awaited else 'def'} {call.method_name}"
    signature = layout.signature(definition, parameters)
    function, arguments = _invocation(method)
    if method.error is not None:
        arguments.append(layout.Prefixed("error=", method.error))
    # The method's keyword arguments, request options included, are its locals: passing them
    # whole spares a mapping that repeats every name (the runtime reads the ones it declares).
    invocation = layout.Bracket(
        function, "(", (f"{OPERATIONS}.{call.constant}", _VALUES, *arguments), ")"
    )
    local = pysource.import_order([*method.models, *method.item_models, *method.error_models])
    model_import = layout.import_from(".models", local, 2) if local else []
    annotation = method.annotation(is_async)
    return MethodView(
        signature="\n".join(layout.lay_out(signature, 1, "", f" -> {annotation}:")),
        docstring=pysource.docstring(_method_doc(call), 2),
        model_import="\n".join(model_import),
        body="\n".join(layout.lay_out(invocation, 2, "return await " if awaited else "return ")),
    )


def _uses_any(call: ir.Call) -> bool:
    return any(UNTYPED in p.annotation for p in call.arguments)


def _invocation(method: _Method) -> tuple[str, list[layout.Node]]:
    """The client function a method calls, and its arguments after the operation and values."""
    call = method.call
    if call.pagination is not None:
        return "self._paginate", [method.returns, method.item]
    if call.streamed:
        return "self._stream", [method.returns]
    untyped = method.returns == UNTYPED
    function = "self._call_untyped" if untyped else "self._call"
    if call.on_error == "return":
        function += "_result"
    return function, [] if untyped else [_result_type(method.returns)]


def _result_type(returns: str) -> layout.Node:
    """The expression of the type a call's value is validated as, typed as ``type[returns]``.

    A union (``list[Item] | Item``) evaluates to a ``types.UnionType``, which no annotation of
    Python 3.10 accepts as ``type[T]``: the cast says which type it stands for.
    """
    if not _is_union(returns):
        return returns
    return layout.Bracket("cast", "(", (pysource.string(f"type[{returns}]"), returns), ")")


def _is_union(annotation: str) -> bool:
    """Whether ``annotation`` has a ``|`` outside brackets."""
    depth = 0
    for char in annotation:
        depth += (char == "[") - (char == "]")
        if char == "|" and depth == 0:
            return True
    return False


def _wrapper(
    client: str, methods: str, collection: ir.Collection, kind: str, is_async: bool
) -> WrapperView:
    """``client.with_raw_response`` / ``client.with_streaming_response``: typed method wrappers."""
    function = f"{RUNTIME_PACKAGE}.to_{'async_' if is_async else ''}{kind}"
    lines = [
        line
        for call in collection.calls
        for line in layout.assignment(
            f"self.{call.method_name}",
            layout.Bracket(function, "(", (f"client.{call.method_name}",), ")"),
            2,
        )
    ]
    raw = kind == "raw_response"
    what = "the raw response with the parsed value" if raw else "the response unread"
    text = "\n".join(pysource.wrap(f"The methods of {client}, returning {what}.", DOC_WIDTH[1]))
    return WrapperView(
        name=wrapper_name(client, kind),
        docstring=pysource.docstring(text, 1),
        client=methods,
        body="\n".join(lines or [f"{layout.INDENT * 2}self._client = client"]),
    )


def _argument(param: ir.Param) -> str:
    if param.required:
        return f"{param.kwarg}: {param.annotation}"
    if param.default_in_signature:
        default = pysource.literal(param.default)
    else:
        default = ir.NOT_GIVEN_SOURCE if param.nullable else "None"
    return f"{param.kwarg}: {param.annotation} = {default}"


def _method_doc(call: ir.Call) -> str:
    width = DOC_WIDTH[2]
    name = call.name.removesuffix(".")
    request = f"``{call.http_method} {call.path or '/'}`` ({call.use_as})."
    if len(f"{name}: {request}") <= width:  # the summary names the request when it fits
        lines = [f"{name}: {request}"]
        if call.description:
            lines += ["", *pysource.wrap(call.description, width)]
    else:
        lines = pysource.wrap(f"{name}.", width)
        if call.description:
            lines += ["", *pysource.wrap(call.description, width)]
        lines += ["", *pysource.wrap(request, width)]
    if call.arguments:
        lines += ["", "Args:"]
        for param in call.arguments:
            lines += pysource.wrap(
                f"    {param.kwarg}: {_param_doc(param)}", width, indent="        "
            )
    return "\n".join(lines)


def _param_doc(param: ir.Param) -> str:
    text = " ".join(
        (param.description or f"{param.location} parameter {param.wire_name!r}").split()
    )
    if param.default_in_signature:
        text += f" (default: {param.default!r})"
    elif param.has_default:  # the signature says None: the default is applied at run time
        text += f" (default when None: {param.default!r})"
    return text
