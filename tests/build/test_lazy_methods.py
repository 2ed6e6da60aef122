"""A generated package imports its call methods when a client first needs one, not before.

Each case runs in a fresh interpreter on the CRM example's package, so that nothing imported by
other tests hides what importing the package itself imports.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from apigen.build import build_files
from apigen.diagnostics import Diagnostics
from apigen.write import write_tree

CRM = Path(__file__).resolve().parents[2] / "examples" / "crm" / "apigen.yaml"
PREAMBLE = """
import sys
import acme_sdk
from acme_sdk import AcmeCrmClient, AsyncAcmeCrmClient
SYNC, ASYNC = "acme_sdk.acme_crm._sync", "acme_sdk.acme_crm._async"
OPERATIONS = "acme_sdk.acme_crm._operations"

def loaded():
    return {m for m in (SYNC, ASYNC, OPERATIONS) if m in sys.modules}

assert loaded() == set(), loaded()
client = AcmeCrmClient(acme_api_key="k", acme_workspace="w")
"""


@pytest.fixture(scope="module")
def crm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = build_files(CRM, Diagnostics())
    assert files is not None
    out = tmp_path_factory.mktemp("crm")
    write_tree(files, out)
    return out


def _run(crm: Path, script: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(crm), "PYTHONDONTWRITEBYTECODE": "1"}
    code = PREAMBLE + textwrap.dedent(script)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_creating_a_client_and_reading_its_settings_imports_no_method(crm: Path) -> None:
    _run(
        crm,
        """
        assert client.base_url == "https://api.acme.example/v1"
        assert not hasattr(client, "_not_an_attribute")  # private names never load methods
        assert loaded() == set(), loaded()
    """,
    )


def test_the_first_method_read_imports_its_clients_methods_only(crm: Path) -> None:
    _run(
        crm,
        """
        method = client.get_contact
        assert loaded() == {SYNC, OPERATIONS}, loaded()
        assert method.__func__ is AcmeCrmClient.get_contact
        assert method.__func__.__module__ == SYNC
        assert "get_contact" in vars(AcmeCrmClient.__mro__[1])  # put on the class once
    """,
    )


def test_a_method_read_from_the_class_imports_them_too(crm: Path) -> None:
    _run(
        crm,
        """
        assert AsyncAcmeCrmClient.get_contact.__module__ == ASYNC
        assert loaded() == {ASYNC, OPERATIONS}, loaded()
    """,
    )


@pytest.mark.parametrize("target", ["client", "AcmeCrmClient"])
def test_dir_lists_the_methods(crm: Path, target: str) -> None:
    _run(
        crm,
        f"""
        assert {{"get_contact", "add_note", "with_options"}} <= set(dir({target}))
    """,
    )


def test_a_missing_attribute_is_missing_before_and_after_loading(crm: Path) -> None:
    _run(
        crm,
        """
        for _ in range(2):
            try:
                client.get_contacts
            except AttributeError as exc:
                assert "get_contacts" in str(exc)
            else:
                raise AssertionError("no AttributeError")
        assert loaded() == {SYNC, OPERATIONS}, loaded()
    """,
    )


def test_the_wrappers_import_the_methods_they_wrap(crm: Path) -> None:
    _run(
        crm,
        """
        assert callable(client.with_raw_response.get_contact)
        assert callable(client.with_streaming_response.add_note)
        assert loaded() == {SYNC, OPERATIONS}, loaded()
    """,
    )


def test_threads_reading_methods_at_once_load_them_once(crm: Path) -> None:
    _run(
        crm,
        """
        import threading
        found = []
        barrier = threading.Barrier(8)

        def read():
            barrier.wait()
            found.append(AcmeCrmClient.add_note)

        threads = [threading.Thread(target=read) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(found) == 8 and len(set(found)) == 1, found
    """,
    )
