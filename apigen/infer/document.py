"""One JSON Schema document for a whole collection, with every model a named ``$defs`` entry.

Each call's schema is walked in spec order; every object schema with properties is moved into
``$defs`` under a name from :mod:`apigen.infer.naming` and replaced by a ``$ref``. Structurally
identical objects of inferred schemas share one entry. The walk also fixes what the code generator
must not decide on its own: the Python name of every field (:attr:`CollectionDocument.aliases`),
formats that are not typed in Python (dropped: email and uri stay ``str``), titles (dropped), and
``additionalProperties: false`` (dropped: models keep the keys APIs add later).

An explicit ``response.schema`` keeps its own ``$defs``/``definitions`` (named by their keys) and
its references to them and to its root (``#``); a reference outside the schema becomes untyped
(``{}``). Its models are not shared with other calls: equal text may refer to other definitions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from apigen.infer.naming import ModelNames, field_names, singular
from apigen.infer.python_types import RootType, root_type
from apigen.infer.schema import PYTHON_TYPED_FORMATS, Schema
from apigen.names import pascal_case

# Keywords whose value is a subschema (or a list or mapping of them) at the same naming site,
# at the site of array items, or at the site of mapping values.
_SAME_SITE = ("anyOf", "oneOf", "allOf", "not")
_ITEM_SITE = ("items", "prefixItems", "contains")
_VALUE_SITE = ("additionalProperties",)
_VALUE_SITE_MAPPINGS = ("patternProperties",)
_DEFINITION_SECTIONS = ("$defs", "definitions")
SCHEMA_REF = "#/schemas/"  # how declared schemas refer to each other
_DROPPED = ("title", "$schema", "$id", *_DEFINITION_SECTIONS)


@dataclass(frozen=True)
class _Site:
    """Where a schema sits, for naming an object found there."""

    stem: str  # the name an object here asks for
    plural_key: bool = False  # the stem is a key: array items take its singular
    top: bool = False  # an object here is a call's top model: its children are named by key alone
    item_stem: str | None = None  # the stem of array items here, when not derived from ``stem``

    def items(self) -> _Site:
        if self.item_stem is not None:
            stem = self.item_stem
        else:
            stem = singular(self.stem) if self.plural_key else f"{self.stem}Item"
        return _Site(stem, top=self.top)

    def values(self) -> _Site:
        stem = singular(self.stem) if self.plural_key else f"{self.stem}Item"
        return _Site(f"{self.stem}Value" if stem == f"{self.stem}Item" else stem)


class CollectionDocument:
    """Collects the calls of one collection into one schema document (see the module docstring)."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self.names = ModelNames(reserved)
        self.definitions: dict[str, Schema] = {}
        # "Model.wire key" -> Python field name, where they differ
        self.aliases: dict[str, str] = {}
        self.shared: dict[str, str] = {}  # structure of an object schema -> its model name
        self.exact: dict[str, set[str]] = {}  # model name -> exact structures merged into it
        self.named: dict[str, str] = {}  # "#/$defs/Name" of a named model -> its model name
        self.roots: dict[str, Schema] = {}  # type name of a call -> its walked root schema

    def name_model(self, stem: str, type_name: str = "") -> str:
        """Claim a name for a named model (a hint or a resource) before any call is added."""
        name = self.names.claim(stem, type_name)
        self.named[f"#/$defs/{name}"] = name
        return name

    def add_model(self, name: str, schema: Mapping[str, Any]) -> None:
        """Add the body of the named model ``name`` (claimed with :meth:`name_model`)."""
        walker = _CallWalker(self, name, scope="")
        walker.define(name, dict(schema))

    def add_declared(self, schemas: Mapping[str, Any], used: Iterable[str]) -> None:
        """Add the collection's declared ``schemas`` reachable from ``used`` (their own names)."""
        names = declared_closure(schemas, used)
        for name in names:
            self.name_model(name)
            self.named[f"{SCHEMA_REF}{name}"] = name  # for explicit response schemas too
        walker = _CallWalker(self, "", scope="schemas:")
        walker.refs.update({f"#/schemas/{name}": name for name in names})
        for name in names:
            walker.define(name, dict(schemas[name]))

    def add(self, schema: Mapping[str, Any], type_name: str, *, explicit: bool) -> RootType:
        """Add one call's response schema; return the type its method returns."""
        walker = _CallWalker(self, type_name, scope=type_name if explicit else "")
        root = walker.walk_root(dict(schema))
        self.roots[type_name] = root
        return root_type(root)

    def document(self) -> Schema:
        return {"$defs": dict(sorted(self.definitions.items()))}


class _CallWalker:
    def __init__(self, document: CollectionDocument, type_name: str, scope: str) -> None:
        self.document = document
        self.type_name = type_name
        self.scope = scope  # prefixes structures, so explicit schemas share only within a call
        self.refs: dict[str, str] = {}  # "#/$defs/key" of an explicit schema -> model name

    def define(self, name: str, body: Schema) -> None:
        """Add ``body`` as the definition named ``name``."""
        if _is_model(body):
            self.model(body, _Site(name), name)
        else:
            self.document.definitions[name] = self.walk(body, _Site(name))

    def walk_root(self, schema: Schema) -> Schema:
        site = _Site(f"{self.type_name}Response", top=True, item_stem=f"{self.type_name}Item")
        if self.scope and _is_model(schema):  # an explicit root may refer to itself as "#"
            self.refs["#"] = self.document.names.claim(site.stem, self.type_name)
        definitions = self._claim_definitions(schema)
        root: Schema = (
            self._ref(self.model(schema, site, self.refs["#"]))
            if "#" in self.refs
            else self.walk(schema, site)
        )
        for reference, body in definitions.items():
            self.define(self.refs[reference], body)
        return root

    def _claim_definitions(self, schema: Schema) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for section in _DEFINITION_SECTIONS:
            for key, body in (schema.get(section) or {}).items():
                reference = f"#/{section}/{key}"
                self.refs[reference] = self.document.names.claim(pascal_case(key), self.type_name)
                found[reference] = body
        return found

    def walk(self, schema: Any, site: _Site) -> Any:
        if not isinstance(schema, dict):
            return schema  # a boolean schema
        if "$ref" in schema:
            reference = schema["$ref"]
            name = self.refs.get(reference) or self.document.named.get(reference)
            return {} if name is None else self._ref(name)
        if _is_model(schema):
            return self._ref(self.model(schema, site))
        return self._walk_keywords(schema, site)

    def model(self, schema: Schema, site: _Site, name: str | None = None) -> str:
        """Move an object schema into ``$defs``; return its model name."""
        exact = json.dumps(schema, sort_keys=True)
        # Objects that differ only in integer vs number at some place are one model (numbers).
        structure = self.scope + exact.replace('"integer"', '"number"')
        if name is None and structure in self.document.shared:
            name = self.document.shared[structure]
            if exact not in self.document.exact[name]:
                self.document.exact[name].add(exact)
                widened = _widen(self.document.definitions[name], self._body(schema, site, name))
                self.document.definitions[name] = widened
            return name
        if name is None:
            name = self.document.names.claim(site.stem, self.type_name)
        self.document.shared.setdefault(structure, name)
        self.document.exact.setdefault(name, set()).add(exact)
        self.document.definitions[name] = self._body(schema, site, name)
        return name

    def _body(self, schema: Schema, site: _Site, name: str) -> Schema:
        properties: dict[str, Any] = schema["properties"]
        prefix = "" if site.top else name
        body = self._walk_keywords({k: v for k, v in schema.items() if k != "properties"}, site)
        body["properties"] = {
            key: self.walk(value, _Site(prefix + pascal_case(key), plural_key=True))
            for key, value in properties.items()
        }
        for key, field_name in field_names(list(properties)).items():
            if field_name != key:
                self.document.aliases[f"{name}.{key}"] = field_name
        return body

    def _walk_keywords(self, schema: Schema, site: _Site) -> Schema:
        walked: Schema = {}
        for keyword, value in schema.items():
            if keyword in _DROPPED or _is_dropped(keyword, value):
                continue
            if keyword in _SAME_SITE:
                walked[keyword] = self._walk_nested(value, site)
            elif keyword in _ITEM_SITE:
                walked[keyword] = self._walk_nested(value, site.items())
            elif keyword in _VALUE_SITE:
                walked[keyword] = self._walk_nested(value, site.values())
            elif keyword in _VALUE_SITE_MAPPINGS:
                walked[keyword] = {k: self.walk(v, site.values()) for k, v in value.items()}
            else:
                walked[keyword] = value
        return walked

    def _walk_nested(self, value: Any, site: _Site) -> Any:
        if isinstance(value, list):
            return [self.walk(item, site) for item in value]
        return self.walk(value, site)

    @staticmethod
    def _ref(name: str) -> Schema:
        return {"$ref": f"#/$defs/{name}"}


def _widen(stored: Any, new: Any) -> Any:
    """``stored`` with ``number`` wherever ``new`` has it and ``stored`` has ``integer``."""
    if isinstance(stored, dict) and isinstance(new, dict):
        return {key: _widen(value, new.get(key)) for key, value in stored.items()}
    if isinstance(stored, list) and isinstance(new, list) and len(stored) == len(new):
        return [_widen(a, b) for a, b in zip(stored, new, strict=True)]
    return new if (stored, new) == ("integer", "number") else stored


def declared_closure(schemas: Mapping[str, Any], used: Iterable[str]) -> list[str]:
    """The declared schema names ``used`` refers to, and those they refer to, sorted."""
    found: set[str] = set()
    pending = [name for name in used if name in schemas]
    while pending:
        name = pending.pop()
        if name not in found:
            found.add(name)
            pending.extend(ref for ref in schema_refs(schemas[name]) if ref in schemas)
    return sorted(found)


def schema_refs(schema: Any) -> list[str]:
    """The names of the declared schemas ``schema`` refers to (``$ref: "#/schemas/Name"``)."""
    if isinstance(schema, dict):
        found = [schema["$ref"].removeprefix(SCHEMA_REF)] if _is_schema_ref(schema) else []
        return found + [ref for value in schema.values() for ref in schema_refs(value)]
    if isinstance(schema, list):
        return [ref for value in schema for ref in schema_refs(value)]
    return []


def _is_schema_ref(schema: dict[str, Any]) -> bool:
    reference = schema.get("$ref")
    return isinstance(reference, str) and reference.startswith(SCHEMA_REF)


def _is_model(schema: Any) -> bool:
    return isinstance(schema, dict) and bool(schema.get("properties"))


def _is_dropped(keyword: str, value: Any) -> bool:
    if keyword == "format":
        return value not in PYTHON_TYPED_FORMATS
    return keyword == "additionalProperties" and isinstance(value, bool)
