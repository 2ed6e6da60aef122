"""Pieces of an imported call shared by the cURL and Postman importers.

Requests seen on the wire carry values, not declarations: this module turns them into
parameters (with the value as example, or private when it is a credential), path placeholders,
JSON body templates and call names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from apigen.importers import json_body
from apigen.importers.credentials import env_name, is_secret, shell_variable
from apigen.importers.report import ImportReport
from apigen.importers.spec_writer import Flow
from apigen.names import snake_case, words

_INTEGER = re.compile(r"-?(0|[1-9][0-9]{0,17})")
_VERSION = re.compile(r"v\d+(\.\d+)*([a-z]+\d*)?|\d{4}-\d{2}-\d{2}", re.IGNORECASE)
_ID_LIKE = re.compile(
    r"\d+"  # 12345
    r"|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"  # a UUID
    r"|[a-z]{1,8}_[A-Za-z0-9]{8,}"  # cus_NffrFeUfNV2Hib
    r"|(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{16,}"  # long mixed ids
)
_PLACEHOLDER = re.compile(r"\{\{?([A-Za-z_][\w.-]*)\}?\}|:([A-Za-z_]\w*)|<([A-Za-z_][\w.-]*)>")
_UPPER_NAME = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")
_VERBS = {"PUT": "Replace", "PATCH": "Update", "DELETE": "Delete", "HEAD": "Head"}


def use_as(method: str) -> str:
    return "data" if method in ("GET", "HEAD", "OPTIONS") else "action"


def typed(text: str) -> Any:
    """A value read from a query string or form: integers and booleans as such, else text."""
    if _INTEGER.fullmatch(text):
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    return text


@dataclass
class Params:
    """A call's parameters; a second one with the same Python name is reported, not added."""

    collection: str
    report: ImportReport
    items: list[Flow] = field(default_factory=list)

    def taken(self, name: str) -> bool:
        return any(snake_case(str(p["name"])) == snake_case(name) for p in self.items)

    def add(
        self, name: str, where: str, value: Any, *, described: str = "", default: bool = False
    ) -> None:
        """A parameter sent in ``where`` with ``value`` as its example (private if a secret).

        With ``default`` the value is the parameter's default instead (a Postman variable).
        """
        if self.taken(name):
            self.report.warn(
                "W606", described or name, f"a second parameter named {name!r} is left out"
            )
            return
        param = Flow({"name": name, "in": where})
        if is_secret(name, value) and value is not None:
            env = env_name(self.collection, name, value)
            param.update(private=True, env=env)
            self.report.need(env, f"{where} parameter {name}")
        else:
            kind = json_body.json_type(value)
            if kind != "string":
                param["type"] = kind
            if value is not None and value != "":
                param["default" if default else "example"] = value
        self.items.append(param)

    def add_path(self, name: str, example: str | None) -> None:
        param = Flow({"name": name, "in": "path"})
        if example:
            param["example"] = example
        self.items.append(param)

    def add_body(self, body: Any) -> str:
        """The template of a JSON body; each leaf becomes a body parameter."""
        found = json_body.template(body, self.taken)
        for leaf in found.leaves:
            self.add(leaf.name, "body", leaf.value, described=leaf.place)
        return found.text


def templated_path(
    path: str,
    params: Params,
    examples: dict[str, str] | None = None,
    known: frozenset[str] = frozenset(),
) -> str:
    """``path`` with its variable segments as ``{name}`` placeholders, each a path parameter.

    Variable segments: placeholders as docs write them (``{id}``, ``{{id}}``, ``:id``, ``<id>``,
    ``OWNER``, ``$ACCOUNT_SID``) and ids (numbers, UUIDs, ``cus_NffrFeUfNV2Hib``), named after the
    segment before them (``customers/cus_1`` → ``customer_id``). ``examples`` gives the
    examples of placeholders by name; ``known`` paths of the collection (``/contacts/{contact_id}``)
    name the segments they have placeholders at, so ``/contacts/c_1/notes`` reuses ``contact_id``.
    """
    segments = path.split("/")
    names = _known_names(segments, known)
    out: list[str] = []
    for index, segment in enumerate(segments):
        name, example = _variable(segment, segments[index - 1] if index else "")
        if index in names and any(c.isdigit() for c in segment) and name is None:
            # A short id (c_123) where the collection has a placeholder; words stay literal.
            name, example = names[index], segment
        elif index in names and name is not None:
            name = names[index]
        if name is not None and example is None:
            example = (examples or {}).get(name)
        if name is None:
            out.append(segment)
            continue
        base, number = name, 2
        while params.taken(name):
            name, number = f"{base}_{number}", number + 1
        params.add_path(name, example)
        out.append("{" + name + "}")
    return "/".join(out)


def _known_names(segments: list[str], known: frozenset[str]) -> dict[int, str]:
    """Placeholder names by segment index, from the known path that matches the most literals."""
    best: dict[int, str] = {}
    for template in sorted(known):
        parts = template.split("/")
        if len(parts) > len(segments):
            continue
        names = {i: p[1:-1] for i, p in enumerate(parts) if p.startswith("{") and p.endswith("}")}
        literals = [i for i in range(len(parts)) if i not in names]
        if names and all(parts[i] == segments[i] for i in literals) and len(names) > len(best):
            best = names
    return best


def _variable(segment: str, before: str) -> tuple[str | None, str | None]:
    """(parameter name, example) when ``segment`` is variable, else (None, None)."""
    if not segment:
        return None, None
    if (variable := shell_variable(segment)) is not None:
        return snake_case(variable), None
    if (found := _PLACEHOLDER.fullmatch(segment)) is not None:
        name = next(group for group in found.groups() if group)
        return snake_case(name) or "id", None
    if _UPPER_NAME.fullmatch(segment) and len(segment) > 1:
        return snake_case(segment), None
    if _ID_LIKE.fullmatch(segment) and not _VERSION.fullmatch(segment):
        return _singular(snake_case(before)) + "_id" if before else "id", segment
    return None, None


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word or "item"


def split_version(path: str) -> tuple[str, str]:
    """(version prefix, rest): ``/v1/charges`` → (``/v1``, ``/charges``); else ("", path)."""
    first, slash, rest = path.lstrip("/").partition("/")
    if _VERSION.fullmatch(first):
        return "/" + first, "/" + rest if slash else ""
    return "", path


def call_name(method: str, path: str) -> str:
    """A name from what a call does: ``GET /customers/{customer_id}`` → ``Get customer``."""
    segments = [s for s in path.split("/") if s and not _VERSION.fullmatch(s)]
    ends_with_variable = bool(segments) and segments[-1].startswith("{")
    literal = [s.rsplit(".", 1)[0] for s in segments if not s.startswith("{")]
    if method == "GET":
        verb = "Get" if ends_with_variable else "List"
    elif method == "POST":
        verb = "Update" if ends_with_variable else "Create"
    else:
        verb = _VERBS.get(method, method.title())
    nouns = [w for segment in literal for w in words(segment)]
    if (ends_with_variable or verb == "Create") and nouns:
        nouns[-1] = _singular(nouns[-1])
    return " ".join([verb, *nouns])
