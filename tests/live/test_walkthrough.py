"""The README's walkthrough, as separate processes: write a spec, initialize, build, call."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers.recording import RecordingServer, Reply

SPEC = """\
apigen: 1
package: {{name: books_sdk}}
collections:
  - name: Books
    base_url: {url}
    auth: {{type: private_key_in_header, header: X-Api-Key, env: BOOKS_API_KEY}}
    calls:
      - name: Get book
        use_as: data
        path: /books/{{book_id}}
        parameters:
          - {{name: book_id, in: path, example: b_1}}
"""
BOOK = {"id": "b_1", "title": "Dune", "year": 1965, "tags": ["sf"], "published_at": None}
CALLER = """\
from pydantic import BaseModel

from books_sdk import BooksClient

with BooksClient() as client:  # reads BOOKS_API_KEY from the environment
    book = client.get_book(book_id="b_1")
print(isinstance(book, BaseModel), book.title, book.year)
"""


@pytest.mark.slow
def test_write_initialize_build_call(tmp_path: Path, recording_server: RecordingServer) -> None:
    recording_server.route("GET", "/books/b_1", Reply.json(BOOK))
    spec = tmp_path / "books.yaml"
    spec.write_text(SPEC.format(url=recording_server.url))
    (tmp_path / ".env").write_text("BOOKS_API_KEY=key-31337\n")  # read by initialize only

    initialize = _run(tmp_path, "-m", "apigen", "initialize", str(spec))
    assert initialize.returncode == 0, initialize.stderr
    assert "  year          integer" in initialize.stdout
    assert json.loads((tmp_path / "samples/books/get_book.json").read_text()) == BOOK
    assert recording_server.last.header("X-Api-Key") == "key-31337"

    build = _run(tmp_path, "-m", "apigen", "build", str(spec), "-o", str(tmp_path / "sdk"))
    assert build.returncode == 0, build.stderr

    call_env = {"PYTHONPATH": str(tmp_path / "sdk"), "BOOKS_API_KEY": "key-31337"}
    call = _run(tmp_path, "-c", CALLER, env=call_env)
    assert call.returncode == 0, call.stderr
    assert call.stdout == "True Dune 1965\n"


def _run(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "BOOKS_API_KEY"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={**environment, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
