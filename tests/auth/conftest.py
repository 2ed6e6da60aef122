"""The examples/auth package, built with its URLs pointed at the local servers, and its secrets.

The example's invented hosts become the local OAuth server (authorization server and API) and
the local mutual-TLS server; the spec is otherwise built as it is, in process, once per session.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import shutil
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from joserfc.jwk import ECKey, RSAKey

from apigen.build import build_files
from apigen.diagnostics import Diagnostics
from apigen.write import write_tree
from tests.servers.oauth_server import CLIENTS, PASSWORD, USERNAME, OAuthServer
from tests.servers.tls_server import TlsServer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "auth"
PACKAGE = "auth_sdk"


@dataclass(frozen=True)
class KeyPair:
    private_pem: str
    public_pem: str


def _pems(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> KeyPair:
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return KeyPair(private.decode(), public.decode())


@pytest.fixture(scope="session")
def ec_keys() -> KeyPair:
    return _pems(ec.generate_private_key(ec.SECP256R1()))


@pytest.fixture(scope="session")
def rsa_keys() -> KeyPair:
    return _pems(rsa.generate_private_key(public_exponent=65537, key_size=2048))


@pytest.fixture(scope="session")
def auth_sdk(
    tmp_path_factory: pytest.TempPathFactory,
    oauth_server_session: OAuthServer,
    tls_server: TlsServer,
) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("auth-example")
    spec_dir = root / "spec"
    shutil.copytree(EXAMPLE, spec_dir)
    spec = spec_dir / "apigen.yaml"
    text = spec.read_text(encoding="utf-8")
    for invented, local in (
        ("https://login.example.com", oauth_server_session.url),
        ("https://api.example.com", oauth_server_session.url),
        ("https://vault.example.com", tls_server.url),
    ):
        text = text.replace(invented, local)
    spec.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    files = build_files(spec, diagnostics)
    problems = [d.format() for d in diagnostics]  # warnings too: the example must be clean
    assert files is not None and not problems, problems
    out = root / "out"
    write_tree(files, out)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def runtime(auth_sdk: ModuleType) -> ModuleType:
    """The generated package's copy of the runtime (its ``_runtime`` package)."""
    return importlib.import_module(f"{PACKAGE}._runtime")


def runtime_module(name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}._runtime.{name}")


@pytest.fixture
def auth_env(
    monkeypatch: pytest.MonkeyPatch,
    oauth_server: OAuthServer,
    tls_server: TlsServer,
    ec_keys: KeyPair,
    rsa_keys: KeyPair,
) -> dict[str, str]:
    """Every variable the example's clients read, set for a test; returns them."""
    values = {
        "LEDGER_USERNAME": USERNAME,
        "LEDGER_PASSWORD": PASSWORD,
        "LEDGER_CLIENT_ID": "ledger-app",
        "LEDGER_CLIENT_SECRET": _secret_of("ledger-app"),
        "ALBUM_CLIENT_ID": "album-app",
        "SHIPPING_CLIENT_ID": "shipping-app",
        "SHIPPING_CLIENT_SECRET": _secret_of("shipping-app"),
        "TELEMETRY_PRIVATE_KEY": ec_keys.private_pem,
        "SENSOR_HUB_PRIVATE_KEY": rsa_keys.private_pem,
        "VAULT_CLIENT_CERT": str(tls_server.files.client_cert),
        "VAULT_CLIENT_KEY": str(tls_server.files.client_key),
        "VAULT_CA_BUNDLE": str(tls_server.files.ca),
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def _secret_of(client_id: str) -> str:
    secret = CLIENTS[client_id][0]
    assert secret is not None
    return secret


@pytest.fixture
def telemetry_key(oauth_server: OAuthServer, ec_keys: KeyPair) -> None:
    """The OAuth server trusts the Telemetry client's public key (JWT bearer grant)."""
    oauth_server.set_jwt_key(ECKey.import_key(ec_keys.public_pem))


@pytest.fixture
def sensor_hub_key(oauth_server: OAuthServer, rsa_keys: KeyPair) -> None:
    """The API accepts JWTs signed with the Sensor Hub client's private key."""
    oauth_server.set_jwt_key(RSAKey.import_key(rsa_keys.public_pem))


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def client_class(sdk: ModuleType, collection: str, mode: str) -> Any:
    return getattr(sdk, f"{'Async' if mode == 'async' else ''}{collection}Client")


def run_calls(
    sdk: ModuleType, collection: str, mode: str, *steps: str | Callable[[], object], **kwargs: Any
) -> list[Any]:
    """On one new client of ``collection`` (sync or async, made with ``kwargs``), call each step
    that is a method name, and run each step that is a function; returns the calls' results."""
    cls = client_class(sdk, collection, mode)
    if mode == "sync":
        with cls(**kwargs) as client:
            return [getattr(client, str(step))() for step in steps if _called(step)]

    async def main() -> list[Any]:
        async with cls(**kwargs) as client:
            return [await getattr(client, str(step))() for step in steps if _called(step)]

    return asyncio.run(main())


def _called(step: str | Callable[[], object]) -> bool:
    if isinstance(step, str):
        return True
    step()
    return False


def together(cls: Any, method: str, count: int, mode: str, **client_kwargs: Any) -> list[Any]:
    """``count`` calls of ``method`` on one new client of ``cls``, started at the same moment.

    Threads wait at a barrier for a sync client; tasks are gathered for an async one.
    """
    if mode == "async":

        async def main() -> list[Any]:
            async with cls(**client_kwargs) as client:
                calls = (getattr(client, method)() for _ in range(count))
                return list(await asyncio.gather(*calls))

        return asyncio.run(main())
    barrier = threading.Barrier(count)
    with cls(**client_kwargs) as client:

        def one(_: int) -> Any:
            barrier.wait()
            return getattr(client, method)()

        with ThreadPoolExecutor(count) as pool:
            return list(pool.map(one, range(count)))


async def resolve(value: Any) -> Any:
    """The value of a sync client's method, or the awaited value of an async client's."""
    return await value if inspect.isawaitable(value) else value


def scenario(cls: Any, body: Callable[[Any], Awaitable[Any]], **kwargs: Any) -> Any:
    """Run ``body(client)`` in an event loop with a new client of ``cls`` (sync or async).

    ``body`` awaits ``resolve(client.method(...))``, which serves both kinds of client.
    """

    async def main() -> Any:
        if not hasattr(cls, "aclose"):
            with cls(**kwargs) as client:
                return await body(client)
        async with cls(**kwargs) as client:
            return await body(client)

    return asyncio.run(main())
