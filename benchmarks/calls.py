"""Call overhead at run time: a generated method against the same request written by hand.

    python -m benchmarks.calls PACKAGE_DIR PORT MODE COUNT

MODE is generated-sync, handwritten-sync, generated-async or handwritten-async. The package is
built from benchmarks' call spec (collection ``Bench``, data call ``Get item``); the hand-written
side validates with the very model the generated method returns. Prints the wall and the CPU
seconds (user + system) of the timed loop only (after a warm-up), so process start-up is not
counted. Both: wall time is what a caller waits, CPU time the client's own work (the server
runs in a process of its own), which a shared machine disturbs far less.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from benchmarks.measure import Timing

CONCURRENCY = 50
WARM_UP = 20


def _sync(call: Callable[[], Any], count: int) -> Timing:
    for _ in range(WARM_UP):
        call()

    def loop() -> None:
        for _ in range(count):
            call()

    return Timing.of(loop)


def run(package_dir: Path, port: int, mode: str, count: int) -> Timing:
    sys.path.insert(0, str(package_dir))
    import httpx
    from bench_sdk import AsyncBenchClient, BenchClient  # type: ignore[import-not-found]

    base_url = f"http://127.0.0.1:{port}"
    # The models module is imported lazily by the client; its return annotation names the class.
    models = importlib.import_module("bench_sdk.bench.models")
    model = getattr(models, str(BenchClient.get_item.__annotations__["return"]))
    if mode == "generated-sync":
        with BenchClient(base_url=base_url) as client:
            return _sync(client.get_item, count)
    if mode == "handwritten-sync":
        with httpx.Client(base_url=base_url) as http:

            def by_hand() -> Any:
                response = http.get("/item")
                response.raise_for_status()
                return model.model_validate_json(response.content)

            return _sync(by_hand, count)
    if mode == "generated-async":
        return _async_client(lambda: AsyncBenchClient(base_url=base_url), count)
    if mode == "handwritten-async":
        return _async_handwritten(base_url, model, count)
    raise SystemExit(f"unknown mode {mode!r}")


def _async_client(make: Callable[[], Any], count: int) -> Timing:
    async def main() -> Timing:
        async with make() as client:
            return await _timed_async(client.get_item, count)

    return asyncio.run(main())


def _async_handwritten(base_url: str, model: Any, count: int) -> Timing:
    import httpx

    async def main() -> Timing:
        async with httpx.AsyncClient(base_url=base_url) as http:

            async def by_hand() -> Any:
                response = await http.get("/item")
                response.raise_for_status()
                return model.model_validate_json(response.content)

            return await _timed_async(by_hand, count)

    return asyncio.run(main())


async def _timed_async(call: Callable[[], Awaitable[Any]], count: int) -> Timing:
    for _ in range(WARM_UP):
        await call()
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one() -> None:
        async with limit:
            await call()

    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one() for _ in range(count)))
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


if __name__ == "__main__":
    directory, port, mode, count = sys.argv[1:5]
    timing = run(Path(directory), int(port), mode, int(count))
    print(timing.wall, timing.cpu)
