"""Retries that respect intent: an action sent by POST is not repeated unless the spec says so.

The fault server answers 503 twice, then 200, on /unavailable-twice.
"""

from __future__ import annotations

import uuid
from typing import Any

from tests.servers.faults import FaultServer

from .conftest import Caller

PATH = "/unavailable-twice"


def test_post_action_is_sent_exactly_once(
    caller: Caller, fault_server: FaultServer, faults_sdk: Any
) -> None:
    outcome = caller.outcome("create_record", scenario="unavailable-twice", name="Ada")
    assert isinstance(outcome.error, faults_sdk.InternalServerError)
    assert [seen.method for seen in fault_server.seen(PATH)] == ["POST"]
    assert fault_server.seen(PATH)[0].header("Idempotency-Key") is None


def test_idempotent_post_action_is_retried(caller: Caller, fault_server: FaultServer) -> None:
    record = caller("create_record_idempotent", scenario="unavailable-twice")
    assert record.id == "r_1"
    assert [seen.method for seen in fault_server.seen(PATH)] == ["POST"] * 3


def test_idempotency_key_is_made_once_per_call_and_sent_with_every_attempt(
    caller: Caller, fault_server: FaultServer
) -> None:
    for _ in range(2):
        assert caller("create_record_keyed", scenario="unavailable-twice").id == "r_1"
    keys = [seen.header("Idempotency-Key") for seen in fault_server.seen(PATH)]
    assert len(keys) == 4  # three attempts, then one: the route answers 200 from then on
    assert keys[0] == keys[1] == keys[2] != keys[3]
    assert all(uuid.UUID(str(key)).version == 4 for key in keys)


def test_callers_idempotency_key_is_kept(caller: Caller, fault_server: FaultServer) -> None:
    caller("create_record_keyed", scenario="unavailable-twice", idempotency_key="order-77")
    keys = [seen.header("Idempotency-Key") for seen in fault_server.seen(PATH)]
    assert keys == ["order-77"] * 3


def test_no_key_is_made_for_a_call_that_is_sent_once(
    caller: Caller, fault_server: FaultServer, faults_sdk: Any
) -> None:
    outcome = caller.configured(max_retries=0).outcome(
        "create_record_keyed", scenario="unavailable-twice"
    )
    assert isinstance(outcome.error, faults_sdk.InternalServerError)
    assert [seen.header("Idempotency-Key") for seen in fault_server.seen(PATH)] == [None]


def test_delete_action_is_not_retried(
    caller: Caller, fault_server: FaultServer, faults_sdk: Any
) -> None:
    outcome = caller.outcome("delete_record", scenario="unavailable-twice")
    assert isinstance(outcome.error, faults_sdk.InternalServerError)
    assert fault_server.attempts(PATH) == 1


def test_client_max_retries_given_explicitly_overrides_the_call(
    caller: Caller, fault_server: FaultServer, faults_sdk: Any
) -> None:
    """get_record_quickly declares max_retries: 1, the client says 5: the caller wins."""
    outcome = caller.configured(max_retries=5).outcome("get_record_quickly", scenario="failing")
    assert isinstance(outcome.error, faults_sdk.InternalServerError)
    assert fault_server.attempts("/failing") == 6
