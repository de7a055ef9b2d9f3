"""Reading exports: one (:func:`read_export`), several in order with the next ones read in a
second process while the caller stores one (:func:`read_exports`), and the list of a team's
exports with their owners (:func:`read_manifest`). Nothing here touches a store.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from pathfinder.importers._csv import noticing
from pathfinder.importers.registry import detect_importer, load_importer

from pathfinder.errors import ExportFormatError, MissingColumns, PathfinderError
from pathfinder.records import Extraction


def read_export(path: str | Path, *, format: str | None = None, encoding: str | None = None,
                mapping: dict[str, str] | None = None) -> tuple[Extraction, str]:
    """Read one export (a file, or an archive as .zip or folder): what its importer extracts,
    and the fingerprint that tells an export already imported. Touches no store, so it may run
    in another process.

    Raises:
        ExportFormatError: no such file, no importer claims it, or it cannot be read as its format.
    """
    p = Path(path)
    if not p.exists():
        raise ExportFormatError(p, "no such file or folder")
    if not (p.is_file() or p.is_dir()):  # a FIFO or a device would be read forever
        raise ExportFormatError(p, "is not a regular file or folder (a pipe, socket or device): refused")
    importer = load_importer(format) if format else detect_importer(p)
    with noticing() as noticed:
        extraction = importer.extract(p, encoding=encoding, mapping=mapping)
    extraction.problems.extend(n for n in noticed if n not in extraction.problems)
    if not _printable(str(p)):  # a file name that is not UTF-8: kept and shown with U+FFFD for its bad bytes
        _name_printably(extraction)
    fingerprint = importer.fingerprint(p) if hasattr(importer, "fingerprint") else _sha256(p)
    return extraction, fingerprint


class ImportItem(NamedTuple):
    """One export to import, and whose it is."""

    path: Path
    owner: str
    connector: bool = False
    new_member: bool = False  # the owner is a new teammate, even if their name is close to a member's


_ROLES = {"member": False, "connector": True, "": False}
_YES = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False, "": False}


def read_manifest(path: str | Path) -> list[ImportItem]:
    """The exports a team imports together: a CSV with the columns ``file`` and ``owner``, and
    optionally ``role`` (``member``, the default, or ``connector``: someone outside the team) and
    ``new_member`` (``yes`` for a new teammate whose name is close to a member's). Files are
    relative to the list's folder.

    Raises:
        ExportFormatError: the list is missing, lacks a column, or a row is incomplete (file:line).
    """
    p = Path(path)
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except FileNotFoundError as exc:
        raise ExportFormatError(p, "no such import list") from exc
    except (OSError, UnicodeError) as exc:
        raise ExportFormatError(p, f"cannot read the import list ({exc}); save it as UTF-8 CSV") from exc
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if not {"file", "owner"} <= set(header):
        raise MissingColumns(p, f"an import list needs the columns file and owner (and optionally role); "
                                f"it has: {', '.join(header) or 'nothing'}", 1)
    items = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, (cell.strip() for cell in row)))
        file, owner, role = cells.get("file", ""), cells.get("owner", ""), cells.get("role", "").lower()
        new = cells.get("new_member", "").lower()
        if not file or not owner:
            raise ExportFormatError(p, "every row needs a file and its owner", line)
        if role not in _ROLES:
            raise ExportFormatError(p, f"role {role!r} is neither member nor connector", line)
        if new not in _YES:
            raise ExportFormatError(p, f"new_member {new!r} is neither yes nor no", line)
        items.append(ImportItem(p.parent / file, owner, _ROLES[role], _YES[new]))
    return items


#: how many exports the second process may read ahead of the one being stored
READ_AHEAD = 2
#: below this much export still to read, a second process is not worth starting
READ_AHEAD_MIN_BYTES = 500_000
Read = tuple[Extraction, str]


def read_exports(paths: list[Path], *, format: str | None = None, encoding: str | None = None,
                 mapping: dict[str, str] | None = None) -> Iterator[Read | PathfinderError | ValueError]:
    """:func:`read_export` for each path, in order: yields each one's result, or the error that
    stopped it. On Linux with more than one core and a good deal still to read after the first
    export, those exports are read in a second process while the caller stores the one before."""
    options: dict[str, Any] = {"format": format, "encoding": encoding, "mapping": mapping}
    if not _second_process_pays(paths[1:]):
        for p in paths:
            yield _attempt(read_export, p, **options)
        return
    import multiprocessing  # only here: a single export is read without them
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Forked, not spawned: a spawned process would run the caller's script again when it lacks an
    # `if __name__ == "__main__"` guard. The fork only reads files (never the open store) and
    # leaves with os._exit; a caller with threads of its own is not forked (see below).
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                               initializer=_second_process_start, initargs=(os.getpid(),))
    done = 0
    try:
        waiting = deque(pool.submit(read_export, p, **options) for p in paths[1:1 + READ_AHEAD])
        submitted = 1 + len(waiting)
        result = _attempt(read_export, paths[0], **options)
        done += 1
        yield result
        while waiting:
            future = waiting.popleft()
            if submitted < len(paths):
                waiting.append(pool.submit(read_export, paths[submitted], **options))
                submitted += 1
            result = _attempt(future.result)
            done += 1
            yield result
    except BrokenProcessPool:
        pass  # the second process died (out of memory, killed): the rest are read here
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    for p in paths[done:]:
        yield _attempt(read_export, p, **options)


def _printable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printably(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _name_printably(extraction: Extraction) -> None:
    """A file name with bytes that are not UTF-8 (Python keeps them as surrogates) as it can be
    stored and printed: each bad byte as U+FFFD, in the extraction, its problems and its records."""
    extraction.path = _printably(extraction.path)
    extraction.problems[:] = [dataclasses.replace(p, path=_printably(p.path)) for p in extraction.problems]
    extraction.records[:] = [r if _printable(r.file) else dataclasses.replace(r, file=_printably(r.file))
                             for r in extraction.records]


def _second_process_pays(later: list[Path]) -> bool:
    """Fork only where it is the platform's own way (Linux), only a single-threaded caller (a
    fork copies one thread; a lock held by another would stay locked in the copy), and only when
    there is enough left to read to gain from a second core."""
    return (sys.platform == "linux" and (os.cpu_count() or 1) > 1 and threading.active_count() == 1
            and sum(map(_size, later)) >= READ_AHEAD_MIN_BYTES)


def _second_process_start(parent: int) -> None:
    """In the second process: Ctrl-C is the caller's to handle, and it ends when the caller does
    (killed mid-import, it would otherwise wait for work forever)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the caller died before the line above
        os._exit(0)


def _size(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        return path.stat().st_size
    except OSError:
        return 0


def _attempt(read: Callable[..., Read], *args: Any, **kwargs: Any) -> Read | PathfinderError | ValueError:
    try:
        return read(*args, **kwargs)
    except (PathfinderError, ValueError) as exc:
        return exc


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
