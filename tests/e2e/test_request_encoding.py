"""Request encoding on the wire, byte for byte, from a package built from a small spec.

Nested form bodies as Stripe and other Rails/PHP-style APIs read them, every ``array_format``,
multipart file parts (bytes, a file streamed from disk, several files), an explicit null, raw
slashes in a path, and what callers add per request (``extra_headers`` …), sync and async.
"""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.servers.recording import Part, RecordedRequest, RecordingServer, Reply

from .support import MODES, build_spec, import_built, unload

PACKAGE = "shop_sdk"
OK = {"id": "x_1"}


def param(name: str, where: str, **keys: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "required": False, **keys}


def call(name: str, method: str, path: str, *params: dict[str, Any], **keys: Any) -> dict[str, Any]:
    use_as = "data" if method == "GET" else "action"
    return {
        "name": name,
        "use_as": use_as,
        "method": method,
        "path": path,
        "parameters": list(params),
        "response": {"samples": [{"inline": OK}]},
        **keys,
    }


def search(name: str, path: str, **keys: Any) -> dict[str, Any]:
    return call(
        name,
        "GET",
        path,
        param("tag", "query", type="array", items="string"),
        param("filter", "query", type="object"),
        **keys,
    )


SPEC: dict[str, Any] = {
    "apigen": 1,
    "package": {"name": PACKAGE},
    "collections": [
        {
            "name": "Shop",
            "base_url": "http://127.0.0.1:9",
            "shared_headers": {"X-Client": "shop"},
            # The collection's encoding, for "Search brackets"; the other calls set their own.
            "array_format": "brackets",
            "calls": [
                call(
                    "Create customer",
                    "POST",
                    "/customers",
                    param("email", "body"),
                    param("metadata", "body", type="object"),
                    param("address", "body", type="object"),
                    param("tags", "body", type="array", items="string"),
                    param("items", "body", type="array", items="object"),
                    body_format="form",
                    array_format="repeat",
                ),
                search("Search", "/search", array_format="repeat"),
                search("Search brackets", "/search-brackets"),
                search("Search indexed", "/search-indexed", array_format="indexed"),
                search("Search comma", "/search-comma", array_format="comma"),
                call(
                    "Upload file",
                    "POST",
                    "/files",
                    param("purpose", "body"),
                    {"name": "file", "in": "body", "type": "file"},
                    body_format="multipart",
                ),
                call(
                    "Upload files",
                    "POST",
                    "/files-many",
                    {"name": "files", "in": "body", "type": "array", "items": "file"},
                    param("meta", "body", type="object"),
                    body_format="multipart",
                    array_format="repeat",
                ),
                call(
                    "Update issue",
                    "PATCH",
                    "/issues/{number}",
                    {"name": "number", "in": "path", "type": "integer"},
                    param("title", "body"),
                    param("milestone", "body", type="integer", nullable=True),
                    param("labels", "body", type="array", items="string", nullable=True),
                ),
                call(
                    "Get contents",
                    "GET",
                    "/repos/{repo}/contents/{path}",
                    {"name": "repo", "in": "path"},
                    {"name": "path", "in": "path", "allow_reserved": True},
                    param("ref", "query", allow_reserved=True),
                    param("q", "query"),
                ),
            ],
        }
    ],
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("shop")
    files, errors = build_spec(SPEC, root / "spec")
    assert files is not None and not errors, errors
    try:
        yield import_built(files, root / "out", PACKAGE)
    finally:
        unload([PACKAGE])


@pytest.fixture(params=MODES)
def send(
    request: pytest.FixtureRequest, shop: ModuleType, recording_server: RecordingServer
) -> Any:
    """``send(method, **kwargs)``: the request one call sent, with the sync or async client."""
    mode = str(request.param)

    def sending(method: str, /, **kwargs: Any) -> RecordedRequest:
        options = {"base_url": recording_server.url, "max_retries": 0}
        if mode == "sync":
            with shop.ShopClient(**options) as client:
                getattr(client, method)(**kwargs)
        else:

            async def run() -> None:
                async with shop.AsyncShopClient(**options) as client:
                    await getattr(client, method)(**kwargs)

            asyncio.run(run())
        return recording_server.last

    return sending


@pytest.fixture(autouse=True)
def routes(recording_server: RecordingServer) -> None:
    for method, path in [
        ("POST", "/customers"),
        ("GET", "/search"),
        ("GET", "/search-brackets"),
        ("GET", "/search-indexed"),
        ("GET", "/search-comma"),
        ("POST", "/files"),
        ("POST", "/files-many"),
        ("PATCH", "/issues/7"),
        ("GET", "/repos/acme/contents/docs/README.md"),
    ]:
        recording_server.route(method, path, Reply.json(OK))


def test_nested_form_body_is_bracket_encoded_like_stripe(send: Any) -> None:
    sent = send(
        "create_customer",
        email="ada@example.com",
        metadata={"order_id": "6735", "vip": True},
        address={"line1": "1 Main St", "geo": {"lat": 52.5, "city": "Berlin"}},
        tags=["a b", "c&d"],
        items=[{"price": "p_1", "quantity": 2}, {"price": "p_2"}],
    )
    assert sent.header("Content-Type") == "application/x-www-form-urlencoded"
    assert sent.body == (
        b"email=ada%40example.com"
        b"&metadata%5Border_id%5D=6735&metadata%5Bvip%5D=true"
        b"&address%5Bline1%5D=1+Main+St"
        b"&address%5Bgeo%5D%5Blat%5D=52.5&address%5Bgeo%5D%5Bcity%5D=Berlin"
        b"&tags=a+b&tags=c%26d"
        b"&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2"
        b"&items%5B1%5D%5Bprice%5D=p_2"
    )


@pytest.mark.parametrize(
    ("method", "query"),
    [
        ("search", "tag=a&tag=b+c&filter%5Bstatus%5D=open&filter%5Bowner%5D%5Bid%5D=7"),
        (
            "search_brackets",
            "tag%5B%5D=a&tag%5B%5D=b+c&filter%5Bstatus%5D=open&filter%5Bowner%5D%5Bid%5D=7",
        ),
        (
            "search_indexed",
            "tag%5B0%5D=a&tag%5B1%5D=b+c&filter%5Bstatus%5D=open&filter%5Bowner%5D%5Bid%5D=7",
        ),
        ("search_comma", "tag=a%2Cb+c&filter%5Bstatus%5D=open&filter%5Bowner%5D%5Bid%5D=7"),
    ],
)
def test_query_arrays_follow_the_array_format_and_objects_nest(
    send: Any, method: str, query: str
) -> None:
    sent = send(method, tag=["a", "b c"], filter={"status": "open", "owner": {"id": 7}})
    assert sent.query == query


def test_file_parts_have_their_filename_and_guessed_content_type(send: Any, tmp_path: Path) -> None:
    picture = tmp_path / "cat.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 400)
    sent = send("upload_file", purpose="avatar", file=picture)
    assert sent.header("Content-Length") == str(len(sent.body))  # the size known, not chunked
    assert sent.multipart() == [
        Part("purpose", None, None, b"avatar"),
        Part("file", "cat.png", "image/png", picture.read_bytes()),
    ]


@pytest.mark.parametrize(
    ("file", "part"),
    [
        (b"%PDF-1.7", Part("file", "file", "application/octet-stream", b"%PDF-1.7")),
        (("report.pdf", b"%PDF-1.7"), Part("file", "report.pdf", "application/pdf", b"%PDF-1.7")),
        (
            ("data.bin", io.BytesIO(b"\x00\x01"), "application/x-custom"),
            Part("file", "data.bin", "application/x-custom", b"\x00\x01"),
        ),
    ],
    ids=["bytes", "tuple", "tuple-with-type"],
)
def test_each_kind_of_file_input(send: Any, file: Any, part: Part) -> None:
    assert send("upload_file", file=file).multipart() == [part]


def test_an_open_binary_file_is_named_after_its_path(send: Any, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"hello\n")
    with notes.open("rb") as file:
        sent = send("upload_file", file=file)
    assert sent.multipart() == [Part("file", "notes.txt", "text/plain", b"hello\n")]


def test_several_files_are_parts_of_one_name(send: Any, tmp_path: Path) -> None:
    (tmp_path / "b.json").write_bytes(b"{}")
    sent = send(
        "upload_files",
        files=[("a.csv", b"x,y\n"), tmp_path / "b.json"],
        meta={"batch": "9"},
    )
    assert sent.multipart() == [
        Part("files", "a.csv", "text/csv", b"x,y\n"),
        Part("files", "b.json", "application/json", b"{}"),
        Part("meta[batch]", None, None, b"9"),
    ]


def test_none_sends_null_and_leaving_out_sends_nothing(send: Any) -> None:
    assert send("update_issue", number=7, milestone=None, labels=None).body == (
        b'{"milestone":null,"labels":null}'
    )
    assert send("update_issue", number=7, title="t").body == b'{"title":"t"}'
    assert send("update_issue", number=7, milestone=3).body == b'{"milestone":3}'


def test_reserved_characters_pass_where_allowed(send: Any) -> None:
    sent = send("get_contents", repo="acme", path="docs/README.md", ref="v1/main", q="a/b")
    assert sent.path == "/repos/acme/contents/docs/README.md"
    assert sent.query == "ref=v1/main&q=a%2Fb"


def test_extra_headers_query_and_body_merge_over_the_spec(send: Any) -> None:
    sent = send(
        "create_customer",
        email="ada@example.com",
        extra_headers={"X-Client": "mine", "X-Trace": "1"},
        extra_query={"expand": ["customer"]},
        extra_body={"email": "bob@example.com", "coupon": "C1"},
    )
    assert sent.header_values("X-Client") == ["mine"]
    assert sent.header("X-Trace") == "1"
    assert sent.query == "expand=customer"
    assert sent.body == b"email=bob%40example.com&coupon=C1"


def test_extra_body_joins_a_json_body(send: Any) -> None:
    sent = send("update_issue", number=7, title="t", extra_body={"state": "closed"})
    assert sent.body == b'{"title":"t","state":"closed"}'


def test_extra_options_reach_raw_and_streamed_views(
    shop: ModuleType, recording_server: RecordingServer
) -> None:
    with shop.ShopClient(base_url=recording_server.url, max_retries=0) as client:
        raw = client.with_raw_response.search(tag=["a"], extra_headers={"X-View": "raw"})
        assert raw.status_code == 200
        assert recording_server.last.header("X-View") == "raw"
        with client.with_streaming_response.search(extra_query={"page": 2}) as streamed:
            assert streamed.status_code == 200
        assert recording_server.last.query == "page=2"


def test_with_options_headers_sit_between_the_spec_and_the_call(
    shop: ModuleType, recording_server: RecordingServer
) -> None:
    with shop.ShopClient(base_url=recording_server.url, max_retries=0) as client:
        tagged = client.with_options(headers={"X-Client": "tagged", "X-Team": "a"})
        tagged.search()
        assert recording_server.last.header_values("X-Client") == ["tagged"]
        tagged.search(extra_headers={"X-Team": "b"})
        assert recording_server.last.header_values("X-Team") == ["b"]
        client.search()
        assert recording_server.last.header_values("X-Client") == ["shop"]
        assert recording_server.last.header("X-Team") is None


USER_SCRIPT = """\
from pathlib import Path

from shop_sdk import AsyncShopClient, FileInput, NotGiven, ShopClient, not_given


def upload(client: ShopClient, path: Path) -> None:
    file: FileInput = path
    client.upload_file(purpose="avatar", file=file, extra_headers={"X-Trace": "1"})
    client.upload_file(file=("report.pdf", b"%PDF", "application/pdf"))
    client.upload_files(files=[("a.csv", b"x,y"), path], extra_body={"note": "n"})
    client.update_issue(number=7, milestone=None)
    labels: list[str] | NotGiven | None = not_given
    client.update_issue(number=7, labels=labels, timeout=2.0)
    tagged: ShopClient = client.with_options(timeout=5, max_retries=1, headers={"X-Team": "a"})
    tagged.search(tag=["a"], extra_query={"page": 2})


async def search(client: AsyncShopClient) -> None:
    await client.search(tag=["a"], extra_headers={"X-Trace": "1"})


def wrong(client: ShopClient) -> None:
    client.upload_file(file="not a file")
"""


@pytest.mark.slow
def test_a_typed_user_script_passes_mypy_strict(shop: ModuleType, tmp_path: Path) -> None:
    """Files, nullable arguments and request options are typed; a str is not a file."""
    script = tmp_path / "script.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        cwd=Path(shop.__file__).parents[1],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, result.stdout + result.stderr
    assert errors[0].startswith(f'{script}:23: error: Argument "file" to "upload_file"')
