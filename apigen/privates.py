"""The private values a collection reads from the environment, with where each is defined.

One home for the env-variable rules: explicit ``env`` keys, the default ``<COLLECTION>_<NAME>``
for private parameters, and the auth kinds' defaults (``<COLLECTION>_API_KEY`` for keys); which
keys of an auth kind name variables is in :mod:`apigen.capabilities`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from apigen.capabilities import SecretKey, auth_kind, token_parameters
from apigen.names import upper_snake_case
from apigen.source import DataPath
from apigen.spec import Auth, Collection, Parameter


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


def auth_env(collection: Collection, auth: Auth, secret: SecretKey) -> str | None:
    """The variable named by ``secret``'s key of ``auth`` (or its default), None when unset."""
    env = getattr(auth, secret.key)
    if env is None and secret.default_suffix:
        return f"{upper_snake_case(collection.name)}_{secret.default_suffix}"
    return env if isinstance(env, str) else None


def private_values(
    collection: Collection, path: DataPath, call_indices: Sequence[int] | None = None
) -> Iterator[PrivateValue]:
    """Every private value of ``collection`` (at data path ``path``), auth first, in spec order.

    ``call_indices`` are the data indexes of its calls when some calls were left out.
    """
    yield from _auth_values(collection, (*path, "auth"))
    for index, parameter in enumerate(collection.shared_parameters):
        yield from _parameter_value(collection, parameter, (*path, "shared_parameters", index))
    indices = range(len(collection.calls)) if call_indices is None else call_indices
    for call_index, call in zip(indices, collection.calls, strict=True):
        for index, parameter in enumerate(call.parameters):
            where = (*path, "calls", call_index, "parameters", index)
            yield from _parameter_value(collection, parameter, where)


def _auth_values(collection: Collection, path: DataPath) -> Iterator[PrivateValue]:
    auth = collection.auth
    kind = auth_kind(auth)
    for secret in kind.secrets:
        env = auth_env(collection, auth, secret)
        if env is not None:
            purpose = secret.purpose.format(**auth.model_dump())
            yield PrivateValue(env, purpose, f"auth:{secret.key}", (*path, secret.key))
    for index, parameter in enumerate(token_parameters(auth)):
        where = (*path, str(kind.parameters_key), index)
        yield from _parameter_value(collection, parameter, where)


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
