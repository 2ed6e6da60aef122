"""Packages built from imported specs are forgotten after each test: their names (acme_sdk …)
are those of the examples other tests import."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.support import unload

from .support import BUILT


@pytest.fixture(autouse=True)
def forget_built_packages() -> Iterator[None]:
    yield
    unload(BUILT)
    BUILT.clear()
