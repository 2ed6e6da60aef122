"""``apigen initialize``: send calls for real, record their responses as samples, update the spec.

Every problem that can be found before sending (an unknown call, a required parameter without an
example, a private value that is not set, a call with side effects nobody agreed to) stops the
command before any request. A call that fails records nothing; the others are recorded.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from apigen.diagnostics import display_path
from apigen.live import paging, record, sender
from apigen.live.context import LiveSpec, open_spec, prepare
from apigen.live.replies import Sample, UnreadableResponse, progress, read_samples
from apigen.live.selection import select_calls
from apigen.live.shapes import Shape, diff, field_count, place_text, samples_shape
from apigen.pipeline import CheckedSpec

EXIT_OK, EXIT_FINDINGS = 0, 1


@dataclass(frozen=True)
class Options:
    yes: bool = False  # send calls with side effects without asking
    keep_old: bool = False  # add the new sample next to the recorded ones
    timeout: float = 30.0
    write_pagination: bool = False  # add the suggested pagination blocks to the spec


@dataclass(frozen=True)
class _Row:
    """A line of the summary table."""

    label: str
    status: str
    seconds: float | None = None
    fields: int | None = None


def initialize(checked: CheckedSpec, names: Sequence[str], options: Options) -> int:
    """Run the command on the checked ``package`` of ``spec``; the exit code."""
    selected = select_calls(checked.package, names)
    live = open_spec(checked)
    prepared = prepare(live, selected, options.timeout)
    if prepared is None:
        return EXIT_FINDINGS
    to_send, declined = _agreed(prepared, yes=options.yes)
    if to_send is None:
        return EXIT_FINDINGS
    rows = {item.selected.key: _Row(item.selected.label, "skipped") for item in declined}
    replies = sender.send_all(to_send, lambda reply, done: progress(reply, done, len(to_send)))
    recordings: list[record.Recording] = []
    taken: set[Path] = set()  # sample paths chosen in this run
    failed = False
    for reply in replies:
        row, recording = _record(live, reply, taken, options)
        rows[reply.selected.key] = row
        failed |= recording is None and row.status != "no body"
        if recording is not None:
            recordings.append(recording)
    if recordings:
        failed |= not _write(live, recordings)
    _print_summary([rows[item.key] for item in selected if item.key in rows])
    return EXIT_FINDINGS if failed else EXIT_OK


def _agreed(
    prepared: list[sender.Prepared], *, yes: bool
) -> tuple[list[sender.Prepared] | None, list[sender.Prepared]]:
    """The calls to send and those the user declined; None to send nothing at all."""
    risky = [item for item in prepared if item.selected.has_side_effects]
    if not risky or yes:
        return prepared, []
    if not stdin_is_tty():
        click.echo("error: refusing to send calls that may change data without --yes:", err=True)
        for item in risky:
            click.echo(f"  {item.shown}  ({item.selected.label})", err=True)
        click.echo(
            "pass --yes to send them, or name the calls to initialize; nothing was sent",
            err=True,
        )
        for item in prepared:
            item.http.close()
        return None, []
    declined = []
    for item in risky:
        question = f"Send {item.shown} ({item.selected.label})? It may change data"
        if not click.confirm(question, default=False, err=True):
            declined.append(item)
            item.http.close()
    return [item for item in prepared if item not in declined], declined


def stdin_is_tty() -> bool:
    return sys.stdin.isatty()


def _record(
    live: LiveSpec, reply: sender.Reply, taken: set[Path], options: Options
) -> tuple[_Row, record.Recording | None]:
    """The summary row of a reply and, when it gave a sample, what to write; prints both."""
    label = reply.selected.label
    if not reply.ok:
        click.echo(f"error: {label}: {reply.failure()}; nothing was recorded", err=True)
        status = str(reply.response.status_code) if reply.response is not None else "failed"
        return _Row(label, status, reply.seconds), None
    assert reply.response is not None
    status = str(reply.response.status_code)
    try:
        samples = read_samples(reply)
    except UnreadableResponse as error:
        click.echo(f"error: {label}: {error}; nothing was recorded", err=True)
        return _Row(label, status, reply.seconds), None
    if not samples:
        nothing = "sent no event" if reply.selected.call.streamed else "has no body"
        click.echo(f"{label}: the response {nothing}; there is nothing to record")
        return _Row(label, "no body", reply.seconds), None
    base_dir = live.loaded.collection_files[reply.selected.collection_index].parent
    files = []
    fields = None
    for index, sample in enumerate(samples):
        reference = record.sample_reference(
            live.loaded, reply.selected, taken, keep_old=options.keep_old
        )
        files.append(record.SampleFile(reference, base_dir / reference, sample.content))
        if index == 0:
            fields = _print_sample(reply.selected, sample, reference)
        else:
            click.echo(f"{label} -> {reference} (event {index + 1})")
    pagination = _pagination(reply, samples[0], options)
    recording = record.Recording(
        reply.selected,
        tuple(files),
        options.keep_old,
        reply.response.status_code,
        pagination.block if pagination is not None else None,
        pagination.flow_text() if pagination is not None else "",
    )
    for orphan in record.unreferenced_after(live.loaded, recording):
        click.echo(f"  {orphan} is no longer named by the spec (the file is left in place)")
    return _Row(label, status, reply.seconds, fields), recording


def _pagination(reply: sender.Reply, sample: Sample, options: Options) -> paging.Suggestion | None:
    """Print the pagination the response suggests; the block to write, with --write-pagination."""
    assert reply.response is not None
    if sample.kind != "json":
        return None
    found = paging.suggest(reply.selected.call, sample.value, reply.response.headers)
    if found is None:
        return None
    click.echo("  the response looks paginated; add to the call:")
    for line in found.block_lines():
        click.echo(f"    {line}")
    if found.missing:
        click.echo(f"  the call also needs {found.missing}; add it before writing the block")
        return None
    if not options.write_pagination:
        click.echo("  (--write-pagination adds it to the spec)")
        return None
    return found


def _print_sample(selected: sender.Selected, sample: Sample, reference: str) -> int | None:
    """Print what was recorded (the structure of JSON, the diff to earlier samples)."""
    click.echo(f"{selected.label} -> {reference} ({sample.description()})")
    if sample.kind != "json":
        return None
    shape = samples_shape([sample.value])
    _print_shape(shape)
    if selected.call.samples:
        changes = diff(samples_shape(selected.call.samples), shape)
        if changes:
            click.echo("  changes since the recorded samples:")
            for change in changes:
                click.echo(f"    {change.describe()}")
        else:
            click.echo("  same structure as the recorded samples")
    return field_count(shape)


def _print_shape(shape: Shape) -> None:
    rows = [
        (place_text(place), found.describe() + ("" if found.required else ", optional"))
        for place, found in shape.items()
    ]
    width = max(len(place) for place, _ in rows)
    for place, description in rows:
        click.echo(f"  {place:<{width}}  {description}")


def _write(live: LiveSpec, recordings: list[record.Recording]) -> bool:
    problems = record.write_recordings(live.loaded, recordings)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        click.echo("error: nothing was written", err=True)
        return False
    files = sorted(
        {
            display_path(live.loaded.collection_files[r.selected.collection_index])
            for r in recordings
        }
    )
    click.echo(f"wrote {len(recordings)} sample file(s); updated {', '.join(files)}", err=True)
    return True


def _print_summary(rows: list[_Row]) -> None:
    table = [("call", "status", "time", "fields")] + [
        (
            row.label,
            row.status,
            "-" if row.seconds is None else f"{row.seconds:.2f} s",
            "-" if row.fields is None else str(row.fields),
        )
        for row in rows
    ]
    widths = [max(len(line[column]) for line in table) for column in range(4)]
    click.echo("")
    for line in table:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
