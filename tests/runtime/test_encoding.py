"""Unit tests of the form/query encoder and of file parts (one function each, no server)."""

from __future__ import annotations

import io
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from .conftest import Demo


@pytest.fixture
def encoding(demo: Demo) -> ModuleType:
    return demo.runtime("encoding")


@pytest.fixture
def files(demo: Demo) -> ModuleType:
    return demo.runtime("files")


@pytest.mark.parametrize(
    ("value", "array_format", "pairs"),
    [
        (None, "repeat", []),
        ([], "comma", []),
        (["a", None, "b"], "repeat", [("k", "a"), ("k", "b")]),
        ([1, True], "comma", [("k", "1,true")]),
        ({"a": None, "b": [{"c": 1}]}, "repeat", [("k[b][0][c]", "1")]),
        ({"a": [[1, 2]]}, "brackets", [("k[a][0][]", "1"), ("k[a][0][]", "2")]),
        ({}, "repeat", []),
    ],
    ids=["unset", "empty-comma", "none-items", "comma-scalars", "nested", "nested-arrays", "empty"],
)
def test_form_pairs_edges(
    encoding: ModuleType, value: object, array_format: str, pairs: list[tuple[str, str]]
) -> None:
    assert list(encoding.form_pairs("k", value, array_format)) == pairs


def test_null_is_an_empty_value(encoding: ModuleType) -> None:
    assert list(encoding.form_pairs("k", encoding.NULL, "repeat")) == [("k", "")]


def test_a_path_is_streamed_in_pieces_and_closed(files: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(bytes(range(256)) * 4096)  # 1 MiB
    name, content, content_type = files.file_part("upload", path)
    assert (name, content_type) == ("big.bin", "application/octet-stream")
    assert isinstance(content, files.PathReader)
    stream = httpx.Request("POST", "http://x", files=[("upload", (name, content, content_type))])
    chunks = list(stream.stream)
    assert max(len(chunk) for chunk in chunks) <= 64 * 1024
    assert b"".join(chunks).count(path.read_bytes()) == 1
    assert content._file is None  # closed once read to the end
    assert list(stream.stream) == chunks  # a retry rewinds and sends the file again


def test_text_is_not_a_file(files: ModuleType) -> None:
    with pytest.raises(TypeError, match="upload: a file is bytes"):
        files.file_part("upload", io.StringIO("text"))
    with pytest.raises(TypeError, match="upload: a file is bytes"):
        files.file_part("upload", "a string")


def test_the_mock_reads_bracketed_keys_as_their_parameter(demo: Demo) -> None:
    """A required object or array sent with brackets is present, not missing (apigen mock)."""
    mock = demo.runtime("mock")
    call = mock.MockCall(
        "Shop",
        "create",
        "POST",
        "/c",
        "json",
        "application/json",
        required=(("body", "metadata"), ("query", "tag"), ("body", "email")),
    )
    request = mock.MockRequest(
        "POST",
        "/c",
        query=(("tag[]", "a"),),
        headers={"content-type": "application/x-www-form-urlencoded"},
        body=b"metadata%5Border_id%5D=6735",
    )
    assert mock.missing_parameters(call, request) == [("body", "email")]
