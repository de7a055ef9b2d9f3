"""Importer interface and registry.

An importer is pure: ``identify(path)`` sniffs a file cheaply and never raises for files of other
formats; ``extract(path)`` reads the whole file into :class:`~pathfinder.records.Extraction` records
and row problems, and never touches a store. Built-in importers are named as strings and loaded
lazily; third parties add theirs through the ``pathfinder.importers`` entry-point group.
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings
import zipfile
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pathfinder.errors import ExportFormatError, PathfinderError, UnrecognizedExport
from pathfinder.records import Extraction

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
    "salesforce": "pathfinder.importers.salesforce_export:SalesforceExport",
    "mail": "pathfinder.importers.mail:MailMetadata",
    "calendar": "pathfinder.importers.calendar:CalendarMetadata",
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
    if load_plugins and _plugins_declared():
        from importlib.metadata import entry_points  # (loading it takes longer than most imports of a file)

        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name in names:
                warnings.warn(f"importer plugin {ep.name!r} ignored: a built-in has that name", stacklevel=2)
                continue
            names[ep.name] = ep.value
    return names


def _plugins_declared() -> bool:
    """Does a distribution on ``sys.path`` name the importer entry-point group in its
    ``entry_points.txt``? A look at those small files before importlib.metadata reads them
    properly: where none does, as on most machines, it is not loaded at all."""
    for folder in sys.path:
        try:
            with os.scandir(folder or ".") as entries:
                found = [e.path for e in entries if e.name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
        for dist in found:
            try:
                with open(os.path.join(dist, "entry_points.txt"), encoding="utf-8", errors="replace") as fh:
                    if ENTRY_POINT_GROUP in fh.read():
                        return True
            except OSError:
                continue
    return False


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
    return cls()


def available_importers(*, load_plugins: bool = True) -> list[Importer]:
    """Every registered importer, built-ins first."""
    registry = _registry(load_plugins)  # (reading the entry points once)
    return [_load(n, registry) for n in registry]


def _say_what_is_wrong(path: Path) -> None:
    """Before the list of known formats: the specific reason a file nobody claims cannot be an
    export (empty, no rows, an archive that is unsafe, damaged or holds nothing), when there is one.

    Raises:
        UnrecognizedExport: with that reason.
    """
    from pathfinder.importers._archive import Archive

    if path.is_dir() or zipfile.is_zipfile(path):
        archive = Archive(path)  # raises with the reason an archive is refused (unsafe, damaged, a bomb)
        if not archive.names():
            raise UnrecognizedExport(path, "is an empty archive or folder: there is nothing in it to import")
        for key in ("Connections.csv", "Contact.csv"):  # the file that makes it an export, twice: which one?
            archive.find(key)
        return
    size = path.stat().st_size
    if size == 0:
        raise UnrecognizedExport(path, "is empty (0 bytes): export it again")
    if size < 4096:
        text = path.read_bytes().decode("utf-8", errors="replace").strip()
        if not text:
            raise UnrecognizedExport(path, "holds only blank lines: export it again")
        if "\n" not in text and ("," in text or ";" in text or "\t" in text):
            raise UnrecognizedExport(path, f"holds one line and no rows ({text[:80]!r}): export it again, or "
                                           "name the format with --format if that line is its header")


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
    _say_what_is_wrong(path)
    known = ", ".join(f"{i.name} ({i.title})" for i in importers)
    raise UnrecognizedExport(path, f"not a contact export pathfinder knows. Known formats: {known}. "
                             "If it is one of them, say which with --format.")
