"""The example packages, generated once per test session and importable by their package names."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest

from apigen.write import write_tree
from tests.build.helpers import built_example

from .support import unload

# Example directory → import name of its generated package (package.name in its spec).
EXAMPLE_PACKAGES = {"crm": "acme_sdk", "llm": "nimbus_sdk", "weather": "weather_sdk"}


@pytest.fixture(scope="session")
def example_packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    """Import name → imported package, for every example."""
    root = tmp_path_factory.mktemp("examples")
    roots = [str(root / example) for example in EXAMPLE_PACKAGES]
    for example in EXAMPLE_PACKAGES:
        write_tree(built_example(example), root / example)
    sys.path[:0] = roots
    try:
        yield {name: importlib.import_module(name) for name in EXAMPLE_PACKAGES.values()}
    finally:
        for path in roots:
            sys.path.remove(path)
        unload(EXAMPLE_PACKAGES.values())
