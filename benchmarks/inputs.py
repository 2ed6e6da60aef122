"""Inputs the benchmarks make for themselves, deterministically, from the bench documents."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

CALL_ITEM = "dispute"  # a real Stripe object of about 2 KB: the call-overhead response


def fixtures(path: Path) -> dict[str, Any]:
    resources: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["resources"]
    return resources


def varied_objects(resources: dict[str, Any], megabytes: float, seed: int = 0) -> list[Any]:
    """Real objects, cycled with changed ids, strings and numbers until the size is reached."""
    rng = random.Random(seed)
    names = sorted(resources)
    target = int(megabytes * 1024 * 1024)
    objects: list[Any] = []
    size = 0
    copy = 0
    while size < target:
        name = names[copy % len(names)]
        item = _vary(resources[name], rng, copy)
        objects.append(item)
        size += len(json.dumps(item)) + 2
        copy += 1
    return objects


def _vary(value: Any, rng: random.Random, copy: int) -> Any:
    if isinstance(value, dict):
        return {key: _vary(item, rng, copy) for key, item in value.items()}
    if isinstance(value, list):
        return [_vary(item, rng, copy) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value + rng.randrange(1000)
    if isinstance(value, float):
        return round(value * rng.random(), 4)
    if isinstance(value, str) and value.startswith(("cus_", "ch_", "in_", "pi_", "sub_", "acct_")):
        return f"{value}{copy}"
    return value


def write_inference_spec(directory: Path, sample: Path) -> Path:
    """A spec whose one call has ``sample`` as its sample."""
    spec = directory / "apigen.yaml"
    document = {
        "apigen": 1,
        "package": {"name": "inferred_sdk"},
        "collections": [
            {
                "name": "Inferred",
                "base_url": "https://api.example.com",
                "calls": [
                    {
                        "name": "List objects",
                        "use_as": "data",
                        "path": "/objects",
                        "response": {"samples": [{"file": sample.name}]},
                    }
                ],
            }
        ],
    }
    spec.write_text(json.dumps(document, indent=1), encoding="utf-8")  # JSON is YAML
    return spec


def write_call_spec(directory: Path, item: Any) -> Path:
    """The run-time package: a data call answering ``item``, a stream and a paginated listing.

    The stream and the listing answer what ``benchmarks.server`` serves: ``/events`` sends
    ``item`` as each event's data and ends with ``[DONE]``, ``/items?page=N`` pages of ``item``s.
    """
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "item.json").write_text(json.dumps(item), encoding="utf-8")
    page = {"data": [item], "has_more": True, "next_page": 2}
    (directory / "page.json").write_text(json.dumps(page), encoding="utf-8")
    spec = directory / "apigen.yaml"
    document = {
        "apigen": 1,
        "package": {"name": "bench_sdk"},
        "collections": [
            {
                "name": "Bench",
                "base_url": "http://127.0.0.1:9",
                "calls": [
                    {
                        "name": "Get item",
                        "use_as": "data",
                        "path": "/item",
                        "response": {"samples": [{"file": "item.json"}]},
                    },
                    {
                        "name": "Stream events",
                        "use_as": "data",
                        "path": "/events",
                        "response": {
                            "type": "sse",
                            "end_marker": "[DONE]",
                            "model": "Item",
                            "samples": [{"file": "item.json"}],
                        },
                    },
                    {
                        "name": "List items",
                        "use_as": "data",
                        "path": "/items",
                        "parameters": [
                            {"name": "page", "in": "query", "type": "integer", "default": 1}
                        ],
                        "pagination": {"style": "page", "items": "data", "has_more": "has_more"},
                        "response": {
                            "types": {"data[]": "Item"},
                            "samples": [{"file": "page.json"}],
                        },
                    },
                ],
            }
        ],
    }
    spec.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return spec
