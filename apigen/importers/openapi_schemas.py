"""OpenAPI component schemas as the collection's ``schemas:``, named as the provider names them.

``#/components/schemas/customer`` becomes the schema ``Customer`` (PascalCase, the form of a
model name) and every reference to it ``$ref: "#/schemas/Customer"``, so each component is one
shared model. Only components that the imported calls reach are written. OpenAPI 3.0's
``nullable`` becomes a JSON Schema ``null`` type; extensions (``x-…``), examples,
``discriminator`` and value constraints (``maxLength``, ``minimum`` …) are left out: models keep
types, not checks; other references become ``{}`` (any value) with a warning.
"""

from __future__ import annotations

from typing import Any

from apigen.importers.credentials import shown_text
from apigen.importers.openapi_document import Document, pointer
from apigen.model_hints import TAKEN_NAMES
from apigen.names import GENERATED_CODE_NAMES, pascal_case

COMPONENTS = "#/components/schemas/"
_DROPPED = frozenset(
    {
        "example",
        "examples",
        "discriminator",
        "xml",
        "externalDocs",
        "deprecated",
        # Value constraints: a client that rejected a response for a string one character too
        # long would break on the provider's next change, and they give no type.
        "maxLength",
        "minLength",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        # Defaults say what a server assumes for a request; these schemas type responses, where
        # the value is sent (and a list default of literals breaks the models' typing).
        "default",
    }
)


class Schemas:
    def __init__(self, document: Document) -> None:
        self.document = document
        components = document.data.get("components", {}).get("schemas", {})
        self.components: dict[str, Any] = components if isinstance(components, dict) else {}
        self.names: dict[str, str] = {}
        taken: set[str] = set()
        for original in self.components:
            name = pascal_case(original) or "Schema"
            name = "N" + name if name[0].isdigit() else name
            # Names the generated package uses itself (Stripe's `token` → Token) get the suffix
            # the check suggests.
            name = name + "Model" if name in TAKEN_NAMES or name in GENERATED_CODE_NAMES else name
            base, number = name, 2
            while name.lower() in taken:
                name, number = f"{base}{number}", number + 1
            taken.add(name.lower())
            self.names[original] = name
        self.taken = taken
        self.wanted: list[str] = []  # components reached, in the order first reached
        self.extra: dict[str, Any] = {}  # schemas of inline responses

    def component(self, reference: str) -> str | None:
        """The schema name of a ``#/components/schemas/X`` reference (marked as used)."""
        if not reference.startswith(COMPONENTS):
            return None
        original = reference[len(COMPONENTS) :].replace("~1", "/").replace("~0", "~")
        if original not in self.names:
            return None
        if original not in self.wanted:
            self.wanted.append(original)
        return self.names[original]

    def add(self, name: str, schema: Any, where: str) -> str:
        """Declare an extra schema (an inline response) under a free name derived from ``name``."""
        base = pascal_case(name) or "Response"
        candidate, number = base, 2
        while candidate.lower() in self.taken:
            candidate, number = f"{base}{number}", number + 1
        self.taken.add(candidate.lower())
        self.extra[candidate] = self.convert(schema, where)
        return candidate

    def convert(self, schema: Any, where: str) -> Any:
        """``schema`` as apigen writes it: references renamed, 3.0 ``nullable`` made a type."""
        if isinstance(schema, list):
            return [self.convert(item, f"{where}/{i}") for i, item in enumerate(schema)]
        if not isinstance(schema, dict):
            return schema
        if "$ref" in schema:
            return self._reference(schema, where)
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key.startswith("x-") or key in _DROPPED or key == "nullable":
                continue
            if key in ("description", "title") and shown_text(str(value)) is None:
                continue
            if key in ("properties", "patternProperties", "$defs", "definitions"):
                out[key] = {
                    name: self.convert(item, f"{where}/{key}/{name}")
                    for name, item in (value.items() if isinstance(value, dict) else ())
                }
            else:
                out[key] = self.convert(value, f"{where}/{key}")
        return _nullable(out) if schema.get("nullable") is True else out

    def _reference(self, schema: dict[str, Any], where: str) -> Any:
        reference = schema["$ref"]
        name = self.component(reference) if isinstance(reference, str) else None
        if name is not None:
            converted: dict[str, Any] = {"$ref": f"#/schemas/{name}"}
            return _nullable(converted) if schema.get("nullable") is True else converted
        self.document.report.warn(
            "W608", where, f"$ref {reference!r} is not a component schema: any value"
        )
        return {}

    def emit(self, progress: Any = None) -> dict[str, Any]:
        """Every reached component (and what it reaches) and every extra schema, converted."""
        out: dict[str, Any] = {}
        done = 0
        while done < len(self.wanted):
            original = self.wanted[done]
            where = pointer("components", "schemas", original)
            out[self.names[original]] = self.convert(self.components[original], where)
            done += 1
            if progress is not None and done % 200 == 0:
                progress(f"  {done} schemas converted")
        out.update(self.extra)
        return out


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if isinstance(kind, str) and "enum" not in schema:
        return {**schema, "type": [kind, "null"]}
    if isinstance(kind, list) and "null" not in kind and "enum" not in schema:
        return {**schema, "type": [*kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}
