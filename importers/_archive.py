"""Reading a multi-file export given as a .zip or as its unpacked folder, safely.

A zip member whose name is absolute or climbs out with ``..`` is refused (zip-slip), and so is
an archive that would unpack to more than ``MAX_UNPACKED`` bytes, or a large member packed
more than ``MAX_RATIO`` times (zip bombs): before a byte is unpacked. Members are read in chunks
that stop at the size the archive declares.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from pathfinder.errors import ExportFormatError

MAX_UNPACKED = 2 * 1024**3
#: text exports pack 3-20 times; a member unpacking to more than this many times its packed size
#: (and to more than RATIO_FLOOR bytes) is not an export
MAX_RATIO = 100
RATIO_FLOOR = 32 * 1024**2
CHUNK = 1 << 20


def member_key(name: str) -> str:
    """Compare file names case-insensitively, ignoring spaces, underscores and dashes:
    ``Messages.csv`` (2018) and ``messages.csv`` (2021+) are one file."""
    return re.sub(r"[\s_\-]+", "", PurePosixPath(name).name).lower()


class Archive:
    """The files of an export: ``names()`` lists them, ``read(name)`` returns their bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._files: dict[str, Path | zipfile.ZipInfo]  # a folder's files, or a zip's members
        if path.is_dir():
            self._files = {str(p.relative_to(path)): p for p in sorted(path.rglob("*")) if p.is_file()}
            return
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
            raise ExportFormatError(path, f"not a readable zip archive ({exc})") from exc
        total = 0
        for info in infos:
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if info.filename.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                raise ExportFormatError(path, f"refusing archive member {info.filename!r}: its path leaves the archive")
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ExportFormatError(path, f"refusing archive: {info.filename} would unpack to {info.file_size:,} "
                                        f"bytes from {info.compress_size:,} ({info.file_size // max(info.compress_size, 1):,} "
                                        f"times; exports pack at most ~{MAX_RATIO} times): a zip bomb, not an export")
        if total > MAX_UNPACKED:
            raise ExportFormatError(path, f"refusing archive: it would unpack to {total:,} bytes "
                                    f"(more than {MAX_UNPACKED:,})")
        self._files = {i.filename: i for i in infos if not i.is_dir()}

    def names(self) -> list[str]:
        return list(self._files)

    def find(self, *keys: str) -> str | None:
        """The file whose name matches the first of ``keys`` (see :func:`member_key`) that any does.

        Raises:
            ExportFormatError: two files match it (two exports in one archive: which one is meant?).
        """
        wanted = [member_key(k) for k in keys]
        for key in wanted:
            found = [name for name in self._files if member_key(name) == key]
            if len(found) > 1:
                raise ExportFormatError(self.path, f"holds {len(found)} files that are each its {found[0].rsplit('/', 1)[-1]} "
                                        f"({', '.join(found)}): import each export from its own archive or folder")
            if found:
                return found[0]
        return None

    def read(self, name: str) -> bytes:
        return b"".join(self.chunks(name))

    def chunks(self, name: str) -> Iterator[bytes]:
        """A file's bytes in pieces of at most ``CHUNK``, never past ``MAX_UNPACKED``."""
        entry = self._files[name]
        if self._zip is None:
            with open(entry, "rb") as fh:  # type: ignore[arg-type]
                yield from iter(lambda: fh.read(CHUNK), b"")
            return
        seen = 0
        try:
            with self._zip.open(entry) as fh:  # type: ignore[arg-type]
                while chunk := fh.read(CHUNK):
                    seen += len(chunk)
                    if seen > MAX_UNPACKED:
                        raise ExportFormatError(self.path, f"{name}: unpacks to more than {MAX_UNPACKED:,} bytes")
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
            # damaged deflate data, an unsupported compression, an encrypted member
            raise ExportFormatError(self.path, f"{name}: unreadable archive member ({exc})") from exc

    def fingerprint(self) -> str:
        """A content hash of the whole export, for idempotent imports of folders and zips."""
        h = hashlib.sha256()
        for name in sorted(self._files):
            member = hashlib.sha256()
            for chunk in self.chunks(name):
                member.update(chunk)
            h.update(name.encode() + b"\0" + member.digest())
        return h.hexdigest()
