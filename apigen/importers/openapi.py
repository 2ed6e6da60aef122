"""``apigen import openapi``: an OpenAPI 3.0/3.1 document becomes a spec with one collection.

servers → ``base_url``; security schemes → ``auth``; each operation → a call named by its
``operationId`` (else its summary, else method and path), GET/HEAD → ``use_as: data``;
parameters and request bodies → parameters (JSON, form or multipart); component schemas →
``schemas:``, which responses name with ``model:`` (or ``types:`` for a list of them); response
examples → samples. What apigen cannot express is reported with the JSON pointer of the
construct: the call is imported without it when that leaves a correct call, else skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

from apigen.importers.credentials import env_prefix, holds_secret, is_secret_name, shown_text
from apigen.importers.json_body import json_type
from apigen.importers.openapi_auth import choose_scheme, operation_auth, scheme_auth
from apigen.importers.openapi_document import Document, load_document, pointer
from apigen.importers.openapi_schemas import Schemas
from apigen.importers.report import ImportReport
from apigen.importers.spec_writer import Flow, new_spec, package_name
from apigen.names import pascal_case, snake_case, upper_snake_case
from apigen.spec import Call, Response
from apigen.vocabulary import ParameterType

METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_BODY_FORMATS = {
    "application/json": "json",
    "application/x-www-form-urlencoded": "form",
    "multipart/form-data": "multipart",
}
_TEXT_TYPES = re.compile(r"text/(plain|html|csv|markdown)|application/(xml|yaml)")
_BINARY_TYPES = re.compile(r"application/(octet-stream|pdf|zip|gzip)|(audio|image|video)/.*")
_TAG = re.compile(r"<[^>]+>")
_PARAMETER_TYPES = frozenset(get_args(ParameterType))
_ARRAY_FORMATS = "array_format" in Call.model_fields  # the request-encoding addition
_RESPONSE_TYPES = frozenset(get_args(Response.model_fields["type"].annotation))
_PLACEHOLDER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
PROGRESS_EVERY = 50

Progress = Callable[[str], None]


class _Skip(Exception):
    """The operation cannot be imported as a correct call; the message says why."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(reason)
        self.where = where


def import_openapi(path: Path, report: ImportReport, progress: Progress | None = None) -> str:
    """The text of a spec made from the OpenAPI document at ``path``."""
    data = load_document(path)
    document = Document(data, report)
    schemas = Schemas(document)
    info: dict[str, Any] = data["info"] if isinstance(data.get("info"), dict) else {}
    title = str(info.get("title") or path.stem)
    name = re.sub(r"\s+API$", "", title.strip(), flags=re.IGNORECASE) or title
    operations = list(_operations(data))
    collection: dict[str, Any] = {"name": name}
    if name.isidentifier() and pascal_case(name) != name:
        collection["python_name"] = name  # OpenAI stays OpenAIClient, not OpenAiClient
    collection["base_url"] = _base_url(data, report)
    summary = info.get("summary") or _first_paragraph(info.get("description"))
    if summary:
        collection["description"] = summary
    chosen = choose_scheme(data, [op for _, _, op, _ in operations])
    if chosen is not None:
        scheme = data["components"]["securitySchemes"][chosen]
        auth = scheme_auth(chosen, scheme, name, report)
        if auth is not None:
            collection["auth"] = auth
        else:
            chosen = None
    calls = []
    taken: set[str] = set()
    for index, (route, method, operation, where) in enumerate(operations, start=1):
        context = _Operation(name, document, schemas, where, taken)
        try:
            calls.append(context.call(route, method, operation, chosen))
        except _Skip as skip:
            report.skip("W605", skip.where, f"{method.upper()} {route}", str(skip))
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(f"[{index}/{len(operations)}] operations read")
    report.calls.extend(call["name"] for call in calls)
    _share_array_format(collection, calls)
    collection["calls"] = calls
    found = schemas.emit(progress)
    if found:
        collection["schemas"] = found
    if progress is not None:
        progress(f"{len(calls)} calls, {len(found)} schemas: writing the spec")
    return new_spec(package_name(name), _ordered(collection), description=title)


def _share_array_format(collection: dict[str, Any], calls: list[dict[str, Any]]) -> None:
    """The encoding most calls' arrays need becomes the collection's ``array_format``; a call
    keeps its own only when it differs (Stripe's 386 calls with arrays all use brackets)."""
    counts = Counter(call["array_format"] for call in calls if "array_format" in call)
    if not counts:
        return
    shared = max(counts, key=lambda encoding: (counts[encoding], encoding == "repeat"))
    if shared != "repeat":
        collection["array_format"] = shared
    for call in calls:
        if call.get("array_format") == shared:
            del call["array_format"]


def _ordered(collection: dict[str, Any]) -> dict[str, Any]:
    """Collection keys in the order people read them: schemas last, after the calls."""
    order = [
        "name",
        "python_name",
        "base_url",
        "description",
        "auth",
        "array_format",
        "calls",
        "schemas",
    ]
    return {key: collection[key] for key in order if key in collection}


def _operations(data: dict[str, Any]) -> Any:
    for route, item in data["paths"].items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                shared = item.get("parameters") if isinstance(item.get("parameters"), list) else []
                merged = {**operation, "_shared_parameters": shared}
                yield route, method, merged, pointer("paths", route, method)


def _base_url(data: dict[str, Any], report: ImportReport) -> str:
    servers = data.get("servers")
    server = servers[0] if isinstance(servers, list) and servers else {}
    url = str(server.get("url", "")) if isinstance(server, dict) else ""
    variables = server.get("variables") if isinstance(server, dict) else None
    for key, variable in (variables or {}).items():
        default = variable.get("default") if isinstance(variable, dict) else None
        if default is None:
            report.warn("W611", pointer("servers", 0, "variables", key), "variable without default")
        url = url.replace("{" + key + "}", str(default or key))
    if not url.startswith(("http://", "https://")):
        report.warn(
            "W611",
            pointer("servers"),
            f"no absolute server URL ({url or 'none'}): base_url is a placeholder to replace",
        )
        url = "https://api.example.invalid" + ("/" + url.lstrip("/") if url else "")
    return url.rstrip("/") or url


def _first_paragraph(text: Any, limit: int = 300) -> str | None:
    """The first paragraph of a description, without HTML tags, at most ``limit`` characters."""
    if not isinstance(text, str) or not text.strip():
        return None
    paragraph = _TAG.sub("", text.strip().split("\n\n", 1)[0]).strip()
    paragraph = " ".join(paragraph.split())
    short = paragraph if len(paragraph) <= limit else paragraph[: limit - 1].rstrip() + "…"
    return shown_text(short)


class _Operation:
    """Turns one operation into a call."""

    def __init__(
        self, collection: str, document: Document, schemas: Schemas, where: str, taken: set[str]
    ) -> None:
        self.collection = collection
        self.document = document
        self.schemas = schemas
        self.where = where
        self.taken = taken
        self.report = document.report
        self.params: list[Flow] = []
        # Array parameters: (name, encoding or None, pointer, required, what it is).
        self.arrays: list[tuple[str, str | None, str, bool, str]] = []

    def call(
        self, route: str, method: str, operation: dict[str, Any], chosen: str | None
    ) -> dict[str, Any]:
        name = self._name(route, method, operation)
        call: dict[str, Any] = {
            "name": name,
            "use_as": "data" if method in ("get", "head") else "action",
        }
        call["method"] = method.upper()
        call["path"] = route
        description = _first_paragraph(operation.get("summary")) or _first_paragraph(
            operation.get("description")
        )
        if description:
            call["description"] = description
        auth = operation_auth(operation, chosen, self.where, self.report)
        if auth is not None:
            call["auth"] = auth
        shared = operation.get("_shared_parameters", [])
        self._parameters(shared, operation.get("parameters") or [], route)
        body = self._body(operation.get("requestBody"), method)
        self._array_format(body)  # into body: written after body_format
        if self.params:
            call["parameters"] = self.params
        call.update(body)
        call["response"] = self._response(operation.get("responses"), name)
        if not call["response"]:
            del call["response"]
        self.taken.add(snake_case(name))
        return call

    def _name(self, route: str, method: str, operation: dict[str, Any]) -> str:
        raw = operation.get("operationId") or operation.get("summary") or f"{method} {route}"
        name = " ".join(str(raw).split())
        base, number = name, 2
        while snake_case(name) in self.taken or not snake_case(name):
            name, number = f"{base} {number}", number + 1
        return name

    # Parameters ----------------------------------------------------------------------------

    def _parameters(self, shared: list[Any], own: list[Any], route: str) -> None:
        by_key: dict[tuple[str, str], tuple[Any, str]] = {}
        for base, items in (("parameters", shared), ("parameters", own)):
            for index, item in enumerate(items):
                at = f"{self.where}/{base}/{index}"
                parameter, at = self.document.resolve(item, at)
                if isinstance(parameter, dict) and "name" in parameter and "in" in parameter:
                    by_key[(str(parameter["in"]), str(parameter["name"]))] = (parameter, at)
        for parameter, at in by_key.values():
            self._parameter(parameter, at)
        for name in re.findall(r"\{([^{}]*)\}", route):
            if not any(p["in"] == "path" and p["name"] == name for p in self.params):
                if not _PLACEHOLDER_NAME.fullmatch(name):
                    raise _Skip(self.where, f"path placeholder {{{name}}} is not a valid name")
                self.params.append(Flow({"name": name, "in": "path"}))

    def _parameter(self, parameter: dict[str, Any], at: str) -> None:
        where, name = parameter["in"], str(parameter["name"])
        required = bool(parameter.get("required")) or where == "path"
        if where == "cookie":
            self._leave_out(at, f"cookie parameter {name!r}", required)
            return
        if where == "header" and name.lower() in ("authorization", "content-type", "accept"):
            return  # set by auth, body_format and the client
        if where == "path" and not _PLACEHOLDER_NAME.fullmatch(name):
            raise _Skip(at, f"path parameter name {name!r} is not a valid placeholder")
        schema, _ = self.document.resolve(parameter.get("schema", {}), f"{at}/schema")
        if not self._style_ok(parameter, schema, at, required):
            return
        entry = self._typed(name, where, schema, required)
        if (description := _first_paragraph(parameter.get("description"))) is not None:
            entry["description"] = description
        if is_secret_name(name) and where != "path":
            entry = Flow({"name": name, "in": where, "private": True})
            if not required:
                entry["required"] = False
            entry["env"] = f"{env_prefix(self.collection)}_{upper_snake_case(name)}"
            self.report.need(entry["env"], f"{where} parameter {name}")
        example = parameter.get(
            "example", schema.get("example") if isinstance(schema, dict) else None
        )
        self._example(entry, example, f"{at}/example")
        self._add(entry, at, required)

    def _style_ok(self, parameter: dict[str, Any], schema: Any, at: str, required: bool) -> bool:
        """Records how a query array is encoded (settled per call by :meth:`_array_format`)."""
        if parameter["in"] == "query" and _schema_type(schema) == "array":
            style = parameter.get("style", "form")
            explode = parameter.get("explode", style == "form")
            self._array(str(parameter["name"]), style, explode, f"{at}/style", required)
        return True

    def _array(self, name: str, style: str, explode: bool, at: str, required: bool) -> None:
        encoding = {"form": "repeat" if explode else "comma", "deepObject": "brackets"}.get(style)
        described = f"array {name!r} with style {style}" + ("" if explode else ", explode false")
        self.arrays.append((name, encoding, at, required, described))

    def _array_format(self, keys: dict[str, Any]) -> None:
        """One encoding for the call's arrays (``array_format``): the most used one; arrays
        encoded otherwise are left out, since one call sends all its arrays alike."""
        if not self.arrays:
            return
        counts = Counter(e for _, e, *_ in self.arrays if e is not None)
        usable = [e for e in ("repeat", "brackets", "comma", "indexed") if e in counts]
        if not _ARRAY_FORMATS:
            usable = [e for e in usable if e == "repeat"]
        chosen = max(usable, key=lambda e: counts[e], default=None)
        for name, encoding, at, required, described in self.arrays:
            if encoding != chosen:
                self.params = [p for p in self.params if p["name"] != name]
                self._leave_out(at, described, required)
        if chosen is not None:  # "repeat" too: the collection may share another
            keys["array_format"] = chosen

    def _typed(self, name: str, where: str, schema: Any, required: bool) -> Flow:
        entry = Flow({"name": name, "in": where})
        kind = _schema_type(schema)
        if kind != "string":
            entry["type"] = kind
        description = _first_paragraph(
            schema.get("description") if isinstance(schema, dict) else None
        )
        default = schema.get("default") if isinstance(schema, dict) else None
        if where != "path" and not required:
            if default is not None and _matches(default, kind) and not holds_secret(default):
                entry["default"] = default
            else:
                entry["required"] = False
        if description:
            entry["description"] = description
        return entry

    def _example(self, entry: Flow, example: Any, at: str) -> None:
        if example is None or entry.get("private"):
            return
        if not _matches(example, str(entry.get("type", "string"))) or holds_secret(example):
            self.report.warn("W609", at, f"example of {entry['name']!r} left out")
            return
        entry["example"] = example
        if "description" in entry:  # keep description last, as people write it
            entry["description"] = entry.pop("description")

    def _add(self, entry: Flow, at: str, required: bool) -> None:
        if any(snake_case(str(p["name"])) == snake_case(str(entry["name"])) for p in self.params):
            self._leave_out(
                at, f"{entry['in']} parameter {entry['name']!r} (its name is taken)", required
            )
            return
        self.params.append(entry)

    def _leave_out(self, at: str, what: str, required: bool) -> None:
        if required:
            raise _Skip(at, f"required {what} cannot be sent by apigen")
        self.report.warn("W606", at, f"{what} left out: apigen does not send it")

    # Request bodies ------------------------------------------------------------------------

    def _body(self, body: Any, method: str) -> dict[str, Any]:
        if body is None:
            return {}
        at = f"{self.where}/requestBody"
        body, at = self.document.resolve(body, at)
        required = bool(body.get("required")) if isinstance(body, dict) else False
        content = body.get("content") if isinstance(body, dict) else None
        if method in ("get", "head", "options"):
            if _declares_fields(content):
                self._leave_out(at, f"request body of a {method.upper()} call", required)
            return {}
        media_type = next(
            (t for t in _BODY_FORMATS if isinstance(content, dict) and t in content), None
        )
        if media_type is None:
            kinds = ", ".join(content) if isinstance(content, dict) else "none"
            if required:
                raise _Skip(
                    f"{at}/content", f"request body of type {kinds} cannot be sent by apigen"
                )
            self.report.warn("W607", f"{at}/content", f"request body of type {kinds} left out")
            return {}
        media_at = f"{at}/content/{media_type.replace('/', '~1')}"
        media = content[media_type] if isinstance(content, dict) else {}
        schema, schema_at = self.document.resolve(
            media.get("schema", {}) if isinstance(media, dict) else {}, f"{media_at}/schema"
        )
        properties, required_names = self._properties(schema, schema_at)
        if properties is None:
            if required:
                raise _Skip(schema_at, "the request body is not an object with properties")
            self.report.warn("W607", schema_at, "request body that is not an object left out")
            return {}
        body_format = _BODY_FORMATS[media_type]
        declared = media.get("encoding") if isinstance(media, dict) else None
        encodings: dict[str, Any] = declared if isinstance(declared, dict) else {}
        for name, (prop, prop_at) in properties.items():
            self._body_field(name, prop, prop_at, name in required_names, body_format)
            if body_format == "form" and _schema_type(prop) == "array":
                found = encodings.get(name)
                encoding: dict[str, Any] = found if isinstance(found, dict) else {}
                style = encoding.get("style", "form")
                explode = encoding.get("explode", style == "form")
                where = f"{media_at}/encoding/{name}" if encoding else prop_at
                self._array(name, style, explode, where, name in required_names)
        return {} if body_format == "json" else {"body_format": body_format}

    def _properties(
        self, schema: Any, at: str
    ) -> tuple[dict[str, tuple[Any, str]] | None, set[str]]:
        """The properties of an object schema (``allOf`` merged), with their pointers."""
        if not isinstance(schema, dict):
            return None, set()
        found: dict[str, tuple[Any, str]] = {}
        required: set[str] = set(schema.get("required") or [])
        for index, part in enumerate(schema.get("allOf") or []):
            resolved, part_at = self.document.resolve(part, f"{at}/allOf/{index}")
            more, more_required = self._properties(resolved, part_at)
            if more is None:
                return None, set()
            found.update(more)
            required |= more_required
        properties = schema.get("properties")
        if isinstance(properties, dict):
            for name, prop in properties.items():
                found[name] = self.document.resolve(prop, f"{at}/properties/{name}")
        if not found and not isinstance(properties, dict):
            return None, set()
        return found, required

    def _body_field(
        self, name: str, schema: Any, at: str, required: bool, body_format: str
    ) -> None:
        if isinstance(schema, dict) and schema.get("readOnly"):
            return
        if _is_binary(schema) and body_format == "multipart":
            if "file" not in _PARAMETER_TYPES:
                self._leave_out(at, f"file field {name!r}", required)
                return
            entry = Flow({"name": name, "in": "body", "type": "file"})
            if not required:
                entry["required"] = False
            self._add(entry, at, required)
            return
        entry = self._typed(name, "body", schema, required)
        example = schema.get("example") if isinstance(schema, dict) else None
        self._example(entry, example, f"{at}/example")
        self._add(entry, at, required)

    # Responses -----------------------------------------------------------------------------

    def _response(self, responses: Any, name: str) -> dict[str, Any]:
        if not isinstance(responses, dict):
            return {}
        code = next((c for c in sorted(map(str, responses)) if c.startswith("2")), None)
        if code is None:
            return {}
        at = f"{self.where}/responses/{code}"
        response, at = self.document.resolve(responses[code], at)
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict) or not content:
            return {}
        json_type_ = next(
            (t for t in content if t == "application/json" or t.endswith("+json")), None
        )
        if json_type_ is None:
            return self._other_response(content, at)
        media = content[json_type_] if isinstance(content[json_type_], dict) else {}
        media_at = f"{at}/content/{json_type_.replace('/', '~1')}"
        out = self._named(media.get("schema"), f"{media_at}/schema", name)
        samples = self._samples(media, media_at)
        if code.isdigit() and code != "200":
            samples = [{**sample, "status": int(code)} for sample in samples]
        if samples:
            out["samples"] = samples
        return out

    def _other_response(self, content: dict[str, Any], at: str) -> dict[str, Any]:
        kinds = list(content)
        if any(_TEXT_TYPES.fullmatch(kind.split(";")[0]) for kind in kinds):
            return {"type": "text"}
        if any(_BINARY_TYPES.fullmatch(kind.split(";")[0]) for kind in kinds):
            return {"type": "binary"}
        if "text/event-stream" in kinds and "sse" in _RESPONSE_TYPES:
            return {"type": "sse"}
        self.report.warn(
            "W607", f"{at}/content", f"response of type {', '.join(kinds)}: returned as bytes"
        )
        return {"type": "binary"}

    def _named(self, schema: Any, at: str, call_name: str) -> dict[str, Any]:
        """``model:`` (or ``types:`` for a list) naming the response's schema in ``schemas:``."""
        if not isinstance(schema, dict) or not schema:
            return {}
        reference = schema.get("$ref")
        if isinstance(reference, str):
            name = self.schemas.component(reference)
            if name is not None:
                return {"model": name}
        items = schema.get("items") if _schema_type(schema) == "array" else None
        if isinstance(items, dict) and isinstance(items.get("$ref"), str):
            name = self.schemas.component(items["$ref"])
            if name is not None:
                return {"types": {"[]": name}}
        resolved, _ = self.document.resolve(schema, at)
        if not resolved:
            return {}  # a reference apigen cannot follow, reported as such
        if _is_union_of_objects(resolved):
            return {"model": self.schemas.add(f"{call_name} response", schema, at)}
        if _schema_type(resolved) != "object":
            self.report.warn("W607", at, "response that is not an object: returned as untyped JSON")
            return {}
        return {"model": self.schemas.add(f"{call_name} response", schema, at)}

    def _samples(self, media: dict[str, Any], at: str) -> list[dict[str, Any]]:
        found: list[tuple[Any, str]] = []
        if "example" in media:
            found.append((media["example"], f"{at}/example"))
        for key, example in (media.get("examples") or {}).items():
            resolved, example_at = self.document.resolve(example, f"{at}/examples/{key}")
            if isinstance(resolved, dict) and "value" in resolved:
                found.append((resolved["value"], f"{example_at}/value"))
        samples = []
        for value, example_at in found:
            if holds_secret(value):
                self.report.warn(
                    "W609", example_at, "example response looks like it holds a credential"
                )
            elif isinstance(value, dict | list):
                samples.append({"inline": value})
        return samples


def _schema_type(schema: Any) -> str:
    """The spec parameter type of a schema (the first of a list or of ``anyOf`` alternatives)."""
    if not isinstance(schema, dict):
        return "string"
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind in _PARAMETER_TYPES and kind != "file":
        return str(kind)
    if kind is None and isinstance(schema.get("properties"), dict):
        return "object"
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            return _schema_type(options[0])
    return "string"


def _matches(value: Any, kind: str) -> bool:
    return json_type(value) == kind or (kind == "number" and json_type(value) == "integer")


def _declares_fields(content: Any) -> bool:
    """Whether a body declares anything to send (Stripe's GET operations declare empty ones)."""
    if not isinstance(content, dict):
        return False
    for media in content.values():
        schema = media.get("schema") if isinstance(media, dict) else None
        if not isinstance(schema, dict) or set(schema) - {
            "type",
            "properties",
            "additionalProperties",
        }:
            return True
        if schema.get("properties"):
            return True
    return False


def _is_binary(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and (schema.get("format") in ("binary", "byte") or "contentMediaType" in schema)
        and _schema_type(schema) == "string"
    )


def _is_union_of_objects(schema: dict[str, Any]) -> bool:
    options = schema.get("anyOf") or schema.get("oneOf")
    return (
        isinstance(options, list)
        and bool(options)
        and all(
            isinstance(o, dict) and ("$ref" in o or _schema_type(o) == "object") for o in options
        )
    )
