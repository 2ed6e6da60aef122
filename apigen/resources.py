"""Where apigen's templates live: templates/ of a checkout, or its copy inside a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    # A wheel carries the folders inside the package (pyproject force-include); a checkout or an
    # editable install has them at the repository root.
    installed = _PACKAGE_DIR / "_data" / name
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / name


TEMPLATES_DIR = _data_dir("templates")
RUNTIME_DIR = TEMPLATES_DIR / "runtime"
# The generated package's subpackage that holds the runtime (templates/runtime).
RUNTIME_PACKAGE = "_runtime"
