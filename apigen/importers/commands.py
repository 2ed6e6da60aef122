"""``apigen import curl|openapi|postman``: the command line of the importers.

Every command writes its spec through a temporary file in the target directory, checks it with
the same pipeline as ``apigen check``, and only then puts it in place: a spec an importer writes
always passes the check (a failure there is a bug in apigen, reported as such).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from apigen.diagnostics import EXIT_FINDINGS, Diagnostics, Severity
from apigen.importers.report import ImportFailure, ImportReport
from apigen.pipeline import check_spec


@click.group("import")
def import_group() -> None:
    """Write specs from cURL commands, OpenAPI 3 documents and Postman collections."""


@import_group.command("curl", context_settings={"ignore_unknown_options": True})
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("--collection", "collection", required=True, help="Collection to add the call to.")
@click.option("--name", "call_name", help="Name of the new call (default: from method and path).")
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
def curl_command(
    spec: Path, collection: str, call_name: str | None, command: tuple[str, ...]
) -> None:
    """Add the request of a cURL COMMAND to SPEC (created when missing).

    COMMAND comes after `--`: the whole command as one argument (as docs print it), its words,
    or `-` to read it from standard input.
    """
    from apigen.importers.curl_spec import add_curl_call

    def run(report: ImportReport) -> str:
        text = add_curl_call(spec, collection, call_name, _command_words(command), report)
        _write_checked(spec, text, replace=True)
        return f"added call {report.calls[0]!r} to collection {collection!r} in {spec}"

    _run(run, hint=f"record a response sample with: apigen initialize {spec}")


@import_group.command("openapi")
@click.argument("document", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace the output spec if it exists.")
def openapi_command(document: Path, out: Path, force: bool) -> None:
    """Write a spec with one collection from an OpenAPI 3.0 or 3.1 DOCUMENT (JSON or YAML)."""
    from apigen.importers.openapi import import_openapi

    def run(report: ImportReport) -> str:
        _refuse_existing(out, force)
        text = import_openapi(document, report, progress=_progress)
        _write_checked(out, text, replace=force)
        return f"wrote {out}: {len(report.calls)} calls from {document}"

    _run(run, hint=f"build the client with: apigen build {out} -o DIR")


@import_group.command("postman")
@click.argument("collection_file", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace the output spec if it exists.")
def postman_command(collection_file: Path, out: Path, force: bool) -> None:
    """Write a spec from a Postman collection (format v2.1)."""
    from apigen.importers.postman import import_postman

    def run(report: ImportReport) -> str:
        _refuse_existing(out, force)
        text = import_postman(collection_file, report)
        _write_checked(out, text, replace=force)
        return f"wrote {out}: {len(report.calls)} calls from {collection_file}"

    _run(run, hint=f"check and build it with: apigen build {out} -o DIR")


def _run(action: Any, *, hint: str) -> None:
    report = ImportReport()
    started = time.perf_counter()
    try:
        summary = action(report)
    except ImportFailure as failure:
        for line in report.lines():
            click.echo(line, err=True)
        click.echo(f"error: {failure}", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"{summary} ({time.perf_counter() - started:.1f} s)")
    if report.skipped:
        click.echo(f"{len(report.skipped)} operation(s) skipped (see the warnings)")
    for line in report.lines():
        click.echo(line)
    click.echo(hint)


def _command_words(command: tuple[str, ...]) -> list[str]:
    from apigen.importers.curl_parse import command_words

    if command == ("-",):
        return command_words(sys.stdin.read())
    if len(command) == 1:
        return command_words(command[0])
    return list(command)


def _refuse_existing(out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise ImportFailure(f"{out} exists: pass --force to replace it")


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _write_checked(path: Path, text: str, *, replace: bool) -> None:
    """Write ``text`` to ``path`` once ``apigen check`` finds no error in it."""
    from apigen.importers.spec_writer import write_text  # not part of every command's start-up

    trial = path.with_name(f".{path.name}.import-check.yaml")
    write_text(trial, text, replace=True)
    try:
        diagnostics = Diagnostics()
        check_spec(trial, diagnostics)
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    finally:
        trial.unlink(missing_ok=True)
    if errors:
        shown = "\n".join(d.format() for d in errors[:20])
        raise ImportFailure(
            f"the written spec does not pass `apigen check` (a bug in apigen: please report it "
            f"with the input):\n{shown}"
        )
    write_text(path, text, replace=replace)
