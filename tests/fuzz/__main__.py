"""The long fuzz: many generated specs through `apigen check` and `apigen build`, with counts.

    python -m tests.fuzz --check-cases 50000 --build-cases 2000 --out fuzz-findings

Check cases are mutated example specs and specs generated from the format's JSON Schema; build
cases are small specs with arbitrary JSON samples (through inference) and example specs with
hostile names and texts. Each case runs with a time limit; a traceback, a hang or generated Python
that does not compile is a finding, saved under ``--out`` with the case's files. The cases run in
a child process that is restarted when a case hangs where the time limit cannot interrupt it.
It is not part of the test suite (it takes an hour on one core); its findings become regression
tests. Exit status 1 when there are findings.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.fuzz.run import Outcome, run_batch

BATCH = 250  # cases per child process run; a hang costs the rest of its batch


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--check-cases", type=int, default=50_000)
    parser.add_argument("--build-cases", type=int, default=2_000)
    parser.add_argument(
        "--seed", type=int, default=0, help="first batch seed (runs are repeatable)"
    )
    parser.add_argument("--check-timeout", type=float, default=10.0, help="seconds per check case")
    parser.add_argument("--build-timeout", type=float, default=60.0, help="seconds per build case")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    parser.add_argument(
        "--worker", nargs=3, metavar=("KIND", "SEED", "CASES"), help=argparse.SUPPRESS
    )
    options = parser.parse_args()
    if options.worker:
        kind, seed, cases = options.worker
        timeout = options.check_timeout if kind == "check" else options.build_timeout
        run_batch(kind, int(seed), int(cases), timeout, options.out)
        return 0
    options.out.mkdir(parents=True, exist_ok=True)
    totals: dict[str, dict[str, int]] = {}
    started = time.monotonic()
    seed = options.seed
    for kind, wanted, timeout in (  # builds first: they reach the most code per case
        ("build", options.build_cases, options.build_timeout),
        ("check", options.check_cases, options.check_timeout),
    ):
        done = 0
        while done < wanted:
            count = min(BATCH, wanted - done)
            outcomes = _supervised(kind, seed, count, timeout, options.out)
            seed += 1
            if not outcomes:
                raise SystemExit(f"a {kind} batch ran no case: see the error above")
            done += len(outcomes)
            for outcome in outcomes:
                counts = totals.setdefault(outcome.kind, {})
                counts[outcome.result] = counts.get(outcome.result, 0) + 1
            _report(totals, started, options.out)
    findings = sum(n for c in totals.values() for r, n in c.items() if r in Outcome.FINDINGS)
    return 1 if findings else 0


def _supervised(kind: str, seed: int, count: int, timeout: float, out: Path) -> list[Outcome]:
    """Run one batch in a child; a child silent for twice the time limit is stopped as hung."""
    command = [sys.executable, "-m", "tests.fuzz", "--out", str(out)]
    command += [f"--{kind}-timeout", str(timeout), "--worker", kind, str(seed), str(count)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    outcomes: list[Outcome] = []
    current: str | None = None
    while True:
        ready, _, _ = select.select([child.stdout], [], [], 2 * timeout + 30)
        if not ready:  # hung where a signal cannot reach (inside C code)
            child.kill()
            child.wait()
            outcomes.append(Outcome(current or f"{kind}:?", "hang", "no progress: stopped", ""))
            break
        line = child.stdout.readline()
        if not line:
            child.wait()
            break
        message = json.loads(line)
        if "start" in message:
            current = message["start"]
        else:
            outcomes.append(Outcome(**message))
    return outcomes


def _report(totals: dict[str, dict[str, int]], started: float, out: Path) -> None:
    summary = {"seconds": round(time.monotonic() - started), "cases": totals}
    (out / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    print(json.dumps(summary, sort_keys=True), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
