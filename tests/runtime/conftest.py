"""The demo package built from templates/runtime, and callers of its clients.

The server fixtures (``recording_server``, ``refused_url``) come from tests.servers.fixtures,
which tests/conftest.py loads as a plugin.
"""

from __future__ import annotations

import asyncio
import importlib
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.servers.recording import RecordingServer

RUNTIME_SOURCE = Path(__file__).resolve().parents[2] / "templates" / "runtime"
DEMO_SOURCE = Path(__file__).resolve().parent / "demo_package" / "demo_sdk"

ACME_KEY = "sk-acme-7f3a9c2e1b5d"
ACME_WORKSPACE = "ws-hidden-42x9q"
KEYED_KEY = "k3y/with+special&chars=="
KEYED_ACCOUNT = "acct-private-8812"
BASIC_USERNAME = "basic-user-5521"
BASIC_PASSWORD = "pa ss:w0rd-9931"
SECRETS = (ACME_KEY, ACME_WORKSPACE, KEYED_KEY, KEYED_ACCOUNT, BASIC_USERNAME, BASIC_PASSWORD)
SECRET_ENV = {
    "ACME_API_KEY": ACME_KEY,
    "ACME_WORKSPACE": ACME_WORKSPACE,
    "KEYED_API_KEY": KEYED_KEY,
    "KEYED_ACCOUNT": KEYED_ACCOUNT,
    "BASIC_USERNAME": BASIC_USERNAME,
    "BASIC_PASSWORD": BASIC_PASSWORD,
}


@dataclass(frozen=True)
class Demo:
    """The demo package, importable as ``demo_sdk`` from ``root``."""

    root: Path
    package: ModuleType

    def runtime(self, module: str) -> ModuleType:
        return importlib.import_module(f"demo_sdk._runtime.{module}")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    root = tmp_path_factory.mktemp("demo")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(DEMO_SOURCE, root / "demo_sdk", ignore=ignore)
    (root / "demo_sdk" / "_runtime").mkdir()
    for source in RUNTIME_SOURCE.glob("*.py"):
        shutil.copy(source, root / "demo_sdk" / "_runtime" / source.name)
    sys.path.insert(0, str(root))
    try:
        yield Demo(root, importlib.import_module("demo_sdk"))
    finally:
        sys.path.remove(str(root))
        for name in [name for name in sys.modules if name.split(".")[0] == "demo_sdk"]:
            del sys.modules[name]


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every secret of the demo collections in the environment, and no sandbox variants."""
    for name, value in SECRET_ENV.items():
        monkeypatch.setenv(name, value)
        monkeypatch.delenv(f"{name}_SANDBOX", raising=False)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass(frozen=True)
class Caller:
    """Calls one method on a fresh client of a demo collection, sync or async."""

    mode: str
    sync_class: type[Any]
    async_class: type[Any]
    client_kwargs: dict[str, Any] = field(default_factory=dict)

    def __call__(self, method: str, /, **kwargs: Any) -> Any:
        if self.mode == "sync":
            with self.sync_class(**self.client_kwargs) as client:
                return getattr(client, method)(**kwargs)
        return asyncio.run(self._call_async(method, kwargs))

    async def _call_async(self, method: str, kwargs: dict[str, Any]) -> Any:
        async with self.async_class(**self.client_kwargs) as client:
            return await getattr(client, method)(**kwargs)

    def configured(self, **client_kwargs: Any) -> Caller:
        return Caller(
            self.mode, self.sync_class, self.async_class, {**self.client_kwargs, **client_kwargs}
        )


MakeCaller = Callable[..., Caller]


@pytest.fixture
def make_caller(
    mode: str, demo: Demo, recording_server: RecordingServer, secret_env: None
) -> MakeCaller:
    """``make_caller("Keyed")``: a caller of KeyedClient / AsyncKeyedClient at the server.

    Retries are off unless a test turns them on, so error tests get one request each.
    """

    def make(collection: str, **client_kwargs: Any) -> Caller:
        return Caller(
            mode,
            getattr(demo.package, f"{collection}Client"),
            getattr(demo.package, f"Async{collection}Client"),
            {"base_url": recording_server.url, "max_retries": 0, **client_kwargs},
        )

    return make


@pytest.fixture
def acme(make_caller: MakeCaller, recording_server: RecordingServer) -> Caller:
    """The Acme CRM client with a base URL that has a path and a trailing slash."""
    return make_caller("AcmeCrm", base_url=f"{recording_server.url}/v1/")
