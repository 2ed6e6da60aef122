"""The spec as ``initialize`` and ``verify`` need it: checked, with positions and private values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click

from apigen import ir
from apigen.diagnostics import Diagnostics
from apigen.live import sender
from apigen.live.dotenv import PrivateValues, private_values
from apigen.load import LoadedSpec, load_spec


@dataclass(frozen=True)
class LiveSpec:
    loaded: LoadedSpec
    package: ir.Package
    values: PrivateValues


def open_spec(spec: Path, package: ir.Package) -> LiveSpec:
    """The checked ``package`` with the spec's positions and private values; warns on stderr."""
    loaded = load_spec(spec, Diagnostics())
    assert loaded is not None, "the spec was checked just before"
    values = private_values(loaded.path.parent)
    for warning in values.warnings:
        click.echo(warning, err=True)
    return LiveSpec(loaded, package, values)


def prepare(
    live: LiveSpec, selected: Iterable[sender.Selected], timeout: float
) -> list[sender.Prepared] | None:
    """The requests of ``selected``, or None after printing every reason some cannot be sent."""
    prepared, problems = sender.prepare(selected, live.values, live.loaded.source, timeout)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    return None if problems else prepared
