"""Answers from recorded samples: the engine of ``<package>.testing`` and of ``apigen mock``.

A request is routed to its call by method and path template, checked for the parameters the
call requires, and answered with the call's first sample, or with what a test asked for. The
same code answers inside a test (``SampleTransport``) and over HTTP (``apigen mock``), so both
behave alike. The calls arrive as plain data (:meth:`MockCall.from_data`): a file apigen writes
into the package, or what it builds from a spec. Copied into packages with ``testing: true``.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar, cast
from urllib.parse import parse_qsl, quote, urlencode

import httpx

from .auth import BasicAuth, ClientCertificateAuth, HeaderKeyAuth, QueryKeyAuth
from .client import AsyncClient, SyncClient
from .config import AuthScheme
from .pagination import Pagination, page_items, read_place

JSON_TYPE = "application/json"
# A request extension naming the collection whose client sent it: where several collections
# declare the same method and path, the request goes to that collection's call.
COLLECTION_EXTENSION = "apigen_mock_collection"
PLACEHOLDER = "mock"  # every credential of a client made by ``mock_client``
_CLOSEST = 3
# The query parameter of the mock's own ``Link`` to the next page (link pagination): the index
# of the sample that answers it.
LINK_PARAM = "mock_page"
_PLACEHOLDER = re.compile(r"\{[^{}]+\}")
# Characters a client leaves as they are in a path (``quote``'s ``safe`` for the literal parts).
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


@dataclass(frozen=True)
class MockCall:
    """One call as the mock answers it; ``path`` includes the path of the base URL."""

    collection: str
    name: str
    method: str
    path: str
    response_type: str
    content_type: str
    samples: tuple[Any, ...] = ()
    error_samples: tuple[Any, ...] = ()
    statuses: tuple[int, ...] = ()  # the status of each sample, when one is not 200
    required: tuple[tuple[str, str], ...] = ()  # (location, wire name) of required parameters
    end_marker: str | None = None  # streams: the data that ends the stream
    pagination: Pagination | None = None  # paginated calls: the samples are the pages, in order

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> MockCall:
        return cls(
            collection=data["collection"],
            name=data["name"],
            method=data["method"],
            path=data["path"],
            response_type=data["response_type"],
            content_type=data["content_type"],
            samples=tuple(data.get("samples", ())),
            error_samples=tuple(data.get("error_samples", ())),
            statuses=tuple(data.get("statuses", ())),
            required=tuple((location, name) for location, name in data.get("required", ())),
            end_marker=data.get("end_marker"),
            pagination=Pagination(**data["pagination"]) if "pagination" in data else None,
        )

    @property
    def title(self) -> str:
        """How messages and logs name the call."""
        return f"{self.collection}.{self.name}: {self.method} {self.path}"


@dataclass(frozen=True)
class MockRequest:
    """What the mock reads of a request; ``path`` as sent (percent-encoded)."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict[str, str])  # lower-case names
    body: bytes = b""
    collection: str | None = None  # the collection whose client sent it, when known

    @classmethod
    def of(cls, request: httpx.Request) -> MockRequest:
        """An ``httpx.Request`` whose body has been read."""
        collection = request.extensions.get(COLLECTION_EXTENSION)
        return cls(
            method=request.method,
            path=request.url.raw_path.decode("ascii").partition("?")[0],
            query=tuple(request.url.params.multi_items()),
            headers={name.lower(): value for name, value in request.headers.items()},
            body=request.content,
            collection=collection if isinstance(collection, str) else None,
        )


@dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    call: MockCall | None = None  # None when no call matched the request


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


@dataclass(frozen=True)
class Override:
    """What a test asked one call to answer instead of its first sample."""

    status: int | None = None
    json: Any = UNSET
    headers: Mapping[str, str] = field(default_factory=dict[str, str])
    sample: int | None = None


@dataclass(frozen=True)
class _Route:
    call: MockCall
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, call: MockCall) -> _Route:
        literals = _PLACEHOLDER.split(call.path)
        pattern = "[^/]+".join(re.escape(quote(part, safe=_PATH_SAFE)) for part in literals)
        return cls(call, re.compile(pattern))

    @property
    def placeholders(self) -> int:
        return self.call.path.count("{")


class Router:
    """Finds a request's call: the same method, and a path that fits the call's template.

    Where several templates fit (``/contacts/{id}`` and ``/contacts/search``), the one with
    fewer placeholders wins; where several calls have the same template, the call of the
    collection that sent the request, then a call whose content type the request's ``Accept``
    names (a streamed chat beside a plain one on one path), else the first declared.
    """

    def __init__(self, calls: Iterable[MockCall]) -> None:
        self.calls = tuple(calls)
        self._routes = sorted(map(_Route.of, self.calls), key=lambda route: route.placeholders)

    def match(self, request: MockRequest) -> MockCall | None:
        fitting = [
            route.call
            for route in self._routes
            if route.call.method == request.method and route.pattern.fullmatch(request.path)
        ]
        own = [call for call in fitting if call.collection == request.collection] or fitting
        accept = request.headers.get("accept", "")
        accepted = [call for call in own if call.content_type.split(";")[0] in accept]
        chosen = accepted or own
        return chosen[0] if chosen else None

    def closest(self, request: MockRequest) -> list[str]:
        """The calls whose method and path look most like the request's."""
        wanted = f"{request.method} {request.path}"
        titles = {f"{call.method} {call.path}": call.title for call in self.calls}
        near = difflib.get_close_matches(wanted, list(titles), n=_CLOSEST, cutoff=0)
        return [titles[key] for key in near]


def handle(router: Router, request: MockRequest, overrides: Mapping[str, Override]) -> Answer:
    """The answer to ``request``: its call's sample, or 404 / 400 naming what is wrong."""
    call = router.match(request)
    if call is None:
        return json_answer(
            404,
            {
                "error": f"no call matches {request.method} {request.path}",
                "closest": router.closest(request),
            },
        )
    missing = missing_parameters(call, request)
    if missing:
        described = ", ".join(f"{location} parameter {name!r}" for location, name in missing)
        problem = {
            "error": f"{call.name} requires {described}",
            "call": call.title,
            "missing": [{"in": location, "name": name} for location, name in missing],
        }
        return replace(json_answer(400, problem), call=call)
    return answer(call, overrides.get(call.name), request)


def missing_parameters(call: MockCall, request: MockRequest) -> list[tuple[str, str]]:
    """The required parameters the request lacks (path parameters are matched by routing)."""
    sent = {
        "query": {_field(name) for name, _ in request.query},
        "header": {name.lower() for name in request.headers},
        "body": {_field(name) for name in _body_fields(request)},
    }
    return [
        (location, name)
        for location, name in call.required
        if location in sent
        and (name.lower() if location == "header" else name) not in sent[location]
    ]


def _field(key: str) -> str:
    """The parameter a query or form key belongs to: ``metadata[order_id]``, ``tag[]`` and
    ``tag[0]`` are fields of ``metadata`` and ``tag`` (see the encoding module)."""
    return key.partition("[")[0]


def _body_fields(request: MockRequest) -> set[str]:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        text = request.body.decode("utf-8", "replace")
        return {name for name, _ in parse_qsl(text, keep_blank_values=True)}
    try:
        value: Any = json.loads(request.body) if request.body else {}
    except ValueError:
        return set()
    return set(cast(dict[str, Any], value)) if isinstance(value, dict) else set()


def answer(
    call: MockCall, override: Override | None = None, request: MockRequest | None = None
) -> Answer:
    """The call's answer: its first sample (the page ``request`` asks for, of a paginated call)
    unless ``override`` says otherwise."""
    wanted = override or Override()
    chosen = wanted.sample is not None or wanted.json is not UNSET
    page = None if request is None or chosen else page_index(call, request)
    index = wanted.sample or min(page or 0, max(len(call.samples) - 1, 0))
    status = wanted.status if wanted.status is not None else _status(call, index)
    if wanted.json is not UNSET:
        result = json_answer(status, wanted.json)
    elif status >= 400:
        result = _error_answer(call, status, index)
    elif page is not None and request is not None:
        result = _page_answer(call, status, page, request)
    else:
        body = ANSWERS[call.response_type](call, index)
        result = Answer(status, (("content-type", call.content_type),), body)
    headers = dict(result.headers)
    headers.update({name.lower(): value for name, value in wanted.headers.items()})
    return Answer(result.status, tuple(headers.items()), result.body, call)


def page_index(call: MockCall, request: MockRequest) -> int | None:
    """Which page a request of a paginated call asks for: its samples, in order, are the pages.

    None for a call without pages. A cursor no sample gives asks for the first page; an index
    past the last sample asks for a page after the last one (answered empty).
    """
    pagination = call.pagination
    if pagination is None or call.response_type != "json" or not call.samples:
        return None
    query = dict(request.query)
    if pagination.style == "cursor":
        cursor = query.get(pagination.cursor_param or "")
        cursors = [_cursor(pagination, sample) for sample in call.samples]
        return cursors.index(cursor) + 1 if cursor is not None and cursor in cursors else 0
    if pagination.style == "offset":
        offset, start = _number(query.get(pagination.offset_param), 0), 0
        for index, sample in enumerate(call.samples):
            if start >= offset:
                return index
            start += len(page_items(pagination, sample))
        return len(call.samples)
    if pagination.style == "page":
        return max(_number(query.get(pagination.page_param), 1) - 1, 0)
    return max(_number(query.get(LINK_PARAM), 0), 0)


def _cursor(pagination: Pagination, sample: Any) -> str | None:
    """The cursor of the page after ``sample``, as it arrives in a query."""
    value = read_place(sample, pagination.next_cursor or "")
    return None if value is None or value == "" else str(value)


def _number(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _page_answer(call: MockCall, status: int, page: int, request: MockRequest) -> Answer:
    """Page ``page``: its sample, the last one with ``has_more`` false; past it, no items.

    Values keep their types (a cursor is not made null): a page whose cursor leads past the
    last sample gets an empty page, which ends the pages too.
    """
    pagination = call.pagination
    assert pagination is not None
    last = len(call.samples) - 1
    body = copy.deepcopy(call.samples[min(page, last)])
    if page > last:
        body = [] if pagination.items is None else _set_place(body, pagination.items, [])
    if page >= last and pagination.has_more is not None:
        body = _set_place(body, pagination.has_more, False)
    headers = [("content-type", call.content_type)]
    if pagination.style == "link" and page < last:
        query = [(name, value) for name, value in request.query if name != LINK_PARAM]
        target = f"{request.path}?{urlencode([*query, (LINK_PARAM, str(page + 1))])}"
        headers.append(("link", f'<{target}>; rel="next"'))
    return Answer(status, tuple(headers), json.dumps(body).encode("utf-8"))


def _set_place(data: Any, place: str, value: Any) -> Any:
    """``data`` with the object key at ``place`` set to ``value`` where that key is present
    (the runtime's reader finds the object holding it)."""
    parent, _, key = place.rpartition(".")
    holder = read_place(data, parent) if parent else data
    if isinstance(holder, dict) and key in holder:
        holder[key] = value
    return data


def _status(call: MockCall, index: int) -> int:
    """The status the sample came with: 200, or the one recorded (201 for a create, say)."""
    statuses = call.statuses
    return statuses[min(index, len(statuses) - 1)] if statuses else 200


def json_answer(status: int, value: Any) -> Answer:
    return Answer(status, (("content-type", JSON_TYPE),), json.dumps(value).encode("utf-8"))


def _error_answer(call: MockCall, status: int, index: int) -> Answer:
    """An error status answers with the call's error sample, or with no body when it has none."""
    if not call.error_samples:
        return Answer(status, (), b"")
    return json_answer(status, _pick(call.error_samples, index))


def _pick(samples: Sequence[Any], index: int) -> Any:
    return samples[min(index, len(samples) - 1)]


def _json_body(call: MockCall, index: int) -> bytes:
    value = _pick(call.samples, index) if call.samples else None
    return json.dumps(value).encode("utf-8")


def _text_body(call: MockCall, index: int) -> bytes:
    if call.samples:
        return str(_pick(call.samples, index)).encode("utf-8")
    return f"Sample text of {call.name}.".encode()


def _binary_body(call: MockCall, index: int) -> bytes:
    return b""  # binary calls keep no samples in a spec


def _events_body(call: MockCall, index: int) -> bytes:
    """Server-sent events: every sample from ``index`` on (each is one event), then the marker."""
    data = [json.dumps(sample) for sample in call.samples[index:]]
    if call.end_marker is not None:
        data.append(call.end_marker)
    return "".join(f"data: {line}\n\n" for line in data).encode("utf-8")


def _lines_body(call: MockCall, index: int) -> bytes:
    """JSON Lines: every sample from ``index`` on, one per line."""
    return "".join(json.dumps(sample) + "\n" for sample in call.samples[index:]).encode("utf-8")


# One answer function per response type.
ANSWERS: dict[str, Callable[[MockCall, int], bytes]] = {
    "json": _json_body,
    "text": _text_body,
    "binary": _binary_body,
    "sse": _events_body,
    "jsonl": _lines_body,
}

CallName = TypeVar("CallName", bound=str)


class SampleTransport(httpx.MockTransport, Generic[CallName]):
    """An ``httpx`` transport for sync and async clients, answering every call with its sample.

    ``calls`` lists ``(method name, request)`` for each request that reached a call.
    """

    def __init__(self, calls: Sequence[MockCall]) -> None:
        super().__init__(self._handle)
        self._router = Router(calls)
        self._overrides: dict[str, Override] = {}
        self.calls: list[tuple[CallName, httpx.Request]] = []

    def respond(
        self,
        call: CallName,
        *,
        status: int | None = None,
        json: Any = UNSET,
        headers: Mapping[str, str] | None = None,
        sample: int | None = None,
    ) -> None:
        """Answer ``call`` from now on with ``status``, the ``json`` body, more ``headers``, or
        its sample number ``sample`` (of the error samples for an error status).

        An error status without ``json`` answers with the call's first error sample.
        """
        matching = [known for known in self._router.calls if known.name == call]
        if not matching:
            names = ", ".join(sorted({known.name for known in self._router.calls}))
            raise ValueError(f"no call is named {call!r} (known: {names})")
        if sample is not None:
            for known in matching:
                _check_sample(known, sample, status is not None and status >= 400)
        self._overrides[call] = Override(status, json, dict(headers or {}), sample)

    def reset(self) -> None:
        """Forget every override and every recorded call."""
        self._overrides.clear()
        self.calls.clear()

    def _handle(self, request: httpx.Request) -> httpx.Response:
        result = handle(self._router, MockRequest.of(request), self._overrides)
        if result.call is not None:
            self.calls.append((cast(CallName, result.call.name), request))
        return httpx.Response(result.status, headers=list(result.headers), content=result.body)


def _check_sample(call: MockCall, index: int, error: bool) -> None:
    samples = call.error_samples if error else call.samples
    if not 0 <= index < len(samples):
        kind = "error sample" if error else "sample"
        raise ValueError(f"{call.name} has {len(samples)} {kind}(s): no {kind} {index}")


Client = TypeVar("Client", bound="SyncClient | AsyncClient")


def mock_client(client_class: type[Client], transport: httpx.MockTransport) -> Client:
    """A ``client_class`` that sends through ``transport``, with placeholder credentials.

    Every private value is ``"mock"``. Authentication that would fetch, sign or load something
    (tokens, JWTs, client certificates) sends ``Authorization: Bearer mock`` (in the scheme's own
    header) instead, so any collection works without keys, files or a token endpoint.
    """
    config = client_class._config  # pyright: ignore[reportPrivateUsage] (the runtime's own)
    arguments: dict[str, Any] = {secret.kwarg: PLACEHOLDER for secret in config.secrets}
    if issubclass(client_class, AsyncClient):
        arguments["http_client"] = httpx.AsyncClient(
            transport=transport, event_hooks={"request": [_async_tag(config.name)]}
        )
    else:
        arguments["http_client"] = httpx.Client(
            transport=transport, event_hooks={"request": [_tag(config.name)]}
        )
    # The HTTP client holds no connection (the transport answers), so it needs no closing.
    return _with_placeholder_auth(client_class)(**arguments)


def _tag(collection: str) -> Callable[[httpx.Request], None]:
    def tag(request: httpx.Request) -> None:
        request.extensions[COLLECTION_EXTENSION] = collection

    return tag


def _async_tag(collection: str) -> Callable[[httpx.Request], Any]:
    tag = _tag(collection)

    async def async_tag(request: httpx.Request) -> None:
        tag(request)

    return async_tag


def _with_placeholder_auth(client_class: type[Client]) -> type[Client]:
    """The class itself, or a subclass whose authentication needs no real credential."""
    config = client_class._config  # pyright: ignore[reportPrivateUsage] (the runtime's own)
    auth = config.auth
    if auth is None or isinstance(auth, HeaderKeyAuth | QueryKeyAuth | BasicAuth):
        return client_class
    namespace = {
        "_config": replace(config, auth=_placeholder_auth(auth)),
        "__module__": client_class.__module__,
        "__qualname__": client_class.__qualname__,
        "__doc__": client_class.__doc__,
    }
    return cast("type[Client]", type(client_class.__name__, (client_class,), namespace))


def _placeholder_auth(auth: AuthScheme) -> AuthScheme | None:
    if isinstance(auth, ClientCertificateAuth):
        return None  # nothing is sent: the certificate is presented by the connection
    header = getattr(auth, "header", "Authorization")
    prefix = getattr(auth, "prefix", "Bearer ")
    return _PlaceholderToken(header, prefix)


@dataclass(frozen=True)
class _PlaceholderToken:
    header: str
    prefix: str

    def bind(self, secrets: Mapping[str, str]) -> httpx.Auth:
        scheme = HeaderKeyAuth(header=self.header, prefix=self.prefix, env=PLACEHOLDER)
        return scheme.bind({PLACEHOLDER: PLACEHOLDER})
