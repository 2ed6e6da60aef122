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
from types import ModuleType
from typing import Any

from apigen import ir
from apigen.resources import RUNTIME_DIR

RUNTIME_MODULE = "_apigen_live_runtime"


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


def collection_config(collection: ir.Collection) -> Any:
    """The runtime ``CollectionConfig`` a generated client of ``collection`` declares."""
    rt = runtime()
    return rt.CollectionConfig(
        name=collection.name,
        base_url=collection.base_url,
        headers=collection.shared_headers,
        params=tuple(runtime_param(p) for p in collection.shared_params),
        secrets=tuple(rt.Secret(env=s.env, kwarg=s.kwarg) for s in collection.secrets),
        auth=_auth_scheme(collection.auth),
    )


def operation(call: ir.Call) -> Any:
    """The runtime ``Operation`` of ``call``."""
    return runtime().Operation(
        name=call.method_name,
        method=call.http_method,
        path=call.path,
        params=tuple(runtime_param(p) for p in call.params),
        headers=call.headers,
        body_format=call.body_format,
        body_template=call.body_template,
        response_type=call.response_type,
        use_as=call.use_as,
        idempotent=call.idempotent,
        max_retries=call.max_retries,
        timeout=call.timeout,
        skip_auth=call.skip_auth,
    )


def runtime_param(param: ir.Param) -> Any:
    return runtime().Param(
        name=param.wire_name,
        location=param.location,
        kwarg=param.kwarg,
        private_env=param.private_env,
        default=param.default,
    )


def auth_envs(auth: ir.Auth | None) -> list[str]:
    """The environment variables ``auth`` reads its secrets from, in declaration order."""
    if auth is None:
        return []
    named = [
        value
        for key, value in auth.arguments
        if (key == "env" or key.endswith("_env")) and isinstance(value, str)
    ]
    return named + [p.private_env for p in auth.parameters if p.private_env is not None]


def _auth_scheme(auth: ir.Auth | None) -> Any:
    if auth is None:
        return None
    try:
        module = submodule(auth.module) if auth.module else runtime()
    except ImportError as error:
        needs = ", ".join(auth.requirements) or str(error)
        raise RuntimeUnavailable(f"authentication {auth.class_name} needs {needs}") from error
    scheme = getattr(module, auth.class_name, None)
    if scheme is None:
        raise RuntimeUnavailable(f"the runtime has no authentication class {auth.class_name}")
    arguments = dict(auth.arguments)
    if auth.parameters:
        arguments["parameters"] = tuple(_token_param(p) for p in auth.parameters)
    return scheme(**arguments)


def _token_param(param: ir.Param) -> Any:
    """A token request's parameter: private, or fixed to its default or example."""
    return runtime().Param(
        name=param.wire_name,
        location=param.location,
        private_env=param.private_env,
        default=param.default if param.has_default else param.example,
    )
