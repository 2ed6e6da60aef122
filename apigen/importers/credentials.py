"""Which names and values are credentials, and the environment variables they are read from.

A credential found in an imported request never reaches the spec: it becomes auth config or a
private parameter, and the user is told which variable to set.
"""

from __future__ import annotations

import re

from apigen.names import upper_snake_case
from apigen.secrets import credential_kind

# Names (lower case, letters and digits only) that hold a credential whatever their value.
_SECRET_NAMES = frozenset(
    {
        "key",
        "apikey",
        "appid",
        "appkey",
        "token",
        "secret",
        "password",
        "passwd",
        "authorization",
        "cookie",
        "signature",
        "sig",
        "session",
        "sessionid",
    }
)
_SECRET_ENDINGS = (
    "apikey",
    "token",
    "secret",
    "password",
    "accesskey",
    "secretkey",
    "subscriptionkey",
)
# Names that end like a credential but hold none: pagination and request ids.
_NOT_SECRET = re.compile(r"page|cursor|idempotency|csrf|continuation|next|sync")
_SHELL_VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")


def is_secret_name(name: str) -> bool:
    """Yes for ``X-Api-Key``, ``api_key``, ``access_token``; no for ``page_token``."""
    flat = re.sub(r"[^a-z0-9]", "", name.lower())
    if _NOT_SECRET.search(flat):
        return False
    return flat in _SECRET_NAMES or flat.endswith(_SECRET_ENDINGS)


def is_secret(name: str, value: object) -> bool:
    """Whether a named value must be read from the environment instead of written down."""
    if is_secret_name(name):
        return True
    return isinstance(value, str) and (
        credential_kind(value) is not None or shell_variable(value) is not None
    )


def shell_variable(value: str) -> str | None:
    """``$STRIPE_KEY`` or ``${STRIPE_KEY}`` (as docs write credentials): the variable's name."""
    found = _SHELL_VARIABLE.fullmatch(value.strip())
    return found.group(1) if found else None


def env_name(collection: str, name: str, value: object = None) -> str:
    """The variable for a credential: the shell variable the command used, else COLLECTION_NAME."""
    if isinstance(value, str) and (variable := shell_variable(value)):
        return variable
    return f"{env_prefix(collection)}_{upper_snake_case(name)}"


def env_prefix(collection: str) -> str:
    """The start of a collection's variable names: ``Acme CRM`` → ``ACME_CRM``; a one-word name
    is upper-cased whole, as providers name their variables (``OpenAI`` → ``OPENAI``)."""
    if collection.isascii() and collection.isalnum():
        return collection.upper()
    return upper_snake_case(collection)


def holds_secret(value: object) -> bool:
    """Whether any text in a JSON value (an example, a saved response) looks like a credential."""
    if isinstance(value, str):
        return credential_kind(value) is not None
    if isinstance(value, dict):
        return any(holds_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(holds_secret(v) for v in value)
    return False


def shown_text(text: str | None) -> str | None:
    """``text`` for a description, or None when it holds something that looks like a credential
    (the spec would not pass the check with it, and a description is not worth a secret)."""
    return None if text is None or credential_kind(text) is not None else text
