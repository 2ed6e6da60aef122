"""docs/import.md lists every import warning, and every warning has a test."""

from __future__ import annotations

import re

from apigen.importers.report import WARNING_CODES

from .support import ROOT


def test_import_doc_lists_every_warning() -> None:
    text = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| (W6\d\d) \| (.+) \|$", text, flags=re.MULTILINE))
    assert documented == WARNING_CODES


def test_every_warning_has_a_test() -> None:
    tests = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "tests" / "importers").glob("test_*.py")
        if p.name != "test_docs.py"
    )
    assert [code for code in WARNING_CODES if f'"{code}"' not in tests] == []
