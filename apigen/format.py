"""Format stage: black for Python files (in process), a final newline for every non-empty file."""

from __future__ import annotations

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

BLACK_MODE = black.Mode(line_length=100, target_versions={TargetVersion.PY310})


class FormatError(Exception):
    """Generated Python did not parse: a bug in apigen, never the user's mistake."""


def format_files(files: dict[str, str], formatted: frozenset[str] = frozenset()) -> dict[str, str]:
    """Every file formatted; paths in ``formatted`` are known to be formatted already."""
    return {
        path: text if path in formatted else _format(path, text) for path, text in files.items()
    }


def _format(path: str, text: str) -> str:
    if path.endswith(".py"):
        try:
            return black.format_str(text, mode=BLACK_MODE)
        except InvalidInput as error:
            raise FormatError(f"generated {path} is not valid Python: {error}") from error
    if text and not text.endswith("\n"):
        return text + "\n"
    return text
