"""Check stage: rules spanning several values of a validated spec (names, placeholders, secrets)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from apigen import body_template, check_pages, model_hints
from apigen.capabilities import auth_kind
from apigen.diagnostics import Diagnostics, Position
from apigen.json_schema import schema_problems
from apigen.load import LoadedSpec
from apigen.names import is_identifier, pascal_case, snake_case, words
from apigen.privates import private_values
from apigen.secrets import credential_kind
from apigen.source import DataPath
from apigen.spec import BODYLESS_METHODS, Auth, Call, Collection, Parameter
from apigen.validate import CollectionPart, Validated

PATH_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_VALID_PATH_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ENV_SUFFIX = re.compile(r"[A-Za-z0-9_]*")
# A Python name becomes a file name (modules, recorded samples): keep well below the 255 bytes
# file systems allow, with room for suffixes such as `_2.json`.
MAX_NAME_BYTES = 100
# Import names of the generated package's dependencies (httpx, pydantic, PyJWT) and of theirs: a
# package of one of these names would hide the real one from its own imports.
_DEPENDENCY_MODULES = frozenset(
    {
        "annotated_types",
        "anyio",
        "certifi",
        "cryptography",
        "exceptiongroup",
        "h11",
        "h2",
        "httpcore",
        "httpx",
        "idna",
        "jwt",
        "pydantic",
        "pydantic_core",
        "sniffio",
        "typing_extensions",
        "typing_inspection",
    }
)
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_HEADER_VALUE_FORBIDDEN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_PARAMETER_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "file": (str,),  # an example file's text
}
ALLOW_SECRET = "# apigen: allow-secret"
_ARTICLE = {"default": "a", "example": "an"}


@dataclass
class _Context:
    loaded: LoadedSpec
    diagnostics: Diagnostics

    def at(self, path: DataPath) -> Position:
        return self.loaded.source.value(path)

    def key_at(self, path: DataPath) -> Position:
        return self.loaded.source.key(path)

    def error(self, path: DataPath, code: str, message: str, *, key: bool = False) -> None:
        self.diagnostics.error(self.key_at(path) if key else self.at(path), code, message)


def check(validated: Validated, loaded: LoadedSpec, diagnostics: Diagnostics) -> None:
    """Report every semantic problem of the valid parts of a spec (and of its literals)."""
    context = _Context(loaded, diagnostics)
    if validated.package is not None:
        _check_package_name(validated.package.name, context)
    named: list[tuple[str, DataPath]] = [
        (part.collection.name, ("collections", part.index)) for part in validated.collections
    ]
    collections = [part.collection for part in validated.collections]
    _check_unique_names(named, pascal_case, "collection", context, collections)
    clients = model_hints.client_names(collections)
    for part in validated.collections:
        _check_collection(part, context)
        model_hints.check_collection(
            part.collection, ("collections", part.index), context.error, clients, part.call_indices
        )
    _check_literals(context)


def _check_package_name(name: str, context: _Context) -> None:
    path = ("package", "name")
    if not is_identifier(name):
        context.error(
            path,
            "E313",
            f"package name {name!r} is not a valid Python identifier: "
            f"use letters, digits and '_', e.g. {snake_case(name) or 'my_sdk'!r}",
        )
    elif len(name.encode()) > MAX_NAME_BYTES:
        context.error(
            path, "E205", f"package name is longer than {MAX_NAME_BYTES} bytes: shorten it"
        )
    elif name in sys.stdlib_module_names or name in _DEPENDENCY_MODULES:
        owner = "Python's standard library" if name in sys.stdlib_module_names else "a dependency"
        context.error(
            path,
            "E321",
            f"package name {name!r} is the name of a module of {owner}: the generated package "
            f"would hide it and fail to import; choose another name, e.g. '{name}_sdk'",
        )


def _check_collection(part: CollectionPart, context: _Context) -> None:
    collection = part.collection
    path: DataPath = ("collections", part.index)
    _check_url(collection.base_url, (*path, "base_url"), context)
    for name, environment in collection.environments.items():
        _check_url(environment.base_url, (*path, "environments", name, "base_url"), context)
        if not _ENV_SUFFIX.fullmatch(environment.env_suffix):
            context.error(
                (*path, "environments", name, "env_suffix"),
                "E310",
                f"env_suffix {environment.env_suffix!r} cannot end an environment variable name: "
                "use letters, digits and '_' (e.g. '_SANDBOX')",
            )
    _check_auth(collection.auth, (*path, "auth"), context)
    _check_headers(collection.shared_headers, (*path, "shared_headers"), context)
    _check_parameters(collection.shared_parameters, (*path, "shared_parameters"), context)
    _check_private_values(collection, path, part.call_indices, context)
    call_paths = [(*path, "calls", index) for index in part.call_indices]
    calls = [(c.name, where) for c, where in zip(collection.calls, call_paths, strict=True)]
    _check_unique_names(calls, snake_case, "call", context, collection.calls)
    for call, where in zip(collection.calls, call_paths, strict=True):
        _check_call(collection, call, where, context)


def _check_auth(auth: Auth, path: DataPath, context: _Context) -> None:
    kind = auth_kind(auth)
    for url_key in kind.url_keys:
        url = getattr(auth, url_key)
        if isinstance(url, str):
            _check_url(url, (*path, url_key), context)
    if kind.header_key is not None:
        _check_header_name(getattr(auth, kind.header_key), (*path, kind.header_key), context)


def _check_call(collection: Collection, call: Call, path: DataPath, context: _Context) -> None:
    _check_headers(call.headers, (*path, "headers"), context)
    _check_parameters(call.parameters, (*path, "parameters"), context)
    own = [(p, (*path, "parameters", i)) for i, p in enumerate(call.parameters)]
    shared_path = (*path[:-2], "shared_parameters")
    shared = [
        (p, (*shared_path, i)) for i, p in enumerate(collection.shared_parameters) if not p.private
    ]
    kwargs = [(p.name, where) for p, where in own if not p.private]
    kwargs += [(p.name, where) for p, where in shared if p.in_ != "body" or _has_body(call)]
    _check_unique_names(kwargs, snake_case, "parameter", context)
    shared_path_names = {p.name for p in collection.shared_parameters if p.in_ == "path"}
    _check_path(call, path, context, shared_path_names)
    _check_body(call, path, context)
    for index, parameter in enumerate(call.parameters):
        _check_file(call, parameter, (*path, "parameters", index), context)
    for index, header in enumerate(call.response.headers):
        _check_header_name(header, (*path, "response", "headers", index), context)
    _check_response(call, (*path, "response"), context, frozenset(collection.schemas))
    check_pages.check_call(call, path, context.error)


def _has_body(call: Call) -> bool:
    return call.method not in BODYLESS_METHODS


def _check_unique_names(
    named: list[tuple[str, DataPath]],
    convert: Any,
    kind: str,
    context: _Context,
    overrides: Sequence[Call | Collection] = (),
) -> None:
    """Names must be unique, also after conversion to Python names (or their ``python_name``)."""
    first_seen: dict[str, tuple[str, DataPath]] = {}
    for index, (name, path) in enumerate(named):
        name_path = (*path, "name")
        given = overrides[index].python_name if overrides else None
        if given is None and not words(name):
            context.error(
                name_path,
                "E205",
                f"{kind} name {name!r} has no letter or digit that can be part of a Python name: "
                f"give it a real name, or set python_name",
            )
            continue
        python_name = given or convert(name)
        if len(python_name.encode()) > MAX_NAME_BYTES:
            context.error(
                name_path,
                "E205",
                f"{kind} name becomes a Python name of {len(python_name.encode())} bytes, more "
                f"than the limit of {MAX_NAME_BYTES}: shorten it",
            )
        elif python_name in first_seen:
            other, other_path = first_seen[python_name]
            line = context.at((*other_path, "name")).line
            clash = (
                f"duplicate {kind} name {name!r} (first at line {line})"
                if other == name
                else f"{kind} name {name!r} becomes {python_name!r}, like {other!r} at line {line}"
            )
            context.error(name_path, "E301", f"{clash}: rename one of them")
        else:
            first_seen[python_name] = (name, path)


def _check_url(url: str, path: DataPath, context: _Context) -> None:
    try:
        parts = urlsplit(url)
        absolute = parts.scheme in ("http", "https") and bool(parts.netloc)
    except ValueError:  # an unclosed `[` of an IPv6 address, for one
        absolute = False
    if not absolute:
        context.error(
            path, "E307", f"{url!r} is not an absolute http(s) URL: write it as https://host/path"
        )


def _check_headers(headers: dict[str, str], path: DataPath, context: _Context) -> None:
    for name, value in headers.items():
        _check_header_name(name, (*path, name), context, key=True)
        _check_header_value(value, (*path, name), context)


def _check_header_value(value: object, path: DataPath, context: _Context) -> None:
    if isinstance(value, str) and _HEADER_VALUE_FORBIDDEN.search(value):
        context.error(
            path,
            "E320",
            f"header value {value!r} holds a line break or control character, which HTTP "
            f"cannot carry: remove it",
        )


def _check_header_name(name: str, path: DataPath, context: _Context, *, key: bool = False) -> None:
    if not _HEADER_NAME.fullmatch(name):
        context.error(
            path,
            "E318",
            f"{name!r} is not a valid HTTP header name: use letters, digits and '-'",
            key=key,
        )


def _check_parameters(parameters: list[Parameter], path: DataPath, context: _Context) -> None:
    seen: dict[tuple[str, str], int] = {}
    for index, parameter in enumerate(parameters):
        where = (*path, index)
        place = (parameter.in_, parameter.name)
        if place in seen:
            context.error(
                (*where, "name"),
                "E301",
                f"duplicate {parameter.in_} parameter {parameter.name!r}: rename or remove one",
            )
        seen[place] = index
        _check_parameter(parameter, where, context)


def _check_parameter(parameter: Parameter, path: DataPath, context: _Context) -> None:
    if parameter.private:
        for key in ("default", "example"):
            if parameter.is_set(key):
                context.error(
                    (*path, key),
                    "E309",
                    f"private parameter {parameter.name!r} has {_ARTICLE[key]} {key}: secrets "
                    f"live in the environment; remove the {key}",
                    key=True,
                )
    if parameter.in_ == "path" and parameter.required is False:
        context.error(
            (*path, "required"),
            "E316",
            f"path parameter {parameter.name!r} cannot be optional: remove `required: false`",
        )
    if parameter.in_ == "header":
        _check_header_name(parameter.name, (*path, "name"), context)
        for key in ("default", "example"):
            _check_header_value(getattr(parameter, key), (*path, key), context)
    _check_encoding(parameter, path, context)
    for key in ("default", "example"):
        value = getattr(parameter, key)
        if parameter.is_set(key) and value is not None and not _fits(value, parameter.type):
            context.error(
                (*path, key),
                "E319",
                f"{key} {value!r} is not of the parameter's type {parameter.type!r}: "
                f"change the value or set `type`",
            )


def _check_encoding(parameter: Parameter, path: DataPath, context: _Context) -> None:
    """Request-encoding keys only where they mean something."""
    if parameter.is_set("items") and parameter.type != "array":
        context.error(
            (*path, "items"),
            "E330",
            f"`items` is for `type: array`, and {parameter.name!r} is {parameter.type!r}: "
            "remove `items` or set `type: array`",
            key=True,
        )
    if parameter.allow_reserved and parameter.in_ not in ("path", "query"):
        context.error(
            (*path, "allow_reserved"),
            "E330",
            f"`allow_reserved` is for path and query parameters, and {parameter.name!r} is "
            f"in {parameter.in_}: remove it",
            key=True,
        )
    if parameter.nullable and parameter.in_ == "path":
        context.error(
            (*path, "nullable"),
            "E330",
            f"path parameter {parameter.name!r} cannot be null: remove `nullable`",
            key=True,
        )


def _check_file(call: Call, parameter: Parameter, path: DataPath, context: _Context) -> None:
    """A file is a part of a multipart body."""
    is_file = parameter.type == "file" or (parameter.type == "array" and parameter.items == "file")
    if is_file and (parameter.in_ != "body" or call.body_format != "multipart"):
        context.error(
            (*path, "type"),
            "E330",
            f"file parameter {parameter.name!r} must be `in: body` of a call with "
            "`body_format: multipart`: change `in` or the call's body_format",
        )


def _fits(value: object, parameter_type: str) -> bool:
    if isinstance(value, bool) and parameter_type != "boolean":
        return False
    return isinstance(value, _PARAMETER_TYPES[parameter_type])


def _check_path(call: Call, path: DataPath, context: _Context, shared_path_names: set[str]) -> None:
    names = {name for name, _ in _path_placeholders(call.path)}
    for name, valid in _path_placeholders(call.path):
        if not valid:
            context.error(
                (*path, "path"),
                "E314",
                f"path placeholder {{{name}}} is not a valid name: use letters, digits and '_'",
            )
    declared = {p.name for p in call.parameters if p.in_ == "path"}
    for name in sorted(names - declared - shared_path_names):
        context.error(
            (*path, "path"),
            "E302",
            f"path placeholder {{{name}}} has no parameter: add "
            f"`{{name: {name}, in: path}}` to the call's parameters",
        )
    for index, parameter in enumerate(call.parameters):
        if parameter.in_ == "path" and parameter.name not in names:
            context.error(
                (*path, "parameters", index, "name"),
                "E303",
                f"path parameter {parameter.name!r} does not appear in the path {call.path!r}: "
                f"add {{{parameter.name}}} to the path or change `in`",
            )


def _path_placeholders(path: str) -> Iterator[tuple[str, bool]]:
    for match in PATH_PLACEHOLDER.finditer(path):
        yield match.group(1), bool(_VALID_PATH_NAME.fullmatch(match.group(1)))


def _check_body(call: Call, path: DataPath, context: _Context) -> None:
    body_parameters = [(i, p) for i, p in enumerate(call.parameters) if p.in_ == "body"]
    if not _has_body(call):
        for index, parameter in body_parameters:
            context.error(
                (*path, "parameters", index, "in"),
                "E308",
                f"{call.method} calls send no body: parameter {parameter.name!r} cannot be "
                f"`in: body` (use query, or another method)",
            )
        if call.body is not None:
            context.error(
                (*path, "body"),
                "E308",
                f"{call.method} calls send no body: remove `body`",
                key=True,
            )
        return
    if call.body is None:
        return
    if call.body_format != "json":
        context.error(
            (*path, "body"),
            "E205",
            f"a body template is JSON, but body_format is {call.body_format!r}: "
            f"remove `body` to send the body parameters as fields",
            key=True,
        )
        return
    _check_template(call.body, body_parameters, path, context)


def _check_template(
    template: str, body_parameters: list[tuple[int, Parameter]], path: DataPath, context: _Context
) -> None:
    used = {name for name, _ in body_template.placeholders(template)}
    declared = {p.name for _, p in body_parameters}
    for name in sorted(used - declared):
        context.error(
            (*path, "body"),
            "E304",
            f"body placeholder <{name}> has no parameter: add `{{name: {name}, in: body}}` "
            f"to the call's parameters (or write a literal as \\u003c{name}>)",
        )
    for index, parameter in body_parameters:
        if parameter.name not in used:
            context.error(
                (*path, "parameters", index, "name"),
                "E305",
                f"body parameter {parameter.name!r} does not appear in the body template: "
                f"add <{parameter.name}> to `body`",
            )
    problem = body_template.check_json(template)
    if problem is not None:
        line = template.count("\n", 0, problem.offset) + 1
        column = problem.offset - (template.rfind("\n", 0, problem.offset) + 1) + 1
        context.error(
            (*path, "body"),
            "E306",
            f"body template is not valid JSON at its line {line}, column {column}: "
            f"{problem.message.lower()}",
        )


def _check_response(
    call: Call, path: DataPath, context: _Context, declared: frozenset[str]
) -> None:
    response = call.response
    # A model hint that names a declared schema types the response without samples (imported
    # specs are written so): `model: Customer`, or `types: {"[]": Customer}` for a list.
    typed_by_schema = response.model in declared or response.types.get("[]") in declared
    if response.schema_ is not None:
        for inner, message in schema_problems(response.schema_):
            context.error((*path, "schema", *inner), "E317", message)
    elif response.type == "json" and not response.samples and not typed_by_schema:
        context.diagnostics.warning(
            context.key_at((*path[:-1], "name")),
            "W401",
            f"call {call.name!r} has no response sample and no schema, so it returns untyped "
            f"JSON: add `response: {{samples: [...]}}` or run `apigen initialize`",
        )


def _check_private_values(
    collection: Collection, path: DataPath, call_indices: Sequence[int], context: _Context
) -> None:
    meanings: dict[str, str] = {}
    keywords: dict[str, str] = {}
    for value in private_values(collection, path, call_indices):
        if not _ENV_NAME.fullmatch(value.env):
            context.error(
                value.path,
                "E310",
                f"{value.env!r} is not a valid environment variable name: use letters, "
                f"digits and '_' (e.g. {snake_case(value.env).upper() or 'API_KEY'!r})",
            )
            continue
        if meanings.setdefault(value.env, value.meaning) != value.meaning:
            context.error(
                value.path,
                "E311",
                f"environment variable {value.env} already holds another value of this "
                f"collection: give this one its own `env`",
            )
        keyword = value.env.lower()
        if keywords.setdefault(keyword, value.env) != value.env:
            context.error(
                value.path,
                "E311",
                f"environment variables {keywords[keyword]} and {value.env} differ only in case: "
                f"use one name",
            )


def _check_literals(context: _Context) -> None:
    """No literal anywhere in the spec may look like a credential, unless its line allows it."""
    allowed = context.loaded.allow_secret_lines
    for path, text in _string_leaves(context.loaded.data, ()):
        kind = credential_kind(text)
        if kind is None:
            continue
        position = context.at(path)
        if (position.file, position.line) in allowed:
            continue
        context.diagnostics.error(
            position,
            "E312",
            f"this value looks like {kind}: secrets belong in the environment. "
            f"{_secret_hint(path)}; if it is not a secret, end the line with `{ALLOW_SECRET}`",
        )


def _secret_hint(path: DataPath) -> str:
    """Where the secret should go instead, judged by where it was written."""
    in_headers = len(path) >= 2 and path[-2] in ("shared_headers", "headers")
    if in_headers and str(path[-1]).lower() in ("authorization", "proxy-authorization"):
        return (
            "Declare it as the collection's `auth` (e.g. `auth: {type: private_key_in_header, "
            'prefix: "Bearer ", env: NAME}`)'
        )
    if in_headers:
        parameter = f"{{name: {path[-1]}, in: header, private: true}}"
        return f"Make it a private header parameter (`{parameter}`)"
    return "Make it a private parameter (`private: true`, `env: NAME`)"


def _string_leaves(node: object, path: DataPath) -> Iterator[tuple[DataPath, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _string_leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _string_leaves(value, (*path, index))
