"""Resolve stage: a checked spec → the IR, with Python names decided and samples attached."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from apigen import ir
from apigen.capabilities import (
    CLIENT_ATTRIBUTES,
    CLIENT_OPTIONS,
    EXPORTS,
    OPTIONS_KWARG,
    REQUEST_OPTIONS,
    auth_kind,
    token_parameters,
)
from apigen.diagnostics import Position, readable_name
from apigen.load import LoadedSpec
from apigen.names import Namespace, TypeNames, pascal_case, snake_case
from apigen.privates import auth_env, parameter_env, private_values
from apigen.source import DataPath
from apigen.spec import BODYLESS_METHODS, Call, Collection, Parameter, Sample, Spec


def resolve(spec: Spec, loaded: LoadedSpec) -> ir.Package:
    """The IR of ``spec``, with the samples the load stage read (unreadable ones left out)."""
    modules = Namespace(reserved=("models",))
    classes = Namespace(reserved=tuple(export.name for export in EXPORTS))
    collections = tuple(
        _collection(collection, index, loaded, modules, classes)
        for index, collection in enumerate(spec.collections)
    )
    return ir.Package(
        name=spec.package.name,
        version=spec.package.version,
        description=spec.package.description,
        spec_file=readable_name(loaded.path.name),
        collections=collections,
        testing=spec.package.testing,
    )


def _collection(
    collection: Collection,
    index: int,
    loaded: LoadedSpec,
    modules: Namespace,
    classes: Namespace,
) -> ir.Collection:
    path: DataPath = ("collections", index)
    base = collection.python_name or pascal_case(collection.name)
    shared = tuple(_param(collection, p, Namespace()) for p in collection.shared_parameters)
    methods = Namespace(reserved=CLIENT_ATTRIBUTES)
    type_names = TypeNames()
    calls = tuple(
        _call(
            collection,
            call,
            (*path, "calls", call_index),
            _Samples(loaded),
            methods.claim(call.python_name or snake_case(call.name)),
            type_names.claim(call.python_name or call.name),
        )
        for call_index, call in enumerate(collection.calls)
    )
    module = collection.python_name.lower() if collection.python_name else None
    return ir.Collection(
        name=collection.name,
        description=collection.description,
        module=modules.claim(module or snake_case(collection.name, ascii_only=True)),
        client_class=classes.claim(f"{base}Client"),
        async_client_class=classes.claim(f"Async{base}Client"),
        base_url=collection.base_url,
        shared_headers=tuple(collection.shared_headers.items()),
        shared_params=shared,
        secrets=_secrets(collection, path),
        auth=_auth(collection),
        environments=tuple(
            ir.Environment(name, env.base_url, env.env_suffix)
            for name, env in sorted(collection.environments.items())
        ),
        calls=calls,
        schemas=dict(collection.schemas),
        array_format=collection.array_format,
        client_bases=auth_kind(collection.auth).client_bases,
    )


def _secrets(collection: Collection, path: DataPath) -> tuple[ir.Secret, ...]:
    """One constructor keyword per environment variable, in order of first use; optional when
    every use of it is an optional private parameter."""
    keywords = Namespace(reserved=tuple(option.name for option in CLIENT_OPTIONS))
    secrets: dict[str, ir.Secret] = {}
    for value in private_values(collection, path):
        known = secrets.get(value.env)
        if known is None:
            secrets[value.env] = ir.Secret(
                value.env, keywords.claim(snake_case(value.env)), value.purpose, value.optional
            )
        elif known.optional and not value.optional:
            secrets[value.env] = dataclasses.replace(known, optional=False)
    return tuple(secrets.values())


def _auth(collection: Collection) -> ir.Auth | None:
    auth = collection.auth
    if auth.type == "none":
        return None
    kind = auth_kind(auth)
    arguments = dict(auth.model_dump(exclude={"type", kind.parameters_key or ""}))
    for secret in kind.secrets:
        arguments[secret.key] = auth_env(collection, auth, secret)
    keywords = Namespace()
    parameters = tuple(_param(collection, p, keywords) for p in token_parameters(auth))
    envs = [arguments[secret.key] for secret in kind.secrets if arguments[secret.key]]
    envs += [p.private_env for p in parameters if p.private_env is not None]
    return ir.Auth(
        kind.runtime_class,
        tuple(sorted(arguments.items())),
        parameters,
        kind.runtime_module,
        kind.requirements,
        token_store=kind.token_store,
        envs=tuple(envs),
    )


def _param(collection: Collection, parameter: Parameter, keywords: Namespace) -> ir.Param:
    private = parameter.private
    return ir.Param(
        wire_name=parameter.name,
        location=parameter.in_,
        kwarg="" if private else keywords.claim(snake_case(parameter.name)),
        type=parameter.type,
        required=parameter.is_required,
        has_default=parameter.is_set("default"),
        default=parameter.default,
        example=parameter.example,
        private_env=parameter_env(collection, parameter) if private else None,
        description=parameter.description,
        items=parameter.items,
        nullable=parameter.nullable,
        allow_reserved=parameter.allow_reserved,
    )


def _call(
    collection: Collection,
    call: Call,
    path: DataPath,
    samples: _Samples,
    method_name: str,
    type_name: str,
) -> ir.Call:
    keywords = Namespace(reserved=(*REQUEST_OPTIONS, OPTIONS_KWARG))
    own = tuple(_param(collection, p, keywords) for p in call.parameters)
    has_body = call.method not in BODYLESS_METHODS
    shared = tuple(
        _param(collection, p, keywords)
        for p in collection.shared_parameters
        if not p.private and (p.in_ != "body" or has_body)
    )
    public = [p for p in (*own, *shared) if p.kwarg]
    arguments = tuple(p for p in public if p.required) + tuple(p for p in public if not p.required)
    response = call.response
    loaded_samples = (
        samples.load(response.samples, (*path, "response", "samples"))
        if response.type in ("json", *ir.STREAMED_TYPES)
        else []
    )
    error_samples = samples.load(response.error_samples, (*path, "response", "error_samples"))
    return ir.Call(
        name=call.name,
        method_name=method_name,
        constant=method_name.upper(),
        type_name=type_name,
        use_as=call.use_as,
        http_method=call.method,
        path=call.path,
        description=call.description,
        headers=tuple(call.headers.items()),
        params=own,
        arguments=arguments,
        body_format=call.body_format,
        body_template=call.body,
        array_format=call.array_format or collection.array_format,
        response_type=response.type,
        samples=tuple(value for value, _ in loaded_samples),
        sample_positions=tuple(position for _, position in loaded_samples),
        sample_statuses=(
            tuple(sample.status or 200 for sample in response.samples)
            if response.type == "json"
            else ()
        ),
        schema=response.schema_,
        model=(
            ir.TypeHint("", response.model, samples.position((*path, "response", "model")))
            if response.model is not None
            else None
        ),
        types=tuple(
            ir.TypeHint(place, type_name, samples.key_position((*path, "response", "types", place)))
            for place, type_name in response.types.items()
        ),
        error_samples=tuple(value for value, _ in error_samples),
        error_sample_positions=tuple(position for _, position in error_samples),
        capture_headers=tuple(response.headers),
        skip_auth=call.auth == "none",
        idempotent=call.idempotent,
        max_retries=call.max_retries,
        timeout=call.timeout,
        on_error=call.on_error,
        pagination=(
            ir.Pagination(**call.pagination.model_dump()) if call.pagination is not None else None
        ),
        end_marker=response.end_marker,
        idle_timeout=call.idle_timeout,
        deadline=call.deadline,
    )


class _Samples:
    """The samples of a call: inline values as written, files as the load stage read them."""

    def __init__(self, loaded: LoadedSpec) -> None:
        self._loaded = loaded

    def position(self, path: DataPath) -> Position:
        return self._loaded.source.value(path)

    def key_position(self, path: DataPath) -> Position:
        return self._loaded.source.key(path)

    def load(self, samples: Iterable[Sample], path: DataPath) -> list[tuple[Any, Position]]:
        source = self._loaded.source
        found = []
        for index, sample in enumerate(samples):
            where = (*path, index)
            if sample.file is None:
                found.append((sample.inline, source.value((*where, "inline"))))
            elif where in self._loaded.samples:
                found.append((self._loaded.samples[where], source.value((*where, "file"))))
        return found
