"""Importer interface and registry.

An importer is pure: ``identify(path)`` sniffs a file cheaply and never raises for files of other
formats; ``extract(path)`` reads the whole file into :class:`~pathfinder.model.Extraction` records
and row problems, and never touches a store. Built-in importers are named as strings and loaded
lazily; third parties add theirs through the ``pathfinder.importers`` entry-point group.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import multiprocessing
import os
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, NamedTuple, Protocol, runtime_checkable

from .errors import ExportFormatError, MissingColumns, PathfinderError, UnrecognizedExport
from .identity import alias_keys, use_alias_keys
from .model import Extraction

ENTRY_POINT_GROUP = "pathfinder.importers"

#: name -> "module:Class". Order matters only for listing; detection asks every importer.
BUILTIN_IMPORTERS: dict[str, str] = {
    "linkedin": "pathfinder.importers.linkedin:LinkedInConnections",
    "linkedin-archive": "pathfinder.importers.linkedin_archive:LinkedInArchive",
    "google": "pathfinder.importers.google_contacts:GoogleContacts",
    "outlook": "pathfinder.importers.outlook:OutlookContacts",
    "thunderbird": "pathfinder.importers.thunderbird:ThunderbirdContacts",
    "vcard": "pathfinder.importers.vcard:VCardContacts",
    "hubspot": "pathfinder.importers.hubspot:HubSpotContacts",
    "hubspot-deals": "pathfinder.importers.hubspot:HubSpotDeals",
    "salesforce-report": "pathfinder.importers.salesforce:SalesforceReport",
    "salesforce": "pathfinder.importers.salesforce:SalesforceExport",
    "csv": "pathfinder.importers.generic_csv:GenericContacts",
}


@runtime_checkable
class Importer(Protocol):
    name: str
    title: str
    #: A fallback importer claims a file only when no specific importer does.
    fallback: bool

    def identify(self, path: Path) -> bool: ...

    def extract(self, path: Path, **options: Any) -> Extraction: ...


class ImporterLoadError(PathfinderError):
    """A registered importer could not be loaded."""


def _registry(load_plugins: bool = True) -> dict[str, str]:
    names = dict(BUILTIN_IMPORTERS)
    if load_plugins:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name in names:
                warnings.warn(f"importer plugin {ep.name!r} ignored: a built-in has that name")
                continue
            names[ep.name] = ep.value
    return names


def load_importer(name: str, *, load_plugins: bool = True) -> Importer:
    """Return the importer registered under ``name``.

    Raises:
        ExportFormatError: unknown name (lists the known ones).
        ImporterLoadError: the importer's module failed to import.
    """
    return _load(name, _registry(load_plugins))


def _load(name: str, registry: dict[str, str]) -> Importer:
    if name not in registry:
        known = ", ".join(sorted(registry))
        raise ExportFormatError("--format", f"unknown format {name!r}; known formats: {known}")
    module_name, _, class_name = registry[name].partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except Exception as exc:  # a broken plugin must not break the others
        raise ImporterLoadError(f"importer {name!r} ({registry[name]}) failed to load: {exc}") from exc
    return cls()  # type: ignore[no-any-return]


def available_importers(*, load_plugins: bool = True) -> list[Importer]:
    """Every registered importer, built-ins first."""
    registry = _registry(load_plugins)  # (reading the entry points once)
    return [_load(n, registry) for n in registry]


def detect_importer(path: Path, *, load_plugins: bool = True) -> Importer:
    """The one importer that claims ``path``.

    Raises:
        UnrecognizedExport: no importer claims it (the message lists the known formats).
    """
    importers = available_importers(load_plugins=load_plugins)
    specific = [imp for imp in importers if not imp.fallback and imp.identify(path)]
    if len(specific) > 1:
        names = ", ".join(i.name for i in specific)
        raise UnrecognizedExport(path, f"several formats claim this file ({names}); choose one with --format")
    if specific:
        return specific[0]
    for imp in importers:
        if imp.fallback and imp.identify(path):
            return imp
    known = ", ".join(f"{i.name} ({i.title})" for i in importers)
    raise UnrecognizedExport(path, f"not a contact export pathfinder knows. Known formats: {known}. "
                             "If it is one of them, say which with --format.")


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
    importer = load_importer(format) if format else detect_importer(p)
    extraction = importer.extract(p, encoding=encoding, mapping=mapping)
    fingerprint = importer.fingerprint(p) if hasattr(importer, "fingerprint") else _sha256(p)
    return extraction, fingerprint



class ImportItem(NamedTuple):
    """One export to import, and whose it is."""

    path: Path
    owner: str
    connector: bool = False


ROLES = {"member": False, "connector": True, "": False}


def read_manifest(path: str | Path) -> list[ImportItem]:
    """The exports a team imports together: a CSV with the columns ``file`` and ``owner``, and
    optionally ``role`` (``member``, the default, or ``connector``: someone outside the team).
    Files are relative to the list's folder.

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
        if not file or not owner:
            raise ExportFormatError(p, "every row needs a file and its owner", line)
        if role not in ROLES:
            raise ExportFormatError(p, f"role {role!r} is neither member nor connector", line)
        items.append(ImportItem(p.parent / file, owner, ROLES[role]))
    return items

#: how many exports the second process may read ahead of the one being stored
READ_AHEAD = 2
#: starting the second process costs about what reading this much export does
READ_AHEAD_MIN_BYTES = 2_000_000
Read = tuple[Extraction, str]


def read_exports(paths: list[Path], *, format: str | None = None, encoding: str | None = None,
                 mapping: dict[str, str] | None = None) -> Iterator[Read | PathfinderError | ValueError]:
    """:func:`read_export` for each path, in order: yields each one's result, or the error that
    stopped it. With more than one core and megabytes still to read after the first export,
    those exports are read in a second process while the caller stores the one before."""
    options: dict[str, Any] = {"format": format, "encoding": encoding, "mapping": mapping}
    if (os.cpu_count() or 1) < 2 or sum(map(_size, paths[1:])) < READ_AHEAD_MIN_BYTES:
        for p in paths:
            yield _attempt(read_export, p, **options)
        return
    # spawn, not fork: the caller holds an open store (and maybe a driver's threads)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=use_alias_keys, initargs=(alias_keys(),))
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
