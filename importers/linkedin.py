"""LinkedIn ``Connections.csv`` in every era it has been exported in.

Shapes handled (``../shared/reference/export-formats.md`` §1.2): the three-line ``Notes:``
preamble or none (and its Excel re-save ``Notes:,,``); with or without the ``URL`` column (added
mid-2023); ``DD Mon YYYY`` and ``M/D/YY, h:mm AM`` dates and Excel's ``5-Jan-26``; semicolon
delimiters; the 2018 nine-column form; the camel-case ``FirstName,…,ConnectedOn`` variant;
blank emails and ``urn:li:member:…`` in the email column; rows of hidden profiles that carry only
``Connected On`` (counted, never stored).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pathfinder.importers._csv import locate_header, parse_date, read_text, sniff_header

from pathfinder.errors import MissingColumns
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, PersonRef, RowProblem

HEADER_SETS = [{"firstname", "connectedon"}, {"lastname", "connectedon"}]


def _email(value: str) -> str:
    return value if "@" in value else ""  # LinkedIn sometimes puts urn:li:member:<id> here


class LinkedInConnections:
    name = "linkedin"
    title = "LinkedIn Connections.csv"
    fallback = False

    def identify(self, path: Path) -> bool:
        return sniff_header(path, HEADER_SETS, suffixes=None) is not None

    def extract(self, path: Path, *, encoding: str | None = None, **_: Any) -> Extraction:
        out = Extraction(path=str(path), format=self.name)
        extract_connections(path, read_text(path, encoding), out)
        return out


def extract_connections(path: Path | str, text: str, out: Extraction, file: str = "") -> list[ContactRecord]:
    """Read a Connections.csv text into ``out``; returns the records it added."""
    label = Path(path) if not file else Path(f"{path}/{file}")
    table = locate_header(label, text, HEADER_SETS)
    if table is None:
        raise MissingColumns(label, "no LinkedIn header row (First Name, Last Name, Connected On) "
                             "in the first 15 lines")
    added: list[ContactRecord] = []
    hidden = 0
    for line, row in table.rows():
        out.rows += 1
        first, last = row.get("firstname", ""), row.get("lastname", "")
        url = row.get("url", "") or row.get("profileurl", "")
        person = PersonRef(
            first_name=first,
            last_name=last,
            email=_email(row.get("emailaddress", "") or row.get("email", "")),
            profile_url=url,
            company=row.get("company", ""),
            title=row.get("position", "") or row.get("title", ""),
        )
        raw_date = row.get("connectedon", "")
        connected = parse_date(raw_date)
        if not person.has_identity():
            if raw_date and not person.placeholder_name():
                hidden += 1  # a hidden or closed profile: LinkedIn gives only the date
            else:
                out.problems.append(RowProblem(str(label), line, person.skip_reason("row has no name, email or URL: skipped")))
            continue
        if raw_date and connected is None:
            out.problems.append(RowProblem(
                str(label), line, f"unreadable 'Connected On' date {raw_date!r}: kept the contact without it"))
        added.append(ContactRecord(line, person, (Evidence("connection", connected),), file=file))
    out.records.extend(added)
    if hidden:
        out.notes.append(f"{hidden} hidden or closed profiles (only 'Connected On' given) skipped")
    return added
