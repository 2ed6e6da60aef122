"""The code generator adapter: the module head it writes, and its guard on class names."""

from __future__ import annotations

import ast

import pytest

from apigen.infer.codegen import render_models, sort_imports

OBJECT = {"type": "object", "properties": {"a": {"type": "integer"}}}


def imports_of(source: str) -> list[ast.ImportFrom]:
    return [node for node in ast.parse(source).body if isinstance(node, ast.ImportFrom)]


def test_imports_are_sorted_into_sections_as_ruff_expects() -> None:
    scrambled = imports_of(
        "from __future__ import annotations\n"
        "from acme._runtime.models import ApiModel\n"
        "from pydantic import RootModel, Field\n"
        "from datetime import datetime as datetime_aliased, time, date as date_aliased\n"
        "from uuid import UUID\n"
        "from typing import Literal, Any\n"
        "from datetime import datetime\n"
    )
    assert sort_imports(scrambled, "acme") == (
        "from datetime import date as date_aliased\n"
        "from datetime import datetime, time\n"
        "from datetime import datetime as datetime_aliased\n"
        "from typing import Any, Literal\n"
        "from uuid import UUID\n"
        "\n"
        "from pydantic import Field, RootModel\n"
        "\n"
        "from acme._runtime.models import ApiModel\n"
    )


def test_names_in_one_import_are_ordered_by_type() -> None:
    found = imports_of("from m import zeta, Alpha, BETA, alpha, Zeta\n")
    assert sort_imports(found, "acme") == "from m import BETA, Alpha, Zeta, alpha, zeta\n"


def test_the_module_is_head_imports_and_classes() -> None:
    module = render_models({"$defs": {"A": OBJECT}}, aliases={}, package="acme", header="# h\n")
    assert module.source == (
        "# h\n"
        "\n"
        "from __future__ import annotations\n"
        "\n"
        "from acme._runtime.models import ApiModel\n"
        "\n"
        "\n"
        "class A(ApiModel):\n"
        "    a: int | None = None\n"
    )
    assert module.model_names == ("A",)


def test_without_a_header_the_module_starts_with_the_future_import() -> None:
    module = render_models({"$defs": {"A": OBJECT}}, aliases={}, package="acme", header="")
    assert module.source.startswith("from __future__ import annotations\n\nfrom acme")


def test_a_class_name_the_generator_would_change_is_refused() -> None:
    # The generator drops trailing underscores; the naming never hands out such names.
    with pytest.raises(RuntimeError, match=r"renamed models: \['Thing_'\]"):
        render_models({"$defs": {"Thing_": OBJECT}}, aliases={}, package="acme", header="")


def test_a_literal_joined_from_all_of_parts_names_each_value_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The generator joins both parts' values of `status`, repeating the shared ones (PYI062).
    monkeypatch.setenv("APIGEN_NO_CACHE", "1")
    document = {
        "$defs": {
            "Base": {
                "type": "object",
                "properties": {
                    "status": {"type": "string", "enum": ["in_progress", "completed", "failed"]}
                },
            },
            "Status": {"type": "string", "enum": ["completed", "failed", "expired"]},
            "Part": {
                "type": "object",
                "required": ["status"],
                "properties": {"status": {"$ref": "#/$defs/Status"}},
            },
            "Child": {"allOf": [{"$ref": "#/$defs/Base"}, {"$ref": "#/$defs/Part"}]},
        }
    }
    source = render_models(document, aliases={}, package="acme", header="").source
    child = next(
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.ClassDef) and node.name == "Child"
    )
    (field,) = child.body
    assert isinstance(field, ast.AnnAssign)
    assert ast.unparse(field.annotation) == (
        "Literal['completed', 'failed', 'expired', 'in_progress']"
    )
