"""A cURL command, as provider docs print it, read into the request it sends.

Understands what docs use: ``-X``, ``-H``, ``-d``/``--data``/``--data-raw``/``--data-binary``/
``--data-urlencode``, ``--json``, ``-F``, ``-u``, ``-G``, ``--url``, ``-A``, ``-b``, bundled short
flags (``-sSL``, ``-XPOST``), quotes, and backslash line continuations. Options that do not
change the request (``-s``, ``-v``, ``-L`` …) are dropped; any other option is reported.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

from apigen.importers.report import ImportFailure, ImportReport

_CONTINUATION = re.compile(r"\\[ \t]*\r?\n|\^[ \t]*\r?\n|`[ \t]*\r?\n")
_PROMPT = re.compile(r"^\s*\$\s+")

# Options whose value is the next word (or the rest of a bundled short option).
_WITH_VALUE = {
    "-X": "--request",
    "-H": "--header",
    "-d": "--data",
    "-F": "--form",
    "-u": "--user",
    "-A": "--user-agent",
    "-e": "--referer",
    "-b": "--cookie",
    "-o": "--output",
    "-m": "--max-time",
    "-w": "--write-out",
}
_LONG_WITH_VALUE = frozenset(
    {
        *_WITH_VALUE.values(),
        "--data-raw",
        "--data-binary",
        "--data-ascii",
        "--data-urlencode",
        "--json",
        "--form-string",
        "--url",
        "--oauth2-bearer",
        "--connect-timeout",
        "--retry",
        "--cacert",
        "--cert",
        "--key",
        "--proxy",
        "--resolve",
    }
)
_FLAGS = {"-G": "--get", "-I": "--head"}
# Flags that change nothing in what is sent: output, progress, redirects, compression.
_QUIET_FLAGS = frozenset(
    {
        "-s",
        "-S",
        "-v",
        "-i",
        "-L",
        "-f",
        "-N",
        "-g",
        "-#",
        "--silent",
        "--show-error",
        "--verbose",
        "--include",
        "--location",
        "--fail",
        "--fail-with-body",
        "--no-buffer",
        "--globoff",
        "--compressed",
        "--progress-bar",
        "--http1.1",
        "--http2",
        "--no-progress-meter",
    }
)


@dataclass(frozen=True)
class FormField:
    name: str
    value: str
    is_file: bool


@dataclass
class CurlRequest:
    url: str = ""
    method: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    data: list[str] = field(default_factory=list)  # each -d value, @file ones excluded
    urlencoded: list[tuple[str, str]] = field(default_factory=list)  # --data-urlencode pairs
    json_data: list[str] = field(default_factory=list)  # --json values
    form: list[FormField] = field(default_factory=list)
    user: str | None = None
    bearer: str | None = None
    get: bool = False
    head: bool = False
    max_time: float | None = None
    retries: int | None = None


def command_words(text: str) -> list[str]:
    """The words of a command written as one text (quotes, continuations, a ``$`` prompt)."""
    joined = _CONTINUATION.sub(" ", _PROMPT.sub("", text))
    try:
        words = shlex.split(joined, comments=False, posix=True)
    except ValueError as error:
        raise ImportFailure(f"cannot read the command: {error} (an unclosed quote?)") from error
    if not words:
        raise ImportFailure("the command is empty")
    return words


def parse(words: list[str], report: ImportReport) -> CurlRequest:
    """The request of a cURL command's words (with or without the leading ``curl``)."""
    if words and (words[0] == "curl" or words[0].endswith(("/curl", "curl.exe"))):
        words = words[1:]
    request = CurlRequest()
    queue = list(words)
    while queue:
        word = queue.pop(0)
        for option, value in _options(word, queue):
            _apply(request, option, value, report)
    if not request.url:
        raise ImportFailure("the command has no URL")
    return request


def _options(word: str, queue: list[str]) -> list[tuple[str, str | None]]:
    """The (option, value) pairs one word stands for; a URL is (``--url``, it)."""
    if word.startswith("--"):
        name, equals, inline = word.partition("=")
        if name in _LONG_WITH_VALUE and not equals:
            return [(word, _next_value(word, queue))]
        return [(name, inline if equals else None)]
    if not word.startswith("-") or word == "-":
        return [("--url", word)]
    pairs: list[tuple[str, str | None]] = []
    for index in range(1, len(word)):
        short = "-" + word[index]
        if short in _WITH_VALUE:
            rest = word[index + 1 :]
            pairs.append((_WITH_VALUE[short], rest or _next_value(short, queue)))
            return pairs
        pairs.append((_FLAGS.get(short, short), None))
    return pairs


def _next_value(option: str, queue: list[str]) -> str:
    if not queue:
        raise ImportFailure(f"{option} needs a value")
    return queue.pop(0)


def _apply(request: CurlRequest, option: str, value: str | None, report: ImportReport) -> None:
    text = value or ""
    if option == "--url":
        if request.url:
            report.warn("W601", text, "a second URL is ignored: import one request at a time")
        else:
            request.url = text
    elif option == "--request":
        request.method = text.upper()
    elif option == "--header":
        _header(request, text, report)
    elif option in ("--data", "--data-ascii", "--data-binary"):
        _data(request, option, text, report, files=True)
    elif option == "--data-raw":
        _data(request, option, text, report, files=False)
    elif option == "--data-urlencode":
        _urlencoded(request, text, report)
    elif option == "--json":
        _data(request, option, text, report, files=True, into=request.json_data)
    elif option in ("--form", "--form-string"):
        _form(request, text, is_string=option == "--form-string")
    elif option == "--user":
        request.user = text
    elif option == "--oauth2-bearer":
        request.bearer = text
    elif option == "--user-agent":
        request.headers.append(("User-Agent", text))
    elif option == "--referer":
        request.headers.append(("Referer", text))
    elif option == "--cookie":
        request.headers.append(("Cookie", text))
    else:
        _flag(request, option, value, report)


def _flag(request: CurlRequest, option: str, value: str | None, report: ImportReport) -> None:
    if option == "--get":
        request.get = True
    elif option == "--head":
        request.head = True
    elif option == "--max-time" and _is_number(value):
        request.max_time = float(value or 0)
    elif option == "--retry" and (value or "").isdigit():
        request.retries = int(value or 0)
    elif option not in _QUIET_FLAGS:
        shown = option if value is None else f"{option} {value}"
        report.warn("W601", option, f"`{shown}` is not used: the call is imported without it")


def _is_number(value: str | None) -> bool:
    try:
        return value is not None and float(value) > 0
    except ValueError:
        return False


def _header(request: CurlRequest, text: str, report: ImportReport) -> None:
    name, colon, header_value = text.partition(":")
    if not colon or not name.strip():
        report.warn("W601", f"-H {text}", "not a `Name: value` header: ignored")
        return
    request.headers.append((name.strip(), header_value.strip()))


def _data(
    request: CurlRequest,
    option: str,
    text: str,
    report: ImportReport,
    *,
    files: bool,
    into: list[str] | None = None,
) -> None:
    if files and text.startswith("@"):
        report.warn("W602", f"{option} {text}", "the body is read from a file: write it inline")
        return
    (request.data if into is None else into).append(text)


def _urlencoded(request: CurlRequest, text: str, report: ImportReport) -> None:
    # curl's forms: "content", "=content", "name=content", "@file", "name@file".
    name, equals, content = text.partition("=")
    if not equals:
        if "@" in text:
            report.warn("W602", f"--data-urlencode {text}", "the value is read from a file")
        else:
            request.data.append(text)
        return
    if not name:
        request.data.append(content)
        return
    request.urlencoded.append((name, content))


def _form(request: CurlRequest, text: str, *, is_string: bool) -> None:
    name, _, value = text.partition("=")
    is_file = not is_string and value.startswith(("@", "<"))
    request.form.append(FormField(name, value[1:] if is_file else value, is_file))


def data_pairs(data: list[str]) -> list[tuple[str, str]] | None:
    """``-d`` values as form pairs, or None when they are not ``name=value&…`` text."""
    pairs: list[tuple[str, str]] = []
    for chunk in "&".join(data).split("&"):
        if not chunk:
            continue
        name, equals, value = chunk.partition("=")
        if not equals or not name or any(c in name for c in ' {}"\n'):
            return None
        pairs.append((unquote_plus(name), unquote_plus(value)))
    return pairs
