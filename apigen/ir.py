"""The intermediate representation: a checked spec with Python names decided and samples loaded.

Templates print these fields and nothing else. The IR imports neither ruamel nor pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apigen.diagnostics import Position
from apigen.vocabulary import (
    ArrayFormat,
    BodyFormat,
    HttpMethod,
    ItemType,
    OnError,
    ParameterLocation,
    ParameterType,
    ResponseType,
    UseAs,
)

# The client module imports the runtime package as ``_runtime`` (declarations.RUNTIME_PACKAGE).
PARAMETER_ANNOTATIONS: dict[str, str] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "array": "list[Any]",
    "object": "dict[str, Any]",
    "file": "_runtime.FileInput",
}
NOT_GIVEN_SOURCE = "_runtime.not_given"


@dataclass(frozen=True)
class Secret:
    """A private value: read from ``env`` (plus the environment's suffix) or passed as ``kwarg``."""

    env: str
    kwarg: str
    purpose: str
    optional: bool = False  # only optional private parameters use it: it may be unset


@dataclass(frozen=True)
class Param:
    wire_name: str
    location: ParameterLocation
    kwarg: str  # the method's keyword argument; empty for private parameters
    type: ParameterType
    required: bool
    has_default: bool
    default: Any
    example: Any  # None when the spec gives none
    private_env: str | None
    description: str | None
    items: ItemType | None = None  # the item type of an array
    nullable: bool = False
    allow_reserved: bool = False

    @property
    def value_annotation(self) -> str:
        """The type of a value the caller passes (without None for "not given")."""
        if self.type == "array" and self.items is not None:
            return f"list[{PARAMETER_ANNOTATIONS[self.items]}]"
        return PARAMETER_ANNOTATIONS[self.type]

    @property
    def annotation(self) -> str:
        base = self.value_annotation
        if self.nullable:
            # None is a value (null); an optional argument left out is not_given (NotGiven).
            given = self.required or self.default_in_signature
            return f"{base} | None" if given else f"{base} | _runtime.NotGiven | None"
        return base if self.required or self.default_in_signature else f"{base} | None"

    @property
    def is_file(self) -> bool:
        return self.type == "file" or (self.type == "array" and self.items == "file")

    @property
    def default_in_signature(self) -> bool:
        """Scalar defaults are shown in the signature; mutable ones are applied at run time."""
        return (
            self.has_default and self.type not in ("array", "object") and self.default is not None
        )


@dataclass(frozen=True)
class TypeHint:
    """One ``response.types`` entry (or the ``response.model``, at the place ``""``)."""

    place: str
    type: str
    position: Position


@dataclass(frozen=True)
class Pagination:
    """A call's ``pagination:`` as written; the runtime's ``Pagination`` takes the same keys."""

    style: str
    items: str | None
    cursor_param: str | None
    next_cursor: str | None
    has_more: str | None
    offset_param: str
    limit_param: str
    page_param: str


STREAMED_TYPES = ("sse", "jsonl")


@dataclass(frozen=True)
class Call:
    name: str
    method_name: str
    constant: str  # name of the call's Operation in the operations module, e.g. GET_CONTACT
    type_name: str  # PascalCase base of model names, e.g. GetContact
    use_as: UseAs
    http_method: HttpMethod
    path: str
    description: str | None
    headers: tuple[tuple[str, str], ...]
    params: tuple[Param, ...]  # the call's own parameters, spec order (private ones too)
    arguments: tuple[Param, ...]  # keyword arguments of the method: required first, then optional
    body_format: BodyFormat
    body_template: str | None
    array_format: ArrayFormat  # the call's, else its collection's
    response_type: ResponseType
    samples: tuple[Any, ...]
    sample_positions: tuple[Position, ...]
    sample_statuses: tuple[int, ...]  # the status each sample came with (200 unless written)
    schema: dict[str, Any] | None
    model: TypeHint | None  # response.model
    types: tuple[TypeHint, ...]  # response.types, in spec order
    error_samples: tuple[Any, ...]  # error bodies, for a typed ``.error`` on status errors
    error_sample_positions: tuple[Position, ...]
    capture_headers: tuple[str, ...]  # response headers exposed on the raw response
    skip_auth: bool
    idempotent: bool
    max_retries: int | None
    timeout: float | None
    on_error: OnError
    pagination: Pagination | None = None
    end_marker: str | None = None
    idle_timeout: float | None = None
    deadline: float | None = None

    @property
    def streamed(self) -> bool:
        """A stream of events: samples are single events, the method returns a stream."""
        return self.response_type in STREAMED_TYPES

    @property
    def error_key(self) -> str:
        """The key of the call's error body among its collection's inferred types."""
        return f"{self.method_name}:error"


@dataclass(frozen=True)
class Auth:
    """The runtime auth class to instantiate and its keyword arguments (literal values).

    ``module`` is the runtime module that defines the class; ``requirements`` are the
    distributions it needs beyond httpx and pydantic.
    """

    class_name: str
    arguments: tuple[tuple[str, Any], ...]
    parameters: tuple[Param, ...] = ()  # the token request's parameters (oauth2_custom_token)
    module: str = "auth"
    requirements: tuple[str, ...] = ()
    token_store: bool = False  # tokens are cached in a pluggable store (``token_store=``)
    envs: tuple[str, ...] = ()  # the variables its secrets are read from, token parameters' too


@dataclass(frozen=True)
class Environment:
    name: str
    base_url: str
    env_suffix: str


@dataclass(frozen=True)
class Collection:
    name: str
    description: str | None
    module: str  # subpackage of the generated package, e.g. acme_crm
    client_class: str  # AcmeCrmClient
    async_client_class: str  # AsyncAcmeCrmClient
    base_url: str
    shared_headers: tuple[tuple[str, str], ...]
    shared_params: tuple[Param, ...]
    secrets: tuple[Secret, ...]
    auth: Auth | None
    environments: tuple[Environment, ...]
    calls: tuple[Call, ...]
    schemas: dict[str, Any]  # declared JSON Schemas by model name
    array_format: ArrayFormat = "repeat"  # of every call that sets none
    # the runtime's sync and async client classes the clients derive from ("module.Class" for
    # those outside the runtime package's own names)
    client_bases: tuple[str, str] = ("SyncClient", "AsyncClient")

    @property
    def runtime_submodules(self) -> tuple[str, ...]:
        """The runtime modules its client module imports by name: auth class, client bases."""
        modules = {base.partition(".")[0] for base in self.client_bases if "." in base}
        if self.auth is not None:
            modules.add(self.auth.module)
        return tuple(sorted(modules))


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    description: str | None
    spec_file: str  # the spec's file name, for the generated-file header
    collections: tuple[Collection, ...]
    testing: bool = False  # generate the ``testing`` module and its samples
