"""apigen import postman: a collection modelled on the public Notion API export, and one warning
case per construct apigen cannot express."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import Json, Wire, assert_wire
from tests.servers.recording import RecordingServer, Reply

from .support import DATA, apigen, build, check_errors, load

NOTION = DATA / "notion.postman_collection.json"
SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def imported(collection: Path, out: str = "api.yaml") -> tuple[Path, list[str]]:
    run = apigen("import", "postman", str(collection), "-o", out)
    assert run.exit_code == 0, run.stderr
    assert check_errors(Path(out)) == []
    return Path(out), run.warnings()


def write_collection(items: list[Any], **top: Any) -> Path:
    path = Path("collection.json")
    data = {"info": {"name": "Acme", "schema": SCHEMA}, "item": items, **top}
    path.write_text(json.dumps(data))
    return path


def request(
    name: str, method: str = "GET", url: str = "https://api.acme.example/v1/x", **more: Any
) -> dict[str, Any]:
    return {"name": name, "request": {"method": method, "url": url, "header": [], **more}}


def test_notion_collection_becomes_a_spec_with_auth_variables_and_samples() -> None:
    spec, warnings = imported(NOTION)
    collection = load(spec)["collections"][0]
    assert collection["base_url"] == "https://api.notion.com/v1"
    assert collection["auth"] == {
        "type": "private_key_in_header",
        "header": "Authorization",
        "prefix": "Bearer ",
        "env": "BEARER_TOKEN",
    }
    names = [call["name"] for call in collection["calls"]]
    assert names == [
        "Databases Query a database",
        "Pages Retrieve a page",
        "Pages Create a page",
        "Users List all users",
        "Search",
    ]
    query = collection["calls"][0]
    assert query["path"] == "/databases/{database_id}/query"
    assert {"name": "Notion-Version", "in": "header", "default": "2022-06-28"} in query[
        "parameters"
    ]
    assert query["response"]["samples"][0]["inline"]["object"] == "list"
    assert query["response"]["error_samples"][0]["inline"]["code"] == "object_not_found"
    # The test script, the file body and the request to another host are reported.
    assert warnings == ["W610", "W605", "W603"]


def test_the_built_notion_client_sends_the_request_and_reads_the_sample_model(
    tmp_path: Path, recording_server: RecordingServer
) -> None:
    spec, _ = imported(NOTION)
    package = build(spec, tmp_path / "built")
    page = {
        "object": "page",
        "id": "0b5f1b9e-7a47-4c3a-9d35-3a1f3f3c2b10",
        "created_time": "2022-03-01T19:05:00.000Z",
        "archived": False,
    }
    answer = {"object": "list", "results": [page], "next_cursor": None, "has_more": False}
    recording_server.route("POST", "/databases/db1/query", Reply.json(answer))
    with package.NotionApiClient(base_url=recording_server.url, bearer_token="secret") as client:
        result = client.databases_query_a_database(
            database_id="db1", property="Status", equals="Done", page_size=5
        )
    assert str(result.results[0].id) == page["id"]  # typed as a UUID, as the samples show
    assert_wire(
        recording_server.last,
        Wire(
            "POST",
            "/databases/db1/query",
            headers={
                "Accept": "*/*",
                "Authorization": "Bearer secret",
                "Notion-Version": "2022-06-28",
                "Content-Type": "application/json",
            },
            body=Json(
                {"filter": {"property": "Status", "select": {"equals": "Done"}}, "page_size": 5}
            ),
        ),
    )


def test_variables_holding_credentials_become_private_parameters() -> None:
    path = write_collection(
        [
            request(
                "Get thing",
                url="{{base}}/v1/things/{{thingId}}?api_key={{apiKey}}",
                header=[{"key": "X-Session", "value": "{{sessionToken}}"}],
            )
        ],
        variable=[
            {"key": "base", "value": "https://api.acme.example"},
            {"key": "thingId", "value": "t_1"},
            {"key": "apiKey", "value": "k-123"},
            {"key": "sessionToken", "value": ""},
        ],
    )
    spec, _ = imported(path)
    (call,) = load(spec)["collections"][0]["calls"]
    assert call["path"] == "/things/{thing_id}"
    assert call["parameters"] == [
        {"name": "thing_id", "in": "path", "example": "t_1"},
        {"name": "api_key", "in": "query", "private": True, "env": "API_KEY"},
        {"name": "X-Session", "in": "header", "private": True, "env": "SESSION_TOKEN"},
    ]
    assert "k-123" not in spec.read_text()


def test_folder_and_request_auth_apigen_cannot_express_are_reported() -> None:
    folder = {
        "name": "Admin",
        "auth": {"type": "digest", "digest": []},
        "item": [request("Audit", auth={"type": "hawk", "hawk": []})],
    }
    path = write_collection(
        [folder], auth={"type": "bearer", "bearer": [{"key": "token", "value": "x"}]}
    )
    _, warnings = imported(path)
    assert warnings == ["W610", "W610"]


def test_collection_auth_apigen_cannot_express_is_reported() -> None:
    path = write_collection([request("Ping")], auth={"type": "oauth1", "oauth1": []})
    spec, warnings = imported(path)
    assert warnings == ["W610"]
    assert "auth" not in load(spec)["collections"][0]


def test_form_file_fields_and_get_bodies_are_left_out_with_a_warning() -> None:
    upload = request(
        "Upload",
        "POST",
        body={
            "mode": "formdata",
            "formdata": [
                {"key": "file", "type": "file", "src": "a.png"},
                {"key": "title", "value": "A"},
            ],
        },
    )
    search = request("Search", body={"mode": "raw", "raw": '{"q": 1}'})
    spec, warnings = imported(write_collection([upload, search]))
    assert warnings == ["W602", "W606"]
    first, second = load(spec)["collections"][0]["calls"]
    assert first["body_format"] == "multipart"
    assert first["parameters"] == [{"name": "title", "in": "body", "example": "A"}]
    assert "parameters" not in second


def test_saved_responses_keep_a_status_other_than_200() -> None:
    saved = [{"code": 201, "body": '{"id": "x_1"}'}, {"code": 200, "body": '{"id": "x_2"}'}]
    spec, _ = imported(write_collection([{**request("Create", "POST"), "response": saved}]))
    (call,) = load(spec)["collections"][0]["calls"]
    assert call["response"]["samples"] == [
        {"inline": {"id": "x_1"}, "status": 201},
        {"inline": {"id": "x_2"}},
    ]


def test_saved_responses_holding_credentials_are_left_out() -> None:
    saved = {"code": 200, "body": json.dumps({"token": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"})}
    spec, warnings = imported(write_collection([{**request("Token"), "response": [saved]}]))
    assert warnings == ["W609"]
    assert "ghp_" not in spec.read_text()


def test_raw_bodies_that_are_not_json_skip_the_request() -> None:
    xml = request("Post XML", "POST", body={"mode": "raw", "raw": "<a/>"})
    run = apigen(
        "import", "postman", str(write_collection([xml, request("Ping")])), "-o", "api.yaml"
    )
    assert run.exit_code == 0
    assert run.warnings() == ["W605"]
    assert "1 operation(s) skipped" in run.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        (
            json.dumps(
                {
                    "info": {
                        "name": "x",
                        "schema": "https://schema.getpostman.com/json/collection/v2.0.0/",
                    }
                }
            ),
            "not a Postman collection of format v2.1",
        ),
        (json.dumps({"info": {"name": "x", "schema": SCHEMA}, "item": []}), "has no request"),
    ],
)
def test_files_that_cannot_be_imported_write_nothing(content: str, message: str) -> None:
    Path("collection.json").write_text(content)
    run = apigen("import", "postman", "collection.json", "-o", "api.yaml")
    assert run.exit_code == 1
    assert message in run.stderr
    assert not Path("api.yaml").exists()


def test_an_existing_output_is_replaced_only_with_force() -> None:
    Path("api.yaml").write_text("# mine\n")
    run = apigen("import", "postman", str(NOTION), "-o", "api.yaml")
    assert run.exit_code == 1 and "pass --force" in run.stderr
    assert Path("api.yaml").read_text() == "# mine\n"
    run = apigen("import", "postman", str(NOTION), "-o", "api.yaml", "--force")
    assert run.exit_code == 0
    assert load(Path("api.yaml"))["package"]["name"] == "notion_api_sdk"
