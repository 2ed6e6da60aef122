"""``on_error: return``: API errors come back as a ``Result`` value; mistakes still raise."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic_core import PydanticSerializationError

from tests.servers.faults import NOT_FOUND, RECORD, FaultServer

from .conftest import Caller


def test_success_is_an_ok_result(caller: Caller, faults_sdk: Any) -> None:
    result = caller("try_record", scenario="ok")
    assert isinstance(result, faults_sdk.Result)
    assert result.ok and result.error is None
    assert result.value.model_dump(by_alias=True) == RECORD
    assert result.unwrap() is result.value
    assert result.model_dump(by_alias=True) == RECORD


def test_error_status_is_a_failed_result_with_the_typed_body(
    caller: Caller, faults_sdk: Any
) -> None:
    result = caller("try_record", scenario="not-found")
    assert not result.ok and result.value is None
    assert isinstance(result.error, faults_sdk.NotFoundError)
    assert result.error.error.error.code == "not_found"
    assert result.model_dump() == NOT_FOUND
    with pytest.raises(faults_sdk.NotFoundError):
        result.unwrap()


def test_connection_failure_after_retries_is_a_failed_result(
    caller: Caller, faults_sdk: Any, fault_server: FaultServer
) -> None:
    result = caller("try_record", scenario="reset")
    assert isinstance(result.error, faults_sdk.APIConnectionError)
    assert fault_server.attempts("/reset") == 3
    assert result.model_dump() is None


def test_body_that_does_not_fit_is_a_failed_result(caller: Caller, faults_sdk: Any) -> None:
    result = caller("try_record", scenario="incomplete")
    assert isinstance(result.error, faults_sdk.ResponseValidationError)
    assert result.error.body == b'{"id": "r_1"}'


def test_results_are_frozen(caller: Caller) -> None:
    result = caller("try_record", scenario="ok")
    with pytest.raises(ValueError, match="frozen"):
        result.ok = False


def test_programming_errors_still_raise(caller: Caller, faults_sdk: Any) -> None:
    # A value that cannot be written into a URL is the caller's mistake, not the API's.
    with pytest.raises(PydanticSerializationError) as raised:
        caller("try_record", scenario=object())
    assert not isinstance(raised.value, faults_sdk.APIError)
