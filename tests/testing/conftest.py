"""The example packages (all four set ``testing: true``), built once and importable."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from apigen.write import write_tree
from tests.build.helpers import built_example
from tests.e2e.support import unload

# Example directory → import name of its generated package.
PACKAGES = {"auth": "auth_sdk", "crm": "acme_sdk", "llm": "nimbus_sdk", "weather": "weather_sdk"}


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Example directory → the directory its project was written to."""
    root = tmp_path_factory.mktemp("testing_examples")
    for example in PACKAGES:
        write_tree(built_example(example), root / example)
    return {example: root / example for example in PACKAGES}


@pytest.fixture(scope="session")
def packages(built_examples: dict[str, Path]) -> Iterator[dict[str, ModuleType]]:
    """Import name → (package, its testing module) for every example."""
    roots = [str(path) for path in built_examples.values()]
    sys.path[:0] = roots
    try:
        yield {name: importlib.import_module(name) for name in PACKAGES.values()}
    finally:
        for path in roots:
            sys.path.remove(path)
        unload(PACKAGES.values())


@pytest.fixture(scope="session")
def crm(packages: dict[str, ModuleType]) -> ModuleType:
    return packages["acme_sdk"]


@pytest.fixture(scope="session")
def crm_testing(crm: ModuleType) -> ModuleType:
    return importlib.import_module("acme_sdk.testing")
