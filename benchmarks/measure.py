"""Measuring commands side by side: fresh processes, alternating tools, medians and peaks."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

# Runs one command in a child process and prints its wall time and the child's peak memory;
# a wrapper per run keeps RUSAGE_CHILDREN to that one command.
_WRAPPER = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], cwd=sys.argv[1] or None, stdout=subprocess.DEVNULL,
                      stderr=subprocess.PIPE, text=True)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "mib": peak, "code": done.returncode,
                  "stderr": done.stderr}))
"""


class CommandFailed(Exception):
    """A measured command exited non-zero."""


@dataclass(frozen=True)
class Run:
    seconds: float
    mib: float
    stderr: str = ""
    cpu: float = 0.0  # CPU seconds, where the measured loop reports them


class Timing(NamedTuple):
    """Wall and CPU (user + system) seconds of one loop in this process."""

    wall: float
    cpu: float

    @classmethod
    def of(cls, loop: Callable[[], object]) -> Timing:
        wall, cpu = time.perf_counter(), time.process_time()
        loop()
        return cls(time.perf_counter() - wall, time.process_time() - cpu)

    @classmethod
    def parse(cls, printed: str) -> Run:
        wall, cpu = map(float, printed.split())
        return Run(wall, 0.0, cpu=cpu)


@dataclass(frozen=True)
class Sample:
    """The runs of one command: median time and peak memory."""

    runs: tuple[Run, ...]

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu for run in self.runs)

    @property
    def mib(self) -> float:
        return max(run.mib for run in self.runs)


def run_once(
    command: Sequence[str], cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Run:
    """Wall seconds and peak resident MiB of ``command`` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(cwd or ""), *command],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    result = json.loads(done.stdout)
    if result["code"] != 0:
        raise CommandFailed(
            f"{' '.join(command)} exited {result['code']}: {result['stderr'][-2000:]}"
        )
    return Run(result["seconds"], result["mib"], result["stderr"])


def alternate(commands: Mapping[str, Callable[[], Run]], runs: int) -> dict[str, Sample]:
    """Each measurement ``runs`` times, one tool after the other in turn (so drift hits both)."""
    collected: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, measure in commands.items():
            collected[name].append(measure())
    return {name: Sample(tuple(found)) for name, found in collected.items()}


def median_of(values: Sequence[float]) -> float:
    return statistics.median(values)
