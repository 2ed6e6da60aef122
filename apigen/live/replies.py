"""Replies read into samples, and the progress line printed as each reply comes in."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import click

from apigen.live.sender import Reply


class UnreadableResponse(Exception):
    """A successful response whose body does not fit the call's ``response.type``."""


@dataclass(frozen=True)
class Sample:
    kind: str  # json | text | binary
    content: bytes  # what a sample file holds: scrubbed, JSON indented in the provider's order
    value: Any  # the scrubbed JSON value; None for text and binary

    def description(self) -> str:
        if self.kind == "text":
            return f"text, {len(self.content.decode()):,} characters"
        if self.kind == "binary":
            return f"binary, {len(self.content):,} bytes"
        return "json"


def read_sample(reply: Reply) -> Sample | None:
    """The sample of a successful reply (a stream's first event); None when it has no body."""
    found = read_samples(reply)
    return found[0] if found else None


def read_samples(reply: Reply) -> list[Sample]:
    """The samples of a successful reply: its body, or each first event of a stream.

    Raises :class:`UnreadableResponse` when a JSON call (or event) is something else.
    """
    if reply.selected.call.streamed:
        return [_json_sample(reply, event.encode("utf-8"), "the event") for event in reply.events]
    found = _read_body(reply)
    return [found] if found is not None else []


def _read_body(reply: Reply) -> Sample | None:
    response = reply.response
    assert response is not None and response.is_success
    if response.status_code == 204 or not response.content:
        return None
    kind = reply.selected.call.response_type
    scrub = reply.scrubber
    if kind == "text":
        return Sample(kind, scrub.text(response.text).encode("utf-8"), None)
    if kind == "binary":
        return Sample(kind, scrub.content(response.content), None)
    return _json_sample(reply, response.content, "the response")


def _json_sample(reply: Reply, content: bytes, what: str) -> Sample:
    assert reply.response is not None
    try:
        value = reply.scrubber.data(json.loads(content))
    except ValueError:
        content_type = reply.response.headers.get("Content-Type", "none")
        raise UnreadableResponse(
            f"{what} is not JSON (Content-Type: {content_type}): if the call returns "
            "text or files, set `response.type: text` or `binary`"
        ) from None
    text = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    return Sample("json", text.encode("utf-8"), value)


def progress(reply: Reply, done: int, total: int) -> None:
    """One line on stderr as each call finishes."""
    response = reply.response
    if response is None:
        outcome = f"failed: {reply.problem}"
    else:
        outcome = f"{response.status_code} {response.reason_phrase}"
    click.echo(
        f"[{done}/{total}] {reply.selected.label}: {outcome} ({reply.seconds:.2f} s)", err=True
    )
