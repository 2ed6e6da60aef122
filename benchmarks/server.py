"""A small, fast HTTP/1.1 keep-alive server on 127.0.0.1 for the run-time benchmarks.

It answers from memory, so what a benchmark measures is the client: ``/item`` a JSON object,
``/items?page=N`` a page of a paginated listing, ``/events`` a stream of server-sent events.

    python -m benchmarks.server ITEM_JSON_FILE   # prints the port, serves until killed
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PAGES = 100
EVENTS = 10_000


class Answers:
    def __init__(self, item: bytes) -> None:
        self.item = item
        decoded = json.loads(item)
        self.pages = [
            json.dumps(
                {"data": [decoded] * 5, "has_more": page < PAGES, "next_page": page + 1}
            ).encode()
            for page in range(1, PAGES + 1)
        ]
        event = b"data: " + json.dumps(decoded, separators=(",", ":")).encode() + b"\n\n"
        self.events = event * EVENTS + b"data: [DONE]\n\n"

    def answer(self, target: str) -> tuple[bytes, bytes]:
        """Content type and body for a request target."""
        parts = urlsplit(target)
        if parts.path == "/items":
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            return b"application/json", self.pages[min(max(page, 1), PAGES) - 1]
        if parts.path == "/events":
            return b"text/event-stream", self.events
        return b"application/json", self.item


async def _serve_connection(
    answers: Answers, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            length = 0
            for line in header_lines:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if length:
                await reader.readexactly(length)
            target = request_line.split(" ")[1]
            content_type, body = answers.answer(target)
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: "
                + content_type
                + b"\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\nConnection: keep-alive\r\n\r\n"
                + body
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def _main(item_file: Path) -> None:
    answers = Answers(item_file.read_bytes())
    server = await asyncio.start_server(
        lambda r, w: _serve_connection(answers, r, w), "127.0.0.1", 0, backlog=256
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(_main(Path(sys.argv[1])))
