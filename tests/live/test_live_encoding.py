"""``apigen initialize`` encodes requests with the clients' encoder: the same bytes on the wire."""

from __future__ import annotations

from pathlib import Path

from tests.servers.recording import Part, RecordingServer, Reply

from .conftest import apigen

SPEC = """\
apigen: 1
package: {{name: shop_sdk}}
collections:
  - name: Shop
    base_url: "{url}"
    array_format: indexed
    calls:
      - name: Create customer
        use_as: action
        method: POST
        path: /customers
        body_format: form
        parameters:
          - {{name: metadata, in: body, type: object, example: {{order_id: "6735"}}}}
          - {{name: expand, in: body, type: array, items: string, example: [a, b]}}
      - name: Upload file
        use_as: action
        method: POST
        path: /files
        body_format: multipart
        parameters:
          - {{name: file, in: body, type: file, example: "x,y"}}
          - {{name: account, in: body, private: true, required: false, env: SHOP_ACCOUNT}}
      - name: Get contents
        use_as: data
        path: /contents/{{path}}
        parameters:
          - {{name: path, in: path, allow_reserved: true, example: docs/README.md}}
"""


def test_initialize_sends_what_the_client_would(
    workdir: Path, recording_server: RecordingServer
) -> None:
    for method, path in [
        ("POST", "/customers"),
        ("POST", "/files"),
        ("GET", "/contents/docs/README.md"),
    ]:
        recording_server.route(method, path, Reply.json({"id": "x_1"}))
    spec = workdir / "apigen.yaml"
    spec.write_text(SPEC.format(url=recording_server.url), encoding="utf-8")

    run = apigen("initialize", str(spec), "--yes")

    assert run.exit_code == 0, run.stdout + run.stderr
    sent = {(r.method, r.path): r for r in recording_server.requests}
    assert sent[("POST", "/customers")].body == (
        b"metadata%5Border_id%5D=6735&expand%5B0%5D=a&expand%5B1%5D=b"
    )
    # The optional private parameter is unset, so it is not sent (and nothing asks for it).
    assert sent[("POST", "/files")].multipart() == [
        Part("file", "file", "application/octet-stream", b"x,y")
    ]
    assert ("GET", "/contents/docs/README.md") in sent
