"""The shape of an explicit ``response.schema``: the JSON Schema keywords apigen reads.

Other keywords are allowed and passed through; the ones below must have their JSON Schema types,
so that inference and the model generator never meet, say, a number where a mapping belongs.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from apigen.source import DataPath, data_path

SchemaType = Literal["string", "integer", "number", "boolean", "array", "object", "null"]


class SchemaNode(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, populate_by_name=False)

    type: SchemaType | list[SchemaType] | None = None
    properties: dict[str, SchemaNode] | None = None
    required: list[str] | None = None
    items: SchemaNode | bool | None = None
    additionalProperties: SchemaNode | bool | None = None
    enum: list[Any] | None = None
    format: str | None = None
    ref: str | None = Field(None, alias="$ref")
    defs: dict[str, SchemaNode] | None = Field(None, alias="$defs")
    definitions: dict[str, SchemaNode] | None = None
    anyOf: list[SchemaNode] | None = None
    oneOf: list[SchemaNode] | None = None
    allOf: list[SchemaNode] | None = None


_PLAIN_WORDS = (
    ("a valid dictionary or instance of SchemaNode", "a schema (a mapping)"),
    ("a valid dictionary", "a mapping"),
    ("a valid list", "a list"),
    ("a valid string", "text"),
)


def _plain(detail: Any) -> str:
    """pydantic's message in the spec's words; a null type hints at quoting."""
    message = str(detail["msg"]).replace("Input should be", "expected")
    for technical, plain in _PLAIN_WORDS:
        message = message.replace(technical, plain)
    if detail.get("input", "") is None:
        message += ' (write "null" in quotes)'
    return message


def schema_problems(schema: object) -> list[tuple[DataPath, str]]:
    """Each problem of ``schema`` as (path inside the schema, message); empty when it is usable.

    A value matching none of a keyword's allowed forms is one problem, reported where it is.
    """
    try:
        SchemaNode.model_validate(schema)
    except ValidationError as error:
        problems: dict[DataPath, str] = {}
        for detail in error.errors(include_url=False):
            path = data_path(schema, detail["loc"])
            keyword = next((p for p in reversed(path) if isinstance(p, str)), "schema")
            problems.setdefault(path, f"`{keyword}` does not fit JSON Schema: {_plain(detail)}")
        # A value that fits no form of its keyword fails at each level; keep the deepest.
        return [
            (path, message)
            for path, message in problems.items()
            if not any(other[: len(path)] == path and other != path for other in problems)
        ]
    return []
