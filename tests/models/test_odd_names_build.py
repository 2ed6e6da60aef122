"""Names that once crashed the build or lost their meaning, built into a package that imports."""

from __future__ import annotations

import importlib
from pathlib import Path

from tests.e2e.support import build_spec, import_built, unload

CALL_NAMES = ["None", "True", "False", "Any", "2fa status"]
KEYS_SAMPLE = {"+1": 2, "-1": 0, "Straße": "Unter den Linden", "名前": "Ada", "n": 1.5}


def test_calls_named_like_builtins_or_with_a_leading_digit_build(tmp_path: Path) -> None:
    spec = {
        "apigen": 1,
        "package": {"name": "odd_sdk"},
        "collections": [
            {
                "name": "Odd",
                "base_url": "https://odd.example",
                "calls": [
                    {
                        "name": name,
                        "use_as": "data",
                        "path": f"/{index}",
                        "response": {"samples": [{"inline": {f"k{index}": index, "x": "y"}}]},
                    }
                    for index, name in enumerate(CALL_NAMES)
                ]
                + [
                    {
                        "name": "Get keys",
                        "python_name": "fetch_keys",
                        "use_as": "data",
                        "path": "/k",
                        "response": {"samples": [{"inline": KEYS_SAMPLE}]},
                    }
                ],
            }
        ],
    }
    files, errors = build_spec(spec, tmp_path / "spec")
    assert files is not None, errors
    try:
        package = import_built(files, tmp_path / "out", "odd_sdk")
        client = package.OddClient
        assert {"none", "true", "false", "any", "n2fa_status", "fetch_keys"} <= set(dir(client))
        models = importlib.import_module("odd_sdk.odd.models")
        assert {"NoneResponse", "TrueResponse", "N2faStatusResponse"} <= set(vars(models))
        fields = models.FetchKeysResponse.model_fields
        assert {name: field.alias for name, field in fields.items()} == {
            "plus_1": "+1",
            "minus_1": "-1",
            "straße": "Straße",
            "名前": None,
            "n": None,
        }
        parsed = models.FetchKeysResponse.model_validate(KEYS_SAMPLE)
        assert parsed.model_dump(by_alias=True) == KEYS_SAMPLE
    finally:
        unload(["odd_sdk"])
