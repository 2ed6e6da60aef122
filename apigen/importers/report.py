"""What an import did: calls added, constructs left out (with where they are), variables to set.

Warnings have stable codes (documented in docs/import.md); ``where`` names the place in the
input: a JSON pointer (``#/paths/~1files/post``) for documents, the option for cURL commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WARNING_CODES: dict[str, str] = {
    "W601": "cURL option that apigen does not use (ignored)",
    "W602": "request body or form field read from a file: left out",
    "W603": "URL outside the collection's base_url",
    "W604": "security scheme that apigen cannot express: calls are imported without it",
    "W605": "operation skipped: it needs a construct apigen cannot express",
    "W606": "parameter or body field left out (cookie parameter, name clash, unsupported style)",
    "W607": "content type apigen cannot express: the call sends or returns another type",
    "W608": "reference to another file or an unknown place: treated as any value",
    "W609": "example left out: it looks like a credential or does not match its type",
    "W610": "Postman script, folder auth or request auth that apigen cannot express",
    "W611": "server URL with variables or not absolute: a default or placeholder base_url",
    "W612": "credential of another kind than the collection's auth: sent as a private parameter",
}


class ImportFailure(Exception):
    """The input cannot be imported at all (unreadable, not the format, an existing output)."""


@dataclass(frozen=True)
class ImportWarning:
    code: str
    where: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in WARNING_CODES:
            raise ValueError(f"unregistered import warning code {self.code}")

    def format(self) -> str:
        return f"warning: {self.where}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class Variable:
    """An environment variable the generated client reads, and what the user puts in it."""

    name: str
    purpose: str


@dataclass
class ImportReport:
    calls: list[str] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "GET /path (reason)"

    def warn(self, code: str, where: str, message: str) -> None:
        self.warnings.append(ImportWarning(code, where, message))

    def skip(self, code: str, where: str, operation: str, reason: str) -> None:
        self.skipped.append(f"{operation}: {reason}")
        self.warn(code, where, f"{operation} skipped: {reason}")

    def need(self, name: str, purpose: str) -> None:
        if all(variable.name != name for variable in self.variables):
            self.variables.append(Variable(name, purpose))

    def lines(self) -> list[str]:
        """What to print after the summary line: warnings, then the variables to set."""
        out = [warning.format() for warning in self.warnings]
        if self.variables:
            out.append("set these environment variables before using the client:")
            out += [f"  {v.name}: {v.purpose}" for v in self.variables]
        return out
