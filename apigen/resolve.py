"""Resolve stage: a checked spec → the IR, with Python names decided and sample files loaded."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from apigen import ir
from apigen.diagnostics import Diagnostics, Position, readable_name
from apigen.load import LoadedSpec, read_json_file, resolve_inside
from apigen.names import Namespace, TypeNames, pascal_case, snake_case
from apigen.privates import key_env, parameter_env, private_values
from apigen.source import DataPath
from apigen.spec import (
    BODYLESS_METHODS,
    Call,
    Collection,
    Parameter,
    PrivateKeyInHeader,
    PrivateKeyInUrl,
    Sample,
    Spec,
)

# Keyword arguments every client constructor has; secrets are named around them.
CLIENT_OPTIONS = (
    "base_url",
    "timeout",
    "max_retries",
    "http_client",
    "environment",
    "env_file",
    "token_store",
)
# Keyword arguments every method has after the call's own (client_view.REQUEST_OPTIONS).
REQUEST_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")
# Attributes of the runtime's client classes that a call's method must not replace (a test
# compares them with the runtime).
CLIENT_ATTRIBUTES = (
    *CLIENT_OPTIONS,
    "aclose",
    "authorization_url",
    "backoff",
    "close",
    "exchange_code",
    "token_store",
    "with_options",
    "with_raw_response",
    "with_streaming_response",
)
# The runtime's errors, exported at the generated package's top level beside the clients.
ERROR_EXPORTS = (
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "AuthorizationRequiredError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "TokenRequestError",
    "UnprocessableEntityError",
)
# Other runtime names exported at the top level: results, raw responses, token stores.
RUNTIME_EXPORTS = (
    "FileInput",
    "FileTokenStore",
    "MemoryTokenStore",
    "NotGiven",
    "RawResponse",
    "Result",
    "Token",
    "TokenStore",
    "not_given",
)
# Auth types whose tokens a client caches in a store it accepts as ``token_store=``.
_TOKEN_AUTH = frozenset({"oauth2_password", "oauth2_user_agent", "oauth2_custom_token", "jwt"})
# auth type → runtime class, the optional runtime module defining it, and what that module needs.
_AUTH_CLASSES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "private_key_in_header": ("HeaderKeyAuth", "", ()),
    "private_key_in_url": ("QueryKeyAuth", "", ()),
    "basic": ("BasicAuth", "", ()),
    "oauth2_password": ("OAuth2PasswordAuth", "", ()),
    "oauth2_user_agent": ("OAuth2AuthorizationCodeAuth", "", ()),
    "oauth2_custom_token": ("CustomTokenAuth", "", ()),
    "jwt": ("JwtAuth", "jwt_auth", ("PyJWT[crypto]>=2.8",)),
    "client_certificate": ("ClientCertificateAuth", "", ()),
}


OPTIONAL_RUNTIME_MODULES = frozenset(module for _, module, _ in _AUTH_CLASSES.values() if module)


def resolve(spec: Spec, loaded: LoadedSpec, diagnostics: Diagnostics) -> ir.Package:
    """The IR of ``spec``; unreadable samples are reported and left out."""
    modules = Namespace(reserved=("models",))
    classes = Namespace(reserved=(*ERROR_EXPORTS, *RUNTIME_EXPORTS))
    collections = tuple(
        _collection(collection, index, loaded, diagnostics, modules, classes)
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
    diagnostics: Diagnostics,
    modules: Namespace,
    classes: Namespace,
) -> ir.Collection:
    path: DataPath = ("collections", index)
    base = collection.python_name or pascal_case(collection.name)
    sample_dir = loaded.collection_files[index].parent
    shared = tuple(_param(collection, p, Namespace()) for p in collection.shared_parameters)
    methods = Namespace(reserved=CLIENT_ATTRIBUTES)
    type_names = TypeNames()
    calls = tuple(
        _call(
            collection,
            call,
            (*path, "calls", call_index),
            _Samples(loaded, diagnostics, sample_dir),
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
    )


def _secrets(collection: Collection, path: DataPath) -> tuple[ir.Secret, ...]:
    """One constructor keyword per environment variable, in order of first use; optional when
    every use of it is an optional private parameter."""
    keywords = Namespace(reserved=CLIENT_OPTIONS)
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
    arguments = dict(auth.model_dump(exclude={"type", "parameters"}))
    if isinstance(auth, PrivateKeyInHeader | PrivateKeyInUrl):
        arguments["env"] = key_env(collection, auth)
    keywords = Namespace()
    parameters = tuple(_param(collection, p, keywords) for p in getattr(auth, "parameters", ()))
    class_name, module, requirements = _AUTH_CLASSES[auth.type]
    return ir.Auth(
        class_name,
        tuple(sorted(arguments.items())),
        parameters,
        module,
        requirements,
        token_store=auth.type in _TOKEN_AUTH,
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
    keywords = Namespace(reserved=REQUEST_OPTIONS)
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
        if response.type == "json"
        else []
    )
    error_samples = samples.load(response.error_samples, (*path, "response", "error_samples"))
    return ir.Call(
        name=call.name,
        method_name=method_name,
        constant=f"_OP_{method_name.upper()}",
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
    )


class _Samples:
    """Loads the samples of one collection: inline values as written, files relative to its file."""

    def __init__(self, loaded: LoadedSpec, diagnostics: Diagnostics, base_dir: Path) -> None:
        self._loaded = loaded
        self._diagnostics = diagnostics
        self._base_dir = base_dir

    def position(self, path: DataPath) -> Position:
        return self._loaded.source.value(path)

    def key_position(self, path: DataPath) -> Position:
        return self._loaded.source.key(path)

    def load(self, samples: Iterable[Sample], path: DataPath) -> list[tuple[Any, Any]]:
        found = []
        for index, sample in enumerate(samples):
            where = (*path, index)
            if sample.file is None:
                found.append((sample.inline, self._loaded.source.value((*where, "inline"))))
                continue
            position = self._loaded.source.value((*where, "file"))
            target = resolve_inside(sample.file, self._base_dir, self._loaded.root_dir)
            if target is None:
                self._diagnostics.error(
                    position,
                    "E108",
                    f"sample path {sample.file!r} leaves the spec's directory tree: keep samples "
                    f"in a folder next to the spec and use a relative path",
                )
                continue
            ok, value = read_json_file(target, position, self._diagnostics)
            if ok:
                found.append((value, position))
        return found
