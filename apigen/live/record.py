"""Writing recorded samples and the spec entries that name them, all or nothing.

Sample files go to ``samples/<collection>/<call>.<ext>`` beside the file that defines the
collection. The spec files are edited in place (:mod:`apigen.live.spec_edit`); afterwards the spec
is read again and must hold exactly the data it held before except for the new ``samples`` lists,
and must still pass ``apigen check``. Otherwise every file written is put back as it was.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import json
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apigen.diagnostics import Diagnostics, Severity
from apigen.live.sender import Selected
from apigen.live.spec_edit import (
    DEFAULT_STATUS,
    Edit,
    EditError,
    apply,
    key_edit,
    samples_edit,
)
from apigen.load import LoadedSpec, load_spec, resolve_inside
from apigen.names import snake_case
from apigen.pipeline import check_file

SAMPLES_DIR = "samples"
# Streams record one JSON file per event.
EXTENSIONS = {"json": ".json", "text": ".txt", "binary": ".bin", "sse": ".json", "jsonl": ".json"}


@dataclass(frozen=True)
class SampleFile:
    reference: str  # the sample's path as the spec names it (relative to the collection's file)
    path: Path
    content: bytes


@dataclass(frozen=True)
class Recording:
    """The samples to write for a call (one per event of a stream), and how its entry changes."""

    selected: Selected
    files: tuple[SampleFile, ...]
    keep_old: bool
    status: int = DEFAULT_STATUS  # the response's status, written into the entries unless 200
    pagination: dict[str, str] | None = None  # a ``pagination:`` block to add to the call
    pagination_text: str = ""  # that block as a YAML flow mapping


def sample_reference(
    loaded: LoadedSpec, selected: Selected, taken: set[Path], *, keep_old: bool
) -> str:
    """Where the call's new sample goes, relative to the file that defines its collection.

    The default name is reused when this call already names it (unless old samples are kept);
    otherwise the first ``_2``, ``_3`` … name that no file, no entry of the call and none of the
    paths ``taken`` by other calls of this run uses. The chosen path is added to ``taken``.
    """
    base_dir = loaded.collection_files[selected.collection_index].parent
    # File names stay ASCII even where method names keep other letters (get_é -> get_e).
    file_name = snake_case(selected.call.method_name, ascii_only=True) or "call"
    stem = f"{SAMPLES_DIR}/{selected.collection.module}/{file_name}"
    extension = EXTENSIONS[selected.call.response_type]
    named = {
        resolve_inside(reference, base_dir, loaded.root_dir)
        for reference in _sample_files(loaded, selected)
    }
    number = 1
    while True:
        candidate = f"{stem}{'' if number == 1 else f'_{number}'}{extension}"
        path = (base_dir / candidate).resolve()
        reusable = path in named and not keep_old
        if path not in taken and (reusable or (path not in named and not path.exists())):
            taken.add(path)
            return candidate
        number += 1


def unreferenced_after(loaded: LoadedSpec, recording: Recording) -> list[str]:
    """The sample files the call names today that its new entry no longer names."""
    if recording.keep_old:
        return []
    new = {file.reference for file in recording.files}
    return [ref for ref in _sample_files(loaded, recording.selected) if ref not in new]


def write_recordings(loaded: LoadedSpec, recordings: Sequence[Recording]) -> list[str]:
    """Write the samples and the spec edits; the problems when that failed (nothing changed)."""
    try:
        spec_texts = _edited_spec_texts(loaded, recordings)
    except EditError as error:
        return [f"the spec cannot be updated automatically: {error}"]
    undo = _Undo()
    try:
        for file in (file for recording in recordings for file in recording.files):
            undo.write(file.path, file.content)
        for path, content in spec_texts.items():
            undo.write(path, content)
        problems = _recheck(loaded, _expected_data(loaded, recordings))
    except OSError as error:
        problems = [f"cannot write {error.filename or ''}: {error.strerror or error}"]
    if problems:
        undo.restore()
    return problems


def _sample_files(loaded: LoadedSpec, selected: Selected) -> list[str]:
    return [
        entry["file"]
        for entry in _samples_data(loaded.data, selected)
        if isinstance(entry, dict) and isinstance(entry.get("file"), str)
    ]


def _samples_data(data: dict[str, Any], selected: Selected) -> list[Any]:
    call = data["collections"][selected.collection_index]["calls"][selected.call_index]
    samples = call.get("response", {}).get("samples", [])
    return samples if isinstance(samples, list) else []


def _edited_spec_texts(loaded: LoadedSpec, recordings: Sequence[Recording]) -> dict[Path, bytes]:
    edits: dict[Path, list[Edit]] = {}
    texts: dict[Path, tuple[bytes, str]] = {}
    for recording in recordings:
        selected = recording.selected
        file = loaded.collection_files[selected.collection_index]
        if file not in texts:
            texts[file] = _read_spec_text(file)
        local_index = selected.collection_index - loaded.collection_files.index(file)
        call_path = ("collections", local_index, "calls", selected.call_index)
        edit = samples_edit(
            texts[file][1],
            call_path,
            [sample.reference for sample in recording.files],
            keep_old=recording.keep_old,
            status=recording.status,
        )
        edits.setdefault(file, []).append(edit)
        if recording.pagination is not None:
            pagination = key_edit(
                texts[file][1], call_path, "pagination", recording.pagination_text
            )
            edits[file].append(pagination)
    return {
        file: bom + apply(texts[file][1], file_edits).encode("utf-8")
        for file, file_edits in edits.items()
        for bom in [texts[file][0]]
    }


def _read_spec_text(path: Path) -> tuple[bytes, str]:
    """The byte order mark (or b"") and the text of a spec file, line breaks as written."""
    raw = path.read_bytes()
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    return bom, raw[len(bom) :].decode("utf-8")


def _expected_data(loaded: LoadedSpec, recordings: Sequence[Recording]) -> dict[str, Any]:
    data = copy.deepcopy(loaded.data)
    for recording in recordings:
        selected = recording.selected
        call = data["collections"][selected.collection_index]["calls"][selected.call_index]
        response = call.setdefault("response", {})
        old = _samples_data(data, selected) if recording.keep_old else []
        entries: list[dict[str, Any]] = [{"file": file.reference} for file in recording.files]
        if recording.status != DEFAULT_STATUS:
            for entry in entries:
                entry["status"] = recording.status
        response["samples"] = [*old, *entries]
        if recording.pagination is not None:
            call["pagination"] = recording.pagination
    return data


def _recheck(loaded: LoadedSpec, expected: dict[str, Any]) -> list[str]:
    diagnostics = Diagnostics()
    reloaded = load_spec(loaded.path, diagnostics)
    if reloaded is None or _canonical(reloaded.data) != _canonical(expected):
        return [
            "the edited spec would differ in more than the new samples and pagination blocks "
            "(is `response` shared through a YAML anchor or merge key?): add them by hand"
        ]
    check_file(loaded.path, diagnostics)
    return [d.format() for d in diagnostics if d.severity is Severity.ERROR]


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True)


@dataclass
class _Undo:
    """Files written so far, with what to put back."""

    previous: list[tuple[Path, bytes | None]] = field(default_factory=list)
    created_dirs: list[Path] = field(default_factory=list)

    def write(self, path: Path, content: bytes) -> None:
        self.previous.append((path, path.read_bytes() if path.exists() else None))
        missing = [parent for parent in reversed(path.parents) if not parent.exists()]
        for directory in missing:
            directory.mkdir()
            self.created_dirs.append(directory)
        _write_atomically(path, content)

    def restore(self) -> None:
        for path, content in reversed(self.previous):
            if content is None:
                path.unlink(missing_ok=True)
            else:
                _write_atomically(path, content)
        for directory in reversed(self.created_dirs):
            with contextlib.suppress(OSError):
                directory.rmdir()


def _write_atomically(path: Path, content: bytes) -> None:
    """Replace ``path`` in one step, keeping its permissions: a reader sees old or new."""
    mode = path.stat().st_mode if path.exists() else None
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        with temporary.open("xb") as stream:  # new files get the usual permissions
            stream.write(content)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
