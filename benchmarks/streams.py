"""Stream and page overhead: generated iteration against the same loop written by hand.

    python -m benchmarks.streams PACKAGE_DIR PORT MODE

MODE is generated-events, handwritten-events, generated-pages or handwritten-pages. The package
is built from benchmarks' call spec (``Stream events``: server-sent events ended by ``[DONE]``;
``List items``: page-style pagination); the hand-written side validates each event and each page
with the very models the generated methods return. Prints the wall and the CPU seconds (user +
system) of one full iteration, each the least of a few (after a warm-up iteration), so process
start-up is not counted; both for the reason ``benchmarks.calls`` gives, the least of a few
because one iteration is short enough (a tenth of a second) for a single interruption to
double it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.measure import Timing

END_MARKER = "[DONE]"
REPEATS = 3


def _timed(loop: Callable[[], int]) -> Timing:
    loop()  # warm-up: connections, lazy imports, validators
    timings = [Timing.of(loop) for _ in range(REPEATS)]
    return Timing(min(t.wall for t in timings), min(t.cpu for t in timings))


def run(package_dir: Path, port: int, mode: str) -> Timing:
    sys.path.insert(0, str(package_dir))
    import httpx
    from bench_sdk import BenchClient  # type: ignore[import-not-found]
    from bench_sdk.bench import models  # type: ignore[import-not-found]

    base_url = f"http://127.0.0.1:{port}"
    with BenchClient(base_url=base_url) as client, httpx.Client(base_url=base_url) as http:
        loops: dict[str, Callable[[], int]] = {
            "generated-events": lambda: _count(client.stream_events()),
            "generated-pages": lambda: _count(client.list_items()),
            "handwritten-events": lambda: _events_by_hand(http, models.Item),
            "handwritten-pages": lambda: _pages_by_hand(http, models.ListItemsResponse),
        }
        if mode not in loops:
            raise SystemExit(f"unknown mode {mode!r}")
        return _timed(loops[mode])


def _count(items: Any) -> int:
    # The same counting loop as the hand-written side's (a generator expression here would
    # cost a frame per item on this side only).
    count = 0
    for _ in items:
        count += 1
    return count


def _events_by_hand(http: Any, model: Any) -> int:
    count = 0
    with http.stream("GET", "/events") as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data:"):
                continue
            data = line[5:].lstrip(" ")
            if data == END_MARKER:
                break
            model.model_validate_json(data)
            count += 1
    return count


def _pages_by_hand(http: Any, model: Any) -> int:
    count = 0
    page = 1
    while True:
        response = http.get("/items", params={"page": page})
        response.raise_for_status()
        listing = model.model_validate_json(response.content)
        for _ in listing.data:
            count += 1
        if not listing.has_more:
            return count
        page += 1


if __name__ == "__main__":
    directory, port, mode = sys.argv[1:4]
    timing = run(Path(directory), int(port), mode)
    print(timing.wall, timing.cpu)
