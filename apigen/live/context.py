"""The spec as ``initialize`` and ``verify`` need it: checked, with positions and private values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import click

from apigen import ir
from apigen.live import sender
from apigen.live.dotenv import PrivateValues, private_values
from apigen.load import LoadedSpec
from apigen.pipeline import CheckedSpec


@dataclass(frozen=True)
class LiveSpec:
    loaded: LoadedSpec
    package: ir.Package
    values: PrivateValues


def open_spec(checked: CheckedSpec) -> LiveSpec:
    """The checked spec with the private values beside it; warns on stderr."""
    values = private_values(checked.loaded.path.parent)
    for warning in values.warnings:
        click.echo(warning, err=True)
    return LiveSpec(checked.loaded, checked.package, values)


def prepare(
    live: LiveSpec, selected: Iterable[sender.Selected], timeout: float
) -> list[sender.Prepared] | None:
    """The requests of ``selected``, or None after printing every reason some cannot be sent."""
    prepared, problems = sender.prepare(selected, live.values, live.loaded.source, timeout)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    return None if problems else prepared
