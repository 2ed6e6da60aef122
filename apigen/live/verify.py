"""``apigen verify``: send the data calls again and compare what comes back with the samples.

The committed shape of a call is its explicit ``response.schema``, else the combined shape of its
samples (what the models were inferred from). Breaking drift (see :mod:`apigen.live.shapes`) and
failed calls exit 1; additive drift exits 0 unless ``strict``. Nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import click

from apigen import ir
from apigen.diagnostics import EXIT_FINDINGS, EXIT_OK
from apigen.live import sender
from apigen.live.context import open_spec, prepare
from apigen.live.replies import UnreadableResponse, progress, read_sample
from apigen.live.selection import all_calls, select_calls
from apigen.live.shapes import Change, Shape, diff, samples_shape, schema_shape
from apigen.pipeline import CheckedSpec

# Results, from worst to best.
FAILED, BREAKING, ADDITIVE, UNCHANGED, SKIPPED = (
    "failed",
    "breaking",
    "additive",
    "unchanged",
    "skipped",
)
RESULTS = (FAILED, BREAKING, ADDITIVE, UNCHANGED, SKIPPED)


@dataclass(frozen=True)
class Options:
    yes: bool = False  # also send data calls whose method is not GET, HEAD or OPTIONS
    strict: bool = False  # additive drift fails too
    timeout: float = 30.0
    output_format: str = "text"


@dataclass
class CallResult:
    label: str
    result: str
    request: str = ""  # method and URL, secrets scrubbed
    status: int | None = None
    message: str = ""
    changes: list[Change] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "call": self.label,
            "result": self.result,
            "request": self.request,
            "status": self.status,
            "message": self.message,
            "changes": [change.as_json() for change in self.changes],
        }


def verify(checked: CheckedSpec, names: Sequence[str], options: Options) -> int:
    """Run the command on the checked ``package`` of ``spec``; the exit code."""
    candidates = (
        select_calls(checked.package, names)
        if names
        else [item for item in all_calls(checked.package) if item.call.use_as == "data"]
    )
    results: dict[tuple[int, int], CallResult] = {}
    to_send: list[sender.Selected] = []
    for item in candidates:
        reason = _skip_reason(item, yes=options.yes)
        if reason:
            results[item.key] = CallResult(item.label, SKIPPED, message=reason)
        else:
            to_send.append(item)
    live = open_spec(checked)
    prepared = prepare(live, to_send, options.timeout)
    if prepared is None:
        return EXIT_FINDINGS
    replies = sender.send_all(prepared, lambda reply, done: progress(reply, done, len(prepared)))
    for reply in replies:
        results[reply.selected.key] = _compare(reply)
    ordered = [results[item.key] for item in candidates]
    if options.output_format == "json":
        click.echo(json.dumps(_report(ordered, options), indent=2))
    else:
        _print(ordered)
    return _exit_code(ordered, strict=options.strict)


def _skip_reason(item: sender.Selected, *, yes: bool) -> str:
    call = item.call
    if call.response_type == "json" and call.schema is None and not call.samples:
        return "no samples to compare with: run `apigen initialize` first"
    if item.has_side_effects and not yes:
        kind = "an action" if call.use_as == "action" else f"a {call.http_method} call"
        return f"{kind} may change data: pass --yes to send it"
    return ""


def committed_shape(call: ir.Call) -> Shape:
    if call.schema is not None:
        return schema_shape(call.schema)
    return samples_shape(call.samples)


def _compare(reply: sender.Reply) -> CallResult:
    label, shown = reply.selected.label, reply.prepared.shown
    status = reply.response.status_code if reply.response is not None else None
    if not reply.ok:
        return CallResult(label, FAILED, shown, status, reply.failure())
    try:
        sample = read_sample(reply)
    except UnreadableResponse as error:
        return CallResult(label, FAILED, shown, status, str(error))
    if sample is None or sample.kind != "json":
        return CallResult(label, UNCHANGED, shown, status)
    changes = diff(committed_shape(reply.selected.call), samples_shape([sample.value]))
    if any(change.breaking for change in changes):
        result = BREAKING
    else:
        result = ADDITIVE if changes else UNCHANGED
    return CallResult(label, result, shown, status, changes=changes)


def _exit_code(results: list[CallResult], *, strict: bool) -> int:
    found = {result.result for result in results}
    failing = {FAILED, BREAKING, ADDITIVE} if strict else {FAILED, BREAKING}
    return EXIT_FINDINGS if found & failing else EXIT_OK


def _counts(results: list[CallResult]) -> dict[str, int]:
    return {name: sum(1 for result in results if result.result == name) for name in RESULTS}


def _report(results: list[CallResult], options: Options) -> dict[str, Any]:
    return {
        "calls": [result.as_json() for result in results],
        "counts": _counts(results),
        "strict": options.strict,
        "exit_code": _exit_code(results, strict=options.strict),
    }


_HEADLINES = {
    FAILED: "failed",
    BREAKING: "breaking drift",
    ADDITIVE: "additive drift",
    UNCHANGED: "no drift",
    SKIPPED: "skipped",
}


def _print(results: list[CallResult]) -> None:
    for result in results:
        headline = f"{result.label}: {_HEADLINES[result.result]}"
        if result.request:
            headline += f" ({result.request} -> {result.status or 'no response'})"
        if result.message:
            headline += f": {result.message}"
        click.echo(headline)
        for change in result.changes:
            mark = "!" if change.breaking else "+"
            click.echo(f"  {mark} {change.describe()}")
    counts = _counts(results)
    click.echo(", ".join(f"{counts[name]} {name}" for name in RESULTS))
