"""The front of the pipeline: load → validate → check → resolve (what `apigen check` runs).

Rules about samples (pagination places) run once resolve has loaded them.

Each stage reports into one :class:`Diagnostics`; a stage runs only when the ones before it found
no error. The rest of the pipeline is in :mod:`apigen.build`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from apigen import ir
from apigen.check import check
from apigen.check_pages import check_places
from apigen.diagnostics import Diagnostics
from apigen.load import LoadedSpec, load_samples, load_spec
from apigen.model_hints import check_hint_places
from apigen.resolve import resolve
from apigen.validate import validate


@dataclass(frozen=True)
class CheckedSpec:
    """A spec without errors: as loaded (data and positions) and resolved."""

    loaded: LoadedSpec
    package: ir.Package


def check_file(path: Path, diagnostics: Diagnostics) -> ir.Package | None:
    """The resolved spec at ``path`` when it has no errors; every problem is in ``diagnostics``."""
    checked = check_spec(path, diagnostics)
    return None if checked is None else checked.package


def check_spec(path: Path, diagnostics: Diagnostics) -> CheckedSpec | None:
    """Like :func:`check_file`, keeping the loaded spec for commands that edit or point into it."""
    loaded = load_spec(path, diagnostics)
    if loaded is None or diagnostics.has_errors:
        return None
    # Sample files are part of the load, but one that cannot be read hides no other problem.
    load_samples(loaded, diagnostics)
    validated = validate(loaded, diagnostics)
    check(validated, loaded, diagnostics)
    if validated.spec is None or diagnostics.has_errors:
        return None
    package = resolve(validated.spec, loaded)
    check_hint_places(package, diagnostics)
    check_places(package, loaded.source.value, diagnostics)
    return None if diagnostics.has_errors else CheckedSpec(loaded, package)
