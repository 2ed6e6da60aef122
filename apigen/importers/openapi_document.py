"""Reading an OpenAPI 3.0/3.1 document (JSON or YAML) and following its local ``$ref``s."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from apigen.importers.report import ImportFailure, ImportReport
from apigen.load import DEFAULT_LIMITS

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


def load_document(path: Path) -> dict[str, Any]:
    """The document at ``path``; refuses what is not an OpenAPI 3.0 or 3.1 document."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFailure(f"{path}: cannot be read: {error.strerror or error}") from error
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise ImportFailure(f"{path}: larger than {MAX_DOCUMENT_BYTES // 2**20} MiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailure(f"{path}: not UTF-8 text (byte {error.start})") from error
    data = _parse(path, text)
    if not isinstance(data, dict):
        raise ImportFailure(f"{path}: not an OpenAPI document (the top level is not a mapping)")
    version = str(data.get("openapi", ""))
    if not version.startswith(("3.0", "3.1")):
        found = f"swagger {data['swagger']}" if "swagger" in data else repr(version or None)
        raise ImportFailure(
            f"{path}: OpenAPI 3.0 and 3.1 are supported, this document is {found} "
            "(convert a Swagger 2 document to OpenAPI 3 first)"
        )
    if not isinstance(data.get("paths"), dict):
        raise ImportFailure(f"{path}: the document has no `paths`")
    return data


def _parse(path: Path, text: str) -> Any:
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFailure(
                f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
            ) from error
    try:
        return YAML(typ="safe", pure=False).load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ImportFailure(f"{where}: not valid YAML: {error.problem}") from error
    except Exception as error:  # ruamel raises several unrelated types for broken input
        raise ImportFailure(f"{path}: not valid YAML: {error}") from error


def pointer(*parts: str | int) -> str:
    """A JSON pointer (``#/paths/~1files/post``) from its unescaped parts."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "#/" + "/".join(escaped)


@dataclass
class Document:
    data: dict[str, Any]
    report: ImportReport

    def resolve(self, node: Any, where: str) -> tuple[Any, str]:
        """``node`` with ``$ref``s followed (local ones only), and the pointer of what it is."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            reference = node["$ref"]
            if reference in seen or len(seen) > DEFAULT_LIMITS.max_depth:
                self.report.warn("W608", where, f"$ref cycle at {reference}")
                return {}, where
            seen.add(reference)
            target = self.target(reference)
            if target is None:
                self.report.warn("W608", where, f"$ref {reference} is not a place in this document")
                return {}, where
            node, where = target, reference
        return node, where

    def target(self, reference: str) -> Any:
        """The node a local ``#/...`` reference points at, or None."""
        if not reference.startswith("#/"):
            return None
        node: Any = self.data
        for raw in reference[2:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        return node
