"""``.env`` files, read when a client is given ``env_file=``: no other library needed.

The format is the common one: ``KEY=VALUE`` lines (an optional ``export`` before the key), ``#``
comments, values in single quotes (taken as written) or double quotes (with ``\\n``, ``\\t``,
``\\"`` and ``\\\\`` escapes); an unquoted value ends at `` #``. Values span one line. The
process environment wins over the file, and a client's keyword arguments over both.
"""

from __future__ import annotations

import os
import re

FilePath = str | os.PathLike[str]
_LINE = re.compile(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)")
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"\s*(?:#.*)?')
_SINGLE_QUOTED = re.compile(r"'([^']*)'\s*(?:#.*)?")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def parse_dotenv(text: str) -> tuple[dict[str, str], list[int]]:
    """The variables of a ``.env`` text, and the numbers of the lines that are not understood."""
    values: dict[str, str] = {}
    unread: list[int] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.fullmatch(line)
        value = _value(match.group(2)) if match else None
        if match is None or value is None:
            unread.append(number)
            continue
        values[match.group(1)] = value
    return values, unread


def read_env_file(path: FilePath) -> dict[str, str]:
    """The variables of the file at ``path``; raises ValueError for a line that is not one."""
    with open(path, encoding="utf-8-sig") as file:
        values, unread = parse_dotenv(file.read())
    if unread:
        lines = ", ".join(map(str, unread))
        raise ValueError(f"{os.fspath(path)}: line(s) {lines} are not KEY=VALUE lines")
    return values


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
