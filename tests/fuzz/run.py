"""One batch of fuzz cases, run in a child process: each case's outcome is a JSON line on stdout."""

from __future__ import annotations

import json
import shutil
import signal
import sys
import tempfile
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from types import FrameType
from typing import ClassVar, TextIO

from hypothesis import HealthCheck, Phase, given, seed, settings

from apigen.build import build_files
from apigen.diagnostics import Diagnostics
from apigen.pipeline import check_file
from apigen.write import write_tree
from tests.fuzz.cases import Case, build_cases, check_cases


@dataclass(frozen=True)
class Outcome:
    FINDINGS: ClassVar[frozenset[str]] = frozenset({"traceback", "hang", "bad-output"})

    case: str  # kind:seed:number
    result: str  # clean, diagnostics, built, or one of FINDINGS
    detail: str
    saved: str  # folder of the saved case, for findings

    @property
    def kind(self) -> str:
        return self.case.rsplit(":", 2)[0]


class _Hang(BaseException):
    """Raised by the timer; a BaseException so that no `except Exception` swallows it."""


def _on_timer(signum: int, frame: FrameType | None) -> None:
    raise _Hang


def run_batch(kind: str, batch_seed: int, count: int, timeout: float, out: Path) -> None:
    report = sys.stdout
    sys.stdout = sys.stderr  # nothing else may write into the outcome stream
    signal.signal(signal.SIGALRM, _on_timer)
    numbers = iter(range(count))
    strategy = check_cases() if kind == "check" else build_cases()
    work = Path(tempfile.mkdtemp(prefix="apigen-fuzz-"))

    @seed(batch_seed)
    @settings(
        max_examples=count,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def one(case: Case) -> None:
        case_id = f"{case.kind}:{batch_seed}:{next(numbers, count)}"
        _send(report, {"start": case_id})
        folder = Path(tempfile.mkdtemp(dir=work))
        try:
            result, detail = _run_case(case, folder, timeout)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        saved = _save(case, case_id, detail, out) if result in Outcome.FINDINGS else ""
        _send(report, asdict(Outcome(case_id, result, detail[-2000:], saved)))

    try:
        one()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run_case(case: Case, folder: Path, timeout: float) -> tuple[str, str]:
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        spec = case.write(folder)
        diagnostics = Diagnostics()
        if case.kind.startswith("check"):
            check_file(spec, diagnostics)
            result = "diagnostics" if diagnostics.has_errors else "clean"
        else:
            files = build_files(spec, diagnostics)
            result = "diagnostics" if files is None else _built(files, folder / "out")
        bad = [d for d in diagnostics if d.position.line < 1 or d.position.column < 1]
        if bad:
            return "bad-output", f"a diagnostic without a position: {bad[0].format()}"
        if result.startswith("bad-output"):
            return "bad-output", result
        return result, ""
    except _Hang:
        return "hang", f"more than {timeout} s"
    except Exception:
        return "traceback", traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _built(files: dict[str, str], out: Path) -> str:
    for path, text in files.items():
        if path.endswith(".py"):
            try:
                compile(text, path, "exec")
            except SyntaxError as error:
                return f"bad-output: {path}: {error}"
    write_tree(files, out)
    return "built"


def _save(case: Case, case_id: str, detail: str, out: Path) -> str:
    folder = out / case_id.replace(":", "-")
    shutil.rmtree(folder, ignore_errors=True)
    case.write(folder)
    (folder / "FINDING.txt").write_text(detail, encoding="utf-8")
    return str(folder)


def _send(stream: TextIO, message: dict[str, str]) -> None:
    stream.write(json.dumps(message) + "\n")
    stream.flush()
