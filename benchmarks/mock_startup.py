"""Startup of `apigen mock` for the bundled examples, next to `apigen check` of the same spec.

    python benchmarks/mock_startup.py [--runs N]

For each example, starts `apigen mock SPEC --port 0` in a fresh process and measures the time
until it listens (its first line) and until its first answer arrives, and the CPU time the whole
process used (start, one answer, stop: what an idle machine would take, however busy this one
is); `apigen check SPEC` shows the share of loading and checking the spec. Medians of N runs
(default 5).
"""

from __future__ import annotations

import argparse
import resource
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# A path no example declares: the answer (404) is as cheap as it gets, and every spec has one.
PROBE = "/__benchmark__"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def mock_startup(spec: Path) -> tuple[float, float, float]:
    """Seconds until the server listens, until its first answer, and of CPU in all."""
    cpu = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "apigen", "mock", str(spec), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    listening = time.perf_counter() - started
    url = line.split(" on ", 1)[1].split()[0]
    try:
        urllib.request.urlopen(url + PROBE)
    except urllib.error.HTTPError as answer:
        assert answer.code == 404
    answered = time.perf_counter() - started
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=10)
    return listening, answered, _children_cpu() - cpu


def check_time(spec: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "apigen", "check", str(spec)], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print("| example | `apigen check` | `apigen mock` listening | first answer | mock CPU time |")
    print("| --- | --- | --- | --- | --- |")
    for spec in sorted(EXAMPLES.glob("*/apigen.yaml")):
        mocks = [mock_startup(spec) for _ in range(runs)]
        check = statistics.median(check_time(spec) for _ in range(runs))
        listening = statistics.median(m[0] for m in mocks)
        answered = statistics.median(m[1] for m in mocks)
        cpu = statistics.median(m[2] for m in mocks)
        name = spec.parent.name
        print(f"| {name} | {check:.2f} s | {listening:.2f} s | {answered:.2f} s | {cpu:.2f} s |")


if __name__ == "__main__":
    main()
