"""What a mock answers, as data: each call's route, response type and samples.

The generated ``testing`` module reads this data from a file inside the package, and
``apigen mock`` builds it from a spec in memory; both hand it to the runtime's ``mock`` module
(templates/runtime/mock.py), the one place that routes and answers requests.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

from apigen import ir

CONTENT_TYPES = {
    "json": "application/json",
    "text": "text/plain; charset=utf-8",
    "binary": "application/octet-stream",
    "sse": "text/event-stream",
    "jsonl": "application/jsonl",
}
DEFAULT_STATUS = 200  # of a sample that does not say its status
# Values for an explicit response schema without samples: the simplest value of each type.
_SCHEMA_VALUES: dict[str, Any] = {
    "string": "string",
    "integer": 0,
    "number": 0.0,
    "boolean": False,
    "array": [],
    "null": None,
}
_FORMAT_VALUES = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def mock_calls(package: ir.Package) -> list[dict[str, Any]]:
    """Every call of ``package`` in the form ``MockCall.from_data`` reads."""
    return [
        _call(collection, call) for collection in package.collections for call in collection.calls
    ]


def _call(collection: ir.Collection, call: ir.Call) -> dict[str, Any]:
    samples = list(call.samples)
    if not samples and call.schema is not None:
        # References go to the schema itself (#/$defs/...) or the collection's (#/schemas/...).
        samples = [schema_example(call.schema, {**call.schema, "schemas": collection.schemas})]
    data: dict[str, Any] = {
        "collection": collection.name,
        "name": call.method_name,
        "method": call.http_method,
        "path": route(collection.base_url, call.path),
        "response_type": call.response_type,
        "content_type": _content_type(collection, call),
        "required": [[p.location, p.wire_name] for p in _checked(call)],
        "samples": samples,
    }
    if any(status != DEFAULT_STATUS for status in call.sample_statuses):
        data["statuses"] = list(call.sample_statuses)
    if call.error_samples:
        data["error_samples"] = list(call.error_samples)
    if call.end_marker is not None:
        data["end_marker"] = call.end_marker
    if call.pagination is not None:
        data["pagination"] = {k: v for k, v in asdict(call.pagination).items() if v is not None}
    return data


def _checked(call: ir.Call) -> list[ir.Param]:
    """The required parameters a request can be checked for (routing matches path parameters).

    A body template puts parameters anywhere in the body, and a multipart body is not parsed:
    their body parameters are not checked.
    """
    body_fields = call.body_template is None and call.body_format != "multipart"
    return [
        p
        for p in call.arguments
        if p.required and p.location != "path" and (p.location != "body" or body_fields)
    ]


def route(base_url: str, path: str) -> str:
    """The path template a request of the call has, as the runtime joins base URL and path."""
    base = urlsplit(base_url).path
    if not path:
        return base or "/"
    return base.rstrip("/") + "/" + path.lstrip("/")


def _content_type(collection: ir.Collection, call: ir.Call) -> str:
    """The content type the call asks for in ``Accept``, unless it is vague; else its type's."""
    if call.response_type == "binary":
        for name, value in (*call.headers, *collection.shared_headers):
            if name.lower() == "accept" and "*" not in value and "," not in value:
                return value
    return CONTENT_TYPES[call.response_type]


def schema_example(schema: Any, root: Any, seen: frozenset[str] = frozenset()) -> Any:
    """A value that fits ``schema`` (a call's explicit JSON Schema, ``root`` for its ``$ref``s).

    ``seen`` holds the references followed to get here: a schema that contains itself gets
    None there rather than an endless value.
    """
    if not isinstance(schema, dict):
        return None
    for key in ("const", "example", "default"):
        if key in schema:
            return schema[key]
    if schema.get("examples"):
        return schema["examples"][0]
    if schema.get("enum"):
        return schema["enum"][0]
    reference = schema.get("$ref")
    if isinstance(reference, str):
        if reference in seen:
            return None
        return schema_example(_referenced(reference, root), root, seen | {reference})
    for key in ("oneOf", "anyOf", "allOf"):
        if schema.get(key):
            return schema_example(schema[key][0], root, seen)
    kind = schema.get("type", "object" if "properties" in schema else None)
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: schema_example(value, root, seen) for name, value in properties.items()}
    if kind == "string" and schema.get("format") in _FORMAT_VALUES:
        return _FORMAT_VALUES[schema["format"]]
    return _SCHEMA_VALUES.get(kind) if isinstance(kind, str) else None


def _referenced(reference: str, root: Any) -> Any:
    """The schema a local ``#/...`` reference points to; None when it leads nowhere."""
    target = root
    for part in reference.removeprefix("#/").split("/") if reference.startswith("#/") else ():
        target = target.get(part) if isinstance(target, dict) else None
    return target if reference.startswith("#/") else None
