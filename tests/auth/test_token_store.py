"""Token stores and token expiry, on their own."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import runtime_module


@pytest.fixture
def tokens(auth_sdk: ModuleType) -> ModuleType:
    return runtime_module("tokens")


def test_file_store_round_trip_with_owner_only_permissions(
    tokens: ModuleType, tmp_path: Path
) -> None:
    previous = os.umask(0o000)  # even where new files would be world-readable
    try:
        store = tokens.FileTokenStore(tmp_path / "nested" / "token.json")
        assert store.load() is None
        token = tokens.Token("access-1", "refresh-1", issued_at=100.0, expires_at=3700.0)
        store.save(token)
    finally:
        os.umask(previous)
    assert tokens.FileTokenStore(store.path).load() == token
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_a_failed_save_leaves_the_previous_token_and_no_stray_file(
    tokens: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tokens.FileTokenStore(tmp_path / "token.json")
    store.save(tokens.Token("old"))

    def fail(source: str, target: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(tokens.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        store.save(tokens.Token("new"))
    monkeypatch.undo()
    loaded = store.load()
    assert loaded is not None and loaded.access_token == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["token.json"]


def test_a_file_that_is_not_a_token_is_reported(tokens: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    path.write_text('{"unexpected": 1}')
    with pytest.raises(ValueError, match="not a token file written by FileTokenStore"):
        tokens.FileTokenStore(path).load()


def test_memory_store(tokens: ModuleType) -> None:
    store = tokens.MemoryTokenStore()
    assert store.load() is None
    store.save(token := tokens.Token("a"))
    assert store.load() is token


def test_tokens_hide_their_values(tokens: ModuleType) -> None:
    shown = repr(tokens.Token("access-secret", "refresh-secret", issued_at=1.0, expires_at=2.0))
    assert "secret" not in shown
    assert shown == "Token(issued_at=1.0, expires_at=2.0)"


@pytest.mark.parametrize(
    ("lifetime", "age", "usable"),
    [
        (3600, 3569, True),
        (3600, 3571, False),  # renewed 30 s before expiry
        (10, 4.9, True),
        (10, 5.1, False),  # a short token: at half its lifetime
    ],
)
def test_tokens_are_renewed_before_they_expire(
    tokens: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    lifetime: float,
    age: float,
    usable: bool,
) -> None:
    token = tokens.Token("a", issued_at=1000.0, expires_at=1000.0 + lifetime)
    monkeypatch.setattr(tokens, "now", lambda: 1000.0 + age)
    assert token.is_usable() is usable
    assert tokens.Token("b", issued_at=0.0).is_usable()  # no stated expiry
