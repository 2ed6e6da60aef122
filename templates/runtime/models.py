"""The base class of every response model.

A model must give back exactly what the API sent: ``Model.model_validate(sample)`` accepts every
recorded sample and ``model.model_dump(by_alias=True) == sample``. Three choices make that hold:

- Fields a response did not carry are left out of every dump (as with ``exclude_unset``), so an
  optional key that was absent never comes back as an invented ``null``. A field set to ``None``
  on purpose, by the API or by the caller, is kept.
- Keys the model does not know are accepted and kept (``extra="allow"``): APIs add fields.
- Dumps are always in the wire form, also in ``python`` mode: typed values such as ``datetime``,
  ``date`` and ``UUID`` are dumped as their JSON text. Attributes keep the typed values. Formats
  are only inferred for strings whose JSON text round-trips exactly, so the text is the original.

``populate_by_name`` lets callers build models with the Python field names as well as the wire
names.
"""

from __future__ import annotations

from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)
from pydantic_core import to_jsonable_python


class ApiModel(BaseModel):
    """A response object of the API: typed fields, plus any keys the API added later."""

    # Field names are already kept clear of BaseModel's attributes by the generator, so the
    # "model_" prefix warnings would only be noise.
    # defer_build: a model's validator is built on first use, not at import (a large API's
    # models module imports in a third less time).
    model_config = ConfigDict(
        extra="allow", populate_by_name=True, protected_namespaces=(), defer_build=True
    )

    @model_serializer(mode="wrap")
    def _dump_as_received(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        fields = type(self).model_fields
        for name in fields.keys() - self.model_fields_set:
            alias = fields[name].serialization_alias
            data.pop(alias if info.by_alias and alias is not None else name, None)
        if info.mode == "json":
            return data
        return {key: to_jsonable_python(value) for key, value in data.items()}
