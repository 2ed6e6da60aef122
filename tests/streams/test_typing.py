"""A user's script that iterates pages and events, sync and async, passes mypy --strict.

The script also states the types it expects (``assert_type``), so a page or stream typed
``Any`` by mistake fails here rather than silently passing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

USER_SCRIPT = """
import asyncio
from typing import assert_type

from paged_sdk import (
    AsyncPage,
    AsyncPaginator,
    AsyncPagesClient,
    AsyncStream,
    AsyncStreamsClient,
    Event,
    PagesClient,
    Stream,
    StreamsClient,
    SyncPage,
)
from paged_sdk.pages.models import Contact
from paged_sdk.streams.models import StreamChatResponse


def sync_use() -> None:
    with PagesClient() as client:
        page = client.list_contacts(limit=10)
        for contact in page:
            print(contact.id, contact.email)
        for one in page.iter_pages():
            assert_type(one, SyncPage[Contact])
            print(len(one.items), one.has_next_page())
        if page.has_next_page():
            print(page.next_page().items[0].id)
        tags: list[str] = list(client.list_tags())
        print(tags, page.response)
        raw = client.with_raw_response.list_contacts()
        print(raw.status_code, raw.value.items[0].email)
    with StreamsClient() as streams:
        with streams.stream_chat(prompt="Hi") as stream:
            assert_type(stream, Stream[StreamChatResponse])
            for chunk in stream:
                print(chunk.delta)
            for event in stream.events():
                assert_type(event, Event[StreamChatResponse])
                print(event.event, event.id, event.retry, event.data.delta)
        for tick in streams.stream_lines():
            print(tick.n + 1)


async def async_use() -> None:
    async with AsyncPagesClient() as client:
        paginator = client.list_contacts()
        assert_type(paginator, AsyncPaginator[Contact])
        first = await paginator
        assert_type(first, AsyncPage[Contact])
        print(first.items[0].email, first.has_next_page())
        async for contact in client.list_contacts():
            print(contact.id)
        async for page in first.iter_pages():
            print([contact.email for contact in page.items])
        if first.has_next_page():
            second = await first.next_page()
            print(second.items)
    async with AsyncStreamsClient() as streams:
        stream = await streams.stream_chat(prompt="Hi")
        assert_type(stream, AsyncStream[StreamChatResponse])
        async with stream:
            async for chunk in stream:
                print(chunk.delta)
            async for event in stream.events():
                print(event.id, event.data.delta)


asyncio.run(async_use())
"""


@pytest.mark.slow
def test_a_users_script_over_pages_and_streams_passes_mypy_strict(
    paged_files: Path, tmp_path: Path
) -> None:
    script = tmp_path / "use_paged_sdk.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        cwd=paged_files,
        capture_output=True,
        text=True,
        check=False,
        env={"MYPYPATH": str(paged_files), "PATH": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
