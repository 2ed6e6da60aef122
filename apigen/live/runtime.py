"""The generated packages' runtime, loaded from templates/runtime, configured from the IR.

Live calls are built and authenticated by the very code generated clients run, so a recorded
sample shows what the client will get. The runtime is plain Python with relative imports; it is
loaded once as a package under a private name.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any, Protocol, cast

import httpx

from apigen import declarations, ir
from apigen.resources import RUNTIME_DIR

RUNTIME_MODULE = "_apigen_live_runtime"


# What the live commands use of the runtime, typed. The runtime is loaded at run time from
# templates/runtime, so mypy cannot see it; a test checks these names against it.


class AuthScheme(Protocol):
    def bind(self, secrets: Mapping[str, str]) -> httpx.Auth: ...


class CollectionConfig(Protocol):
    @property
    def auth(self) -> AuthScheme | None: ...


class Operation(Protocol):
    """A call's declaration; the live commands only hand it back to the runtime."""

    @property
    def name(self) -> str: ...


SecretValues = Mapping[str, str]  # the secret values of a request, by environment variable


class Redactor(Protocol):
    def contains(self, text: str) -> bool: ...


class RequestTarget(Protocol):
    @property
    def config(self) -> CollectionConfig: ...


SendOnce = Callable[[httpx.Request, httpx.Auth | None], httpx.Response]


class RuntimePackage(Protocol):
    APIError: type[Exception]


class CredentialsModule(Protocol):
    def SecretValues(self, values: Mapping[str, str]) -> SecretValues: ...
    def Redactor(self, values: Iterable[str]) -> Redactor: ...


class RequestModule(Protocol):
    def Target(
        self,
        *,
        config: CollectionConfig,
        base_url: str,
        secrets: SecretValues,
        timeout: httpx.Timeout | None,
    ) -> RequestTarget: ...

    def build_request(
        self,
        http: httpx.Client,
        target: RequestTarget,
        operation: Operation,
        values: Mapping[str, Any],
        options: Any = ...,
    ) -> httpx.Request: ...


class RedirectsModule(Protocol):
    def send_following(
        self,
        send_once: SendOnce,
        request: httpx.Request,
        auth: httpx.Auth | None,
        redactor: Redactor,
        max_redirects: int,
    ) -> httpx.Response: ...


def package() -> RuntimePackage:
    return cast(RuntimePackage, runtime())


def credentials() -> CredentialsModule:
    return cast(CredentialsModule, submodule("credentials"))


def requests() -> RequestModule:
    return cast(RequestModule, submodule("request"))


def redirects() -> RedirectsModule:
    return cast(RedirectsModule, submodule("redirects"))


class RuntimeUnavailable(Exception):
    """The runtime lacks what a collection needs (an auth class, or a library it imports)."""


@functools.cache
def runtime() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        RUNTIME_MODULE,
        RUNTIME_DIR / "__init__.py",
        submodule_search_locations=[str(RUNTIME_DIR)],
    )
    assert spec is not None and spec.loader is not None, f"no runtime package in {RUNTIME_DIR}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[RUNTIME_MODULE] = module
    spec.loader.exec_module(module)
    return module


def submodule(name: str) -> ModuleType:
    runtime()
    return importlib.import_module(f"{RUNTIME_MODULE}.{name}")


def collection_config(collection: ir.Collection) -> CollectionConfig:
    """The runtime ``CollectionConfig`` a generated client of ``collection`` declares."""
    return cast(CollectionConfig, instantiate(declarations.collection_config(collection)))


def operation(call: ir.Call, collection: ir.Collection) -> Operation:
    """The runtime ``Operation`` of ``call`` of ``collection``."""
    return cast(Operation, instantiate(declarations.operation(call, collection)))


def instantiate(value: Any) -> Any:
    """Runtime objects for declarations (nested in tuples and dicts too)."""
    if isinstance(value, declarations.Construct):
        arguments = {name: instantiate(item) for name, item in value.arguments}
        return _runtime_class(value.path)(**arguments)
    if isinstance(value, tuple):
        return tuple(instantiate(item) for item in value)
    if isinstance(value, dict):
        return {key: instantiate(item) for key, item in value.items()}
    return value


def _runtime_class(path: str) -> Any:
    module_name, _, name = path.rpartition(".")
    try:
        module = submodule(module_name) if module_name else runtime()
    except ImportError as error:
        raise RuntimeUnavailable(
            f"{path} needs a library that is not installed: {error}"
        ) from error
    found = getattr(module, name, None)
    if found is None:
        raise RuntimeUnavailable(f"the runtime has no {path}")
    return found
