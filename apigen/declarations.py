"""The runtime objects a generated client declares, as data: one home for their arguments.

A generated client module declares a ``CollectionConfig`` and one ``Operation`` per call. The
renderer prints these declarations as source (:mod:`apigen.client_view`); live requests
(:mod:`apigen.live.runtime`) build the same objects from them. Arguments equal to the runtime's
defaults are left out, which keeps generated modules short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apigen import ir

# Defaults of the runtime's Operation, Param and CollectionConfig (templates/runtime/config.py).
# A test keeps them in step with the runtime.
OPERATION_DEFAULTS: dict[str, Any] = {
    "params": (),
    "headers": (),
    "body_format": "json",
    "body_template": None,
    "array_format": None,  # the collection's
    "response_type": "json",
    "use_as": "data",
    "idempotent": False,
    "max_retries": None,
    "timeout": None,
    "skip_auth": False,
    "capture_headers": (),
    "pagination": None,
    "end_marker": None,
    "idle_timeout": None,
    "deadline": None,
}
# Defaults of the runtime's Pagination (templates/runtime/pagination.py).
PAGINATION_DEFAULTS: dict[str, Any] = {
    "items": None,
    "cursor_param": None,
    "next_cursor": None,
    "has_more": None,
    "offset_param": "offset",
    "limit_param": "limit",
    "page_param": "page",
}
PARAM_DEFAULTS: dict[str, Any] = {
    "kwarg": "",
    "private_env": None,
    "default": None,
    "nullable": False,
    "allow_reserved": False,
    "file": False,
}
CONFIG_DEFAULTS: dict[str, Any] = {
    "headers": (),
    "params": (),
    "secrets": (),
    "auth": None,
    "environments": {},
    "array_format": "repeat",
}


@dataclass(frozen=True)
class Construct:
    """A runtime class called with arguments; ``path`` is relative to the runtime package."""

    path: str
    arguments: tuple[tuple[str, Any], ...]  # values: literals, tuples, dicts or Constructs


def construct(path: str, arguments: list[tuple[str, Any]], defaults: dict[str, Any]) -> Construct:
    kept = tuple((n, v) for n, v in arguments if n not in defaults or defaults[n] != v)
    return Construct(path, kept)


def param(parameter: ir.Param) -> Construct:
    """A call's or collection's parameter; scalar defaults live in the method's signature."""
    runtime_default = None if parameter.default_in_signature else parameter.default
    arguments: list[tuple[str, Any]] = [
        ("name", parameter.wire_name),
        ("location", parameter.location),
        ("kwarg", parameter.kwarg),
        ("private_env", parameter.private_env),
        ("default", runtime_default),
        ("nullable", parameter.nullable),
        ("allow_reserved", parameter.allow_reserved),
        ("file", parameter.is_file),
    ]
    return construct("Param", arguments, PARAM_DEFAULTS)


def token_param(parameter: ir.Param) -> Construct:
    """A token request's parameter: private, or fixed to its default (no caller passes it)."""
    value = parameter.default if parameter.has_default else parameter.example
    arguments: list[tuple[str, Any]] = [
        ("name", parameter.wire_name),
        ("location", parameter.location),
        ("private_env", parameter.private_env),
        ("default", value),
    ]
    return construct("Param", arguments, PARAM_DEFAULTS)


def auth(scheme: ir.Auth | None) -> Construct | None:
    if scheme is None:
        return None
    arguments: list[tuple[str, Any]] = list(scheme.arguments)
    if scheme.parameters:
        arguments.append(("parameters", tuple(token_param(p) for p in scheme.parameters)))
    return Construct(f"{scheme.module}.{scheme.class_name}", tuple(arguments))


def collection_config(collection: ir.Collection) -> Construct:
    environments = {
        env.name: construct(
            "Environment", [("base_url", env.base_url), ("env_suffix", env.env_suffix)], {}
        )
        for env in collection.environments
    }
    secrets = tuple(
        construct(
            "Secret",
            [("env", s.env), ("kwarg", s.kwarg), ("optional", s.optional)],
            {"optional": False},
        )
        for s in collection.secrets
    )
    arguments: list[tuple[str, Any]] = [
        ("name", collection.name),
        ("base_url", collection.base_url),
        ("headers", collection.shared_headers),
        ("params", tuple(param(p) for p in collection.shared_params)),
        ("secrets", secrets),
        ("auth", auth(collection.auth)),
        ("environments", environments),
        ("array_format", collection.array_format),
    ]
    return construct("CollectionConfig", arguments, CONFIG_DEFAULTS)


def pagination(spec: ir.Pagination | None) -> Construct | None:
    if spec is None:
        return None
    return construct("Pagination", list(vars(spec).items()), PAGINATION_DEFAULTS)


def operation(call: ir.Call, collection: ir.Collection) -> Construct:
    """The call's ``Operation``; what it shares with its collection is left to the collection."""
    own_arrays = call.array_format if call.array_format != collection.array_format else None
    arguments: list[tuple[str, Any]] = [
        ("name", call.method_name),
        ("method", call.http_method),
        ("path", call.path),
        ("params", tuple(param(p) for p in call.params)),
        ("headers", call.headers),
        ("body_format", call.body_format),
        ("body_template", call.body_template),
        ("array_format", own_arrays),
        ("response_type", call.response_type),
        ("use_as", call.use_as),
        ("idempotent", call.idempotent),
        ("max_retries", call.max_retries),
        ("timeout", call.timeout),
        ("skip_auth", call.skip_auth),
        ("capture_headers", call.capture_headers),
        ("pagination", pagination(call.pagination)),
        ("end_marker", call.end_marker),
        ("idle_timeout", call.idle_timeout),
        ("deadline", call.deadline),
    ]
    return construct("Operation", arguments, OPERATION_DEFAULTS)
