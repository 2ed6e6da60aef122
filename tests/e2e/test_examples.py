"""Every call of every example, sync and async, against a real server: the exact request and result.

The expected requests below are written by hand from the specs in examples/ and the contract of
the format (one ``/`` between base URL and path, percent-encoded path values, booleans as
true/false, arrays as repeated keys, unset optional parameters absent, defaults present).
"""

from __future__ import annotations

import asyncio
import base64
import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from apigen.capabilities import CLIENT_ATTRIBUTES
from tests.servers.recording import RecordingServer, Reply

from .support import MODES, Form, Json, Wire, assert_parsed, assert_wire, call_client

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

CRM_KEY = "sk-acme-e2e-4f1c9b"
CRM_WORKSPACE = "ws_e2e_77"
BILLING_USER = "billing-bot"
BILLING_PASSWORD = "p@ss:w0rd e2e"
NIMBUS_KEY = "nk-e2e-31415"
WEATHER_KEY = "wk/e2e+key&1=2"


@dataclass(frozen=True)
class Setup:
    """How a test builds a client: its package, the path of its base URL, its private values."""

    package: str
    base_path: str
    kwargs: dict[str, str]


# Base URLs with and without a path, with and without a trailing slash.
CLIENTS = {
    "AcmeCrmClient": Setup(
        "acme_sdk", "/crm/v1/", {"acme_api_key": CRM_KEY, "acme_workspace": CRM_WORKSPACE}
    ),
    "AcmeBillingClient": Setup(
        "acme_sdk",
        "/billing/v1",
        {"acme_billing_username": BILLING_USER, "acme_billing_password": BILLING_PASSWORD},
    ),
    "NimbusAiClient": Setup("nimbus_sdk", "/", {"nimbus_api_key": NIMBUS_KEY}),
    "SkylineWeatherClient": Setup("weather_sdk", "/weather/v2", {"weather_api_key": WEATHER_KEY}),
}

CRM_HEADERS = {
    "Accept": "application/json",
    "Authorization": f"Bearer {CRM_KEY}",
    "X-Acme-Workspace": CRM_WORKSPACE,
}
BILLING_HEADERS = {
    "Accept": "application/json",
    "Authorization": "Basic " + base64.b64encode(b"billing-bot:p@ss:w0rd e2e").decode(),
}
NIMBUS_HEADERS = {
    "Accept": "application/json",
    "Nimbus-Version": "2024-05-01",
    "Authorization": f"Bearer {NIMBUS_KEY}",
}
# The weather API has no shared headers: httpx's own Accept goes out, the key in the query.
WEATHER_HEADERS = {"Accept": "*/*"}
JSON_TYPE = {"Content-Type": "application/json"}
FORM_TYPE = {"Content-Type": "application/x-www-form-urlencoded"}

TILE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
SUMMARY = "Sunny, 21 °C; a light breeze from the west.\nRain after 18:00."
AIR_QUALITY = {
    "aqi": 2,
    "measured_at": "2024-05-14T09:00:00Z",
    "components": {"pm2_5": 8.4, "no2": 12.5},
}
STATUS = {"status": "ok", "version": "2024.05.2", "time": "2024-05-14T09:30:12Z", "incident": None}
DELETED = {"id": "c_1001", "deleted": True}


def sample(example: str, name: str) -> Any:
    return json.loads((EXAMPLES / example / "samples" / name).read_text())


@dataclass(frozen=True)
class Case:
    id: str
    client: str
    method: str
    kwargs: dict[str, Any]
    wire: Wire
    reply: Reply
    result: Any  # the result in wire form (see support.dumped)


def json_case(
    id: str, client: str, method: str, kwargs: dict[str, Any], wire: Wire, data: Any
) -> Case:
    return Case(id, client, method, kwargs, wire, Reply.json(data), data)


CRM_CASES = [
    json_case(
        "crm-get_status-auth-none",
        "AcmeCrmClient",
        "get_status",
        {},
        # auth: none drops the credentials; the shared workspace header is not auth and stays.
        Wire(
            "GET",
            "/crm/v1/status",
            headers={"Accept": "application/json", "X-Acme-Workspace": CRM_WORKSPACE},
        ),
        STATUS,
    ),
    json_case(
        "crm-list_contacts-all",
        "AcmeCrmClient",
        "list_contacts",
        {
            "limit": 50,
            "cursor": "cur/2&next=ü 1",
            "tag": ["customer", "vip & friends"],
            "updated_since": "2024-05-01T00:00:00+02:00",
        },
        Wire(
            "GET",
            "/crm/v1/contacts",
            query=[
                ("limit", "50"),
                ("cursor", "cur/2&next=ü 1"),
                ("tag", "customer"),
                ("tag", "vip & friends"),
                ("updated_since", "2024-05-01T00:00:00+02:00"),
            ],
            headers=CRM_HEADERS,
        ),
        sample("crm", "list_contacts.json"),
    ),
    json_case(
        "crm-list_contacts-defaults",
        "AcmeCrmClient",
        "list_contacts",
        {},
        Wire("GET", "/crm/v1/contacts", query=[("limit", "20")], headers=CRM_HEADERS),
        sample("crm", "list_contacts.json"),
    ),
    json_case(
        "crm-get_contact",
        "AcmeCrmClient",
        "get_contact",
        {"contact_id": "c/1001 x"},
        Wire("GET", "/crm/v1/contacts/c%2F1001%20x", headers=CRM_HEADERS),
        sample("crm", "contact.json"),
    ),
    json_case(
        "crm-create_contact-all",
        "AcmeCrmClient",
        "create_contact",
        {
            "email": "ada+e2e@example.com",
            "first_name": 'Ada "Countess"',
            "last_name": "Lovelace",
            "company": "Analytical Engines & Co",
            "tags": ["vip", "ünïcode"],
            "idempotency_key": "idem-7f3a",
        },
        Wire(
            "POST",
            "/crm/v1/contacts",
            headers={**CRM_HEADERS, **JSON_TYPE, "Idempotency-Key": "idem-7f3a"},
            body=Json(
                {
                    "email": "ada+e2e@example.com",
                    "first_name": 'Ada "Countess"',
                    "last_name": "Lovelace",
                    "company": {"name": "Analytical Engines & Co"},
                    "tags": ["vip", "ünïcode"],
                    "source": "api",
                }
            ),
        ),
        sample("crm", "contact.json"),
    ),
    json_case(
        "crm-create_contact-required-only",
        "AcmeCrmClient",
        "create_contact",
        {"email": "ada@example.com", "first_name": "Ada"},
        Wire(
            "POST",
            "/crm/v1/contacts",
            headers={**CRM_HEADERS, **JSON_TYPE},
            body=Json(
                {
                    "email": "ada@example.com",
                    "first_name": "Ada",
                    "company": {},
                    "tags": [],
                    "source": "api",
                }
            ),
        ),
        sample("crm", "contact.json"),
    ),
    json_case(
        "crm-update_contact-some",
        "AcmeCrmClient",
        "update_contact",
        {
            "contact_id": "c 1001",
            "phone": "+44 20 7946 0000",
            "tags": [],
            "x_request_id": "req-123",
        },
        Wire(
            "PATCH",
            "/crm/v1/contacts/c%201001",
            headers={**CRM_HEADERS, **JSON_TYPE, "X-Request-Id": "req-123"},
            body=Json({"phone": "+44 20 7946 0000", "tags": []}),
        ),
        sample("crm", "contact.json"),
    ),
    json_case(
        "crm-update_contact-null",
        "AcmeCrmClient",
        "update_contact",
        {"contact_id": "c_1001", "phone": None},
        Wire(
            "PATCH",
            "/crm/v1/contacts/c_1001",
            headers={**CRM_HEADERS, **JSON_TYPE},
            body=Json({"phone": None}),
        ),
        sample("crm", "contact.json"),
    ),
    json_case(
        "crm-update_contact-one",
        "AcmeCrmClient",
        "update_contact",
        {"contact_id": "c_1001", "email": "ada@new.example"},
        Wire(
            "PATCH",
            "/crm/v1/contacts/c_1001",
            headers={**CRM_HEADERS, **JSON_TYPE},
            body=Json({"email": "ada@new.example"}),
        ),
        sample("crm", "contact.json"),
    ),
    json_case(
        "crm-delete_contact",
        "AcmeCrmClient",
        "delete_contact",
        {"contact_id": "c_1001"},
        Wire("DELETE", "/crm/v1/contacts/c_1001", headers=CRM_HEADERS),
        DELETED,
    ),
    json_case(
        "crm-add_note-all",
        "AcmeCrmClient",
        "add_note",
        {"contact_id": "c/1001", "text": "Renewal & pricing: 10% off — ü?", "pinned": True},
        Wire(
            "POST",
            "/crm/v1/contacts/c%2F1001/notes",
            headers={**CRM_HEADERS, **FORM_TYPE},
            body=Form([("text", "Renewal & pricing: 10% off — ü?"), ("pinned", "true")]),
        ),
        sample("crm", "note.json"),
    ),
    json_case(
        "crm-add_note-defaults",
        "AcmeCrmClient",
        "add_note",
        {"contact_id": "c_1001", "text": "Called about the renewal."},
        Wire(
            "POST",
            "/crm/v1/contacts/c_1001/notes",
            headers={**CRM_HEADERS, **FORM_TYPE},
            body=Form([("text", "Called about the renewal."), ("pinned", "false")]),
        ),
        sample("crm", "note.json"),
    ),
]

BILLING_CASES = [
    json_case(
        "billing-list_invoices-defaults",
        "AcmeBillingClient",
        "list_invoices",
        {},
        Wire("GET", "/billing/v1/invoices", query=[("status", "open")], headers=BILLING_HEADERS),
        sample("crm", "invoices.json"),
    ),
    json_case(
        "billing-list_invoices-all",
        "AcmeBillingClient",
        "list_invoices",
        {"status": "paid", "customer": "c_1001&status=void"},
        Wire(
            "GET",
            "/billing/v1/invoices",
            query=[("status", "paid"), ("customer", "c_1001&status=void")],
            headers=BILLING_HEADERS,
        ),
        sample("crm", "invoices.json"),
    ),
    json_case(
        "billing-get_invoice",
        "AcmeBillingClient",
        "get_invoice",
        {"invoice_id": "inv/2024 0042"},
        Wire("GET", "/billing/v1/invoices/inv%2F2024%200042", headers=BILLING_HEADERS),
        sample("crm", "invoice_paid.json"),
    ),
    json_case(
        "billing-void_invoice-all",
        "AcmeBillingClient",
        "void_invoice",
        {"invoice_id": "inv_2024_0042", "reason": 'Duplicate "charge"', "operator": "Grace Hopper"},
        Wire(
            "POST",
            "/billing/v1/invoices/inv_2024_0042/void",
            headers={**BILLING_HEADERS, **JSON_TYPE},
            body=Json(
                {"reason": 'Duplicate "charge"', "note": "Voided by Grace Hopper via the API"}
            ),
        ),
        sample("crm", "invoice_void.json"),
    ),
    json_case(
        "billing-void_invoice-defaults",
        "AcmeBillingClient",
        "void_invoice",
        {"invoice_id": "inv_2024_0042"},
        Wire(
            "POST",
            "/billing/v1/invoices/inv_2024_0042/void",
            headers={**BILLING_HEADERS, **JSON_TYPE},
            body=Json({"note": "Voided by billing team via the API"}),
        ),
        sample("crm", "invoice_void.json"),
    ),
]

CHUNKS = [
    sample("llm", "chat_chunk_first.json"),
    sample("llm", "chat_chunk.json"),
    sample("llm", "chat_chunk_last.json"),
]
# The events as a server sends them: a keep-alive comment, the chunks, then the end marker.
CHAT_STREAM = (
    b": keep-alive\n\n"
    + b"".join(b"data: " + json.dumps(chunk).encode() + b"\n\n" for chunk in CHUNKS)
    + b"data: [DONE]\n\n"
)

NIMBUS_CASES = [
    Case(
        "llm-stream_chat_completion",
        "NimbusAiClient",
        "stream_chat_completion",
        {"prompt": 'Say "hi"'},
        Wire(
            "POST",
            "/chat/completions",
            headers={**NIMBUS_HEADERS, **JSON_TYPE, "Accept": "text/event-stream"},
            body=Json(
                {
                    "model": "nimbus-large",
                    "messages": [{"role": "user", "content": 'Say "hi"'}],
                    "temperature": 0.7,
                    "stream": True,
                }
            ),
        ),
        Reply(200, CHAT_STREAM, (("Content-Type", "text/event-stream"),)),
        CHUNKS,
    ),
    json_case(
        "llm-list_files",
        "NimbusAiClient",
        "list_files",
        {"after": "file-00ff"},
        Wire(
            "GET", "/files", query=[("limit", "20"), ("after", "file-00ff")], headers=NIMBUS_HEADERS
        ),
        sample("llm", "files.json"),
    ),
    json_case(
        "llm-list_models",
        "NimbusAiClient",
        "list_models",
        {},
        Wire("GET", "/models", headers=NIMBUS_HEADERS),
        sample("llm", "models.json"),
    ),
    json_case(
        "llm-get_model",
        "NimbusAiClient",
        "get_model",
        {"model_id": "nimbus large/v2"},
        Wire("GET", "/models/nimbus%20large%2Fv2", headers=NIMBUS_HEADERS),
        sample("llm", "model.json"),
    ),
    json_case(
        "llm-create_chat_completion-all",
        "NimbusAiClient",
        "create_chat_completion",
        {
            "prompt": 'Name three "prime" numbers.\nThanks!',
            "model": "nimbus-small",
            "language": "Français",
            "temperature": 0.2,
            "max_tokens": 256,
        },
        Wire(
            "POST",
            "/chat/completions",
            headers={**NIMBUS_HEADERS, **JSON_TYPE},
            body=Json(
                {
                    "model": "nimbus-small",
                    "messages": [
                        {
                            "role": "system",
                            "content": "You are a concise assistant. Always answer in Français.",
                        },
                        {"role": "user", "content": 'Name three "prime" numbers.\nThanks!'},
                    ],
                    "temperature": 0.2,
                    "max_tokens": 256,
                    "stream": False,
                }
            ),
        ),
        sample("llm", "chat_completion.json"),
    ),
    json_case(
        "llm-create_chat_completion-defaults",
        "NimbusAiClient",
        "create_chat_completion",
        {"prompt": "Name three prime numbers."},
        Wire(
            "POST",
            "/chat/completions",
            headers={**NIMBUS_HEADERS, **JSON_TYPE},
            body=Json(
                {
                    "model": "nimbus-large",
                    "messages": [
                        {
                            "role": "system",
                            "content": "You are a concise assistant. Always answer in English.",
                        },
                        {"role": "user", "content": "Name three prime numbers."},
                    ],
                    "temperature": 0.7,
                    "stream": False,
                }
            ),
        ),
        sample("llm", "chat_completion.json"),
    ),
    json_case(
        "llm-create_embedding-all",
        "NimbusAiClient",
        "create_embedding",
        {"input": "The quick brown fox.", "model": "nimbus-embed-large", "dimensions": 256},
        Wire(
            "POST",
            "/embeddings",
            headers={**NIMBUS_HEADERS, **JSON_TYPE},
            body=Json(
                {"input": "The quick brown fox.", "model": "nimbus-embed-large", "dimensions": 256}
            ),
        ),
        sample("llm", "embedding.json"),
    ),
    json_case(
        "llm-create_embedding-defaults",
        "NimbusAiClient",
        "create_embedding",
        {"input": "The quick brown fox."},
        Wire(
            "POST",
            "/embeddings",
            headers={**NIMBUS_HEADERS, **JSON_TYPE},
            body=Json({"input": "The quick brown fox.", "model": "nimbus-embed-small"}),
        ),
        sample("llm", "embedding.json"),
    ),
]

WEATHER_CASES = [
    json_case(
        "weather-get_current_weather-all",
        "SkylineWeatherClient",
        "get_current_weather",
        {"lat": 52.52, "lon": 13.405, "units": "imperial", "lang": "de", "include_alerts": True},
        Wire(
            "GET",
            "/weather/v2/weather",
            query=[
                ("lat", "52.52"),
                ("lon", "13.405"),
                ("units", "imperial"),
                ("lang", "de"),
                ("include_alerts", "true"),
                ("appid", WEATHER_KEY),
            ],
            headers=WEATHER_HEADERS,
        ),
        sample("weather", "current_weather.json"),
    ),
    json_case(
        "weather-get_current_weather-defaults",
        "SkylineWeatherClient",
        "get_current_weather",
        {"lat": -33.8688, "lon": 151.2093},
        Wire(
            "GET",
            "/weather/v2/weather",
            query=[
                ("lat", "-33.8688"),
                ("lon", "151.2093"),
                ("units", "metric"),
                ("include_alerts", "false"),
                ("appid", WEATHER_KEY),
            ],
            headers=WEATHER_HEADERS,
        ),
        sample("weather", "current_weather.json"),
    ),
    json_case(
        "weather-get_forecast",
        "SkylineWeatherClient",
        "get_forecast",
        {"city_id": 2950159, "days": 3, "fields": ["temp", "rain"]},
        Wire(
            "GET",
            "/weather/v2/forecast/2950159",
            query=[
                ("days", "3"),
                ("units", "metric"),
                ("fields", "temp"),
                ("fields", "rain"),
                ("appid", WEATHER_KEY),
            ],
            headers=WEATHER_HEADERS,
        ),
        sample("weather", "forecast.json"),
    ),
    json_case(
        "weather-search_cities",
        "SkylineWeatherClient",
        "search_cities",
        {"q": "São Paulo & Co", "country": "BR"},
        Wire(
            "GET",
            "/weather/v2/cities",
            query=[
                ("q", "São Paulo & Co"),
                ("country", "BR"),
                ("limit", "10"),
                ("appid", WEATHER_KEY),
            ],
            headers=WEATHER_HEADERS,
        ),
        sample("weather", "cities.json"),
    ),
    # No sample: the response model comes from the call's schema, so the reply fits that.
    json_case(
        "weather-get_air_quality",
        "SkylineWeatherClient",
        "get_air_quality",
        {"lat": 52.52, "lon": 13.405},
        Wire(
            "GET",
            "/weather/v2/air_quality",
            query=[("lat", "52.52"), ("lon", "13.405"), ("appid", WEATHER_KEY)],
            headers=WEATHER_HEADERS,
        ),
        AIR_QUALITY,
    ),
    Case(
        "weather-get_weather_summary",
        "SkylineWeatherClient",
        "get_weather_summary",
        {"city_id": 2950159, "lang": "en"},
        Wire(
            "GET",
            "/weather/v2/summary/2950159",
            query=[("lang", "en"), ("appid", WEATHER_KEY)],
            headers=WEATHER_HEADERS,
        ),
        Reply.text(SUMMARY),
        SUMMARY,
    ),
    Case(
        "weather-get_map_tile",
        "SkylineWeatherClient",
        "get_map_tile",
        {"layer": "precipitation new", "z": 4, "x": 8, "y": 5},
        Wire(
            "GET",
            "/weather/v2/maps/precipitation%20new/4/8/5.png",
            query=[("appid", WEATHER_KEY)],
            headers={"Accept": "image/png"},
        ),
        Reply(200, TILE, (("Content-Type", "image/png"),)),
        TILE,
    ),
]

CASES = CRM_CASES + BILLING_CASES + NIMBUS_CASES + WEATHER_CASES
# Every call of every example, by client class and method name.
ALL_CALLS = {
    "AcmeCrmClient": {
        "get_status",
        "list_contacts",
        "get_contact",
        "create_contact",
        "update_contact",
        "delete_contact",
        "add_note",
    },
    "AcmeBillingClient": {"list_invoices", "get_invoice", "void_invoice"},
    "NimbusAiClient": {
        "list_models",
        "get_model",
        "create_chat_completion",
        "stream_chat_completion",
        "list_files",
        "create_embedding",
    },
    "SkylineWeatherClient": {
        "get_current_weather",
        "get_forecast",
        "search_cities",
        "get_air_quality",
        "get_weather_summary",
        "get_map_tile",
    },
}


def test_cases_cover_every_call_of_every_example(example_packages: dict[str, ModuleType]) -> None:
    covered: dict[str, set[str]] = {}
    for case in CASES:
        covered.setdefault(case.client, set()).add(case.method)
    assert covered == ALL_CALLS
    for client, methods in ALL_CALLS.items():
        package = example_packages[CLIENTS[client].package]
        for cls in (getattr(package, client), getattr(package, f"Async{client}")):
            # Every generated client also offers the raw and streaming views of its methods.
            views = {"with_raw_response", "with_streaming_response"}
            names = {name for name in dir(cls) if not name.startswith("_")}
            assert views <= names
            assert names - set(CLIENT_ATTRIBUTES) == methods, cls  # besides the runtime's own


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_call_sends_the_expected_request_and_parses_the_reply(
    case: Case,
    mode: str,
    example_packages: dict[str, ModuleType],
    recording_server: RecordingServer,
) -> None:
    setup = CLIENTS[case.client]
    recording_server.route(case.wire.method, case.wire.path, case.reply)
    client_kwargs = {
        "base_url": recording_server.url + setup.base_path,
        "max_retries": 0,
        **setup.kwargs,
    }
    try:
        result = call_client(
            mode,
            example_packages[setup.package],
            case.client,
            client_kwargs,
            case.method,
            case.kwargs,
        )
    finally:
        # The request is checked even when the call failed: a wrong request explains most errors.
        assert len(recording_server.requests) == 1
        assert_wire(recording_server.last, case.wire)
    assert_parsed(result, case.result)


def client_kwargs(client: str, server: RecordingServer) -> dict[str, Any]:
    setup = CLIENTS[client]
    return {"base_url": server.url + setup.base_path, "max_retries": 0, **setup.kwargs}


@dataclass(frozen=True)
class ErrorCase:
    id: str
    client: str
    method: str
    kwargs: dict[str, Any]
    wire: tuple[str, str]  # method and path
    reply: Reply
    error: str  # the exported exception class
    attempts: int


ERROR_CASES = [
    ErrorCase(
        "get_contact-404",
        "AcmeCrmClient",
        "get_contact",
        {"contact_id": "c_9999"},
        ("GET", "/crm/v1/contacts/c_9999"),
        Reply.json(sample("crm", "error_not_found.json"), status=404),
        "NotFoundError",
        1,
    ),
    ErrorCase(
        "create_contact-422",
        "AcmeCrmClient",
        "create_contact",
        {"email": "not-an-email", "first_name": "Ada"},
        ("POST", "/crm/v1/contacts"),
        Reply.json(sample("crm", "error_validation.json"), status=422),
        "UnprocessableEntityError",
        1,
    ),
    # An action sent by POST is never retried, whatever its own max_retries (1) says.
    ErrorCase(
        "create_chat_completion-429",
        "NimbusAiClient",
        "create_chat_completion",
        {"prompt": "Hi"},
        ("POST", "/chat/completions"),
        Reply.json(
            sample("llm", "error_rate_limit.json"), status=429, headers=(("Retry-After", "0"),)
        ),
        "RateLimitError",
        1,
    ),
    # The client's max_retries=0, given explicitly, wins over the call's own max_retries (5).
    ErrorCase(
        "get_map_tile-503",
        "SkylineWeatherClient",
        "get_map_tile",
        {"layer": "clouds", "z": 1, "x": 0, "y": 0},
        ("GET", "/weather/v2/maps/clouds/1/0/0.png"),
        Reply.json({"error": "busy"}, status=503, headers=(("Retry-After", "0"),)),
        "InternalServerError",
        1,
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", ERROR_CASES, ids=[case.id for case in ERROR_CASES])
def test_error_status_raises_its_error_with_the_parsed_body(
    case: ErrorCase,
    mode: str,
    example_packages: dict[str, ModuleType],
    recording_server: RecordingServer,
) -> None:
    package = example_packages[CLIENTS[case.client].package]
    recording_server.route(*case.wire, case.reply)
    kwargs = client_kwargs(case.client, recording_server)
    with pytest.raises(getattr(package, case.error)) as raised:
        call_client(mode, package, case.client, kwargs, case.method, case.kwargs)
    assert isinstance(raised.value, package.APIStatusError)
    assert raised.value.status_code == case.reply.status
    assert raised.value.body == json.loads(case.reply.body)
    assert len(recording_server.requests) == case.attempts


@pytest.mark.parametrize("mode", MODES)
def test_on_error_return_gives_a_result_instead_of_raising(
    mode: str, example_packages: dict[str, ModuleType], recording_server: RecordingServer
) -> None:
    """Void invoice has ``on_error: return``: an error status must not raise (spec contract)."""
    package = example_packages["acme_sdk"]
    paid = sample("crm", "error_invoice_paid.json")
    recording_server.route(
        "POST", "/billing/v1/invoices/inv_2024_0041/void", Reply.json(paid, status=409)
    )
    kwargs = client_kwargs("AcmeBillingClient", recording_server)
    try:
        result = call_client(
            mode,
            package,
            "AcmeBillingClient",
            kwargs,
            "void_invoice",
            {"invoice_id": "inv_2024_0041"},
        )
    except package.APIStatusError as error:
        pytest.fail(f"on_error: return, yet the call raised {error!r}")
    assert result is not None


@pytest.mark.parametrize("mode", MODES)
def test_crm_contacts_are_listed_across_pages(
    mode: str, example_packages: dict[str, ModuleType], recording_server: RecordingServer
) -> None:
    recording_server.route(
        "GET",
        "/crm/v1/contacts",
        Reply.json(sample("crm", "list_contacts.json")),
        Reply.json(sample("crm", "list_contacts_last_page.json")),
    )
    package = example_packages["acme_sdk"]
    kwargs = client_kwargs("AcmeCrmClient", recording_server)

    async def run_async() -> list[str]:
        async with package.AsyncAcmeCrmClient(**kwargs) as crm:
            return [contact.email async for contact in crm.list_contacts(limit=3)]

    if mode == "sync":
        with package.AcmeCrmClient(**kwargs) as crm:
            emails = [contact.email for contact in crm.list_contacts(limit=3)]
    else:
        emails = asyncio.run(run_async())
    assert emails == ["grace@example.com", "ada@example.com", "alan@example.com"]
    assert [request.query_pairs() for request in recording_server.requests] == [
        [("limit", "3")],
        [("limit", "3"), ("cursor", "c_0998")],
    ]
