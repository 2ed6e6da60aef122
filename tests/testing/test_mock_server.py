"""``apigen mock`` in a subprocess: generated clients and plain HTTP requests against it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.build.helpers import example_spec
from tests.e2e.support import MODES

from .conftest import STARTUP_TIMEOUT, MockProcess, start
from .support import (
    arguments,
    assert_first_sample,
    async_consumed,
    clients,
    consumed,
    first_samples,
    methods,
)


@pytest.mark.parametrize("mode", MODES)
def test_generated_clients_get_every_first_sample(
    mode: str, crm_mock: MockProcess, packages: dict[str, ModuleType]
) -> None:
    crm = packages["acme_sdk"]
    samples = first_samples(crm)
    credentials = {
        "AcmeCrmClient": {"acme_api_key": "k", "acme_workspace": "w"},
        "AcmeBillingClient": {"acme_billing_username": "u", "acme_billing_password": "p"},
    }
    answered = 0
    for package, name in clients({"acme_sdk": crm}):
        client_class = getattr(package, name if mode == "sync" else f"Async{name}")
        options = {"base_url": f"{crm_mock.url}/v1", **credentials[name]}
        collection = client_class._config.name
        for method in methods(getattr(package, name)):
            kwargs = arguments(getattr(client_class, method))
            result = _call(mode, client_class, options, method, kwargs)
            assert_first_sample(result, samples[(collection, method)])
            answered += 1
    assert answered == 10


def _call(mode: str, client_class: type, options: dict[str, Any], method: str, kwargs: Any) -> Any:
    if mode == "sync":
        with client_class(**options) as client:
            return consumed(getattr(client, method)(**kwargs))

    async def run() -> Any:
        async with client_class(**options) as client:
            return await async_consumed(await getattr(client, method)(**kwargs))

    return asyncio.run(run())


def test_plain_requests_get_samples_and_content_types(crm_mock: MockProcess) -> None:
    response = httpx.get(f"{crm_mock.url}/v1/invoices/inv_7")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json()["id"] == "inv_2024_0037"  # the first recorded invoice
    head = httpx.head(f"{crm_mock.url}/v1/status")
    assert (head.status_code, head.content) == (404, b"")  # no call is a HEAD


def test_an_undeclared_path_answers_404_naming_the_closest_calls(crm_mock: MockProcess) -> None:
    response = httpx.get(f"{crm_mock.url}/v1/contact/c_1")
    assert response.status_code == 404
    assert response.json() == {
        "error": "no call matches GET /v1/contact/c_1",
        "closest": [
            "Acme CRM.list_contacts: GET /v1/contacts",
            "Acme CRM.get_contact: GET /v1/contacts/{contact_id}",
            "Acme CRM.create_contact: POST /v1/contacts",
        ],
    }


def test_a_missing_required_parameter_answers_400_naming_it(crm_mock: MockProcess) -> None:
    response = httpx.post(f"{crm_mock.url}/v1/contacts/c_1/notes", data={"pinned": "true"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "add_note requires body parameter 'text'",
        "call": "Acme CRM.add_note: POST /v1/contacts/{contact_id}/notes",
        "missing": [{"in": "body", "name": "text"}],
    }
    sent = httpx.post(f"{crm_mock.url}/v1/contacts/c_1/notes", data={"text": "Hi"})
    assert sent.json()["id"] == "n_310"


def test_ctrl_c_stops_cleanly_after_logging_each_request_with_its_call() -> None:
    server = start(str(example_spec("weather")))
    httpx.get(f"{server.url}/v2/forecast/2950159")
    httpx.get(f"{server.url}/v2/weather", params={"lat": 1})
    httpx.get(f"{server.url}/v3/weather")
    code, output = server.stop()
    assert code == 0
    assert output.splitlines() == [  # after the first line, which start() read
        f"  Skyline Weather: base_url={server.url}/v2",
        "GET /v2/forecast/2950159 -> Skyline Weather.get_forecast: 200",
        "GET /v2/weather?lat=1 -> Skyline Weather.get_current_weather: 400",
        "GET /v3/weather -> no call: 404",
        "apigen mock: stopped",
    ]


def test_a_spec_with_errors_is_reported_and_nothing_served(tmp_path: Any) -> None:
    spec = tmp_path / "apigen.yaml"
    spec.write_text("apigen: 1\npackage: {name: x}\ncollections: [{name: A}]\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "apigen", "mock", str(spec), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=STARTUP_TIMEOUT,
        check=False,
    )
    assert result.returncode == 1
    assert "base_url" in result.stderr and result.stdout == ""


def test_a_port_in_use_is_an_error_not_a_traceback(crm_mock: MockProcess) -> None:
    port = crm_mock.url.rsplit(":", 1)[1]
    result = subprocess.run(
        [sys.executable, "-m", "apigen", "mock", str(example_spec("crm")), "--port", port],
        capture_output=True,
        text=True,
        timeout=STARTUP_TIMEOUT,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in result.stderr


def test_serving_a_spec_imports_neither_black_nor_the_model_generator() -> None:
    script = (
        "import sys\n"
        "from apigen.diagnostics import Diagnostics\n"
        "from apigen.mock_server import mock_server\n"
        "from apigen.pipeline import check_file\n"
        f"package = check_file(__import__('pathlib').Path({str(example_spec('crm'))!r}), "
        "Diagnostics())\n"
        "mock_server(package, '127.0.0.1', 0, print).server_close()\n"
        "print(sorted(m for m in ('black', 'datamodel_code_generator') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"


def test_a_front_end_on_another_origin_may_call_the_mock(crm_mock: MockProcess) -> None:
    preflight = httpx.options(
        f"{crm_mock.url}/v1/contacts",
        headers={
            "Origin": "http://127.0.0.1:5173",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert preflight.headers["Access-Control-Allow-Methods"] == "POST"
    assert preflight.headers["Access-Control-Allow-Headers"] == "content-type, authorization"
    answer = httpx.get(f"{crm_mock.url}/v1/status", headers={"Origin": "http://127.0.0.1:5173"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
