"""Google Contacts CSV exports, current and legacy (``../shared/reference/export-formats.md`` §2.1).

- **Current "Google CSV"**: ``First Name,Middle Name,Last Name,…,File As,Organization Name,
  Organization Title,…,Labels,E-mail 1 - Label,E-mail 1 - Value,…,Website 1 - Label,Website 1 -
  Value,…``. Repeated groups (``E-mail 2 - …``, ``Website 3 - …``) appear only as often as the data
  needs them, so the column count varies from file to file.
- **Legacy "Google CSV"** (about 2011–2022): ``Name,Given Name,Additional Name,Family Name,…,Group
  Membership,E-mail 1 - Type,E-mail 1 - Value,…,Organization 1 - Name,Organization 1 - Title,…``,
  often UTF-16LE with a BOM (``read_text`` decodes it).

Quirks: several values in one cell are joined by `` ::: `` (the first e-mail is the key, unless a
``* `` label marks a later one as primary); labels such as ``* myContacts ::: Family`` carry a
``* `` prefix on system labels. A label that names a relationship (family, friends, clients,
customers, coworkers, …) becomes a ``relationship`` evidence with that tier (:func:`label_tiers`);
every contact also gets a plain ``contact`` evidence. LinkedIn profile URLs in ``Website N - Value``
become the profile URL. Entries with no name, e-mail or LinkedIn URL (a phone number or a business
name only) are common in address books: they are counted in the notes, not reported as problems.

Google's third option, "Outlook CSV", is read by the ``outlook`` importer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pathfinder.importers._csv import locate_header, parse_birthday, read_text, sniff_header
from pathfinder.importers._labels import EXTRA_FIELDS, is_linkedin_url, label_tiers, nameless_row

from pathfinder.errors import MissingColumns
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, PersonRef, RowProblem

# --- Google CSV ------------------------------------------------------------------------------

_MULTI = re.compile(r"\s*:::\s*")

#: Headers no other export has: a Google CSV has one of these sets.
HEADER_SETS = [
    {"labels", "email1value"}, {"labels", "organizationname"}, {"labels", "fileas"},
    {"labels", "phoneticfirstname"}, {"email1label", "email1value"},
    {"groupmembership", "email1value"}, {"groupmembership", "givenname"},
    {"email1type", "email1value", "givenname"},
]
#: Columns of other formats that share words with Google's (LinkedIn, Outlook, Thunderbird).
NOT_GOOGLE = {"connectedon", "emailaddress", "primaryemail", "email2address"}


def _values(cell: str) -> list[str]:
    return [v for v in _MULTI.split(cell.strip()) if v] if cell.strip() else []


def _first(cell: str) -> str:
    values = _values(cell)
    return values[0] if values else ""


def _groups(keys: Iterable[str], prefix: str, suffix: str) -> list[int]:
    """The numbers N of the ``<prefix> N - <suffix>`` columns, in order."""
    pattern = re.compile(rf"^{prefix}(\d+){suffix}$")
    return sorted({int(m[1]) for k in keys if (m := pattern.match(k))})


def _pick_email(row: dict[str, str], groups: list[int]) -> str:
    """The first e-mail address, or the first one a ``* `` label marks as primary."""
    first = ""
    for n in groups:
        values = _values(row.get(f"email{n}value", ""))
        labels = _values(row.get(f"email{n}label", "") or row.get(f"email{n}type", ""))
        for i, value in enumerate(values):
            if "@" not in value or " " in value:
                continue
            # one label per value, or one label for the whole cell
            label = labels[i] if len(labels) == len(values) else (labels[0] if len(labels) == 1 else "")
            if label.startswith("*"):
                return value
            first = first or value
    return first


class GoogleContacts:
    name = "google"
    title = "Google Contacts CSV (current or legacy \"Google CSV\")"
    fallback = False

    def identify(self, path: Path) -> bool:
        table = sniff_header(path, HEADER_SETS, suffixes=(".csv", ".txt", ".tsv"), max_lines=5)
        return table is not None and not set(table.keys) & NOT_GOOGLE

    def extract(self, path: Path, *, encoding: str | None = None, **_: Any) -> Extraction:
        text = read_text(path, encoding)
        table = locate_header(path, text, HEADER_SETS, max_lines=5)
        if table is None:
            raise MissingColumns(path, "no Google Contacts header (First Name, …, Labels, E-mail 1 - Value, or "
                                 "the legacy Name, Given Name, …, Group Membership) in the first 5 lines")
        out = Extraction(path=str(path), format=self.name)
        keys = table.keys
        emails = _groups(keys, "email", "value")
        websites = _groups(keys, "website", "value")
        orgs = _groups(keys, "organization", "name")
        skipped = 0
        for line, row in table.rows():
            out.rows += 1
            if row.get("__extra__", "").strip(", "):
                out.problems.append(RowProblem(str(path), line, EXTRA_FIELDS))
            first = _first(row.get("firstname", "") or row.get("givenname", ""))
            middle = _first(row.get("middlename", "") or row.get("additionalname", ""))
            last = _first(row.get("lastname", "") or row.get("familyname", ""))
            full = row.get("name", "").strip()
            if not full and middle:
                full = " ".join(p for p in (first, middle, last) if p)
            if not (full or first or last):
                full = row.get("fileas", "").strip() or row.get("nickname", "").strip()
            company, title = _first(row.get("organizationname", "")), _first(row.get("organizationtitle", ""))
            for n in orgs:
                if company or title:
                    break
                company = _first(row.get(f"organization{n}name", ""))
                title = _first(row.get(f"organization{n}title", ""))
            profile = next((v for n in websites for v in _values(row.get(f"website{n}value", ""))
                            if is_linkedin_url(v)), "")
            location = ", ".join(p for p in (_first(row.get("address1city", "")),
                                             _first(row.get("address1country", ""))) if p)
            person = PersonRef(name=full, first_name=first, last_name=last,
                               email=_pick_email(row, emails), profile_url=profile,
                               company=company, title=title,
                               location=location or row.get("location", "").strip(),
                               phone=_first(row.get("phone1value", "")),
                               birthday=parse_birthday(row.get("birthday", "")) or "",
                               street=_first(row.get("address1street", "")),
                               postcode=_first(row.get("address1postalcode", "")))
            if not person.has_identity():
                skipped += nameless_row(out, path, line, row, person)  # phone-only or business-only entries are counted
                continue
            labels = _values(row.get("labels", "") or row.get("groupmembership", ""))
            evidence = [Evidence("contact", None)]
            evidence += [Evidence("relationship", None, {"tier": t}) for t in label_tiers(labels)]
            out.records.append(ContactRecord(line, person, tuple(evidence)))
        if skipped:
            out.notes.append(f"{skipped} contacts with no name, email or LinkedIn URL (phone, address or "
                             "business only) skipped")
        return out
