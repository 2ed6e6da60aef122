"""Provider-scale benchmark: check and build a spec with hundreds of calls, then import the result.

The spec is made from real example objects (Stripe's fixtures3.json, 176 resources): for each
resource a list call (the object inside a list envelope), a get call (path parameter) and a
create call (body template), so 528 calls whose samples are the provider's own objects.

    python benchmarks/provider_scale.py PATH/TO/stripe-fixtures3.json [--copies N]

Prints wall time and peak memory of `apigen check` and `apigen build` (each in a fresh
process, median of 3) and the import time of the generated package and its models.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from apigen.names import pascal_case, snake_case


def write_spec(fixtures: Path, directory: Path, copies: int) -> Path:
    resources: dict[str, Any] = json.loads(fixtures.read_text(encoding="utf-8"))["resources"]
    samples = directory / "samples"
    samples.mkdir(parents=True)
    collections = []
    for copy in range(copies):
        calls = []
        for name, example in sorted(resources.items()):
            word = snake_case(name)
            sample = samples / f"{word}.json"
            sample.write_text(json.dumps(example), encoding="utf-8")
            listing = {
                "object": "list",
                "url": f"/v1/{word}s",
                "has_more": False,
                "data": [example],
            }
            (samples / f"{word}_list.json").write_text(json.dumps(listing), encoding="utf-8")
            calls += _calls(word, name)
        collections.append(
            {
                "name": f"Stripe {copy}" if copies > 1 else "Stripe",
                "base_url": "https://api.stripe.example/v1",
                "auth": {"type": "private_key_in_header", "prefix": "Bearer ", "env": "STRIPE_KEY"},
                "calls": calls,
            }
        )
    spec = directory / "apigen.yaml"
    document = {"apigen": 1, "package": {"name": "stripe_sdk"}, "collections": collections}
    spec.write_text(json.dumps(document, indent=1), encoding="utf-8")  # JSON is YAML
    return spec


def _calls(word: str, name: str) -> list[dict[str, Any]]:
    title = pascal_case(name)
    return [
        {
            "name": f"List {title}",
            "use_as": "data",
            "path": f"/{word}s",
            "parameters": [{"name": "limit", "in": "query", "type": "integer", "default": 10}],
            "response": {"samples": [{"file": f"samples/{word}_list.json"}]},
        },
        {
            "name": f"Get {title}",
            "use_as": "data",
            "path": f"/{word}s/{{id}}",
            "parameters": [{"name": "id", "in": "path"}],
            "response": {"samples": [{"file": f"samples/{word}.json"}]},
        },
        {
            "name": f"Create {title}",
            "use_as": "action",
            "method": "POST",
            "path": f"/{word}s",
            "body": '{"description": "<description>", "metadata": <metadata>}',
            "parameters": [
                {"name": "description", "in": "body"},
                {"name": "metadata", "in": "body", "type": "object", "default": {}},
            ],
            "response": {"samples": [{"file": f"samples/{word}.json"}]},
        },
    ]


def measure(command: list[str], runs: int = 3) -> tuple[float, float]:
    """Median wall seconds and peak resident MiB of ``command`` in fresh processes."""
    times, peaks = [], []
    for _ in range(runs):
        script = (
            "import resource, subprocess, sys, time\n"
            "start = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
            "elapsed = time.perf_counter() - start\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
            "print(elapsed, peak)\n"
        )
        output = subprocess.run(
            [sys.executable, "-c", script, *command], check=True, capture_output=True, text=True
        ).stdout.split()
        times.append(float(output[0]))
        peaks.append(float(output[1]))
    return statistics.median(times), max(peaks)


def import_seconds(directory: Path, statement: str) -> float:
    script = f"import time; s = time.perf_counter(); {statement}; print(time.perf_counter() - s)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", script],
                cwd=directory,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(3)
    ]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixtures", type=Path, help="stripe-fixtures3.json")
    parser.add_argument("--copies", type=int, default=1, help="collections of 528 calls each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        spec = write_spec(args.fixtures, root / "spec", args.copies)
        out = root / "out"
        apigen = [sys.executable, "-m", "apigen"]
        check_s, check_mib = measure([*apigen, "check", str(spec)])
        build_s, build_mib = measure([*apigen, "build", str(spec), "-o", str(out), "--force"])
        files = [p for p in out.rglob("*.py")]
        lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in files)
        calls = 528 * args.copies
        print(f"spec: {calls} calls from {args.fixtures.name}")
        print(f"apigen check: {check_s:.2f} s, peak {check_mib:.0f} MiB")
        size = f"{len(files)} files, {lines} lines"
        print(f"apigen build: {build_s:.2f} s, peak {build_mib:.0f} MiB, {size}")
        print(f"import stripe_sdk: {import_seconds(out, 'import stripe_sdk'):.3f} s")
        models = (
            "import stripe_sdk.stripe.models"
            if args.copies == 1
            else "import stripe_sdk.stripe_0.models"
        )
        print(f"{models}: {import_seconds(out, models):.3f} s")


if __name__ == "__main__":
    main()
