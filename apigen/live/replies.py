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
    """The sample of a successful reply; None when it has no body.

    Raises :class:`UnreadableResponse` when a JSON call answers with something else.
    """
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
    try:
        value = scrub.data(json.loads(response.content))
    except ValueError:
        content_type = response.headers.get("Content-Type", "none")
        raise UnreadableResponse(
            f"the response is not JSON (Content-Type: {content_type}): if the call returns "
            "text or files, set `response.type: text` or `binary`"
        ) from None
    text = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    return Sample(kind, text.encode("utf-8"), value)


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
