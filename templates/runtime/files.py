"""File parts of multipart bodies: what a caller may pass, and how each becomes a part.

A :data:`FileInput` is ``bytes``, a binary file object, a ``pathlib.Path`` (or any
``os.PathLike``), or a tuple ``(filename, content)`` / ``(filename, content, content_type)``
whose content is one of the former. The filename comes from the tuple, the path or the file
object's name, else it is the parameter's name; the content type, when not given, is guessed
from the filename (``application/octet-stream`` when unknown). A path is read piece by piece
while the request is sent, never whole.
"""

from __future__ import annotations

import io
import mimetypes
import os
from typing import IO, Any

FileContent = bytes | IO[bytes] | os.PathLike[str]
FileInput = FileContent | tuple[str, FileContent] | tuple[str, FileContent, str]
# What httpx takes for one file part: (filename, content, content type).
FilePart = tuple[str, bytes | IO[bytes], str]


def file_part(name: str, value: Any) -> FilePart:
    """The part of ``value`` (a :data:`FileInput`) sent as the field ``name``."""
    filename: str | None = None
    content_type: str | None = None
    content = value
    if isinstance(value, tuple):
        if len(value) not in (2, 3):
            raise TypeError(f"{name}: a file tuple is (filename, content[, content_type])")
        filename, content = value[0], value[1]
        content_type = value[2] if len(value) == 3 else None
    if isinstance(content, os.PathLike):
        path = os.fspath(content)
        filename = filename or os.path.basename(path)
        content = PathReader(path)
    elif isinstance(content, (bytes, bytearray, memoryview)):
        content = bytes(content)
    elif isinstance(content, io.TextIOBase) or not hasattr(content, "read"):
        raise TypeError(
            f"{name}: a file is bytes, a binary file object, a path or a "
            f"(filename, content[, content_type]) tuple, not {type(content).__name__}"
        )
    else:
        own_name = getattr(content, "name", None)
        if filename is None and isinstance(own_name, str):
            filename = os.path.basename(own_name)
    filename = filename or name
    return filename, content, content_type or guess_type(filename)


def guess_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


class PathReader(io.RawIOBase):
    """A file read only while the request is sent: opened on the first read, closed at its end.

    httpx asks for the length (``seek(0, SEEK_END)``: the file's size, without opening it) and
    rewinds before each attempt (``seek(0)``), so a retried request sends the file again.
    """

    def __init__(self, path: str) -> None:
        super().__init__()
        self.name = path
        self._file: io.BufferedReader | None = None
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._file is None:
            self._file = open(self.name, "rb")  # noqa: SIM115 (closed at the end of the file)
            self._file.seek(self._position)
        count = self._file.readinto(buffer)
        self._position += count or 0
        if not count:
            self._release()
        return count or 0

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_END and offset == 0:
            self._position = os.stat(self.name).st_size
        elif whence == os.SEEK_SET:
            self._position = offset
        else:
            raise io.UnsupportedOperation("seek from the start or to the end only")
        self._release()
        return self._position

    def tell(self) -> int:
        return self._position

    def _release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def close(self) -> None:
        self._release()
        super().close()
