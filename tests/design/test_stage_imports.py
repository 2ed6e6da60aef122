"""Each module of apigen imports only modules that come before it in the pipeline.

The order below is the pipeline's (docs/architecture.md): shared foundations, then load →
validate → check → resolve → infer → plan → render → format → write, then the commands. A
module that needs something of a later stage shows that the thing lives in the wrong home.
"""

from __future__ import annotations

import ast

import pytest

from ..build.helpers import ROOT

ORDER = (
    # foundations: no stage of their own
    "diagnostics",
    "vocabulary",
    "source",
    "json_schema",
    "names",
    "pyast",
    "places",
    "secrets",
    "body_template",
    "resources",
    "ir",
    "cache",
    # load
    "yaml_tree",
    "load",
    # validate
    "spec",
    "schema",
    "validate",
    # check
    "capabilities",
    "privates",
    "model_hints",
    "check_pages",
    "check",
    # resolve
    "resolve",
    "pipeline",
    # infer
    "infer",
    # plan
    "layout",
    "declarations",
    "pysource",
    "methods_view",
    "client_view",
    "runtime_modules",
    "mock_calls",
    "views",
    "plan",
    # render, format, write
    "render",
    "format",
    "write",
    "build",
    "rebuild",
    # commands
    "live",
    "mock_server",
    "importers",
    "cli",
    "__init__",
    "__main__",
)
PACKAGE = ROOT / "apigen"


def _unit(path: str) -> str:
    """The entry of ORDER a module belongs to: its subpackage, else its own name."""
    parts = path.split(".")
    return parts[0]


def _modules() -> dict[str, set[str]]:
    """Module (dotted, relative to apigen) → the apigen modules it imports."""
    found: dict[str, set[str]] = {}
    for file in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(file.relative_to(PACKAGE).with_suffix("").parts)
        imported: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == "apigen":
                    imported |= {alias.name for alias in node.names}
                elif node.module.startswith("apigen."):
                    imported.add(node.module.removeprefix("apigen."))
            elif isinstance(node, ast.Import):
                imported |= {
                    a.name.removeprefix("apigen.")
                    for a in node.names
                    if a.name.startswith("apigen.")
                }
        found[name] = imported
    # ``from apigen import __version__`` names a value, not a module
    units = {_unit(name) for name in found}
    return {name: {i for i in imported if _unit(i) in units} for name, imported in found.items()}


MODULES = _modules()


def test_every_module_has_a_place_in_the_order() -> None:
    assert {_unit(name) for name in MODULES} <= set(ORDER)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_imports_only_earlier_stages(module: str) -> None:
    unit = ORDER.index(_unit(module))
    later = sorted(
        name
        for name in MODULES[module]
        if _unit(name) != _unit(module) and ORDER.index(_unit(name)) > unit
    )
    assert later == [], f"apigen.{module} imports later stages: {later}"
