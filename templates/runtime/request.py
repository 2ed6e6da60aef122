"""Building the ``httpx.Request`` of one call (URL, query, headers, body) without any I/O."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from .body import json_body
from .config import CollectionConfig, Operation, Param
from .credentials import SecretValues
from .encoding import wire_text

_PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")
# These methods carry no body, so shared body parameters are not sent with them.
_BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A multipart field: (filename, content, content type); files carry a filename, fields do not.
MultipartPart = tuple[str | None, bytes | str, str | None]


@dataclass(frozen=True)
class Target:
    """What a client adds to every call: the collection, its base URL, secrets and timeout."""

    config: CollectionConfig
    base_url: str
    secrets: SecretValues
    timeout: httpx.Timeout | None = None  # None: the HTTP client's own timeout


@dataclass(frozen=True)
class _Body:
    content: bytes | None = None
    content_type: str | None = None
    data: dict[str, list[str]] | None = None
    files: list[tuple[str, MultipartPart]] | None = None


def join_url(base_url: str, path: str) -> str:
    """``base_url`` and ``path`` with exactly one ``/`` between them."""
    if not path:
        return base_url
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def build_request(
    http: httpx.Client | httpx.AsyncClient,
    target: Target,
    operation: Operation,
    values: Mapping[str, Any],
) -> httpx.Request:
    """The request for ``operation`` called with ``values`` (keyword name to value)."""
    params = target.config.params + operation.params
    located = {
        location: {
            param.name: _value(param, target.secrets, values)
            for param in params
            if param.location == location
        }
        for location in ("path", "query", "header", "body")
    }
    path = _PATH_PARAMETER.sub(
        lambda match: quote(wire_text(located["path"][match.group(1)]), safe=""), operation.path
    )
    headers = _headers(target.config, operation, located["header"])
    body = _Body() if operation.method in _BODYLESS_METHODS else _body(operation, located["body"])
    if body.content_type is not None and "Content-Type" not in headers:
        headers["Content-Type"] = body.content_type
    query = tuple(
        (name, text) for name, value in located["query"].items() for text in _texts(value)
    )
    request = http.build_request(
        operation.method,
        join_url(target.base_url, path),
        params=query or None,  # an empty list makes httpx parse and merge the URL again
        headers=headers,
        content=body.content,
        data=body.data,
        files=body.files,
    )
    timeout = target.timeout if operation.timeout is None else httpx.Timeout(operation.timeout)
    if timeout is not None:
        request.extensions["timeout"] = timeout.as_dict()
    return request


def _value(param: Param, secrets: SecretValues, values: Mapping[str, Any]) -> Any:
    if param.private_env is not None:
        return secrets[param.private_env]
    value = values.get(param.kwarg)
    return param.default if value is None else value


def _items(value: Any) -> list[Any]:
    """A list's items, sent as repeated fields; an unset value has none."""
    if isinstance(value, (list, tuple)):
        return [item for item in value if item is not None]
    return [] if value is None else [value]


def _texts(value: Any) -> Iterator[str]:
    return (wire_text(item) for item in _items(value))


def _headers(
    config: CollectionConfig, operation: Operation, header_values: Mapping[str, Any]
) -> httpx.Headers:
    """Shared static headers, then the call's (overriding), then header parameters."""
    # Set one by one, as UTF-8: httpx.Headers(pairs) would encode the values as ASCII.
    headers = httpx.Headers()
    for name, text in (*config.headers, *operation.headers):
        headers[name] = text
    for name, value in header_values.items():
        if value is not None:
            headers[name] = wire_text(value)
    return headers


def _body(operation: Operation, body_values: dict[str, Any]) -> _Body:
    if operation.body_format == "form":
        if not body_values:
            return _Body()
        return _Body(data={name: list(_texts(value)) for name, value in body_values.items()})
    if operation.body_format == "multipart":
        return _Body(files=list(_multipart_parts(body_values))) if body_values else _Body()
    content = json_body(operation.body_template, body_values)
    return _Body(content, "application/json") if content is not None else _Body()


def _multipart_parts(body_values: Mapping[str, Any]) -> Iterator[tuple[str, MultipartPart]]:
    for name, value in body_values.items():
        for item in _items(value):
            if isinstance(item, bytes):
                yield name, (name, item, "application/octet-stream")
            else:
                yield name, (None, wire_text(item), None)
