"""Private values for live calls: the environment, else a ``.env`` file beside the spec.

The ``.env`` format is the one generated clients read with ``env_file=`` (see the runtime's
``dotenv`` module).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from apigen.live import runtime

DOTENV = ".env"


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
    """The variables of a ``.env`` text, and a warning for each line that is not understood.

    The parser is the generated clients' own (``env_file=``), so both read a file alike.
    """
    values, unread = runtime.submodule("dotenv").parse_dotenv(text)
    warnings = [
        f"warning: {name}:{number}: not a KEY=VALUE line; it is ignored" for number in unread
    ]
    return values, warnings


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
