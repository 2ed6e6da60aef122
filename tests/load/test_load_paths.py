"""resolve_inside: references stay inside the spec's folder, whatever their form."""

import os

import pytest

from apigen.load import resolve_inside


@pytest.mark.parametrize(
    "reference",
    [
        "/etc/passwd",
        "C:\\specs\\a.yaml",
        "C:/specs/a.yaml",
        "C:a.yaml",
        "\\\\server\\share\\a.yaml",
        "//server/share/a.yaml",
        "\\a.yaml",
    ],
)
def test_absolute_references_are_refused(tmp_path, reference):
    assert resolve_inside(reference, tmp_path, tmp_path) is None


def test_references_resolve_against_the_base_folder(tmp_path):
    root = tmp_path.resolve()
    assert resolve_inside("samples/a.json", root / "more", root) == root / "more/samples/a.json"
    assert resolve_inside("../samples/a.json", root / "more", root) == root / "samples/a.json"
    assert resolve_inside("../../a.json", root / "more", root) is None
    assert resolve_inside("../a.json", root, root) is None


def test_symbolic_links_are_followed_before_the_check(tmp_path):
    root = (tmp_path / "spec").resolve()
    root.mkdir()
    (tmp_path / "secret.json").write_text("{}")
    os.symlink(tmp_path / "secret.json", root / "link.json")
    os.symlink(root, root / "self")
    assert resolve_inside("link.json", root, root) is None
    assert resolve_inside("self/self/a.json", root, root) == root / "a.json"


def test_a_reference_with_a_nul_character_is_refused(tmp_path):
    assert resolve_inside("a\0.json", tmp_path, tmp_path) is None
