"""Helpers for the inference tests: calls in brief, and generated models loaded as a package.

A loaded package holds ``<package>/_runtime/models.py`` (copied from templates/runtime) and the
black-formatted models module at ``<package>/crm/models.py``, as a build lays them out.
"""

from __future__ import annotations

import importlib
import itertools
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import black
import pytest

from apigen.diagnostics import Diagnostics, Position
from apigen.infer import CallSamples, InferredModels, infer_models
from apigen.names import pascal_case

RUNTIME_MODELS = Path(__file__).resolve().parents[2] / "templates" / "runtime" / "models.py"
HEADER = "# Generated from a spec. Do not edit."
_PACKAGE_NUMBERS = itertools.count(1)


def sample_position(index: int) -> Position:
    """The position the helpers give the sample at ``index``: line index + 1 of spec.yaml."""
    return Position("spec.yaml", index + 1, 1)


def call(key: str, *samples: Any, schema: dict[str, Any] | None = None) -> CallSamples:
    """A call named ``key`` (type name: its PascalCase) with ``samples`` in order."""
    positions = tuple(sample_position(index) for index in range(len(samples)))
    return CallSamples(key, pascal_case(key), samples, positions, schema)


def infer(
    *calls: CallSamples,
    package: str = "acme",
    diagnostics: Diagnostics | None = None,
    schemas: dict[str, Any] | None = None,
    reserved: tuple[str, ...] | list[str] = (),
) -> InferredModels:
    return infer_models(
        calls,
        package=package,
        header=HEADER,
        diagnostics=Diagnostics() if diagnostics is None else diagnostics,
        schemas=schemas,
        reserved=reserved,
    )


def write_package(root: Path, package: str, inferred: InferredModels) -> Path:
    """Lay out ``package`` under ``root`` with the formatted models module; return its directory."""
    directory = root / package
    (directory / "_runtime").mkdir(parents=True)
    (directory / "crm").mkdir()
    for init in ("__init__.py", "_runtime/__init__.py", "crm/__init__.py"):
        (directory / init).write_text("")
    shutil.copy(RUNTIME_MODELS, directory / "_runtime" / "models.py")
    formatted = black.format_str(inferred.source, mode=black.Mode(line_length=100))
    (directory / "crm" / "models.py").write_text(formatted)
    return directory


@dataclass(frozen=True)
class Loaded:
    inferred: InferredModels
    module: ModuleType

    def model(self, name: str) -> Any:
        return getattr(self.module, name)

    def return_type(self, call_key: str) -> Any:
        """The evaluated annotation of a call, as the client would use it."""
        annotation = self.inferred.calls[call_key].annotation
        return eval(annotation, {"Any": Any, **vars(self.module)})


@pytest.fixture
def load_models(tmp_path: Path) -> Iterator[Callable[..., Loaded]]:
    """Infer models for some calls, write them as a package and import it."""
    packages: list[str] = []

    def load(*calls: CallSamples) -> Loaded:
        package = f"inferred_{next(_PACKAGE_NUMBERS)}"
        packages.append(package)
        inferred = infer(*calls, package=package)
        write_package(tmp_path, package, inferred)
        importlib.invalidate_caches()
        return Loaded(inferred, importlib.import_module(f"{package}.crm.models"))

    sys.path.insert(0, str(tmp_path))
    yield load
    sys.path.remove(str(tmp_path))
    for name in [name for name in sys.modules if name.split(".")[0] in packages]:
        del sys.modules[name]
