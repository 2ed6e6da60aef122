"""The example packages (all four set ``testing: true``), built once and importable."""

from __future__ import annotations

import importlib
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from apigen.write import write_tree
from tests.build.helpers import built_example, example_spec
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


# The test waits this long for the server to print its address, and for it to stop.
STARTUP_TIMEOUT = 30


@dataclass
class MockProcess:
    process: subprocess.Popen[str]
    url: str

    def stop(self) -> tuple[int, str]:
        """Interrupt the server as Ctrl-C does; its exit code and everything it printed."""
        self.process.send_signal(signal.SIGINT)
        assert self.process.stdout is not None
        # Read through the same buffered reader start() used: communicate() reads the pipe
        # itself and would miss what that reader had already buffered.
        output = self.process.stdout.read()
        return self.process.wait(timeout=STARTUP_TIMEOUT), output


def start(*arguments: str) -> MockProcess:
    process = subprocess.Popen(
        [sys.executable, "-m", "apigen", "mock", *arguments, "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first_line = process.stdout.readline()
    found = re.search(r"on (http://127\.0\.0\.1:\d+) ", first_line)
    if found is None:
        process.kill()
        pytest.fail(f"apigen mock did not start: {first_line!r}")
    return MockProcess(process, found.group(1))


@pytest.fixture(scope="module")
def crm_mock() -> Iterator[MockProcess]:
    server = start(str(example_spec("crm")))
    yield server
    server.stop()
