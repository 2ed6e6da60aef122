"""The front of the pipeline: load → validate → check → resolve (what `apigen check` runs).

Each stage reports into one :class:`Diagnostics`; a stage runs only when the ones before it found
no error. The rest of the pipeline is in :mod:`apigen.build`.
"""

from __future__ import annotations

from pathlib import Path

from apigen import ir
from apigen.check import check
from apigen.diagnostics import Diagnostics
from apigen.load import load_spec
from apigen.resolve import resolve
from apigen.validate import validate


def check_file(path: Path, diagnostics: Diagnostics) -> ir.Package | None:
    """The resolved spec at ``path`` when it has no errors; every problem is in ``diagnostics``."""
    loaded = load_spec(path, diagnostics)
    if loaded is None or diagnostics.has_errors:
        return None
    spec = validate(loaded, diagnostics)
    if spec is None:
        return None
    check(spec, loaded, diagnostics)
    if diagnostics.has_errors:
        return None
    package = resolve(spec, loaded, diagnostics)
    return None if diagnostics.has_errors else package
