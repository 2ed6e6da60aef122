"""A generated package gets only the runtime modules its spec uses, and they import nothing else.

A module type-checks against the modules it imports, so a package whose runtime is closed under
imports type-checks when the whole runtime does; tests/build/test_generated_quality.py runs
mypy --strict on every example, among them weather (key auth only) and auth (every kind).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from apigen.build import build_files
from apigen.capabilities import AUTH_KINDS
from apigen.diagnostics import Diagnostics
from apigen.runtime_modules import import_graph
from apigen.write import write_tree

from ..build.helpers import EXAMPLES, built_example

TOKEN_MODULES = {"oauth", "oauth_client", "jwt_auth", "custom_token", "token_auth", "tokens"}
AUTH = {
    "none": "{type: none}",
    "private_key_in_url": "{type: private_key_in_url, param: key}",
    "private_key_in_header": "{type: private_key_in_header}",
    "basic": "{type: basic, username_env: USER, password_env: PASSWORD}",
    "oauth2_password": (
        "{type: oauth2_password, token_url: 'https://x.example/token', username_env: USER, "
        "password_env: PASSWORD}"
    ),
    "oauth2_user_agent": (
        "{type: oauth2_user_agent, authorize_url: 'https://x.example/authorize', "
        "token_url: 'https://x.example/token', client_id_env: CLIENT_ID}"
    ),
    "oauth2_custom_token": "{type: oauth2_custom_token, token_url: 'https://x.example/token'}",
    "jwt": "{type: jwt, algorithm: HS256, key_env: SIGNING_KEY}",
    "client_certificate": "{type: client_certificate, cert_env: CERT, key_env: KEY}",
}
SPEC = """\
apigen: 1
package: {{name: {package}}}
collections:
  - name: Shaken
    base_url: https://x.example
    auth: {auth}
    calls:
      - {{name: Ping, use_as: data, response: {{samples: [{{inline: {{ok: true}}}}]}}}}
"""


def _runtime(files: dict[str, str]) -> dict[str, str]:
    """Runtime module name → text, of one generated package."""
    return {
        path.rpartition("/")[2].removesuffix(".py"): text
        for path, text in files.items()
        if path.rpartition("/")[0].endswith("/_runtime")
    }


def _closed_under_imports(modules: set[str]) -> bool:
    graph = import_graph()
    return all(graph[module] - {"__init__"} <= modules for module in modules - {"__init__"})


def test_the_import_graph_is_read_from_the_runtime_sources() -> None:
    graph = import_graph()
    assert {"request", "response", "redirects"} <= graph["client"]
    assert {"oauth", "token_client"} <= graph["oauth_client"]


def test_a_package_with_key_auth_only_has_no_token_modules() -> None:
    runtime = _runtime(built_example("weather"))
    assert runtime.keys() & TOKEN_MODULES == set()
    assert "auth" in runtime
    assert "tokens" not in runtime["__init__"] and "TokenStore" not in runtime["__init__"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_runtime_is_closed_under_imports(name: str) -> None:
    assert _closed_under_imports(set(_runtime(built_example(name))))


@pytest.mark.parametrize("kind", sorted(AUTH), ids=str)
def test_each_auth_kind_gets_a_runtime_that_imports(tmp_path: Path, kind: str) -> None:
    package = f"shaken_{kind}"
    spec = tmp_path / "apigen.yaml"
    spec.write_text(SPEC.format(package=package, auth=AUTH[kind]), encoding="utf-8")
    diagnostics = Diagnostics()
    files = build_files(spec, diagnostics)
    assert files is not None, [d.format() for d in diagnostics]
    runtime = _runtime(files)
    assert _closed_under_imports(set(runtime))
    module = AUTH_KINDS[kind].runtime_module
    assert module == "" or module in runtime
    write_tree(files, tmp_path / "out")
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        generated = importlib.import_module(package)
        client = generated.ShakenClient
        assert hasattr(client, "exchange_code") is AUTH_KINDS[kind].code_grant
        assert ("TokenStore" in generated.__all__) is AUTH_KINDS[kind].token_store
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [n for n in sys.modules if n.split(".")[0] == package]:
            del sys.modules[name]


def test_the_auth_kinds_above_are_every_kind() -> None:
    assert set(AUTH) == set(AUTH_KINDS)
