"""Static descriptions of a collection and its calls, written as constants by the generator.

Nothing here holds a secret value: a :class:`Secret` only names the environment variable and the
constructor keyword that supply one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import httpx

from .encoding import ArrayFormat
from .pagination import Pagination

ParamLocation = Literal["query", "path", "header", "body"]
BodyFormat = Literal["json", "form", "multipart"]
ResponseType = Literal["json", "text", "binary", "sse", "jsonl"]


@dataclass(frozen=True)
class Param:
    """A parameter: ``name`` on the wire, ``kwarg`` in Python.

    A private parameter (``private_env`` set, no ``kwarg``) takes its value from the resolved
    secret of that environment variable instead of from the caller. ``default`` is sent when the
    caller passes None: the generator puts list and dict defaults here rather than into
    signatures, where a mutable default would be shared between calls.
    """

    name: str
    location: ParamLocation
    kwarg: str = ""
    private_env: str | None = None
    default: Any = None
    nullable: bool = False  # None is sent as null (the caller's "not given" is not_given)
    allow_reserved: bool = False  # reserved characters such as / are sent as they are
    file: bool = False  # a multipart file part (or a list of them)


@dataclass(frozen=True)
class Secret:
    """A private value: the ``kwarg`` passed to the client, else the variable ``env`` + suffix.

    An ``optional`` one may be missing: the parameters it feeds are then not sent.
    """

    env: str
    kwarg: str
    optional: bool = False


@dataclass(frozen=True)
class Environment:
    base_url: str
    env_suffix: str = ""


class AuthScheme(Protocol):
    """How a collection authenticates; ``bind`` turns it into an ``httpx.Auth`` given the secrets.

    ``secrets`` maps environment variable names (without the environment's suffix) to values.
    """

    def bind(self, secrets: Mapping[str, str]) -> httpx.Auth: ...


@dataclass(frozen=True)
class CollectionConfig:
    name: str
    base_url: str
    headers: tuple[tuple[str, str], ...] = ()
    params: tuple[Param, ...] = ()
    secrets: tuple[Secret, ...] = ()
    auth: AuthScheme | None = None
    environments: Mapping[str, Environment] = field(default_factory=dict[str, Environment])
    array_format: ArrayFormat = "repeat"  # of every call that sets none


@dataclass(frozen=True)
class Operation:
    """One call: where it goes, what it sends and how its response is read."""

    name: str
    method: str
    path: str
    params: tuple[Param, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    body_format: BodyFormat = "json"
    body_template: str | None = None
    # How arrays are written in the query and form bodies; None: as the collection says.
    array_format: ArrayFormat | None = None
    response_type: ResponseType = "json"
    use_as: Literal["data", "action"] = "data"
    idempotent: bool = False
    max_retries: int | None = None
    timeout: float | None = None
    skip_auth: bool = False
    capture_headers: tuple[str, ...] = ()  # response headers shown on the raw response
    pagination: Pagination | None = None
    end_marker: str | None = None  # a streamed event's data that ends the stream
    idle_timeout: float | None = None  # seconds a stream may go without an event
    deadline: float | None = None  # seconds for a whole stream
