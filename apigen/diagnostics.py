"""Diagnostics: what apigen tells a user about their spec, with a position and a stable code.

Stages collect diagnostics instead of raising. Every code is listed once in :data:`CODES` (the
table in docs/diagnostics.md is checked against it by the tests).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

# Exit codes of every command (docs/cli.md): done and clean, findings (errors in a spec, a failed
# or drifted call, a stale build), and a usage error (bad options or output folder).
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

CODES: dict[str, str] = {
    # E1xx: reading files
    "E101": "file cannot be read (missing, no permission, or not a regular file)",
    "E102": "file is larger than the size limit",
    "E103": "file is not valid UTF-8 text",
    "E104": "YAML syntax error",
    "E105": "duplicate key in a mapping",
    "E106": "document nested deeper than the limit",
    "E107": "document expands to too many nodes (alias/anchor bomb)",
    "E108": "path leaves the spec's directory tree or is absolute",
    "E109": "include cycle",
    "E110": "JSON sample file is not valid JSON",
    "E111": "recursive YAML alias",
    "E112": "integer with more digits than the limit (4,300)",
    # E2xx: the shape of the spec
    "E201": "unknown key",
    "E202": "missing required key",
    "E203": "value has the wrong type",
    "E204": "value is not one of the allowed values",
    "E205": "value out of range or badly formed",
    "E206": "unsupported format version",
    # E3xx: meaning
    "E301": "duplicate name (also after conversion to a Python name)",
    "E302": "path placeholder without a path parameter",
    "E303": "path parameter that does not appear in the path",
    "E304": "body placeholder without a body parameter",
    "E305": "body parameter that does not appear in the body template",
    "E306": "body template is not valid JSON",
    "E307": "base URL is not an absolute http(s) URL",
    "E308": "body parameter on a call whose method has no body",
    "E309": "private parameter with a default or example value",
    "E310": "invalid environment variable name",
    "E311": "one environment variable used for two different values",
    "E312": "literal that looks like a credential",
    "E313": "package name is not a valid Python identifier",
    "E314": "placeholder name is not valid",
    "E315": "sample has neither or both of file and inline",
    "E316": "path parameter cannot be optional",
    "E317": "invalid JSON Schema in response.schema",
    "E318": "invalid header name",
    "E319": "value does not match the parameter type",
    "E320": "header value with a line break or other control character",
    "E321": "package name of a standard library module or of a dependency",
    "E325": "name without a letter or digit that can be part of a Python name",
    "E326": "body template on a call whose body_format is not json",
    "E330": "request-encoding key where it means nothing",
    "E331": "response.types names a place no sample of the call has",
    "E332": "model name that is not a PascalCase class name, or one the package already uses",
    "E333": "python_name that is not a valid class or method name",
    "E334": "`$ref` to a schema the collection does not declare",
    "E340": "pagination or stream key that does not fit its call",
    "E341": "cursor parameter that the call does not declare",
    "E342": "pagination place badly formed or found in no sample",
    # W: warnings
    "W401": "call has no response sample and no schema: it returns untyped JSON",
    "W402": "value typed Any: no sample shows its type",
}


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Position(NamedTuple):
    """A place in a source file; line and column count from 1.

    A named tuple rather than a frozen dataclass: loading a spec makes one for every key and
    value (75,000 for Stripe's), and a tuple is made in half the time.
    """

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    position: Position
    severity: Severity
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered diagnostic code {self.code}")

    @property
    def sort_key(self) -> tuple[Position, str, str]:
        return (self.position, self.code, self.message)

    def format(self) -> str:
        return f"{self.position}: {self.severity.value}: {self.message} [{self.code}]"

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.position.file,
            "line": self.position.line,
            "column": self.position.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class Diagnostics:
    """A collector that stages append to; iteration yields diagnostics sorted by position."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, position: Position, code: str, message: str) -> None:
        self.items.append(Diagnostic(position, Severity.ERROR, code, message))

    def warning(self, position: Position, code: str, message: str) -> None:
        self.items.append(Diagnostic(position, Severity.WARNING, code, message))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(set(self.items), key=lambda d: d.sort_key))

    def __len__(self) -> int:
        return len(set(self.items))


def display_path(path: Path) -> str:
    """The path as users should see it: relative to the working directory when below it."""
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = path
    return readable_name(str(shown))


def readable_name(name: str) -> str:
    """A file name that can be printed and written as UTF-8.

    Bytes of a name that are not UTF-8 arrive as lone surrogates (Python's `surrogateescape`);
    they become ``\\xff`` escapes instead of failing whatever encodes the text later.
    """
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no byte gave: written in the spec itself
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def to_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.as_json() for d in diagnostics], indent=2)
