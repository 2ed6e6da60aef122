"""Command line: ``apigen check``, ``build``, ``initialize``, ``verify``, ``mock``, ``schema`` and
``import``.

Exit codes: 0 success, 1 findings (errors, stale output), 2 usage errors.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from apigen import __version__
from apigen.diagnostics import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    Diagnostic,
    Diagnostics,
    Severity,
    to_json,
)
from apigen.importers.commands import import_group
from apigen.pipeline import CheckedSpec, check_file, check_spec
from apigen.schema import spec_json_schema

FORMATS = ("text", "json", "github")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="apigen")
def cli() -> None:
    """Compile YAML API specs into typed Python client packages."""


@cli.command("check")
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True
)
def check_command(specs: tuple[Path, ...], output_format: str) -> None:
    """Validate SPECS; report every problem with its file, line and column."""
    diagnostics = Diagnostics()
    for spec in specs:
        # Each spec gets its own collector: a stage stops on errors found so far, which must be
        # this spec's own.
        found = Diagnostics()
        check_file(spec, found)
        diagnostics.extend(found)
    _print_diagnostics(diagnostics, output_format)
    sys.exit(EXIT_FINDINGS if diagnostics.has_errors else EXIT_OK)


@cli.command("build")
@click.argument("spec", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="Directory of the generated project (replaced as a whole).",
)
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if DIR is stale.")
@click.option("--force", is_flag=True, help="Replace DIR even if apigen did not write it.")
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True
)
def build_command(
    spec: Path, out_dir: Path, check_only: bool, force: bool, output_format: str
) -> None:
    """Generate the client package of SPEC into DIR."""
    # Imported here, as hashing and writing are no part of `apigen check`'s start-up.
    from apigen import rebuild
    from apigen.write import WriteError, write_tree

    diagnostics = Diagnostics()
    key = rebuild.spec_key(spec)
    done = rebuild.unchanged(key, out_dir)
    if done is not None:  # inputs and output as the last build left them: nothing to do
        diagnostics.extend(done.diagnostics)
        _print_diagnostics(diagnostics, output_format)
        click.echo(f"{out_dir} is up to date ({len(done.files)} files)", err=True)
        _print_maps(done.maps)
        return
    from apigen.build import build_project  # black and datamodel-code-generator load slowly

    project = build_project(spec, diagnostics)
    _print_diagnostics(diagnostics, output_format)
    if project is None:
        sys.exit(EXIT_FINDINGS)
    try:
        if check_only:
            _check_output(project.files, spec, out_dir)
            return
        write_tree(project.files, out_dir, force=force, inputs=project.inputs)
    except WriteError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_FINDINGS)
    except OSError as error:  # read-only or full file system, a busy mount point …
        click.echo(f"error: cannot write {out_dir}: {_os_problem(error)}", err=True)
        sys.exit(EXIT_FINDINGS)
    rebuild.remember(key, project.inputs, project.files, diagnostics, project.maps)
    click.echo(f"wrote {len(project.files)} files to {out_dir}", err=True)
    _print_maps(project.maps)


def _print_maps(maps: tuple[str, ...]) -> None:
    if maps:
        click.echo(f"{len(maps)} places typed as maps (dict[str, ...]):", err=True)
        for place in maps:
            click.echo(f"  {place}", err=True)


@cli.command("explain")
@click.argument("spec", type=click.Path(path_type=Path))
@click.argument("call")
@click.argument("place", default="")
def explain_command(spec: Path, call: str, place: str) -> None:
    """Say why each field of CALL's model (at PLACE, e.g. data[]) has its type."""
    from apigen.build import collection_calls, package_names  # loads the model generator
    from apigen.infer.explain import ExplainError, explain

    checked = _checked(spec)
    found = [
        (collection, c)
        for collection in checked.package.collections
        for c in collection.calls
        if call in (c.method_name, c.name)
    ]
    if not found:
        names = ", ".join(c.method_name for col in checked.package.collections for c in col.calls)
        click.echo(f"error: {spec} has no call {call!r}; its calls: {names}", err=True)
        sys.exit(EXIT_USAGE)
    collection, selected = found[0]
    try:
        lines = explain(
            collection_calls(collection),
            selected.method_name,
            place,
            collection.schemas,
            package_names(checked.package),
        )
    except ExplainError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_USAGE)
    for line in lines:
        click.echo(line)


def _check_output(files: dict[str, str], spec: Path, out_dir: Path) -> None:
    from apigen.write import compare

    changes = compare(files, out_dir)
    for line in changes.summary():
        click.echo(line)
    if changes.stale:
        click.echo(f"{out_dir} is stale: run `apigen build {spec} -o {out_dir}`", err=True)
        sys.exit(EXIT_FINDINGS)


def _os_problem(error: OSError) -> str:
    """What the system said, on the file it said it about, without Python's error numbers."""
    what = (error.strerror or str(error)).lower()
    where = error.filename2 or error.filename
    return f"{what} ({os.fsdecode(where)})" if where is not None else what


def _not_nan(context: click.Context, parameter: click.Parameter, value: float) -> float:
    # FloatRange lets nan through: no comparison with it holds.
    if math.isnan(value):
        raise click.BadParameter(f"{value} is not a number of seconds", context, parameter)
    return value


# The live commands' shared option. At most a day: sockets refuse an infinite or huge timeout.
_TIMEOUT_OPTION = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True, max=86_400),
    callback=_not_nan,
    metavar="SECONDS",
    default=30.0,
    show_default=True,
    help="Seconds to wait for each response.",
)


@cli.command("initialize")
@click.argument("spec", type=click.Path(path_type=Path))
@click.argument("calls", nargs=-1)
@click.option(
    "--yes", is_flag=True, help="Send calls that may change data (actions, POST …) without asking."
)
@click.option("--keep-old", is_flag=True, help="Add the new samples next to the recorded ones.")
@click.option(
    "--write-pagination",
    is_flag=True,
    help="Add the pagination blocks that responses suggest to their calls.",
)
@_TIMEOUT_OPTION
def initialize_command(
    spec: Path,
    calls: tuple[str, ...],
    yes: bool,
    keep_old: bool,
    write_pagination: bool,
    timeout: float,
) -> None:
    """Send CALLS of SPEC (all when none is named) for real and record their responses."""
    from apigen.live.initialize import Options, initialize  # sends requests: loaded on demand

    options = Options(
        yes=yes, keep_old=keep_old, timeout=timeout, write_pagination=write_pagination
    )
    sys.exit(initialize(_checked(spec), calls, options))


@cli.command("verify")
@click.argument("spec", type=click.Path(path_type=Path))
@click.argument("calls", nargs=-1)
@click.option(
    "--yes",
    is_flag=True,
    help="Also send calls that may change data (POST data calls, actions named as CALLS).",
)
@click.option("--strict", is_flag=True, help="Exit 1 on additive drift (new fields) too.")
@_TIMEOUT_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
)
def verify_command(
    spec: Path,
    calls: tuple[str, ...],
    yes: bool,
    strict: bool,
    timeout: float,
    output_format: str,
) -> None:
    """Send the data calls of SPEC again; report how responses drifted from the samples."""
    from apigen.live.verify import Options, verify  # sends requests: loaded on demand

    options = Options(yes=yes, strict=strict, timeout=timeout, output_format=output_format)
    sys.exit(verify(_checked(spec), calls, options))


def _checked(spec: Path) -> CheckedSpec:
    """The checked spec; exits 1 after printing its errors when it has any."""
    diagnostics = Diagnostics()
    checked = check_spec(spec, diagnostics)
    if checked is None:
        _print_diagnostics(diagnostics, "text")
        sys.exit(EXIT_FINDINGS)
    return checked


@cli.command("mock")
@click.argument("spec", type=click.Path(path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
def mock_command(spec: Path, port: int, host: str) -> None:
    """Answer the calls of SPEC over HTTP from their samples, until stopped (Ctrl-C)."""
    from apigen.mock_server import serve  # loads the runtime: only for this command

    package = _checked(spec).package
    try:
        serve(package, host, port, lambda line: click.echo(line))
    except OSError as error:
        click.echo(f"error: cannot listen on {host}:{port}: {error.strerror or error}", err=True)
        sys.exit(EXIT_FINDINGS)


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the spec format."""
    click.echo(json.dumps(spec_json_schema(), indent=2))


def _print_diagnostics(diagnostics: Diagnostics, output_format: str) -> None:
    items = list(diagnostics)
    if output_format == "json":
        click.echo(to_json(items))
        return
    for item in items:
        click.echo(
            _github(item) if output_format == "github" else item.format(),
            err=output_format == "text",
        )
    if output_format == "text":
        _print_summary(items)


def _github(item: Diagnostic) -> str:
    level = "error" if item.severity is Severity.ERROR else "warning"
    position = item.position
    return (
        f"::{level} file={position.file},line={position.line},col={position.column},"
        f"title={item.code}::{item.message}"
    )


def _print_summary(items: Iterable[Diagnostic]) -> None:
    items = list(items)
    errors = sum(1 for d in items if d.severity is Severity.ERROR)
    warnings = len(items) - errors
    if items:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


cli.add_command(import_group)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        sys.exit(EXIT_USAGE)
