"""Calls whose response is an object in one sample and an array in another, against a real server.

The spec is tests/build/specs/unions (its package is also type-checked with the others).
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.build.helpers import built_example, example_spec
from tests.servers.recording import RecordingServer, Reply

from .support import MODES, assert_parsed, call_client, import_built, unload

SAMPLES = example_spec("unions").parent / "samples"
FILE = json.loads((SAMPLES / "file.json").read_text(encoding="utf-8"))
FOLDER = json.loads((SAMPLES / "folder.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def unions_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield import_built(built_example("unions"), tmp_path_factory.mktemp("unions"), "unions_sdk")
    unload(["unions_sdk"])


def _client_kwargs(server: RecordingServer) -> dict[str, str]:
    return {"base_url": server.url, "repo_token": "t0ken"}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("reply", [FILE, FOLDER], ids=["object", "array"])
def test_an_object_or_an_array_is_parsed_as_it_comes(
    unions_sdk: ModuleType, recording_server: RecordingServer, mode: str, reply: object
) -> None:
    recording_server.route("GET", "/contents/README.md", Reply.json(reply))
    kwargs = _client_kwargs(recording_server)
    result = call_client(
        mode, unions_sdk, "RepoContentsClient", kwargs, "get_contents", {"path": "README.md"}
    )
    assert_parsed(result, reply)
    assert recording_server.last.path == "/contents/README.md"


def test_a_result_holds_the_object_or_array_or_the_error(
    unions_sdk: ModuleType, recording_server: RecordingServer
) -> None:
    recording_server.route(
        "GET", "/contents/src", Reply.json(FOLDER), Reply.json({"message": "Not Found"}, 404)
    )
    with unions_sdk.RepoContentsClient(**_client_kwargs(recording_server)) as client:
        assert_parsed(client.try_contents(path="src").unwrap(), FOLDER)
        failed = client.try_contents(path="src")
    assert isinstance(failed.error, unions_sdk.NotFoundError)


def test_tracebacks_name_errors_where_users_import_them(
    unions_sdk: ModuleType, recording_server: RecordingServer
) -> None:
    recording_server.route("GET", "/readme", Reply.json({"message": "Not Found"}, 404))
    client = unions_sdk.RepoContentsClient(**_client_kwargs(recording_server))
    with client, pytest.raises(unions_sdk.NotFoundError) as caught:
        client.get_readme()
    text = "".join(traceback.format_exception(caught.value))
    assert "unions_sdk.NotFoundError: 404 Not Found" in text
    assert "_runtime" not in repr(type(caught.value))
