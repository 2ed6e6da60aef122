"""apigen side by side with the peers, on the same inputs, in one run.

    pip install -e ".[bench]"
    python -m benchmarks.suite [--runs N] [--smoke] [--write docs/performance.md]

Each case alternates apigen and the peer run by run, in fresh processes, and reports the median
wall time and the peak memory. Inputs are the documents in ``../shared/bench`` (override with
``--bench DIR``). ``--smoke`` runs every case at a small scale, once, without the slowest peer
runs: it proves the suite works and prints figures, and is what CI runs. Nothing is asserted:
targets are printed beside the figures.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks import inputs
from benchmarks.measure import Run, Sample, Timing, alternate, median_of, run_once
from benchmarks.server import EVENTS, PAGES

ROOT = Path(__file__).resolve().parents[1]
APIGEN = [sys.executable, "-m", "apigen"]
NO_CACHE = {"APIGEN_NO_CACHE": "1"}


@dataclass(frozen=True)
class Row:
    case: str
    apigen: float | None
    peer: float | None
    unit: str
    target: str  # e.g. "ratio <= 0.2" or "<= 1 s"

    @property
    def ratio(self) -> float | None:
        if self.apigen is None or not self.peer:
            return None
        return self.apigen / self.peer


@dataclass(frozen=True)
class Context:
    bench: Path
    work: Path
    runs: int
    smoke: bool


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "count":
        return f"{value:.0f}"
    return f"{value:,.1f} {unit}".strip()


def table(rows: list[Row]) -> str:
    lines = ["| case | apigen | peer | ratio | target |", "| --- | --- | --- | --- | --- |"]
    for row in rows:
        ratio = "—" if row.ratio is None else f"{row.ratio:.2f}"
        lines.append(
            f"| {row.case} | {_figure(row.apigen, row.unit)} | {_figure(row.peer, row.unit)} "
            f"| {ratio} | {row.target} |"
        )
    return "\n".join(lines)


# --- CLI start-up -------------------------------------------------------------------------------


def cli_startup(ctx: Context) -> list[Row]:
    spec = ROOT / "examples" / "weather" / "apigen.yaml"
    found = alternate({"apigen": lambda: run_once([*APIGEN, "check", str(spec)])}, ctx.runs)
    return [
        Row("`apigen check` of the weather example", found["apigen"].seconds, None, "s", "<= 0.3 s")
    ]


# --- Call overhead ------------------------------------------------------------------------------


@contextmanager
def _server(item_file: Path) -> Iterator[int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.server", str(item_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield int(process.stdout.readline())
    finally:
        process.kill()
        process.wait()


def _loop_seconds(package: Path, port: int, mode: str, count: int) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.calls", str(package), str(port), mode, str(count)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return Timing.parse(done.stdout)


def call_overhead(ctx: Context) -> list[Row]:
    item = inputs.fixtures(ctx.bench / "stripe-fixtures3.json")[inputs.CALL_ITEM]
    spec = inputs.write_call_spec(ctx.work / "calls", item)
    package = ctx.work / "calls-out"
    run_once([*APIGEN, "build", str(spec), "-o", str(package), "--force"])
    sync_count, async_count = (200, 100) if ctx.smoke else (2000, 1000)
    rows = []
    with _server(spec.parent / "item.json") as port:
        for kind, count in (("sync", sync_count), ("async", async_count)):
            found = alternate(
                {
                    tool: functools.partial(_loop_seconds, package, port, f"{tool}-{kind}", count)
                    for tool in ("generated", "handwritten")
                },
                max(ctx.runs, 3),
            )
            shape = (
                f"{count} sequential calls" if kind == "sync" else f"{count} calls, 50 at a time"
            )
            rows += _wall_and_cpu(
                f"call overhead, {kind} ({shape}; peer: hand-written httpx + model_validate_json)",
                found,
            )
    return rows


# --- Stream and page overhead -------------------------------------------------------------------


def _iteration_seconds(package: Path, port: int, mode: str) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.streams", str(package), str(port), mode],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return Timing.parse(done.stdout)


def stream_overhead(ctx: Context) -> list[Row]:
    item = inputs.fixtures(ctx.bench / "stripe-fixtures3.json")[inputs.CALL_ITEM]
    spec = inputs.write_call_spec(ctx.work / "streams", item)
    package = ctx.work / "streams-out"
    run_once([*APIGEN, "build", str(spec), "-o", str(package), "--force"])
    rows = []
    with _server(spec.parent / "item.json") as port:
        for kind, shape in (("events", f"{EVENTS:,} SSE events"), ("pages", f"{PAGES} pages")):
            found = alternate(
                {
                    tool: functools.partial(_iteration_seconds, package, port, f"{tool}-{kind}")
                    for tool in ("generated", "handwritten")
                },
                max(ctx.runs, 3),
            )
            rows += _wall_and_cpu(
                f"stream and page overhead: {shape} (peer: hand-written httpx loop + "
                "model_validate_json)",
                found,
            )
    return rows


def _wall_and_cpu(case: str, found: dict[str, Sample]) -> list[Row]:
    """The wall time a caller waits, then the client's own CPU time, generated against by hand."""
    generated, handwritten = found["generated"], found["handwritten"]
    return [
        Row(case, generated.seconds, handwritten.seconds, "s", "ratio <= 1.10"),
        Row(f"{case}, client CPU", generated.cpu, handwritten.cpu, "s", "ratio <= 1.10"),
    ]


# --- Inference throughput -----------------------------------------------------------------------


def inference(ctx: Context) -> list[Row]:
    megabytes = 2 if ctx.smoke else 50
    resources = inputs.fixtures(ctx.bench / "stripe-fixtures3.json")
    directory = ctx.work / "inference"
    directory.mkdir()
    sample = directory / "objects.json"
    sample.write_text(json.dumps(inputs.varied_objects(resources, megabytes)), encoding="utf-8")
    size_mib = sample.stat().st_size / 1024 / 1024
    spec = inputs.write_inference_spec(directory, sample)
    out = directory / "out"
    peer_out = directory / "peer_models.py"
    found = alternate(
        {
            # Uncached, as the peer: the cache would skip the model generator on runs 2 and 3.
            "apigen": lambda: run_once(
                [*APIGEN, "build", str(spec), "-o", str(out), "--force"], env=NO_CACHE
            ),
            "peer": lambda: run_once(
                [
                    "datamodel-codegen",
                    "--input",
                    str(sample),
                    "--input-file-type",
                    "json",
                    "--output-model-type",
                    "pydantic_v2.BaseModel",
                    "--output",
                    str(peer_out),
                ]
            ),
        },
        ctx.runs,
    )
    parse = _json_loads_seconds(sample, ctx.runs)
    what = f"{size_mib:.0f} MB sample to models"
    return [
        Row(
            f"inference: {what} (peer: datamodel-codegen)",
            found["apigen"].seconds,
            found["peer"].seconds,
            "s",
            "ratio <= 0.5",
        ),
        Row(
            f"inference: peak memory, {what}",
            found["apigen"].mib,
            found["peer"].mib,
            "MiB",
            f"apigen <= {2 * size_mib:.0f} MiB (2x the file; 50 MB case)",
        ),
        Row(
            f"inference: {what} (peer: `json.loads` of the file alone)",
            found["apigen"].seconds,
            parse,
            "s",
            "ratio <= 1.5",
        ),
    ]


def _json_loads_seconds(sample: Path, runs: int) -> float:
    script = (
        "import json, sys, time; data = open(sys.argv[1], 'rb').read(); "
        "s = time.perf_counter(); json.loads(data); print(time.perf_counter() - s)"
    )
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", script, str(sample)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(runs)
    ]
    return median_of(times)


# --- Provider scale -----------------------------------------------------------------------------


def _python_lines(directory: Path) -> int:
    return sum(len(path.read_bytes().splitlines()) for path in directory.rglob("*.py"))


def _operations(document: Path) -> int:
    text = document.read_text(encoding="utf-8")
    if document.suffix == ".json":
        data = json.loads(text)
    else:
        from ruamel.yaml import YAML

        data = YAML(typ="safe").load(text)
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    return sum(1 for item in data["paths"].values() for key in item if key in methods)


def _client_class(package_dir: Path) -> tuple[str, str]:
    """The generated import package and its first client class."""
    (init,) = [p for p in package_dir.glob("*/__init__.py") if p.parent.name != "tests"]
    # Names as `__init__` lists them: in `__all__` or imported, one or several to a line.
    names = re.findall(r"\b[A-Z]\w*Client\b", init.read_text())
    client = next(name for name in names if not name.startswith("Async"))
    return init.parent.name, client


def _import_seconds(directory: Path, statement: str, runs: int) -> float:
    script = f"import time; s = time.perf_counter(); {statement}; print(time.perf_counter() - s)"
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", script],
                cwd=directory,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(runs)
    ]
    return median_of(times)


def provider_scale(ctx: Context, document_name: str, with_peer: bool) -> list[Row]:
    document = ctx.bench / document_name
    label = document_name.split("-")[0]
    directory = ctx.work / label
    directory.mkdir()
    spec = directory / "spec" / "apigen.yaml"
    spec.parent.mkdir()
    started = time.perf_counter()
    imported = subprocess.run(
        [*APIGEN, "import", "openapi", str(document), "-o", str(spec)],
        capture_output=True,
        text=True,
    )
    import_seconds = time.perf_counter() - started
    if imported.returncode != 0:
        print(f"{label}: import failed: {imported.stderr[-2000:]}", file=sys.stderr)
        return [Row(f"{label}: import", None, None, "s", "works")]
    out = directory / "out"
    # With `--meta none` the peer writes the package itself into its output path.
    peer_package = f"{label}_peer_client"
    peer_out = directory / "peer" / peer_package
    config = directory / "peer-config.json"
    config.write_text(json.dumps({"literal_enums": True}), encoding="utf-8")

    def clean_build() -> Run:
        shutil.rmtree(out, ignore_errors=True)
        return run_once([*APIGEN, "build", str(spec), "-o", str(out)], env=NO_CACHE)

    def peer_build() -> Run:
        shutil.rmtree(peer_out, ignore_errors=True)
        peer_out.parent.mkdir(exist_ok=True)
        return run_once(
            [
                "openapi-python-client",
                "generate",
                "--path",
                str(document),
                "--config",
                str(config),
                "--output-path",
                str(peer_out),
                "--meta",
                "none",
            ]
        )

    commands = {"apigen": clean_build}
    if with_peer:
        commands["peer"] = peer_build
    found = alternate(commands, ctx.runs)
    operations = _operations(document)
    peer: Sample | None = found.get("peer")
    rows = [
        Row(
            f"{label}: operations skipped, each named in a warning (peer: its own warnings)",
            imported.stderr.count("[W605]"),
            peer.runs[-1].stderr.count("Endpoint will not be generated") if peer else None,
            "count",
            "report",
        ),
        Row(
            f"{label}: import of the OpenAPI document ({operations} operations)",
            import_seconds,
            None,
            "s",
            "report",
        ),
        Row(
            f"{label}: build (peer: openapi-python-client)",
            found["apigen"].seconds,
            peer.seconds if peer else None,
            "s",
            "ratio <= 0.2",
        ),
        Row(
            f"{label}: build peak memory",
            found["apigen"].mib,
            peer.mib if peer else None,
            "MiB",
            "ratio <= 0.5",
        ),
    ]
    apigen_lines = _python_lines(out) / operations
    peer_lines = _python_lines(peer_out) / operations if peer else None
    rows.append(
        Row(f"{label}: generated lines per operation", apigen_lines, peer_lines, "", "ratio <= 0.2")
    )
    package, client = _client_class(out)
    apigen_import = _import_seconds(out, f"import {package}; {package}.{client}", ctx.runs)
    peer_import = None
    if peer:
        peer_import = _import_seconds(peer_out.parent, f"import {peer_package}.models", ctx.runs)
    rows.append(
        Row(
            f"{label}: import of the generated package (peer: its models)",
            apigen_import,
            peer_import,
            "s",
            "<= 0.3 s",
        )
    )
    rows += _rebuilds(ctx, label, spec, out)
    return rows


def _rebuilds(ctx: Context, label: str, spec: Path, out: Path) -> list[Row]:
    cache = {"APIGEN_CACHE_DIR": str(ctx.work / "cache")}  # the suite's own, filled here

    def build() -> Run:
        return run_once([*APIGEN, "build", str(spec), "-o", str(out)], env=cache)

    build()  # the build before the rebuilds, as in a project: it fills the cache
    noop = alternate({"apigen": build}, ctx.runs)
    original = spec.read_text(encoding="utf-8")
    edits = iter(range(1, 1000))

    def one_call_changed() -> Run:
        marker = next(edits)
        # The first call's description: the first one after `calls:` (the package's and the
        # collection's come before it, and changing them rebuilds other files than a call does).
        key = "description:"
        at = original.index(key, original.index("calls:")) + len(key)
        changed = f"{original[:at]} changed {marker}.{original[at:]}"
        spec.write_text(changed, encoding="utf-8")
        return build()

    try:
        changed = alternate({"apigen": one_call_changed}, ctx.runs)
    finally:
        spec.write_text(original, encoding="utf-8")
    return [
        Row(f"{label}: no-op rebuild", noop["apigen"].seconds, None, "s", "<= 1 s"),
        Row(
            f"{label}: rebuild after one call changed",
            changed["apigen"].seconds,
            None,
            "s",
            "<= 2 s",
        ),
    ]


# --- Main ---------------------------------------------------------------------------------------


def machine() -> str:
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    return (
        f"{os.cpu_count()} cores, {int(memory) / 1024 / 1024:.0f} GiB memory, "
        f"Python {platform.python_version()}, {platform.system()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="small inputs, one run, no slow peers")
    parser.add_argument("--write", type=Path, help="write the table into this Markdown file")
    parser.add_argument("--only", action="append", help="run only cases whose name starts so")
    args = parser.parse_args()
    if not args.bench.is_dir():
        parser.error(f"no benchmark inputs in {args.bench}: pass --bench DIR")
    runs = 1 if args.smoke else args.runs
    cases: dict[str, Callable[[Context], list[Row]]] = {
        "startup": lambda ctx: cli_startup(ctx),
        "calls": lambda ctx: call_overhead(ctx),
        "streams": lambda ctx: stream_overhead(ctx),
        "inference": lambda ctx: inference(ctx),
        "stripe": lambda ctx: provider_scale(ctx, "stripe-openapi-spec3.json", not ctx.smoke),
        "openai": lambda ctx: provider_scale(ctx, "openai-openapi.yaml", not ctx.smoke),
    }
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="apigen-bench-") as temporary:
        ctx = Context(args.bench, Path(temporary), runs, args.smoke)
        for name, case in cases.items():
            if args.only and not any(name.startswith(prefix) for prefix in args.only):
                continue
            print(f"running {name} …", file=sys.stderr, flush=True)
            rows += case(ctx)
    text = table(rows)
    print(f"Machine: {machine()}; {runs} run(s) per figure, medians (memory: peak).")
    print(text)
    if args.write:
        _write_results(args.write, text, runs)


def _write_results(path: Path, text: str, runs: int) -> None:
    begin, end = "<!-- results:begin -->", "<!-- results:end -->"
    document = path.read_text(encoding="utf-8")
    head, _, rest = document.partition(begin)
    _, _, tail = rest.partition(end)
    heading = f"Machine: {machine()}; {runs} run(s) per figure, medians (memory: peak)."
    block = f"{begin}\n{heading}\n\n{text}\n{end}"
    path.write_text(head + block + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
