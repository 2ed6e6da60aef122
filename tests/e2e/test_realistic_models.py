"""Models of real-world-shaped specs, built and called against a real local server.

Why: users of real APIs meet maps with other keys, floats where samples had integers and one
resource returned by many calls before anything else. The generated package must type them as a
hand-written SDK does (``dict[str, V]``, ``float``, one ``Customer``) and accept responses that no
sample showed, while still giving back every recorded sample exactly.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import BaseModel

from tests.servers.recording import RecordingServer, Reply

from .realistic import GITHUB_CALLS, HELD_OUT, OPENAI_CALLS, STRIPE_CALLS, realistic_spec
from .support import assert_parsed, build_spec, call_client, import_built, unload

PACKAGE = "realistic_sdk"
RUFF_RULES = "E,F,W,I,B,UP,SIM,RUF"  # as for the examples' packages
COLLECTIONS = {"Stripe": STRIPE_CALLS, "GitHub": GITHUB_CALLS, "OpenAI": OPENAI_CALLS}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, Path]]:
    root = tmp_path_factory.mktemp("realistic")
    files, errors = build_spec(realistic_spec("http://127.0.0.1:9"), root / "spec")
    assert files is not None, errors
    package = import_built(files, root / "out", PACKAGE)
    try:
        yield package, root / "out"
    finally:
        unload([PACKAGE])


def _models(package: ModuleType, collection: str) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.{collection.lower()}.models")


def _method(name: str) -> str:
    return name.lower().replace(" ", "_")


def _path_kwargs(path: str) -> dict[str, str]:
    return {part[1:-1]: "x1" for part in path.split("/") if part.startswith("{")}


def _server_path(path: str) -> str:
    return "/".join("x1" if part.startswith("{") else part for part in path.split("/"))


def test_one_class_per_resource_named_after_it(built: tuple[ModuleType, Path]) -> None:
    package, _ = built
    stripe = _models(package, "Stripe")
    returns = {
        name: getattr(package.StripeClient, name).__annotations__["return"]
        for name in ("create_customer", "retrieve_customer", "update_customer")
    }
    assert set(returns.values()) == {"Customer"}
    assert stripe.ListCustomersResponse.model_fields["data"].annotation == list[stripe.Customer]
    assert stripe.SearchCustomersResponse.model_fields["data"].annotation == list[stripe.Customer]
    assert package.StripeClient.capture_charge.__annotations__["return"] == "Charge"
    # A deleted customer has another shape: it keeps its call-based name.
    assert hasattr(stripe, "DeleteCustomerResponse")
    github = _models(package, "GitHub")
    assert github.SearchIssuesResponse.model_fields["items"].annotation == list[github.Issue]
    assert github.Issue.model_fields["labels"].annotation == list[github.Label]
    openai = _models(package, "OpenAI")
    assert {"ChatCompletion", "Moderation", "ModerationResult", "Embedding"} <= set(vars(openai))
    assert not hasattr(openai, "Result")  # the package exports Result


def test_maps_are_dicts_and_mixed_numbers_are_floats(built: tuple[ModuleType, Path]) -> None:
    package, _ = built
    stripe, github, openai = (_models(package, name) for name in COLLECTIONS)
    assert stripe.Customer.model_fields["metadata"].annotation == dict[str, str]
    assert github.Gist.model_fields["files"].annotation == dict[str, github.GistFile]
    scores = openai.ModerationResult.model_fields["category_scores"].annotation
    assert scores == dict[str, float]  # 0, 0.000012 and 1 among the values
    assert (
        stripe.Charge.model_fields["fee_rate"].annotation is float
    )  # 0 in one call, 0.029 in another


def test_field_names_keep_meaning(built: tuple[ModuleType, Path]) -> None:
    package, _ = built
    fields = _models(package, "GitHub").IssueReactions.model_fields
    assert {fields["plus_1"].alias, fields["minus_1"].alias} == {"+1", "-1"}


def test_python_name_names_the_client(built: tuple[ModuleType, Path]) -> None:
    package, _ = built
    assert hasattr(package, "OpenAIClient") and hasattr(package, "GitHubClient")
    assert package.openai.__name__ == f"{PACKAGE}.openai"


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_sample_round_trips_through_the_client(
    built: tuple[ModuleType, Path], recording_server: RecordingServer, collection: str
) -> None:
    package, _ = built
    for call in COLLECTIONS[collection]:
        method = call.get("method", "GET")
        recording_server.route(method, _server_path(call["path"]), Reply.json(call["sample"]))
        result = call_client(
            "sync",
            package,
            f"{collection}Client",
            {"base_url": recording_server.url},
            _method(call["name"]),
            _path_kwargs(call["path"]),
        )
        assert_parsed(result, call["sample"])


@pytest.mark.parametrize("case", HELD_OUT)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_held_out_responses_are_accepted(
    built: tuple[ModuleType, Path], recording_server: RecordingServer, case: str, mode: str
) -> None:
    package, _ = built
    collection, method, response = HELD_OUT[case]
    call = next(c for c in COLLECTIONS[collection] if _method(c["name"]) == method)
    recording_server.route(
        call.get("method", "GET"), _server_path(call["path"]), Reply.json(response)
    )
    result = call_client(
        mode,
        package,
        f"{collection}Client",
        {"base_url": recording_server.url},
        method,
        _path_kwargs(call["path"]),
    )
    assert isinstance(result, BaseModel)
    assert_parsed(result, response)


@pytest.mark.slow
def test_the_package_passes_mypy_strict_and_ruff(built: tuple[ModuleType, Path]) -> None:
    _, out = built
    for command in (
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", PACKAGE],
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",
            "--select",
            RUFF_RULES,
            "--line-length",
            "100",
            "--target-version",
            "py310",
            PACKAGE,
        ],
    ):
        run = subprocess.run(command, cwd=out, capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stdout + run.stderr
