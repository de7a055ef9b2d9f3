"""Thunderbird address-book CSV export (``../shared/reference/export-formats.md`` §2.2).

Header, as Thunderbird's own test data has it: ``First Name,Last Name,Display Name,Nickname,
Primary Email,Secondary Email,Screen Name,Work Phone,…,Job Title,Department,Organization,Web Page
1,Web Page 2,Birth Year,…,Custom 1,…,Custom 4,Notes`` (older versions put ``Screen Name`` last).
Quoted fields may hold commas, TABs, doubled quotes and newlines. Thunderbird writes the system
code page on Windows (cp1252), which ``read_text`` falls back to.

Detection asks for Thunderbird's own column names (``Display Name``, ``Primary Email`` and
``Secondary Email`` or ``Screen Name``); a bare CSV that merely has a ``Primary Email`` column is
left to the generic importer, which reads it too. Forced with ``--format thunderbird``, any header
with ``Primary Email`` and a name column is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pathfinder.importers._csv import locate_header, read_text, sniff_header
from pathfinder.importers._labels import EXTRA_FIELDS, is_linkedin_url, nameless_row

from pathfinder.errors import MissingColumns
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, PersonRef, RowProblem

IDENTIFY_SETS = [{"displayname", "primaryemail", "secondaryemail"}, {"displayname", "primaryemail", "screenname"}]
HEADER_SETS = IDENTIFY_SETS + [{"primaryemail", "displayname"}, {"primaryemail", "firstname"},
                               {"primaryemail", "lastname"}]
NOT_THUNDERBIRD = {"connectedon", "emailaddress", "email1value"}


class ThunderbirdContacts:
    name = "thunderbird"
    title = "Thunderbird address book exported as CSV"
    fallback = False

    def identify(self, path: Path) -> bool:
        table = sniff_header(path, IDENTIFY_SETS, suffixes=(".csv", ".txt", ".tab", ".tsv"), max_lines=3)
        return table is not None and not set(table.keys) & NOT_THUNDERBIRD

    def extract(self, path: Path, *, encoding: str | None = None, **_: Any) -> Extraction:
        table = locate_header(path, read_text(path, encoding), HEADER_SETS, max_lines=3)
        if table is None:
            raise MissingColumns(path, "no Thunderbird address-book header (First Name, Last Name, Display Name, "
                                 "…, Primary Email, …) in the first 3 lines")
        out = Extraction(path=str(path), format=self.name)
        skipped = 0
        for line, row in table.rows():
            out.rows += 1
            if row.get("__extra__", "").strip(", "):
                out.problems.append(RowProblem(str(path), line, EXTRA_FIELDS))
            email = next((v for v in (row.get("primaryemail", ""), row.get("secondaryemail", ""))
                          if "@" in v and " " not in v), "")
            profile = next((row.get(k, "") for k in ("webpage1", "webpage2") if is_linkedin_url(row.get(k, ""))), "")
            person = PersonRef(
                name=row.get("displayname", ""), first_name=row.get("firstname", ""),
                last_name=row.get("lastname", ""), email=email, profile_url=profile,
                company=row.get("organization", ""), title=row.get("jobtitle", ""),
                location=", ".join(p for p in (row.get("workcity", ""), row.get("workcountry", "")) if p),
            )
            if not person.has_identity():
                skipped += nameless_row(out, path, line, row, person)  # phone-only or business-only entries are counted
                continue
            out.records.append(ContactRecord(line, person, (Evidence("contact", None),)))
        if skipped:
            out.notes.append(f"{skipped} contacts with no name, email or LinkedIn URL (phone or address only) skipped")
        return out
