"""The models module of a collection, rendered by datamodel-code-generator from its schema document.

The generator runs once per collection, in process, with the few options pinned in
:func:`generator_options`, and is treated as a black box that returns model classes. apigen decides
what must stay stable and lint-clean itself: class names (the document's ``$defs`` keys), field
names (the generator's ``aliases`` option, keyed ``Model.wire key``), and the module's head: the
given header, ``from __future__ import annotations`` (so classes may come in any order) and the
imports, sorted into the sections ruff's isort rules expect (standard library, third party, the
generated package). The generator's own header and timestamp never appear.
"""

from __future__ import annotations

import ast
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from apigen.cache import cached_texts
from apigen.infer.schema import Schema
from apigen.pyast import first_line, member_order
from apigen.resources import RUNTIME_PACKAGE

BASE_CLASS_MODULE = f"{RUNTIME_PACKAGE}.models"
BASE_CLASS = "ApiModel"


def generator_options() -> dict[str, Any]:
    """The generator's options; imported here, as the cache spares most builds its slow import."""
    from datamodel_code_generator import (
        DatetimeClassType,
        InputFileType,
        LiteralType,
        PythonVersion,
    )
    from datamodel_code_generator.enums import DataModelType

    return {
        "input_file_type": InputFileType.JsonSchema,
        "output_model_type": DataModelType.PydanticV2BaseModel,
        "target_python_version": PythonVersion.PY_310,
        "use_standard_collections": True,  # list[X], dict[str, X]
        "use_union_operator": True,  # X | None
        "output_datetime_class": DatetimeClassType.Datetime,  # not AwareDatetime
        "enum_field_as_literal": LiteralType.All,  # no Enum classes named by the generator
        "skip_root_model": True,  # the document root is only a holder of $defs
        "disable_timestamp": True,
        "formatters": [],  # black runs on the whole module afterwards
    }


@dataclass(frozen=True)
class ModelsModule:
    source: str
    model_names: tuple[str, ...]  # every class the module defines, sorted


def render_models(
    document: Schema, *, aliases: Mapping[str, str], package: str, header: str
) -> ModelsModule:
    """Render ``document`` (a ``$defs`` holder) into the models module of ``package``."""
    head = _head(header)
    if not document.get("$defs"):
        return ModelsModule(head, ())
    found = _generate(document, aliases, package)
    names = tuple(found["names"])
    missing = set(document["$defs"]).difference(names)
    if missing:
        raise RuntimeError(f"the code generator renamed models: {sorted(missing)}")
    return ModelsModule(f"{head}\n{found['imports']}\n\n{found['body']}", names)


def _head(header: str) -> str:
    future = "from __future__ import annotations\n"
    return f"{header.rstrip()}\n\n{future}" if header.strip() else future


def _generate(document: Schema, aliases: Mapping[str, str], package: str) -> dict[str, Any]:
    """The generator's module for ``document``, split into sorted imports, body and class
    names; from the cache when it ran on the same input.

    The cache keeps the module split: parsing the 15,000 lines of a provider's models again
    on every rebuild took a tenth of a second.
    """
    request = json.dumps(
        {"document": document, "aliases": aliases, "package": package}, ensure_ascii=False
    )
    found: dict[str, Any] = json.loads(
        cached_texts("models", {"module": request}, _run_generator)["module"]
    )
    return found


def _run_generator(requests: dict[str, str]) -> dict[str, str]:
    from datamodel_code_generator import generate  # loads slowly: only when the cache misses

    modules = {}
    for name, request in requests.items():
        found = json.loads(request)
        generated = generate(
            found["document"],
            base_class=f"{found['package']}.{BASE_CLASS_MODULE}.{BASE_CLASS}",
            aliases=found["aliases"],
            **generator_options(),
        )
        if not isinstance(generated, str):
            raise RuntimeError("the code generator returned several modules")
        modules[name] = json.dumps(_split(generated, found["package"]), ensure_ascii=False)
    return modules


def _split(generated: str, package: str) -> dict[str, Any]:
    """The generator's module as sorted imports, the body after them, and its class names."""
    tree = ast.parse(generated)
    deduplicated = _literal_members_once(generated, tree)
    if deduplicated != generated:  # rare: parse again only when a Literal changed
        generated, tree = deduplicated, ast.parse(deduplicated)
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    body_start = first_line(next(node for node in tree.body if node not in imports))
    body = "".join(generated.splitlines(keepends=True)[body_start - 1 :]).rstrip("\n") + "\n"
    names = sorted(node.name for node in tree.body if isinstance(node, ast.ClassDef))
    return {"imports": sort_imports(imports, package), "body": body, "names": names}


def _literal_members_once(generated: str, tree: ast.Module) -> str:
    """``generated`` with each ``Literal[...]`` naming a value once.

    The generator joins the values of a property that several ``allOf`` parts declare and
    repeats those they share (``Literal["a", "b", "a"]``), which ruff flags (PYI062).
    """
    encoded = generated.encode()
    starts = [0]
    for line in encoded.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    edits: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Literal"
            and isinstance(node.slice, ast.Tuple)
        ):
            continue
        first: dict[str, ast.expr] = {}
        for member in node.slice.elts:
            first.setdefault(ast.dump(member), member)
        if len(first) == len(node.slice.elts):
            continue
        start = starts[node.lineno - 1] + node.col_offset
        end = starts[(node.end_lineno or node.lineno) - 1] + (node.end_col_offset or 0)
        edits.append((start, end, f"Literal[{', '.join(map(ast.unparse, first.values()))}]"))
    for start, end, text in sorted(edits, reverse=True):
        encoded = encoded[:start] + text.encode() + encoded[end:]
    return encoded.decode()


def sort_imports(imports: Iterable[ast.ImportFrom], package: str) -> str:
    """The ``from`` imports as ruff's isort rules order them, ``__future__`` left out.

    Sections: standard library, third party, then ``package``. Each module's plain names share
    one line (constants, classes, then the rest); every ``as`` name gets a line of its own.
    """
    lines: dict[int, list[tuple[tuple[str, str, bool], str]]] = {}  # section -> (order, text)
    plain: dict[tuple[int, str], set[str]] = {}
    for statement in imports:
        module = "." * statement.level + (statement.module or "")
        section = _section(module, package)
        if section is None:
            continue
        for alias in statement.names:
            if alias.asname:
                text = f"from {module} import {alias.name} as {alias.asname}"
                lines.setdefault(section, []).append(((module.lower(), alias.name, True), text))
            else:
                plain.setdefault((section, module), set()).add(alias.name)
    for (section, module), names in plain.items():
        ordered = sorted(names, key=member_order)
        text = f"from {module} import {', '.join(ordered)}"
        lines.setdefault(section, []).append(((module.lower(), ordered[0], False), text))
    blocks = ("\n".join(text for _, text in sorted(found)) for _, found in sorted(lines.items()))
    return "\n\n".join(blocks) + "\n"


def _section(module: str, package: str) -> int | None:
    top = module.split(".")[0]
    if top == "__future__":
        return None
    if top in sys.stdlib_module_names:
        return 0
    return 2 if top == package or module.startswith(".") else 1
