"""A user's test written against MockTransport type-checks under mypy --strict; a typo does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

USER_TEST = """\
from acme_sdk import AcmeCrmClient, AsyncAcmeCrmClient, NotFoundError
from acme_sdk.testing import MockTransport, mock_client


def contact_email(client: AcmeCrmClient, contact_id: str) -> str | None:
    try:
        return client.get_contact(contact_id=contact_id).email
    except NotFoundError:
        return None


def test_contact_email() -> None:
    transport = MockTransport()
    with mock_client(AcmeCrmClient, transport) as client:
        assert contact_email(client, "c_1001") == "ada@example.com"
        transport.respond("get_contact", status=404)
        assert contact_email(client, "c_1001") is None
    assert [name for name, _ in transport.calls] == ["get_contact", "get_contact"]
    transport.respond("list_contacts", sample=1, headers={"X-Request-Id": "r_1"})
    transport.respond("delete_contact", json={"id": "c_1", "deleted": True})


async def test_async_client() -> None:
    async with mock_client(AsyncAcmeCrmClient) as client:
        status = await client.get_status()
    assert status.status == "ok"
"""


def _mypy(source: str, built: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    test_file = tmp_path / "test_user.py"
    test_file.write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(test_file)],
        cwd=built,
        capture_output=True,
        text=True,
        check=False,
        env={"MYPYPATH": str(built), "PATH": ""},
    )


def test_user_tests_type_check_and_a_misspelled_call_is_an_error(
    built_examples: dict[str, Path], tmp_path: Path
) -> None:
    crm = built_examples["crm"]
    good = _mypy(USER_TEST, crm, tmp_path)
    assert good.returncode == 0, good.stdout + good.stderr
    misspelled = USER_TEST.replace('"get_contact", status=404', '"get_contakt", status=404')
    bad = _mypy(misspelled, crm, tmp_path)
    assert bad.returncode == 1, bad.stdout
    assert 'Argument 1 to "respond" of "SampleTransport" has incompatible type' in bad.stdout
    assert "\"Literal['get_contakt']\"" in bad.stdout
