"""The typed protocols of apigen.live.runtime name what the runtime really has."""

from __future__ import annotations

import inspect

import pytest

from apigen.live import runtime


def _members(protocol: type) -> set[str]:
    names = set(getattr(protocol, "__annotations__", {}))
    names |= {name for name, value in vars(protocol).items() if inspect.isfunction(value)}
    return {name for name in names if not name.startswith("_")}


@pytest.mark.parametrize(
    ("protocol", "module"),
    [
        (runtime.RuntimePackage, runtime.runtime()),
        (runtime.CredentialsModule, runtime.submodule("credentials")),
        (runtime.RequestModule, runtime.submodule("request")),
        (runtime.RedirectsModule, runtime.submodule("redirects")),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_protocol_names_exist_in_the_runtime(protocol: type, module: object) -> None:
    members = _members(protocol)
    assert members
    for name in members:
        found = getattr(module, name)
        if inspect.isfunction(getattr(protocol, name, None)) and not inspect.isclass(found):
            wanted = list(inspect.signature(getattr(protocol, name)).parameters)[1:]
            assert list(inspect.signature(found).parameters) == wanted, name


def test_declared_objects_have_the_attributes_the_protocols_read() -> None:
    config = runtime.submodule("config")
    assert {"auth"} <= {f.name for f in config.CollectionConfig.__dataclass_fields__.values()}
    assert "name" in config.Operation.__dataclass_fields__
    assert "config" in runtime.submodule("request").Target.__dataclass_fields__
    assert callable(runtime.submodule("credentials").Redactor([]).contains)
