"""Sending calls for real: requests built by the runtime from the parameters' examples.

Preparation finds every reason not to send (a required parameter without an example, a private
value that is not set) before anything is sent. Sending runs a few calls at a time; each reply
carries a :class:`~apigen.live.scrub.Scrubber` that knows every secret the request held,
including credentials the authentication added (tokens fetched on the way).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

import httpx

from apigen import ir
from apigen.diagnostics import Position
from apigen.live import events, runtime
from apigen.live.dotenv import PrivateValues
from apigen.live.scrub import Scrubber
from apigen.source import SourceMap

MAX_CONCURRENT = 4
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_BODY_EXCERPT = 2000
DEFAULT_STREAM_SECONDS = 30.0


@dataclass(frozen=True, eq=False)
class Selected:
    """A call chosen on the command line, with its place in the spec."""

    collection_index: int
    call_index: int
    collection: ir.Collection
    call: ir.Call

    @property
    def key(self) -> tuple[int, int]:
        return (self.collection_index, self.call_index)

    @property
    def label(self) -> str:
        return f"{self.collection.name}/{self.call.name}"

    @property
    def has_side_effects(self) -> bool:
        return self.call.http_method not in SAFE_METHODS or self.call.use_as == "action"


@dataclass
class Prepared:
    selected: Selected
    http: httpx.Client
    request: httpx.Request
    auth: httpx.Auth | None
    scrubber: Scrubber
    redactor: runtime.Redactor  # knows the request's secrets, for the redirect policy

    @property
    def shown(self) -> str:
        """Method and URL, secrets scrubbed."""
        return f"{self.request.method} {self.scrubber.text(str(self.request.url))}"


@dataclass(frozen=True)
class Reply:
    prepared: Prepared
    seconds: float
    response: httpx.Response | None  # None when no response came
    problem: str  # why there is no response
    scrubber: Scrubber  # the request's secrets and the credentials its authentication added
    events: tuple[str, ...] = ()  # streamed calls: the first events' data (not scrubbed yet)

    @property
    def selected(self) -> Selected:
        return self.prepared.selected

    @property
    def ok(self) -> bool:
        return self.response is not None and self.response.is_success

    def failure(self) -> str:
        """Why the call failed: the transport problem, or the status and body (scrubbed)."""
        if self.response is None:
            return self.problem
        body = self.scrubber.text(self.response.text[:_BODY_EXCERPT])
        status = f"HTTP {self.response.status_code} {self.response.reason_phrase}"
        return f"{status}: {body}" if body else status


def prepare(
    selected: Iterable[Selected], values: PrivateValues, source: SourceMap, timeout: float
) -> tuple[list[Prepared], list[str]]:
    """A request for each call, or the problems that keep calls from being sent."""
    prepared: list[Prepared] = []
    problems: list[str] = []
    missing: dict[str, tuple[str, list[str]]] = {}  # variable -> (purpose, calls needing it)
    for item in selected:
        problems += _missing_examples(item, source)
        secrets: dict[str, str] = {}
        purposes = {secret.env: secret.purpose for secret in item.collection.secrets}
        optional = {secret.env for secret in item.collection.secrets if secret.optional}
        for env in _secret_envs(item):
            value = values.get(env)
            if value is None and env in optional:
                continue  # an optional private parameter: not sent, as by the client
            if value is None:
                missing.setdefault(env, (purposes.get(env, "private value"), []))[1].append(
                    item.label
                )
            else:
                secrets[env] = value
        if not problems and not missing:
            try:
                prepared.append(_prepare(item, secrets, timeout))
            except runtime.RuntimeUnavailable as error:
                problems.append(f"{item.label}: {error}")
    for env, (purpose, labels) in missing.items():
        problems.append(
            f"{env} is not set ({purpose}, needed by {', '.join(labels)}): set it in the "
            "environment or in .env beside the spec"
        )
    if problems:
        for request in prepared:
            request.http.close()
        return [], problems
    return prepared, problems


def _missing_examples(item: Selected, source: SourceMap) -> list[str]:
    problems = []
    for param in item.call.arguments:
        if param.required and param.example is None and not param.has_default:
            problems.append(
                f"{_where(item, param, source)}: {item.label}: required parameter "
                f"{param.wire_name!r} has no `example`: add one, the value sent by "
                f"`apigen initialize` and `apigen verify`"
            )
    return problems


def _where(item: Selected, param: ir.Param, source: SourceMap) -> Position:
    collection_path = ("collections", item.collection_index)
    own = [index for index, p in enumerate(item.call.params) if p is param]
    if own:
        index = own[0]
        return source.value((*collection_path, "calls", item.call_index, "parameters", index))
    shared = [(p.wire_name, p.location) for p in item.collection.shared_params]
    index = shared.index((param.wire_name, param.location))
    return source.value((*collection_path, "shared_parameters", index))


def _secret_envs(item: Selected) -> list[str]:
    """The private values the call's request needs, in order of first use."""
    auth = item.collection.auth
    envs = [] if item.call.skip_auth or auth is None else list(auth.envs)
    params = (*item.collection.shared_params, *item.call.params)
    envs += [p.private_env for p in params if p.private_env is not None]
    return list(dict.fromkeys(envs))


def _prepare(item: Selected, secrets: dict[str, str], timeout: float) -> Prepared:
    config = runtime.collection_config(item.collection)
    secret_values = runtime.credentials().SecretValues(secrets)
    target = runtime.requests().Target(
        config=config,
        base_url=item.collection.base_url,
        secrets=secret_values,
        timeout=httpx.Timeout(timeout),
    )
    # What a caller of the generated method would pass: the example, else the signature's default.
    examples = {
        p.kwarg: _example_value(p)
        for p in (*item.collection.shared_params, *item.call.params)
        if p.kwarg and (p.example is not None or p.default_in_signature)
    }
    # Redirects are followed by the runtime's own policy (see ``send``), never by httpx's.
    http = httpx.Client(timeout=timeout, follow_redirects=False)
    request = runtime.requests().build_request(
        http, target, runtime.operation(item.call, item.collection), examples
    )
    auth = None
    if config.auth is not None and not item.call.skip_auth:
        auth = config.auth.bind(secret_values)
    redactor = runtime.credentials().Redactor(secrets.values())
    return Prepared(item, http, request, auth, Scrubber(secrets.values()), redactor)


def _example_value(param: ir.Param) -> Any:
    """The value a caller would pass; a file's example is its text, sent as a file part."""
    value = param.example if param.example is not None else param.default
    if param.type == "file" and isinstance(value, str):
        return (param.wire_name, value.encode())
    return value


def send_all(prepared: Sequence[Prepared], on_reply: Callable[[Reply, int], None]) -> list[Reply]:
    """Send every request, :data:`MAX_CONCURRENT` at a time; ``on_reply`` hears of each in turn.

    The replies come back in the order of ``prepared``.
    """
    replies: dict[int, Reply] = {}
    with ThreadPoolExecutor(max_workers=MAX_CONCURRENT) as pool:
        futures = {pool.submit(send, item): index for index, item in enumerate(prepared)}
        for done, future in enumerate(as_completed(futures), start=1):
            reply = future.result()
            replies[futures[future]] = reply
            on_reply(reply, done)
    return [replies[index] for index in range(len(prepared))]


def send(prepared: Prepared) -> Reply:
    watched = _WatchedAuth(prepared.auth, prepared.request) if prepared.auth else None
    auth_error = runtime.package().APIError  # what authentication flows raise
    started = time.perf_counter()
    response: httpx.Response | None = None
    problem = ""
    call = prepared.selected.call
    streamed = call.streamed
    found: tuple[str, ...] = ()

    def send_once(request: httpx.Request, auth: httpx.Auth | None) -> httpx.Response:
        # Hops to another origin come without auth; same-origin hops keep the watched flow.
        return prepared.http.send(
            request,
            auth=watched if auth is not None else None,
            follow_redirects=False,
            stream=streamed,
        )

    try:
        with prepared.http:
            response = runtime.redirects().send_following(
                send_once,
                prepared.request,
                prepared.auth,
                prepared.redactor,
                prepared.http.max_redirects,
            )
            if streamed and response.is_success:
                try:  # a stream may never end: its first events, then close it
                    found = events.first_events(response, call, _stream_seconds(prepared))
                finally:
                    response.close()
            elif streamed:
                response.read()  # the body of an error, for its message
    except httpx.TimeoutException:
        problem = f"no response within {prepared.http.timeout.read} s (see --timeout)"
    except httpx.RequestError as error:
        problem = f"could not send the request: {error or type(error).__name__}"
    except auth_error as error:
        problem = f"authentication failed: {error}"
    seconds = time.perf_counter() - started
    added = watched.credentials if watched else []
    scrubber = prepared.scrubber.with_secrets(added)
    return Reply(prepared, seconds, response, scrubber.text(problem), scrubber, found)


def _stream_seconds(prepared: Prepared) -> float:
    """How long to wait for a stream's first events: the call's --timeout."""
    read = prepared.http.timeout.read
    return read if read is not None else DEFAULT_STREAM_SECONDS


class _WatchedAuth(httpx.Auth):
    """Runs an authentication flow and notes the credentials it adds to the call's request."""

    def __init__(self, inner: httpx.Auth, original: httpx.Request) -> None:
        self._inner = inner
        self._headers = httpx.Headers(original.headers)
        self._params = set(original.url.params.multi_items())
        self._url = original.url.copy_with(query=None)
        self.credentials: list[str] = []

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        flow = self._inner.sync_auth_flow(request)
        try:
            outgoing = next(flow)
            while True:
                self._note(outgoing)
                response = yield outgoing
                outgoing = flow.send(response)
        except StopIteration:
            return

    def _note(self, request: httpx.Request) -> None:
        if request.url.copy_with(query=None) != self._url:
            return  # a token request: what it sends is not part of the call
        for name, value in request.headers.multi_items():
            if value not in self._headers.get_list(name):
                self.credentials += [value, value.partition(" ")[2]]
        for pair in request.url.params.multi_items():
            if pair not in self._params:
                self.credentials.append(pair[1])
