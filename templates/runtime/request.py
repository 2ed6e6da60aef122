"""Building the ``httpx.Request`` of one call (URL, query, headers, body) without any I/O.

What the caller says wins over what the spec says: per-request options (``extra_headers``,
``extra_query``, ``extra_body``, ``timeout``) over the client's settings (``with_options`` or
constructor arguments given explicitly) over the call's keys in the spec over the defaults.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

import httpx

from .body import json_body
from .config import CollectionConfig, Operation, Param
from .credentials import SecretValues
from .encoding import (
    NULL,
    ArrayFormat,
    NotGiven,
    form_pairs,
    is_list,
    not_given,
    path_text,
    urlencode,
    wire_text,
)
from .files import FilePart, file_part

_PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")
# These methods carry no body, so shared body parameters are not sent with them.
_BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A multipart field: (filename, content, content type); plain fields have no filename.
MultipartPart = FilePart | tuple[None, str, None]
TimeoutOption = float | httpx.Timeout | NotGiven | None


# The name under which a generated method collects the RequestOptionsArgs it was given.
OPTIONS_KWARG = "request_options"


class RequestOptionsArgs(TypedDict, total=False):
    """The keyword arguments of every generated method after the call's own (RequestOptions)."""

    extra_headers: Mapping[str, str] | None
    extra_query: Mapping[str, Any] | None
    extra_body: Mapping[str, Any] | None
    timeout: TimeoutOption


@dataclass(frozen=True)
class RequestOptions:
    """What the caller adds to one call; each ``extra_*`` is merged over what the spec sends.

    ``timeout`` replaces every other timeout for this call (None: wait without limit).
    """

    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, Any] | None = None
    extra_body: Mapping[str, Any] | None = None
    timeout: TimeoutOption = not_given

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> RequestOptions:
        """The options among a call's values (a generated method passes its locals)."""
        given = values.get(OPTIONS_KWARG)
        return cls(**given) if given else NO_OPTIONS  # most calls pass none: no object made


NO_OPTIONS = RequestOptions()


@dataclass(frozen=True)
class Target:
    """What a client adds to every call: the collection, its base URL, secrets, and the settings
    its user gave explicitly (``timeout`` None: not given; ``headers``: from ``with_options``).
    """

    config: CollectionConfig
    base_url: str
    secrets: SecretValues
    timeout: httpx.Timeout | None = None
    headers: tuple[tuple[str, str], ...] = ()
    # The parsed URLs of paths without parameters, by URL: the same for every call, and parsing
    # a URL is a good part of building a request. Kept per client (its copies share it).
    static_urls: dict[str, httpx.URL] = field(
        default_factory=dict[str, httpx.URL], compare=False, repr=False
    )


@dataclass(frozen=True)
class _Body:
    content: bytes | None = None
    content_type: str | None = None
    files: list[tuple[str, MultipartPart]] | None = None


_NO_BODY = _Body()


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
    options: RequestOptions = NO_OPTIONS,
) -> httpx.Request:
    """The request for ``operation`` called with ``values`` (keyword name to value)."""
    params = target.config.params + operation.params
    located: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}, "body": {}}
    for param in params:
        located[param.location][param.name] = _value(param, target.secrets, values)
    reserved = {p.name for p in params if p.allow_reserved}
    arrays = operation.array_format or target.config.array_format
    headers = _headers(target, operation, located["header"], options)
    body = (
        _NO_BODY
        if operation.method in _BODYLESS_METHODS
        else _body(operation, params, located["body"], options.extra_body, arrays)
    )
    if body.content_type is not None and "Content-Type" not in headers:
        headers["Content-Type"] = body.content_type
    query = {**located["query"], **(options.extra_query or {})}
    request = http.build_request(
        operation.method,
        _with_query(_url(target, operation, located["path"], reserved), query, arrays, reserved),
        headers=headers,
        content=body.content,
        files=body.files,
    )
    timeout = _timeout(target, operation, options)
    if timeout is not None:
        request.extensions["timeout"] = timeout.as_dict()
    return request


def _url(
    target: Target, operation: Operation, values: Mapping[str, Any], reserved: set[str]
) -> httpx.URL:
    """The call's URL without its query: the path's parameters filled in, if it has any."""
    template = operation.path
    if "{" not in template:
        text = join_url(target.base_url, template)
        url = target.static_urls.get(text)
        if url is None:
            url = target.static_urls[text] = httpx.URL(text)
        return url
    path = _PATH_PARAMETER.sub(
        lambda match: path_text(values[match.group(1)], match.group(1) in reserved), template
    )
    return httpx.URL(join_url(target.base_url, path))


def _timeout(target: Target, operation: Operation, options: RequestOptions) -> httpx.Timeout | None:
    """The call's timeout, by precedence; None leaves the HTTP client's own."""
    if not isinstance(options.timeout, NotGiven):
        return httpx.Timeout(options.timeout)
    if target.timeout is not None:
        return target.timeout
    return None if operation.timeout is None else httpx.Timeout(operation.timeout)


def _value(param: Param, secrets: SecretValues, values: Mapping[str, Any]) -> Any:
    """The value to send; None when nothing is sent, ``NULL`` for an explicit null."""
    if param.private_env is not None:
        return secrets.get(param.private_env)  # an optional secret may be missing
    value = values.get(param.kwarg, not_given)
    if value is None and param.nullable:
        return NULL
    return param.default if value is None or isinstance(value, NotGiven) else value


def _with_query(
    parsed: httpx.URL, query: Mapping[str, Any], arrays: ArrayFormat, reserved: set[str]
) -> httpx.URL:
    """``url`` with the query appended, encoded here so that brackets, arrays and reserved
    characters come out exactly as documented (httpx's ``params`` would re-encode them).
    """
    pairs = [
        (key, text, name in reserved)
        for name, value in query.items()
        for key, text in form_pairs(name, value, arrays)
    ]
    if not pairs:
        return parsed
    encoded = urlencode(pairs)
    existing = parsed.query.decode("ascii")
    return parsed.copy_with(query=(f"{existing}&{encoded}" if existing else encoded).encode())


def _headers(
    target: Target,
    operation: Operation,
    header_values: Mapping[str, Any],
    options: RequestOptions,
) -> httpx.Headers:
    """Shared static headers, the call's, header parameters, the client's, then the caller's."""
    # Set one by one, as UTF-8: httpx.Headers(pairs) would encode the values as ASCII.
    headers = httpx.Headers()
    for name, text in (*target.config.headers, *operation.headers):
        headers[name] = text
    for name, value in header_values.items():
        if value is not None:
            headers[name] = wire_text(value)
    for name, text in (*target.headers, *(options.extra_headers or {}).items()):
        headers[name] = text
    return headers


def _body(
    operation: Operation,
    params: tuple[Param, ...],
    body_values: dict[str, Any],
    extra: Mapping[str, Any] | None,
    arrays: ArrayFormat,
) -> _Body:
    if operation.body_format == "json":
        content = json_body(operation.body_template, body_values, extra)
        return _Body(content, "application/json") if content is not None else _NO_BODY
    values = {**body_values, **(extra or {})}
    if operation.body_format == "form":
        return _form_body(values, arrays)
    files = {param.name for param in params if param.file}
    return _multipart_body(values, files, arrays)


def _form_body(values: Mapping[str, Any], array_format: ArrayFormat) -> _Body:
    fields = [
        (key, text, False)
        for name, value in values.items()
        for key, text in form_pairs(name, value, array_format)
    ]
    if not fields:
        return _NO_BODY
    return _Body(urlencode(fields).encode(), "application/x-www-form-urlencoded")


def _multipart_body(values: Mapping[str, Any], files: set[str], array_format: ArrayFormat) -> _Body:
    """Files as file parts, other values as fields written like a form's (in the given order)."""
    parts: list[tuple[str, MultipartPart]] = []
    for name, value in values.items():
        if name in files:
            parts += _file_parts(name, value)
        else:
            parts += (
                (key, (None, text, None)) for key, text in form_pairs(name, value, array_format)
            )
    return _Body(files=parts) if parts else _NO_BODY


def _file_parts(name: str, value: Any) -> Iterator[tuple[str, MultipartPart]]:
    """One part per file: a list of files is sent as parts of the same name."""
    items = value if is_list(value) else [] if value is None else [value]
    for item in items:
        yield name, file_part(name, item)
