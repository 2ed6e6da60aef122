"""The generated ``testing`` module: every call of every example answered offline, and overrides.

Calls go through real generated clients made by ``mock_client``; what they must return is the
call's first recorded sample, read from the package's own samples file.
"""

from __future__ import annotations

import asyncio
import importlib
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.e2e.support import MODES

from .support import (
    arguments,
    assert_first_sample,
    async_consumed,
    clients,
    consumed,
    first_samples,
    methods,
)


def _call(mode: str, testing: ModuleType, client_class: type, method: str, **kwargs: Any) -> Any:
    transport = testing.MockTransport()
    if mode == "sync":
        with testing.mock_client(client_class, transport) as client:
            return consumed(getattr(client, method)(**kwargs)), transport

    async def run() -> Any:
        async with testing.mock_client(client_class, transport) as client:
            return await async_consumed(await getattr(client, method)(**kwargs))

    return asyncio.run(run()), transport


@pytest.mark.parametrize("mode", MODES)
def test_every_call_of_every_example_returns_its_first_sample(
    mode: str, packages: dict[str, ModuleType]
) -> None:
    answered = 0
    for package, name in clients(packages):
        testing = importlib.import_module(f"{package.__name__}.testing")
        samples = first_samples(package)
        sync_class = getattr(package, name)
        client_class = sync_class if mode == "sync" else getattr(package, f"Async{name}")
        collection = sync_class._config.name
        for method in methods(sync_class):
            kwargs = arguments(getattr(sync_class, method))
            result, transport = _call(mode, testing, client_class, method, **kwargs)
            assert_first_sample(result, samples[(collection, method)])
            assert [called for called, _ in transport.calls] == [method]
            answered += 1
    assert answered == 29  # every call of the four examples


def test_calls_records_each_request_with_its_method_name(
    crm: ModuleType, crm_testing: ModuleType
) -> None:
    transport = crm_testing.MockTransport()
    with crm_testing.mock_client(crm.AcmeCrmClient, transport) as client:
        client.get_contact(contact_id="c 1")
        client.add_note(contact_id="c_1", text="Hello")
    (first, get), (second, post) = transport.calls
    assert (first, get.method, str(get.url)) == (
        "get_contact",
        "GET",
        "https://api.acme.example/v1/contacts/c%201",
    )
    # Placeholder credentials: the API key and the private workspace parameter.
    assert get.headers["Authorization"] == "Bearer mock"
    assert get.headers["X-Acme-Workspace"] == "mock"
    assert (second, post.method, post.content) == ("add_note", "POST", b"text=Hello&pinned=false")


def test_respond_overrides_status_body_and_headers_until_changed(
    crm: ModuleType, crm_testing: ModuleType
) -> None:
    transport = crm_testing.MockTransport()
    transport.respond("delete_contact", json={"id": "c_9", "deleted": False}, headers={"X-A": "1"})
    with crm_testing.mock_client(crm.AcmeCrmClient, transport) as client:
        for _ in range(2):
            raw = client.with_raw_response.delete_contact(contact_id="c_9")
            assert (raw.value.id, raw.value.deleted) == ("c_9", False)
            assert raw.headers["X-A"] == "1"
        transport.respond("delete_contact", status=202)
        assert client.delete_contact(contact_id="c_9").id == "c_1001"


def test_an_error_status_answers_with_the_first_error_sample(
    crm: ModuleType, crm_testing: ModuleType
) -> None:
    transport = crm_testing.MockTransport()
    transport.respond("get_contact", status=404)
    with (
        crm_testing.mock_client(crm.AcmeCrmClient, transport) as client,
        pytest.raises(crm.NotFoundError) as raised,
    ):
        client.get_contact(contact_id="c_404")
    error_sample = first_samples(crm)[("Acme CRM", "get_contact")]["error_samples"][0]
    assert raised.value.body == error_sample
    assert raised.value.error is not None  # the typed error body
    assert raised.value.error.model_dump(by_alias=True, exclude_unset=True) == error_sample


def test_an_error_status_of_a_call_without_error_samples_has_no_body(
    crm: ModuleType, crm_testing: ModuleType
) -> None:
    transport = crm_testing.MockTransport()
    transport.respond("delete_contact", status=500)
    with crm_testing.mock_client(crm.AcmeCrmClient, transport) as client:
        client.max_retries = 0
        with pytest.raises(crm.InternalServerError) as raised:
            client.delete_contact(contact_id="c_1")
    assert raised.value.body == ""


def test_on_error_return_calls_get_a_failed_result(
    crm: ModuleType, crm_testing: ModuleType
) -> None:
    transport = crm_testing.MockTransport()
    transport.respond("void_invoice", status=409)
    with crm_testing.mock_client(crm.AcmeBillingClient, transport) as client:
        result = client.void_invoice(invoice_id="inv_1")
    assert not result.ok
    assert result.error.status_code == 409
    assert result.error.body["error"]["type"] == "invalid_state"


def test_sample_picks_another_recorded_sample(crm: ModuleType, crm_testing: ModuleType) -> None:
    transport = crm_testing.MockTransport()
    transport.respond("list_contacts", sample=1)
    with crm_testing.mock_client(crm.AcmeCrmClient, transport) as client:
        page = client.list_contacts()
    assert page.items == [] and page.response.next_cursor is None  # the recorded last page


def test_respond_refuses_unknown_calls_and_samples(crm_testing: ModuleType) -> None:
    transport = crm_testing.MockTransport()
    with pytest.raises(ValueError, match="no call is named 'get_contakt'"):
        transport.respond("get_contakt")
    with pytest.raises(ValueError, match="list_contacts has 2 sample"):
        transport.respond("list_contacts", sample=2)
    with pytest.raises(ValueError, match="get_contact has 1 error sample"):
        transport.respond("get_contact", status=404, sample=1)


def test_a_request_no_call_matches_gets_404_naming_the_closest_calls(
    crm_testing: ModuleType,
) -> None:
    with httpx.Client(transport=crm_testing.MockTransport()) as http:
        response = http.delete("https://api.acme.example/v1/contact/c_1")
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == "no call matches DELETE /v1/contact/c_1"
    assert body["closest"][0] == "Acme CRM.delete_contact: DELETE /v1/contacts/{contact_id}"


def test_a_request_missing_a_required_parameter_gets_400_naming_it(
    packages: dict[str, ModuleType],
) -> None:
    testing = importlib.import_module("weather_sdk.testing")
    transport = testing.MockTransport()
    with httpx.Client(transport=transport) as http:
        response = http.get("https://api.skyline-weather.example/v2/weather", params={"lat": 1})
    assert response.status_code == 400
    assert response.json()["missing"] == [{"in": "query", "name": "lon"}]
    assert response.json()["error"] == "get_current_weather requires query parameter 'lon'"
    assert [name for name, _ in transport.calls] == ["get_current_weather"]


def test_text_and_binary_calls_get_their_content_types(packages: dict[str, ModuleType]) -> None:
    testing = importlib.import_module("weather_sdk.testing")
    with httpx.Client(transport=testing.MockTransport()) as http:
        tile = http.get("https://api.skyline-weather.example/v2/maps/clouds/1/2/3.png")
        summary = http.get("https://api.skyline-weather.example/v2/summary/42")
    assert tile.headers["content-type"] == "image/png"  # the call's Accept header
    assert summary.headers["content-type"] == "text/plain; charset=utf-8"


def test_collections_sharing_a_path_answer_their_own_clients(
    packages: dict[str, ModuleType],
) -> None:
    auth = packages["auth_sdk"]
    testing = importlib.import_module("auth_sdk.testing")
    transport = testing.MockTransport()
    with testing.mock_client(auth.ShippingClient, transport) as shipping:
        assert shipping.get_profile().client_id == "shipping-app"
    with testing.mock_client(auth.LedgerClient, transport) as ledger:
        assert ledger.get_profile().client_id == "ledger-app"


def test_authentication_that_fetches_or_signs_sends_a_placeholder_token(
    packages: dict[str, ModuleType],
) -> None:
    auth = packages["auth_sdk"]
    testing = importlib.import_module("auth_sdk.testing")
    transport = testing.MockTransport()
    for client_class in (auth.LedgerClient, auth.TelemetryClient, auth.SensorHubClient):
        with testing.mock_client(client_class, transport) as client:
            assert isinstance(client, client_class)
            client.get_identity() if client_class is auth.SensorHubClient else client.get_profile()
    with testing.mock_client(auth.VaultClient, transport) as vault:
        vault.who_am_i()
    sent = [request.headers.get("Authorization") for _, request in transport.calls]
    # No token request reached the transport; the client certificate sends no header.
    assert sent == ["Bearer mock", "Bearer mock", "Bearer mock", None]


def test_a_sample_answers_with_its_recorded_status(
    crm: ModuleType, crm_testing: ModuleType
) -> None:
    transport = crm_testing.MockTransport()
    with crm_testing.mock_client(crm.AcmeCrmClient, transport) as client:
        created = client.with_raw_response.create_contact(email="a@example.com", first_name="A")
        updated = client.with_raw_response.update_contact(contact_id="c_1001")
    assert (created.status_code, updated.status_code) == (201, 200)  # `status: 201` in the spec


def test_reset_forgets_overrides_and_calls(crm: ModuleType, crm_testing: ModuleType) -> None:
    transport = crm_testing.MockTransport()
    down = {"status": "down", "version": "1", "time": "2024-05-14T09:30:12Z", "incident": None}
    transport.respond("get_status", json=down)
    with crm_testing.mock_client(crm.AcmeCrmClient, transport) as client:
        assert client.get_status().status == "down"
        transport.reset()
        assert transport.calls == []
        assert client.get_status().status == "ok"
    assert [name for name, _ in transport.calls] == ["get_status"]
