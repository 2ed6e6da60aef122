"""Imports provider OpenAPI documents and builds their clients: figures per document.

    python benchmarks/import_scale.py BENCH_DIR [--repeat N]

BENCH_DIR holds the documents (stripe-openapi-spec3.json, openai-openapi.yaml). Each command runs
in a fresh process; times are medians of N runs (default 1) of the whole process.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOCUMENTS = ("stripe-openapi-spec3.json", "openai-openapi.yaml")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, result


def operations(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        import json

        paths = json.loads(text)["paths"]
    else:
        from ruamel.yaml import YAML

        paths = YAML(typ="safe").load(text)["paths"]
    return sum(1 for item in paths.values() for method in METHODS if method in item)


def measure(document: Path, repeat: int) -> dict[str, object]:
    apigen = [sys.executable, "-m", "apigen"]
    with tempfile.TemporaryDirectory() as work:
        spec, out = Path(work) / "api.yaml", Path(work) / "out"
        imports, builds = [], []
        for _ in range(repeat):
            seconds, imported = timed(
                [*apigen, "import", "openapi", str(document), "-o", str(spec), "--force"]
            )
            if imported.returncode != 0:
                raise SystemExit(imported.stderr)
            imports.append(seconds)
            seconds, built = timed([*apigen, "build", str(spec), "-o", str(out), "--force"])
            if built.returncode != 0:
                raise SystemExit(built.stderr)
            builds.append(seconds)
    output = imported.stdout
    return {
        "document": document.name,
        "operations": operations(document),
        "calls": int(re.search(r": (\d+) calls from", output).group(1)),  # type: ignore[union-attr]
        "warnings": len(re.findall(r"^warning: ", output, re.MULTILINE)),
        "skipped": len(re.findall(r"skipped: .*\[W605\]$", output, re.MULTILINE)),
        "import_s": round(statistics.median(imports), 1),
        "build_s": round(statistics.median(builds), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bench", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    arguments = parser.parse_args()
    rows = [measure(arguments.bench / name, arguments.repeat) for name in DOCUMENTS]
    print("| " + " | ".join(rows[0]) + " |")
    print("| " + " | ".join("---" for _ in rows[0]) + " |")
    for row in rows:
        print("| " + " | ".join(str(value) for value in row.values()) + " |")


if __name__ == "__main__":
    main()
