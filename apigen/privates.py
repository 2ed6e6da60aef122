"""The private values a collection reads from the environment, with where each is defined.

One home for the env-variable rules: explicit ``env`` keys, the default ``<COLLECTION>_<NAME>``
for private parameters, and ``<COLLECTION>_API_KEY`` for key-based auth.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from apigen.names import upper_snake_case
from apigen.source import DataPath
from apigen.spec import Collection, Parameter, PrivateKeyInHeader, PrivateKeyInUrl


@dataclass(frozen=True)
class PrivateValue:
    env: str
    purpose: str  # for .env.example and messages: "API key (header Authorization)"
    meaning: str  # two definitions with one meaning may share a variable
    path: DataPath  # where the variable is named (or the definition, for derived names)
    optional: bool = False  # a private parameter with `required: false`: may be unset


def parameter_env(collection: Collection, parameter: Parameter) -> str:
    return (
        parameter.env or f"{upper_snake_case(collection.name)}_{upper_snake_case(parameter.name)}"
    )


def key_env(collection: Collection, auth: PrivateKeyInHeader | PrivateKeyInUrl) -> str:
    return auth.env or f"{upper_snake_case(collection.name)}_API_KEY"


def private_values(collection: Collection, path: DataPath) -> Iterator[PrivateValue]:
    """Every private value of ``collection`` (at data path ``path``), auth first, in spec order."""
    yield from _auth_values(collection, (*path, "auth"))
    for index, parameter in enumerate(collection.shared_parameters):
        yield from _parameter_value(collection, parameter, (*path, "shared_parameters", index))
    for call_index, call in enumerate(collection.calls):
        for index, parameter in enumerate(call.parameters):
            where = (*path, "calls", call_index, "parameters", index)
            yield from _parameter_value(collection, parameter, where)


def _auth_values(collection: Collection, path: DataPath) -> Iterator[PrivateValue]:
    auth = collection.auth
    if isinstance(auth, PrivateKeyInHeader | PrivateKeyInUrl):
        env = key_env(collection, auth)
        place = (
            f"header {auth.header}"
            if isinstance(auth, PrivateKeyInHeader)
            else f"query {auth.param}"
        )
        yield PrivateValue(env, f"API key ({place})", "auth:env", (*path, "env"))
        return
    for field in type(auth).model_fields:
        env = getattr(auth, field)
        if field.endswith("_env") and isinstance(env, str):
            purpose = field.removesuffix("_env").replace("_", " ")
            yield PrivateValue(env, f"{auth.type} {purpose}", f"auth:{field}", (*path, field))
    for index, parameter in enumerate(getattr(auth, "parameters", ())):
        yield from _parameter_value(collection, parameter, (*path, "parameters", index))


def _parameter_value(
    collection: Collection, parameter: Parameter, path: DataPath
) -> Iterator[PrivateValue]:
    if parameter.private:
        where = (*path, "env") if parameter.env else path
        purpose = parameter.description or f"{parameter.in_} parameter {parameter.name}"
        meaning = f"param:{parameter.in_}:{parameter.name}"
        yield PrivateValue(
            parameter_env(collection, parameter),
            purpose,
            meaning,
            where,
            optional=not parameter.is_required,
        )
