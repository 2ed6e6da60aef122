"""The JSON Schema of the spec format (schemas/apigen.schema.json), from the pydantic models."""

from __future__ import annotations

from typing import Any

from apigen.spec import Spec


def spec_json_schema() -> dict[str, Any]:
    schema = Spec.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
