"""Private values for live calls: the environment, else a ``.env`` file beside the spec.

The ``.env`` format is the common one: ``KEY=VALUE`` lines (an optional ``export`` before the
key), ``#`` comments, values in single quotes (taken as written) or double quotes (with ``\\n``,
``\\t``, ``\\"`` and ``\\\\`` escapes); an unquoted value ends at `` #``. Values span one line.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DOTENV = ".env"
_LINE = re.compile(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)")
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"\s*(?:#.*)?')
_SINGLE_QUOTED = re.compile(r"'([^']*)'\s*(?:#.*)?")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class PrivateValues:
    """Looks up environment variables: the process environment first, then the ``.env`` file."""

    dotenv: dict[str, str] = field(default_factory=dict)
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    warnings: list[str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        """The value of ``name``; an empty value is a value (a blank password), as in generated
        clients."""
        value = self.environ.get(name)
        return value if value is not None else self.dotenv.get(name)


def private_values(spec_dir: Path) -> PrivateValues:
    """The values for a spec in ``spec_dir``, with warnings about its ``.env`` file."""
    path = spec_dir / DOTENV
    if not path.is_file():
        return PrivateValues()
    values, warnings = parse_dotenv(path.read_text(encoding="utf-8-sig"), path.name)
    if is_tracked_by_git(path):
        warnings.insert(
            0,
            f"warning: {path} is tracked by git, so its secrets are in the repository's history: "
            f"remove it (`git rm --cached {path.name}`), add it to .gitignore and replace the "
            "secrets it held",
        )
    return PrivateValues(values, warnings=warnings)


def parse_dotenv(text: str, name: str = DOTENV) -> tuple[dict[str, str], list[str]]:
    """The variables of a ``.env`` text, and a warning for each line that is not understood."""
    values: dict[str, str] = {}
    warnings: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.fullmatch(line)
        value = _value(match.group(2)) if match else None
        if match is None or value is None:
            warnings.append(f"warning: {name}:{number}: not a KEY=VALUE line; it is ignored")
            continue
        values[match.group(1)] = value
    return values, warnings


def _value(text: str) -> str | None:
    if text.startswith('"'):
        quoted = _DOUBLE_QUOTED.fullmatch(text)
        if quoted is None:
            return None
        return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), quoted.group(1))
    if text.startswith("'"):
        quoted = _SINGLE_QUOTED.fullmatch(text)
        return None if quoted is None else quoted.group(1)
    return re.split(r"\s+#", text, maxsplit=1)[0].rstrip()


def is_tracked_by_git(path: Path) -> bool:
    """Whether git tracks ``path``; False when git is missing or the folder is not a repository."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "--error-unmatch", path.name],
            cwd=path.parent,
            capture_output=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0
