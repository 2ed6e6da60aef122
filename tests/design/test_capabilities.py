"""The capability registry agrees with the spec models, the runtime and the docs."""

from __future__ import annotations

import inspect
import typing
from pathlib import Path

import pytest

from apigen import spec
from apigen.capabilities import AUTH_KINDS, CLIENT_OPTIONS, AuthKind
from apigen.diagnostics import Diagnostics
from apigen.live.runtime import collection_config, runtime, submodule
from apigen.pipeline import check_file

from ..build.helpers import ROOT
from .test_tree_shaking import AUTH, SPEC

KINDS = sorted(AUTH_KINDS.values(), key=lambda kind: kind.name)


def _spec_models() -> set[type]:
    union = typing.get_args(spec.Auth)[0]
    return set(typing.get_args(union))


def test_every_auth_model_of_the_spec_has_one_entry() -> None:
    assert {kind.model for kind in KINDS} == _spec_models()


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_entry_matches_its_spec_model(kind: AuthKind) -> None:
    fields = kind.model.model_fields
    assert typing.get_args(fields["type"].annotation) == (kind.name,)
    named = {name for name in fields if name == "env" or name.endswith("_env")}
    assert {secret.key for secret in kind.secrets} == named
    places = (kind.header_key, kind.query_key, kind.parameters_key, *kind.url_keys)
    assert {key for key in places if key is not None} <= set(fields)


@pytest.mark.parametrize("kind", [k for k in KINDS if k.runtime_class], ids=lambda k: k.name)
def test_runtime_module_defines_the_runtime_class(kind: AuthKind) -> None:
    assert hasattr(submodule(kind.runtime_module), kind.runtime_class)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_docs_list_each_kind_with_what_goes_on_the_wire(kind: AuthKind) -> None:
    docs = (ROOT / "docs" / "auth.md").read_text(encoding="utf-8")
    needs = " ".join(f"`{r.partition('>')[0]}`" for r in kind.requirements)
    row = f"| [{kind.name}](#{kind.name}) | {kind.wire} | {needs} |".replace("|  |", "| |")
    assert row in docs.splitlines()
    assert f"\n## {kind.name}\n" in docs


def test_docs_describe_every_client_option() -> None:
    docs = (ROOT / "docs" / "generated.md").read_text(encoding="utf-8")
    for option in CLIENT_OPTIONS:
        assert f"| `{option.name}` | {option.doc} |" in docs.splitlines()


@pytest.mark.parametrize(
    "kind", [k for k in KINDS if k.runtime_class and k.secrets != ()], ids=lambda k: k.name
)
def test_redirects_drop_where_each_kind_puts_its_credential(tmp_path: Path, kind: AuthKind) -> None:
    """The registry's places are where the bound runtime auth puts its credential."""
    spec = tmp_path / "apigen.yaml"
    spec.write_text(SPEC.format(package="places", auth=AUTH[kind.name]), encoding="utf-8")
    package = check_file(spec, Diagnostics())
    assert package is not None and package.collections[0].auth is not None
    collection = package.collections[0]
    data = dict(collection.auth.arguments)
    if kind.name == "client_certificate":  # travels in the TLS handshake: nothing to drop
        assert (kind.header_key, kind.fixed_header, kind.query_key) == (None, None, None)
        return
    bound = collection_config(collection).auth.bind({env: "v" for env in collection.auth.envs})
    header = data[kind.header_key] if kind.header_key else kind.fixed_header
    param = data[kind.query_key] if kind.query_key else None
    credential = submodule("auth").CredentialAuth
    found_header = bound.credential_header if isinstance(bound, credential) else "Authorization"
    found_param = bound.credential_param if isinstance(bound, credential) else None
    assert (found_header, found_param) == (header, param)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_client_bases_take_the_registry_options(kind: AuthKind) -> None:
    wanted = [o.name for o in CLIENT_OPTIONS if kind.token_store or not o.token_store]
    for path in kind.client_bases:
        module, _, name = path.rpartition(".")
        base = getattr(submodule(module) if module else runtime(), name)
        parameters = inspect.signature(base.__init__).parameters
        assert [p for p in parameters if p not in ("self", "secrets")] == wanted
        assert all(parameters[p].default is None for p in wanted)
