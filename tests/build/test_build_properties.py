"""Any JSON samples build into a models module that imports and reads each sample back."""

from __future__ import annotations

import importlib
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings
from pydantic import TypeAdapter

from apigen.build import build_files
from apigen.diagnostics import Diagnostics
from apigen.write import write_tree

KEYS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "!!",
            "class",
            "model_config",
            "$ref",
            "2fa",
            "a-b",
            "A",
            "a",
            "Field",
            "None",
            "self",
            "__init__",
            "_x",
            "é",
            "json",
            "schema",
            "copy",
            "dict",
            "firstName",
        ]
    ),
    st.text(max_size=6),
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(
        ["2024-05-01T10:00:00Z", "2024-05-01", "3f2a1c4e-8b7d-4c1e-9a2b-1234567890ab"]
    )
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)
_PACKAGE_NUMBERS = itertools.count(1)


# Each example builds, writes and imports a package (a third of a second): 25 fit in the suite;
# the long fuzz (python -m tests.fuzz) builds thousands of such sample sets.
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(samples=st.lists(VALUES.filter(lambda v: isinstance(v, dict)), min_size=1, max_size=3))
def test_samples_build_into_models_that_read_them_back(
    tmp_path: Path, samples: list[dict[str, Any]]
) -> None:
    # A new package name per example, so that no module is reused from the import cache.
    package = f"fuzz_sdk_{next(_PACKAGE_NUMBERS)}"
    spec = tmp_path / f"{package}.yaml"
    # Sample files are JSON (as recorded samples are), so any text may appear in them.
    references = []
    for number, sample in enumerate(samples):
        (tmp_path / f"{package}_{number}.json").write_text(json.dumps(sample), encoding="utf-8")
        references.append({"file": f"{package}_{number}.json"})
    calls = [{"name": "Get", "use_as": "data", "response": {"samples": references}}]
    document = {
        "apigen": 1,
        "package": {"name": package},
        "collections": [{"name": "Fuzz", "base_url": "https://x.example", "calls": calls}],
    }
    spec.write_text(json.dumps(document), encoding="utf-8")  # JSON is YAML
    diagnostics = Diagnostics()
    files = build_files(spec, diagnostics)
    assert files is not None, [d.format() for d in diagnostics]
    write_tree(files, tmp_path / package)
    sys.path.insert(0, str(tmp_path / package))
    try:
        client = importlib.import_module(f"{package}.fuzz.client")
        models = importlib.import_module(f"{package}.fuzz.models")
        annotation = client.FuzzClient.get.__annotations__["return"]
        adapter = TypeAdapter(eval(annotation, {**vars(models), "Any": Any}))
        for sample in samples:
            assert adapter.dump_python(adapter.validate_python(sample), by_alias=True) == sample
    finally:
        sys.path.remove(str(tmp_path / package))
        for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[name]
