"""Call methods kept in a module of their own, imported the first time a client needs one.

A provider's collection has hundreds of calls: compiling and running their methods is most of
what importing its client would cost. The client module therefore declares each client class on
a stand-in base from :func:`lazy_methods`; the first public attribute that a client (or its
class) does not find imports the methods module and puts its methods on the stand-in. From then
on, lookups are ordinary attribute lookups.
"""

from __future__ import annotations

import importlib
import inspect
import threading
from typing import Any, TypeVar, cast

ClientT = TypeVar("ClientT")

_LOADING = threading.RLock()
# Stand-in → (module, class) whose methods it has not taken yet.
_PENDING: dict[type, tuple[str, str]] = {}


class _LazyMethodsType(type):
    """The stand-in's metaclass: a method read from the class itself loads them too."""

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        _load(cls)
        # Looked up again even when another thread put the methods in place since the miss.
        return type.__getattribute__(cls, name)

    def __dir__(cls) -> list[str]:
        _load(cls)  # so that dir() and completion list the methods
        return list(super().__dir__())


class _Instance:
    """What a stand-in adds to its clients: the same loading on an instance's attributes."""

    def __getattr__(self, name: str) -> Any:
        # Private and special names are never call methods; copy, pickle and hasattr probe them.
        if name.startswith("_"):
            raise AttributeError(name)
        _load(type(self))
        return object.__getattribute__(self, name)

    def __dir__(self) -> list[str]:
        _load(type(self))
        return list(super().__dir__())


def lazy_methods(base: type[ClientT], module: str, name: str) -> type[ClientT]:
    """A subclass of ``base`` that takes the methods of class ``name`` of ``module`` when needed.

    ``module`` is absolute; its class ``name`` subclasses ``base`` (type checkers see that class:
    the client module imports it for them instead of calling this). ``base`` is a plain class,
    as the runtime's clients are.
    """
    namespace = {"__module__": module, "__qualname__": name}
    stand_in = _LazyMethodsType(name, (_Instance, base), namespace)
    _PENDING[stand_in] = (module, name)
    return cast(type[ClientT], stand_in)


def _load(cls: type) -> None:
    """Put the methods on the stand-in of ``cls``, unless they are there already."""
    with _LOADING:
        stand_in = next((c for c in cls.__mro__ if c in _PENDING), None)
        if stand_in is None:
            return
        module, class_name = _PENDING[stand_in]
        source: type = getattr(importlib.import_module(module), class_name)
        for key, value in vars(source).items():
            if inspect.isfunction(value):
                setattr(stand_in, key, value)
        del _PENDING[stand_in]
