"""What a collection's client module prints: every statement composed and laid out here.

The template (templates/package/collection/client.py.jinja) only places these blocks. Layout
follows black (see :mod:`apigen.layout`), so the module needs no formatting pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from apigen import ir, layout, pysource
from apigen.infer import InferredCall

RUNTIME_PACKAGE = "_runtime"
UNTYPED = "Any"
# Defaults of the runtime's Operation, Param and CollectionConfig (templates/runtime/config.py):
# arguments equal to them are left out of the generated declarations. A test keeps them in step.
OPERATION_DEFAULTS: dict[str, Any] = {
    "params": (),
    "headers": (),
    "body_format": "json",
    "body_template": None,
    "response_type": "json",
    "use_as": "data",
    "idempotent": False,
    "max_retries": None,
    "timeout": None,
    "skip_auth": False,
}
PARAM_DEFAULTS: dict[str, Any] = {"kwarg": "", "private_env": None, "default": None}
CONFIG_DEFAULTS: dict[str, Any] = {
    "headers": (),
    "params": (),
    "secrets": (),
    "auth": None,
    "environments": {},
}
_CLIENT_OPTIONS = (
    "base_url: str | None = None",
    "timeout: float | httpx.Timeout | None = None",
    "max_retries: int | None = None",
)


@dataclass(frozen=True)
class MethodView:
    signature: str  # laid-out `def` lines, with the return annotation
    docstring: str
    model_import: str  # laid-out local import of the models the method returns, or ""
    body: str  # the laid-out return statement


@dataclass(frozen=True)
class ClassView:
    name: str
    base: str
    docstring: str
    init: str  # the laid-out constructor
    methods: tuple[MethodView, ...]


@dataclass(frozen=True)
class ClientView:
    imports: str
    config: str
    operations: tuple[str, ...]
    classes: tuple[ClassView, ...]


@dataclass(frozen=True)
class _Method:
    """One call's method before it is laid out for the sync or the async client."""

    call: ir.Call
    returns: str
    models: tuple[str, ...]


def client_view(collection: ir.Collection, inferred: Mapping[str, InferredCall]) -> ClientView:
    methods = [_method(call, inferred.get(call.method_name)) for call in collection.calls]
    docstring = pysource.docstring(_class_doc(collection), 1)
    classes = tuple(
        ClassView(
            name=name,
            base=base,
            docstring=docstring,
            init=_init(collection, http_client),
            methods=tuple(_method_view(method, is_async) for method in methods),
        )
        for name, base, http_client, is_async in (
            (collection.client_class, _runtime("SyncClient"), "httpx.Client", False),
            (collection.async_client_class, _runtime("AsyncClient"), "httpx.AsyncClient", True),
        )
    )
    return ClientView(
        imports=_imports(collection, methods),
        config=_statement("_CONFIG = ", _config(collection)),
        operations=tuple(_statement(f"{c.constant} = ", _operation(c)) for c in collection.calls),
        classes=classes,
    )


def return_types(collection: ir.Collection, inferred: Mapping[str, InferredCall]) -> dict[str, str]:
    """The return annotation of each call's method, by method name."""
    return {
        c.method_name: _method(c, inferred.get(c.method_name)).returns for c in collection.calls
    }


def _runtime(name: str) -> str:
    return f"{RUNTIME_PACKAGE}.{name}"


def _statement(prefix: str, value: layout.Node, depth: int = 0) -> str:
    return "\n".join(layout.lay_out(value, depth, prefix))


def _imports(collection: ir.Collection, methods: list[_Method]) -> str:
    models = pysource.import_order([name for m in methods for name in m.models])
    typing_names = ["TYPE_CHECKING"] if models else []
    if any(UNTYPED in m.returns or _uses_any(m.call) for m in methods):
        typing_names.append("Any")
    auth = collection.auth
    lines: list[str] = []
    if typing_names:
        lines += [*layout.import_from("typing", pysource.import_order(typing_names)), ""]
    lines += ["import httpx", ""]
    # The runtime is used through its module name, which no spec name can shadow.
    lines += layout.import_from("..", [RUNTIME_PACKAGE])
    if auth is not None and auth.module:
        lines += layout.import_from(f"..{RUNTIME_PACKAGE}", [auth.module])
    if models:
        lines += ["", "if TYPE_CHECKING:", *layout.import_from(".models", models, 1)]
    return "\n".join(lines)


def _uses_any(call: ir.Call) -> bool:
    return any(UNTYPED in p.annotation for p in call.arguments)


def _class_doc(collection: ir.Collection) -> str:
    width = layout.LINE_LENGTH - 4 - len(pysource.QUOTES)
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
    parameters = [
        "self",
        "*",
        *_CLIENT_OPTIONS,
        f"http_client: {http_client} | None = None",
        "environment: str | None = None",
        *(f"{s.kwarg}: str | None = None" for s in collection.secrets),
    ]
    secrets = layout.mapping([(pysource.literal(s.kwarg), s.kwarg) for s in collection.secrets])
    arguments = [(name, name) for name in ("base_url", "timeout", "max_retries", "http_client")]
    super_call = layout.call(
        "super().__init__", [*arguments, ("environment", "environment"), ("secrets", secrets)]
    )
    signature = layout.lay_out(layout.signature("def __init__", parameters), 1, "", " -> None:")
    return "\n".join([*signature, *layout.lay_out(super_call, 2)])


def _param(param: ir.Param) -> layout.Bracket:
    runtime_default = None if param.default_in_signature else param.default
    arguments: list[tuple[str, Any]] = [
        ("name", param.wire_name),
        ("location", param.location),
        ("kwarg", param.kwarg),
        ("private_env", param.private_env),
        ("default", runtime_default),
    ]
    return pysource.call(_runtime("Param"), arguments, PARAM_DEFAULTS)


def _auth_param(param: ir.Param) -> layout.Bracket:
    """A token request's parameter: private, or fixed to its default (no caller passes it)."""
    value = param.default if param.has_default else param.example
    arguments: list[tuple[str, Any]] = [
        ("name", param.wire_name),
        ("location", param.location),
        ("private_env", param.private_env),
        ("default", value),
    ]
    return pysource.call(_runtime("Param"), arguments, PARAM_DEFAULTS)


def _auth(auth: ir.Auth | None) -> layout.Bracket | None:
    if auth is None:
        return None
    arguments: list[tuple[str, Any]] = list(auth.arguments)
    if auth.parameters:
        arguments.append(("parameters", tuple(_auth_param(p) for p in auth.parameters)))
    module = f"{RUNTIME_PACKAGE}.{auth.module}" if auth.module else RUNTIME_PACKAGE
    return pysource.call(f"{module}.{auth.class_name}", arguments)


def _config(collection: ir.Collection) -> layout.Bracket:
    environments = {
        env.name: pysource.call(
            _runtime("Environment"), [("base_url", env.base_url), ("env_suffix", env.env_suffix)]
        )
        for env in collection.environments
    }
    secrets = tuple(
        pysource.call(_runtime("Secret"), [("env", s.env), ("kwarg", s.kwarg)])
        for s in collection.secrets
    )
    arguments: list[tuple[str, Any]] = [
        ("name", collection.name),
        ("base_url", collection.base_url),
        ("headers", collection.shared_headers),
        ("params", tuple(_param(p) for p in collection.shared_params)),
        ("secrets", secrets),
        ("auth", _auth(collection.auth)),
        ("environments", environments),
    ]
    return pysource.call(_runtime("CollectionConfig"), arguments, CONFIG_DEFAULTS)


def _operation(call: ir.Call) -> layout.Bracket:
    arguments: list[tuple[str, Any]] = [
        ("name", call.method_name),
        ("method", call.http_method),
        ("path", call.path),
        ("params", tuple(_param(p) for p in call.params)),
        ("headers", call.headers),
        ("body_format", call.body_format),
        ("body_template", call.body_template),
        ("response_type", call.response_type),
        ("use_as", call.use_as),
        ("idempotent", call.idempotent),
        ("max_retries", call.max_retries),
        ("timeout", call.timeout),
        ("skip_auth", call.skip_auth),
    ]
    return pysource.call(_runtime("Operation"), arguments, OPERATION_DEFAULTS)


def _method(call: ir.Call, inferred: InferredCall | None) -> _Method:
    if call.response_type == "text":
        return _Method(call, "str", ())
    if call.response_type == "binary":
        return _Method(call, "bytes", ())
    if inferred is None:
        return _Method(call, UNTYPED, ())
    return _Method(call, inferred.annotation, tuple(pysource.import_order(inferred.models)))


def _method_view(method: _Method, is_async: bool) -> MethodView:
    call = method.call
    parameters = ["self", "*", *map(_argument, call.arguments)] if call.arguments else ["self"]
    definition = f"{'async def' if is_async else 'def'} {call.method_name}"
    signature = layout.signature(definition, parameters)
    values = layout.mapping([(pysource.literal(p.kwarg), p.kwarg) for p in call.arguments])
    if method.returns == UNTYPED:
        invocation = layout.Bracket("self._call_untyped", "(", (call.constant, values), ")")
    else:
        invocation = layout.Bracket("self._call", "(", (call.constant, values, method.returns), ")")
    model_import = layout.import_from(".models", method.models, 2) if method.models else []
    return MethodView(
        signature="\n".join(layout.lay_out(signature, 1, "", f" -> {method.returns}:")),
        docstring=pysource.docstring(_method_doc(call), 2),
        model_import="\n".join(model_import),
        body="\n".join(layout.lay_out(invocation, 2, "return await " if is_async else "return ")),
    )


def _argument(param: ir.Param) -> str:
    if param.required:
        return f"{param.kwarg}: {param.annotation}"
    default = pysource.literal(param.default) if param.default_in_signature else "None"
    return f"{param.kwarg}: {param.annotation} = {default}"


def _method_doc(call: ir.Call) -> str:
    width = layout.LINE_LENGTH - 8 - len(pysource.QUOTES)  # a method body's indentation
    lines = pysource.wrap(call.name if call.name.endswith(".") else f"{call.name}.", width)
    if call.description:
        lines += ["", *pysource.wrap(call.description, width)]
    lines += [
        "",
        *pysource.wrap(f"``{call.http_method} {call.path or '/'}`` ({call.use_as}).", width),
    ]
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
    if param.has_default:
        text += f" (default: {param.default!r})"
    return text
