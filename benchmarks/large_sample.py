"""Large-sample benchmark: build a spec whose one sample is an object with N keys.

Inference cost must be proportional to the sample: a place that collects more than 1000 distinct
keys is a map and keeps one merged place for all values, so a million keys do not make a model of
a million fields.

    python benchmarks/large_sample.py [--keys 100000 1000000]

Prints the sample size, wall time and peak memory of `apigen build` (a fresh process each).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SPEC = """\
apigen: 1
package: {name: big_sdk}
collections:
  - name: Big
    base_url: https://api.big.example/v1
    calls:
      - name: Get big
        use_as: data
        path: /big
        response:
          samples:
            - file: samples/big.json
"""


def write_spec(directory: Path, keys: int) -> Path:
    (directory / "samples").mkdir(parents=True)
    sample = {f"key_{index}": index for index in range(keys)}
    (directory / "samples" / "big.json").write_text(json.dumps(sample), encoding="utf-8")
    spec = directory / "apigen.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return spec


def measure(spec: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak MiB of one `apigen build` in a fresh process."""
    command = [sys.executable, "-m", "apigen", "build", str(spec), "-o", str(out), "--force"]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, nargs="+", default=[100_000, 1_000_000])
    arguments = parser.parse_args()
    for keys in arguments.keys:
        with tempfile.TemporaryDirectory() as scratch:
            spec = write_spec(Path(scratch) / "spec", keys)
            size = (spec.parent / "samples" / "big.json").stat().st_size / 1e6
            seconds, mebibytes = measure(spec, Path(scratch) / "out")
        # RUSAGE_CHILDREN keeps the largest child so far: run one size per call for exact peaks.
        print(f"{keys:>9} keys ({size:.1f} MB): build {seconds:.1f} s, peak {mebibytes:.0f} MiB")


if __name__ == "__main__":
    main()
