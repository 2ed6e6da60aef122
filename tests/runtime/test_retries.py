"""Retries: which calls are sent again, on which outcomes, how often and after what pause."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from types import ModuleType

import httpx
import pytest

from tests.servers.recording import RecordingServer, Reply

from .conftest import Caller, Demo

UNAVAILABLE = Reply(503, b"busy", (("Retry-After", "0"),))
CONTACT = {"id": "c_1", "email": "ada@example.com"}


@pytest.fixture
def retrying(acme: Caller) -> Caller:
    return acme.configured(max_retries=2)


@pytest.fixture
def retry(demo: Demo) -> ModuleType:
    return demo.runtime("retry")


def test_data_call_is_retried_until_it_succeeds(
    retrying: Caller, recording_server: RecordingServer
) -> None:
    recording_server.route(
        "GET", "/v1/raw", UNAVAILABLE, Reply(429, headers=(("Retry-After", "0"),)), Reply.json([1])
    )
    assert retrying("get_raw") == [1]
    assert len(recording_server.requests) == 3


def test_retries_stop_at_max_retries(
    retrying: Caller, recording_server: RecordingServer, demo: Demo
) -> None:
    recording_server.route("GET", "/v1/raw", UNAVAILABLE)
    with pytest.raises(demo.runtime("errors").InternalServerError):
        retrying("get_raw")
    assert len(recording_server.requests) == 3


def test_call_max_retries_applies_when_the_client_gives_none(
    acme: Caller, recording_server: RecordingServer, demo: Demo
) -> None:
    recording_server.route("GET", "/v1/health", UNAVAILABLE)
    with pytest.raises(demo.runtime("errors").InternalServerError):
        acme.configured(max_retries=None)("health")  # the spec says max_retries: 1
    assert len(recording_server.requests) == 2


def test_client_max_retries_given_explicitly_wins_over_the_call(
    retrying: Caller, recording_server: RecordingServer, demo: Demo
) -> None:
    recording_server.route("GET", "/v1/health", UNAVAILABLE)
    with pytest.raises(demo.runtime("errors").InternalServerError):
        retrying("health")  # max_retries=2 on the client, 1 in the spec
    assert len(recording_server.requests) == 3


def test_statuses_that_will_not_change_are_not_retried(
    retrying: Caller, recording_server: RecordingServer, demo: Demo
) -> None:
    recording_server.route("GET", "/v1/raw", Reply.json({}, status=404), Reply.json([1]))
    with pytest.raises(demo.runtime("errors").NotFoundError):
        retrying("get_raw")
    assert len(recording_server.requests) == 1


def test_actions_are_retried_only_when_idempotent(
    retrying: Caller, recording_server: RecordingServer, demo: Demo
) -> None:
    recording_server.route("POST", "/v1/contacts", UNAVAILABLE, Reply.json(CONTACT))
    with pytest.raises(demo.runtime("errors").InternalServerError):
        retrying("create_contact", email="e")
    recording_server.route("PATCH", "/v1/contacts/c_1", UNAVAILABLE, Reply.json(CONTACT))
    assert retrying("update_contact", contact_id="c_1", display_name="A").id == "c_1"
    methods = [request.method for request in recording_server.requests]
    assert methods == ["POST", "PATCH", "PATCH"]
    assert recording_server.last.json() == recording_server.requests[1].json()


def test_transport_failure_is_retried(retrying: Caller, recording_server: RecordingServer) -> None:
    recording_server.route("GET", "/v1/slow", Reply.json({}, delay=2.0), Reply.json({"late": 0}))
    assert retrying("slow") == {"late": 0}
    assert len(recording_server.requests) == 2


def test_no_retries_when_the_client_says_zero(
    acme: Caller, recording_server: RecordingServer, demo: Demo
) -> None:
    recording_server.route("GET", "/v1/raw", UNAVAILABLE, Reply.json([1]))
    with pytest.raises(demo.runtime("errors").InternalServerError):
        acme.configured(max_retries=0)("get_raw")
    assert len(recording_server.requests) == 1


def response(headers: dict[str, str]) -> httpx.Response:
    return httpx.Response(503, headers=headers)


def test_delay_follows_retry_after(retry: ModuleType) -> None:
    assert retry.retry_delay(1, response({"Retry-After": "3"})) == 3.0
    assert retry.retry_delay(1, response({"Retry-After": "86400"})) == 60.0
    assert retry.retry_delay(1, response({"Retry-After": "-5"})) == 0.0
    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    assert 28.0 <= retry.retry_delay(1, response({"Retry-After": later})) <= 30.0


def test_delay_backs_off_exponentially_with_jitter(retry: ModuleType) -> None:
    for attempt, (low, high) in {1: (0.25, 0.5), 3: (1.0, 2.0), 10: (4.0, 8.0)}.items():
        for headers in ({}, {"Retry-After": "soon"}, {"Retry-After": "nan"}):
            assert low <= retry.retry_delay(attempt, response(headers)) <= high
        assert low <= retry.retry_delay(attempt, None) <= high
