"""``apigen import curl``: one cURL command becomes one call of a collection.

The URL gives ``base_url`` (for a new collection) and the path, with ids and placeholders as
path parameters; query strings, headers and bodies give parameters whose examples are the
command's values. Credentials (an ``Authorization`` header, ``-u``, ``--oauth2-bearer``, key-like
headers and query keys, values that look like secrets) become the collection's auth when it has
none, else private parameters; the secrets themselves are never written.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from apigen.importers import calls
from apigen.importers.calls import Params
from apigen.importers.credentials import env_prefix, is_secret, is_secret_name, shell_variable
from apigen.importers.curl_parse import CurlRequest, data_pairs, parse
from apigen.importers.report import ImportFailure, ImportReport
from apigen.importers.spec_writer import Flow
from apigen.names import snake_case, upper_snake_case
from apigen.vocabulary import ParameterType


@dataclass(frozen=True)
class Target:
    """The collection the call joins: what the spec already says of it (nothing when new)."""

    collection: str
    base_url: str | None = None
    auth: dict[str, Any] | None = None
    call_names: frozenset[str] = frozenset()  # snake_case of the existing calls' names
    paths: frozenset[str] = frozenset()  # the existing calls' paths


@dataclass
class _Credential:
    """A credential of the command, as the auth it would be and as a private parameter."""

    auth: dict[str, Any]
    param: tuple[str, str]  # (name, where) if it must be sent as a private parameter
    variables: list[tuple[str, str]] = field(default_factory=list)  # (env, purpose)


def import_curl(
    words: list[str], target: Target, name: str | None, report: ImportReport
) -> dict[str, Any]:
    """The collection fragment to add: ``name``, ``base_url`` and ``auth`` when new, ``calls``."""
    request = parse(words, report)
    split = urlsplit(request.url)
    if split.scheme not in ("http", "https") or not split.netloc:
        raise ImportFailure(f"{request.url!r} is not an absolute http(s) URL")
    if "@" in split.netloc:  # https://user:password@host: curl sends it as -u would
        userinfo, _, host = split.netloc.rpartition("@")
        request.user = request.user or unquote(userinfo)
        request.url = split._replace(netloc=host).geturl()
        split = urlsplit(request.url)
    base_url, path = _base_and_path(request.url, target)
    params = Params(target.collection, report)
    call: dict[str, Any] = {"name": "", "use_as": "", "method": ""}
    call["path"] = calls.templated_path(path, params, known=target.paths)
    credentials = _credentials(request, target)
    query = parse_qsl(split.query, keep_blank_values=True)
    headers = _headers(request, credentials)
    method = _method(request)
    if request.get:
        query += _form_pairs(request)
    _add_pairs(params, "query", query, credentials)
    _private_headers(request, credentials, params)
    body = {} if request.get else _body(request, params, credentials)
    call.update(name=name or calls.call_name(method, call["path"]), method=method)
    call["use_as"] = calls.use_as(method)
    fragment: dict[str, Any] = {"name": target.collection}
    if target.base_url is None:
        fragment["base_url"] = base_url
    auth = _auth(credentials, target, params, report)
    if auth is not None:
        fragment["auth"] = auth
    if snake_case(call["name"]) in target.call_names:
        raise ImportFailure(
            f"collection {target.collection!r} already has a call named {call['name']!r}: "
            "pass another one with --name"
        )
    if headers:
        call["headers"] = headers
    if params.items:
        call["parameters"] = params.items
    call.update(body)
    if request.max_time is not None:
        call["timeout"] = request.max_time
    if request.retries is not None:
        call["max_retries"] = min(request.retries, 20)
    fragment["calls"] = [call]
    report.calls.append(call["name"])
    return fragment


def _base_and_path(url: str, target: Target) -> tuple[str, str]:
    split = urlsplit(url)
    if target.base_url is None:
        version, path = calls.split_version(split.path)
        return f"{split.scheme}://{split.netloc}{version}", path or "/"
    base = target.base_url.rstrip("/")
    address = url.split("?", 1)[0].split("#", 1)[0]
    if address != base and not address.startswith(base + "/"):
        raise ImportFailure(
            f"the URL {address} is not under the collection's base_url {target.base_url} "
            "[W603]: import it into another collection"
        )
    return base, address[len(base) :] or "/"


def _method(request: CurlRequest) -> str:
    if request.method:
        return request.method
    if request.head:
        return "HEAD"
    sends = request.data or request.urlencoded or request.json_data or request.form
    return "POST" if sends and not request.get else "GET"


def _credentials(request: CurlRequest, target: Target) -> list[_Credential]:
    """The command's credentials, the one that best fits a collection's auth first."""
    collection = target.collection
    found: list[_Credential] = []
    for name, value in request.headers:
        if name.lower() == "authorization":
            found.append(_authorization(collection, value))
    if request.user is not None:
        found.append(_basic(collection, request.user))
    if request.bearer is not None:
        found.append(_authorization(collection, f"Bearer {request.bearer}"))
    for name, value in request.headers:
        if name.lower() not in ("authorization", "cookie") and is_secret(name, value):
            env = _env(collection, "API_KEY", value)
            auth = {"type": "private_key_in_header", "header": name, "env": env}
            found.append(_Credential(auth, (name, "header"), [(env, f"API key (header {name})")]))
    for name, value in parse_qsl(urlsplit(request.url).query, keep_blank_values=True):
        if is_secret_name(name) or is_secret(name, value):
            env = _env(collection, "API_KEY", value)
            auth = {"type": "private_key_in_url", "param": name, "env": env}
            found.append(_Credential(auth, (name, "query"), [(env, f"API key (query {name})")]))
    return found


def _env(collection: str, suffix: str, value: str) -> str:
    return shell_variable(value) or f"{env_prefix(collection)}_{suffix}"


def _authorization(collection: str, value: str) -> _Credential:
    scheme, _, token = value.partition(" ")
    if scheme.lower() == "basic" and token:
        return _basic(collection, _decoded_basic(token.strip()))
    prefix = f"{scheme} " if token else ""
    env = _env(collection, "API_KEY", token.strip() if token else value)
    auth = {
        "type": "private_key_in_header",
        "header": "Authorization",
        "prefix": prefix,
        "env": env,
    }
    purpose = f"API key (sent as Authorization: {prefix}<key>)"
    return _Credential(auth, ("Authorization", "header"), [(env, purpose)])


def _decoded_basic(token: str) -> str:
    try:
        return base64.b64decode(token, validate=True).decode()
    except ValueError:
        return ":"


def _basic(collection: str, user: str) -> _Credential:
    username, _, password = user.partition(":")
    prefix = env_prefix(collection)
    looks_like_key = is_secret("user", username) and not password
    username_env = _env(collection, "API_KEY" if looks_like_key else "USERNAME", username)
    password_env = _env(collection, "PASSWORD", password)
    auth = {"type": "basic", "username_env": username_env, "password_env": password_env}
    variables = [(username_env, "HTTP basic user name")]
    empty = " (the command sends an empty one: set it to the empty string)" if not password else ""
    variables.append((password_env or f"{prefix}_PASSWORD", "HTTP basic password" + empty))
    return _Credential(auth, ("Authorization", "header"), variables)


def _auth(
    credentials: list[_Credential], target: Target, params: Params, report: ImportReport
) -> Flow | None:
    """The auth to give the collection (None: keep its own); the other credentials go to params."""
    chosen = None
    for credential in credentials:
        if chosen is None and target.auth is None:
            chosen = Flow(credential.auth)
        elif not _same_auth(credential.auth, target.auth or dict(chosen or {})):
            name, where = credential.param
            report.warn(
                "W612",
                f"{where} {name}",
                f"a second credential is sent as the private {where} parameter {name!r}",
            )
            params.add(name, where, "$" + _param_env(target.collection, name))
            continue
        elif target.auth is not None:
            _need_existing(target.auth, target.collection, report)
            continue
        for env, purpose in credential.variables:
            report.need(env, purpose)
    return chosen


def _need_existing(auth: dict[str, Any], collection: str, report: ImportReport) -> None:
    """The variables of the collection's own auth, which the imported call uses."""
    for key, value in auth.items():
        if (key == "env" or key.endswith("_env")) and isinstance(value, str):
            report.need(value, f"{auth.get('type')} {key.removesuffix('_env') or 'key'}")
    if str(auth.get("type", "")).startswith("private_key") and "env" not in auth:
        report.need(f"{env_prefix(collection)}_API_KEY", "API key")


def _param_env(collection: str, name: str) -> str:
    return f"{env_prefix(collection)}_{upper_snake_case(name)}"


def _same_auth(auth: dict[str, Any], existing: dict[str, Any]) -> bool:
    keys = ("type", "header", "param", "prefix")
    return all(auth.get(key) == existing.get(key) for key in keys if key in auth)


def _headers(request: CurlRequest, credentials: list[_Credential]) -> dict[str, str]:
    """Static headers of the call: all but credentials, Content-Type (from body_format) and
    values that must come from the environment (those become private parameters later)."""
    taken = {c.param[0].lower() for c in credentials if c.param[1] == "header"}
    static: dict[str, str] = {}
    for name, value in request.headers:
        lowered = name.lower()
        if lowered in taken or lowered == "content-type" or is_secret(name, value):
            continue
        static[name] = value
    return static


def _private_headers(request: CurlRequest, credentials: list[_Credential], params: Params) -> None:
    """Secret headers that are not the auth (a session cookie …): private header parameters."""
    handled = {c.param[0].lower() for c in credentials if c.param[1] == "header"}
    for name, value in request.headers:
        if (
            name.lower() not in handled
            and name.lower() != "content-type"
            and is_secret(name, value)
        ):
            params.add(name, "header", value)


def _form_pairs(request: CurlRequest) -> list[tuple[str, str]]:
    pairs = data_pairs(request.data) if request.data else []
    if pairs is None:
        raise ImportFailure("-G sends the data as a query string, but it is not name=value pairs")
    return pairs + request.urlencoded


def _add_pairs(
    params: Params, where: str, pairs: list[tuple[str, str]], credentials: list[_Credential]
) -> None:
    """One parameter per name (repeated names: an array), credentials left to auth."""
    handled = {c.param[0] for c in credentials if c.param[1] == where}
    grouped: dict[str, list[Any]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(calls.typed(value))
    for name, values in grouped.items():
        if name in handled:
            continue
        params.add(name, where, values if len(values) > 1 else values[0])


def _body(request: CurlRequest, params: Params, credentials: list[_Credential]) -> dict[str, Any]:
    content_type = next(
        (
            v.split(";")[0].strip().lower()
            for n, v in request.headers
            if n.lower() == "content-type"
        ),
        "",
    )
    if request.form:
        return _multipart(request, params)
    if request.json_data or (
        request.data and (content_type.endswith("json") or _looks_like_json(request.data))
    ):
        return _json(request, params)
    if not request.data and not request.urlencoded:
        return {}
    pairs = data_pairs(request.data) if request.data else []
    if pairs is None:
        raise ImportFailure(
            "the body is neither JSON nor name=value pairs: apigen sends JSON, form and "
            "multipart bodies only"
        )
    _add_pairs(params, "body", pairs + request.urlencoded, credentials)
    return {"body_format": "form"}


def _looks_like_json(data: list[str]) -> bool:
    return len(data) == 1 and data[0].lstrip()[:1] in ("{", "[")


def _json(request: CurlRequest, params: Params) -> dict[str, Any]:
    texts = request.json_data or request.data
    if len(texts) != 1:
        raise ImportFailure("the command sends several JSON bodies: give one")
    try:
        body = json.loads(texts[0])
    except json.JSONDecodeError as error:
        raise ImportFailure(f"the JSON body is not valid JSON: {error}") from error
    if isinstance(body, dict) and not body:
        return {}
    return {"body": params.add_body(body)}


def _multipart(request: CurlRequest, params: Params) -> dict[str, Any]:
    files_supported = "file" in getattr(ParameterType, "__args__", ())
    for field_ in request.form:
        if field_.is_file and not files_supported:
            params.report.warn(
                "W602", f"-F {field_.name}=@{field_.value}", "file fields are not imported yet"
            )
        elif field_.is_file:
            params.items.append(Flow({"name": field_.name, "in": "body", "type": "file"}))
        else:
            params.add(field_.name, "body", field_.value)
    return {"body_format": "multipart"}
