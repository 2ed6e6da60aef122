"""Shared test configuration: the real local servers, the flag that refreshes golden files, and
derandomized property tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (derandomize): a failure one run finds, the
# next run finds too, and each becomes an explicit case. The long random search is the fuzz
# command (python -m tests.fuzz), not the suite.
settings.register_profile("apigen", derandomize=True, database=None, print_blob=True)
settings.load_profile("apigen")

pytest_plugins = ["tests.servers.fixtures"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current generator instead of comparing with it",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True, scope="session")
def _build_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds in tests, and the commands they start, share a cache of their own."""
    os.environ["APIGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("apigen-cache"))
    yield
    del os.environ["APIGEN_CACHE_DIR"]
