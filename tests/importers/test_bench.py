"""Provider scale: the real OpenAPI documents of shared/bench import, pass `apigen check`, build,
and their generated packages pass mypy --strict, ruff and black with their own configuration,
and import without apigen.

The documents are beside the repository (``<repo>/../shared/bench``), as CI lays them out.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from apigen.build import build_files
from apigen.diagnostics import Diagnostics, Severity
from apigen.write import write_tree

from .support import BENCH, apigen, load

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Bench:
    file: str
    operations: int
    package: str


DOCUMENTS = [
    Bench("stripe-openapi-spec3.json", 417, "stripe_sdk"),
    Bench("openai-openapi.yaml", 288, "openai_sdk"),
]


@dataclass(frozen=True)
class Imported:
    bench: Bench
    spec: Path
    output: str
    package_dir: Path


@pytest.fixture(scope="module", params=DOCUMENTS, ids=lambda bench: bench.file)
def imported(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Imported]:
    bench: Bench = request.param
    root = tmp_path_factory.mktemp(bench.package)
    spec = root / "api.yaml"
    run = apigen("import", "openapi", str(BENCH / bench.file), "-o", str(spec))
    assert run.exit_code == 0, run.stderr
    diagnostics = Diagnostics()
    files = build_files(spec, diagnostics)
    errors = [d.format() for d in diagnostics if d.severity is Severity.ERROR]
    assert files is not None and errors == []
    write_tree(files, root / "out")
    yield Imported(bench, spec, run.stdout + run.stderr, root / "out")


def test_every_operation_is_a_call_or_a_reported_skip(imported: Imported) -> None:
    calls = load(imported.spec)["collections"][0]["calls"]
    skipped = re.findall(r"^warning: \S+: (\w+ \S+) skipped: (.*) \[W605\]$", imported.output, re.M)
    assert len(calls) + len(skipped) == imported.bench.operations
    # The only operations apigen cannot send yet upload files or need arrays sent as name[]=
    # (file parameters and array_format are additions of the spec format).
    assert all(re.search(r"file field|with style deepObject", r) for _, r in skipped), skipped
    assert (f"{len(skipped)} operation(s) skipped" in imported.output) == bool(skipped)
    assert "[50/" in imported.output  # progress, shown for large documents


def test_calls_name_the_providers_schemas(imported: Imported) -> None:
    collection = load(imported.spec)["collections"][0]
    responses = [call.get("response", {}) for call in collection["calls"]]
    named = {r["model"] for r in responses if "model" in r}
    named |= {name for r in responses for name in r.get("types", {}).values()}
    assert named and named <= set(collection["schemas"])


def test_generated_package_passes_mypy_strict(imported: Imported) -> None:
    package = next(imported.package_dir.glob("*/py.typed")).parent.name
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package],
        cwd=imported.package_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


@pytest.mark.parametrize(
    "command", [["ruff", "check", "--no-cache", "."], ["black", "--check", "-q", "."]]
)
def test_generated_package_passes_its_own_lint_and_format_config(
    imported: Imported, command: list[str]
) -> None:
    # Provider text is what breaks these: descriptions too long for a line, typographic quotes,
    # enums that allOf parts repeat.
    result = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=imported.package_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_generated_package_imports_without_apigen(imported: Imported) -> None:
    package = next(imported.package_dir.glob("*/py.typed")).parent.name
    code = (
        "import sys; sys.modules['apigen'] = None; "
        f"import importlib; m = importlib.import_module({package!r}); "
        "clients = [n for n in m.__all__ if n.endswith('Client')]; assert clients, m.__all__"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=imported.package_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
