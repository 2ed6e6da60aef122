"""`apigen build -o DIR`: the output folder never swallows the inputs, every OS error is a message.

Found by an attack run: `-o` the spec's own folder with `--force` deleted the spec and its samples,
`-o` a symbolic link replaced the link and left a temporary folder behind, and file-system errors
(read-only, full, busy, a file in the path) ended in tracebacks.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from apigen import write
from apigen.cli import cli
from apigen.write import MANIFEST

SPEC = """\
apigen: 1
package: {name: acme_sdk}
collections:
  - name: Acme
    base_url: https://api.acme.example/v1
    calls:
      - name: Get thing
        use_as: data
        path: /things
        response: {samples: [{file: samples/thing.json}]}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A spec folder with one sample, as the working directory."""
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "apigen.yaml").write_text(SPEC)
    (tmp_path / "api" / "samples").mkdir()
    (tmp_path / "api" / "samples" / "thing.json").write_text('{"id": 1}')
    monkeypatch.chdir(tmp_path / "api")
    return tmp_path / "api"


def build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", "apigen.yaml", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


def inputs_intact(project: Path) -> bool:
    return (project / "apigen.yaml").read_text() == SPEC and (
        project / "samples" / "thing.json"
    ).read_text() == '{"id": 1}'


@pytest.mark.parametrize(
    ("out", "held"),
    [(".", "apigen.yaml"), ("..", "apigen.yaml"), ("samples", "samples/thing.json")],
)
def test_an_output_folder_that_holds_an_input_is_refused_even_with_force(
    project: Path, out: str, held: str
) -> None:
    code, stderr = build("-o", out, "--force")
    assert code == 1
    assert stderr.startswith(f"error: {out} holds {held}, which the build reads")
    assert inputs_intact(project)
    assert not [p for p in project.parent.rglob("*apigen-tmp*")]


def test_an_output_folder_of_an_absolute_path_to_the_spec_folder_is_refused(project: Path) -> None:
    code, stderr = build("-o", str(project), "--force")
    assert (code, inputs_intact(project)) == (1, True)
    assert "holds apigen.yaml, which the build reads" in stderr


def test_an_output_folder_inside_the_spec_folder_is_fine(project: Path) -> None:
    assert build("-o", "build/sdk")[0] == 0
    assert (project / "build" / "sdk" / "acme_sdk" / "__init__.py").is_file()
    assert inputs_intact(project)


def test_a_symbolic_link_is_followed_and_kept(project: Path) -> None:
    (project / "real").mkdir()
    (project / "link").symlink_to("real")
    # 33: the tree-shaken key-auth package, with the page and stream modules its client imports
    # and the files and dotenv modules every client imports.
    assert build("-o", "link") == (0, "wrote 37 files to link\n")
    assert (project / "link").is_symlink()
    assert (project / "real" / "acme_sdk" / "__init__.py").is_file()
    assert build("-o", "link")[0] == 0  # and again, over the first build
    assert sorted(p.name for p in project.iterdir()) == [
        "apigen.yaml",
        "link",
        "real",
        "samples",
    ]


def test_a_symbolic_link_to_the_spec_folder_is_refused(project: Path) -> None:
    (project.parent / "link").symlink_to(project)
    code, stderr = build("-o", "../link", "--force")
    assert (code, inputs_intact(project)) == (1, True)
    assert "holds apigen.yaml" in stderr


def test_a_dangling_symbolic_link_is_refused(project: Path) -> None:
    (project / "link").symlink_to("nowhere")
    code, stderr = build("-o", "link")
    assert code == 1
    assert stderr == (
        "error: link is a symbolic link to nowhere, which does not exist: "
        "create that directory or remove the link\n"
    )


def test_a_file_on_the_output_path_is_a_message(project: Path) -> None:
    code, stderr = build("-o", "apigen.yaml/sub")
    assert code == 1
    assert stderr == f"error: cannot write apigen.yaml/sub: file exists ({project}/apigen.yaml)\n"
    assert inputs_intact(project)


@pytest.fixture
def old_output(project: Path) -> Iterator[Path]:
    assert build("-o", "out")[0] == 0
    yield project / "out"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (errno.ENOSPC, "no space left on device"),
        (errno.EROFS, "read-only file system"),
        (errno.EDQUOT, "disk quota exceeded"),
    ],
)
def test_a_failing_write_is_a_message_and_keeps_the_old_output(
    old_output: Path, monkeypatch: pytest.MonkeyPatch, number: int, text: str
) -> None:
    before = _tree(old_output)

    def fail(self: Path, *args: object, **kwargs: object) -> int:
        raise OSError(number, os.strerror(number), str(self))

    monkeypatch.setattr(Path, "write_text", fail)
    monkeypatch.setenv("APIGEN_NO_CACHE", "1")  # a rebuild that writes, not the no-op shortcut
    code, stderr = build("-o", "out")
    assert code == 1
    assert stderr.startswith(f"error: cannot write out: {text} (")
    assert _tree(old_output) == before
    assert [p.name for p in old_output.parent.iterdir() if "apigen-tmp" in p.name] == []


def test_a_busy_mount_point_is_a_message(old_output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _tree(old_output)
    monkeypatch.setattr(write, "_exchange", lambda first, second: False)

    def busy(source: object, target: object) -> None:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(source))

    monkeypatch.setattr(os, "rename", busy)
    monkeypatch.setenv("APIGEN_NO_CACHE", "1")  # a rebuild that writes, not the no-op shortcut
    code, stderr = build("-o", "out")
    assert code == 1
    assert stderr.startswith("error: cannot write out: device or resource busy (")
    assert _tree(old_output) == before


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o755), (0o077, 0o700), (0o002, 0o775)])
def test_the_output_folder_mode_follows_the_umask(project: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        assert build("-o", "out")[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((project / "out").stat().st_mode) == mode
    assert stat.S_IMODE((project / "out" / "acme_sdk").stat().st_mode) == mode


def test_a_rebuild_keeps_caches(old_output: Path) -> None:
    caches = [
        "acme_sdk/__pycache__/__init__.cpython-311.pyc",
        "acme_sdk/acme/__pycache__/client.cpython-311.pyc",
        "acme_sdk/legacy.pyc",
        ".mypy_cache/3.11/x.json",
    ]
    for cache in caches:
        (old_output / cache).parent.mkdir(parents=True, exist_ok=True)
        (old_output / cache).write_bytes(b"cache")
    assert build("-o", "out")[0] == 0
    for cache in caches:
        assert (old_output / cache).read_bytes() == b"cache"
    assert build("-o", "out", "--check")[0] == 0


def test_the_spec_itself_as_output_is_refused(project: Path) -> None:
    code, stderr = build("-o", "apigen.yaml", "--force")
    assert (code, inputs_intact(project)) == (1, True)
    assert stderr.startswith("error: apigen.yaml is apigen.yaml, which the build reads")


def test_a_named_pipe_in_the_output_does_not_block_check_or_build(old_output: Path) -> None:
    (old_output / "README.md").unlink()
    os.mkfifo(old_output / "README.md")
    code, _ = build("-o", "out", "--check")
    assert code == 1  # stale: README.md is not the file a build writes
    (old_output / MANIFEST).unlink()
    os.mkfifo(old_output / MANIFEST)
    code, stderr = build("-o", "out")
    assert code == 1
    assert stderr.startswith("error: out holds files apigen did not write")
    assert build("-o", "out", "--force")[0] == 0
    assert (old_output / "README.md").is_file()
