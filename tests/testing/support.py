"""Calling every method of the example clients, and what each must return."""

from __future__ import annotations

import importlib.resources
import inspect
import json
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from pydantic import BaseModel

from tests.e2e.support import dumped

# Values for required arguments, by annotation.
ARGUMENTS = {
    "str": "x_1",
    "int": 7,
    "float": 1.5,
    "bool": True,
    "list[Any]": [],
    "dict[str, Any]": {},
}


def clients(packages: dict[str, ModuleType]) -> Iterator[tuple[ModuleType, str]]:
    for package in packages.values():
        for name in package.__all__:
            if name.endswith("Client") and not name.startswith("Async"):
                yield package, name


def methods(client_class: type) -> list[str]:
    """The call methods of a generated client class (the runtime defines every other one)."""
    found = {name: getattr(client_class, name) for name in dir(client_class)}
    return sorted(
        name
        for name, value in found.items()
        if inspect.isfunction(value)
        and not name.startswith("_")
        and "._runtime." not in value.__module__
    )


def arguments(method: Any) -> dict[str, Any]:
    return {
        name: ARGUMENTS[str(parameter.annotation)]
        for name, parameter in inspect.signature(method).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        and parameter.default is inspect.Parameter.empty
    }


def first_samples(package: ModuleType) -> dict[tuple[str, str], dict[str, Any]]:
    """(collection, method name) → the call's entry in the package's samples file."""
    text = (importlib.resources.files(package.__name__) / "_testing_samples.json").read_text()
    return {(call["collection"], call["name"]): call for call in json.loads(text)}


def consumed(value: Any) -> Any:
    """A sync call's value as a test compares it: a stream's events read, a page's response."""
    name = type(value).__name__
    if name == "Stream":
        return list(value)
    return value.response if name == "SyncPage" else value


async def async_consumed(value: Any) -> Any:
    """An async call's value as a test compares it (see :func:`consumed`)."""
    name = type(value).__name__
    if name == "AsyncStream":
        return [event async for event in value]
    return value.response if name == "AsyncPage" else value


def assert_first_sample(result: Any, call: dict[str, Any]) -> None:
    """The result of a call answered by a mock: its first sample, typed."""
    if call["response_type"] == "text":
        assert isinstance(result, str) and result
    elif call["response_type"] == "binary":
        assert isinstance(result, bytes)
    elif call["response_type"] in ("sse", "jsonl"):
        assert dumped(result) == call["samples"], call["name"]  # every sample is an event
    else:
        value = result.value if type(result).__name__ == "Result" else result
        assert isinstance(value, BaseModel | list), call["name"]
        assert dumped(value) == _first_page(call), call["name"]


def _first_page(call: dict[str, Any]) -> Any:
    """The first sample; of a paginated call with one sample, that page says it is the last."""
    first = call["samples"][0]
    has_more = call.get("pagination", {}).get("has_more")
    if len(call["samples"]) == 1 and has_more in first:  # has_more is a top-level key here
        return {**first, has_more: False}
    return first
