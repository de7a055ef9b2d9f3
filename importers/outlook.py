"""Outlook contacts CSV exports (``../shared/reference/export-formats.md`` §2.2, §1.2).

One header family, three sources:

- **classic desktop Outlook** (File → Export → Comma Separated Values): every field quoted,
  ``"Title","First Name",…,"Company","Department","Job Title",…,"Business Country/Region",…,
  "Categories",…,"E-mail Address","E-mail Type","E-mail Display Name",…,"Referred By",…``
  (Outlook 2003 wrote ``Business Country``). ``Title`` is the name prefix (Mr., Dr.), never the job.
- **Outlook.com / new Outlook People** export (61 columns, ``E-mail Address``…``IMAddress``…).
- **LinkedIn's "Outlook CSV"** export of connections (up to 2015,
  ``linkedin_connections_export_microsoft_outlook.csv``): the same header. Under that file name
  the rows are LinkedIn connections (``connection`` evidence, no date); otherwise contacts.
  Google's "Outlook CSV" export option uses this header family too.

For people inside an Exchange organisation ``E-mail Type`` is ``EX`` and ``E-mail Address`` an
X.500 DN (``/O=EXCHANGELABS/OU=…/CN=RECIPIENTS/CN=…``): that is not an e-mail address, so it is
never used as a key (the next SMTP address is, if any). ``Categories`` (``Clients;Family``) name
relationship tiers like Google labels do; ``Referred By`` makes a referral like the generic CSV's
``referred by`` column. Localised Outlook headers (``Vorname``, ``Nom``…) are not recognised.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pathfinder.importers._csv import header_key, locate_header, parse_birthday, read_text, sniff_header
from pathfinder.importers._labels import EXTRA_FIELDS, is_linkedin_url, label_tiers, nameless_row
from pathfinder.importers.hubspot import owner_ref

from pathfinder.errors import MissingColumns
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, PersonRef, RowProblem

#: Columns only the Outlook header family has (``E-mail Address`` alone is LinkedIn's too).
OUTLOOK_MARKERS = frozenset(header_key(h) for h in (
    "E-mail 2 Address", "E-mail 3 Address", "E-mail Type", "E-mail Display Name", "Business Street",
    "Business Street 2", "Home Street", "Other Street", "Business Country/Region", "Business Country",
    "Home Country/Region", "Assistant's Phone", "TTY/TDD Phone", "Company Main Phone", "Given Yomi",
    "Surname Yomi", "IMAddress", "Business Fax", "Radio Phone", "Car Phone", "Callback",
))
#: Columns of other formats: LinkedIn Connections, Google, Thunderbird.
NOT_OUTLOOK = frozenset({"connectedon", "email1value", "primaryemail", "labels", "groupmembership"})
HEADER_SETS = [{"emailaddress", "firstname"}, {"emailaddress", "lastname"}, {"emailaddress", "company"}]

_DN = re.compile(r"^/o=", re.IGNORECASE)
_DISPLAY_EMAIL = re.compile(r"\s*\([^()]*@[^()]*\)\s*$")
_CATEGORY_SPLIT = re.compile(r"[;,]")
LINKEDIN_OUTLOOK_FILE = re.compile(r"linkedin.*connections.*outlook|linkedin_connections_export", re.IGNORECASE)


def _markers(keys: list[str]) -> int:
    return len(set(keys) & OUTLOOK_MARKERS)


class OutlookContacts:
    name = "outlook"
    title = "Outlook contacts CSV (desktop Outlook, Outlook.com, LinkedIn's old Outlook export)"
    fallback = False

    def identify(self, path: Path) -> bool:
        table = sniff_header(path, HEADER_SETS, max_lines=5)
        return table is not None and _markers(table.keys) >= 2 and not set(table.keys) & NOT_OUTLOOK

    def extract(self, path: Path, *, encoding: str | None = None, **_: Any) -> Extraction:
        text = read_text(path, encoding)
        table = locate_header(path, text, HEADER_SETS, max_lines=5)
        if table is None:
            raise MissingColumns(path, "no Outlook contacts header (First Name, Last Name, E-mail Address, "
                                 "…) in the first 5 lines")
        linkedin = bool(LINKEDIN_OUTLOOK_FILE.search(Path(path).name))
        kind = "connection" if linkedin else "contact"
        out = Extraction(path=str(path), format=self.name)
        if linkedin:
            out.notes.append("LinkedIn's Outlook-format export: rows read as LinkedIn connections")
        exchange = skipped = 0
        for line, row in table.rows():
            out.rows += 1
            if row.get("__extra__", "").strip(", "):
                out.problems.append(RowProblem(str(path), line, EXTRA_FIELDS))
            email = ""
            for prefix in ("email", "email2", "email3"):
                value = row.get(f"{prefix}address", "")
                etype = row.get(f"{prefix}type", "").upper()
                if etype == "EX" or _DN.match(value):
                    exchange += 1
                    continue
                if "@" in value and " " not in value:
                    email = value.removeprefix("SMTP:").removeprefix("smtp:")
                    break
            first, middle, last = row.get("firstname", ""), row.get("middlename", ""), row.get("lastname", "")
            name = " ".join(p for p in (first, middle, last) if p) if middle else ""
            if not (first or last):
                display = _DISPLAY_EMAIL.sub("", row.get("emaildisplayname", "")).strip()
                if display and "@" not in display:
                    name = display
            profile = next((row.get(k, "") for k in ("webpage", "personalwebpage", "businesshomepage")
                            if is_linkedin_url(row.get(k, ""))), "")
            city = row.get("businesscity", "") or row.get("homecity", "")
            country = (row.get("businesscountry/region", "") or row.get("businesscountry", "")
                       or row.get("homecountry/region", "") or row.get("homecountry", ""))
            home = bool(row.get("homestreet", "") or row.get("homepostalcode", ""))
            person = PersonRef(name=name, first_name=first, last_name=last, email=email, profile_url=profile,
                               company=row.get("company", ""), title=row.get("jobtitle", ""),
                               location=", ".join(p for p in (city, country) if p),
                               phone=row.get("mobilephone", "") or row.get("homephone", "") or row.get("businessphone", ""),
                               birthday=parse_birthday(row.get("birthday", "")) or "",
                               street=row.get("homestreet" if home else "businessstreet", ""),
                               postcode=row.get("homepostalcode" if home else "businesspostalcode", ""))
            if not person.has_identity():
                skipped += nameless_row(out, path, line, row, person)  # phone-only or business-only entries are counted
                continue
            evidence = [Evidence(kind, None)]
            tiers = label_tiers(_CATEGORY_SPLIT.split(row.get("categories", "")))
            referrer = owner_ref(row.get("referredby", ""))
            for tier in tiers:
                data: dict[str, Any] = {"tier": tier}
                if tier == "referred" and referrer:
                    data["by"] = referrer.display_name or referrer.email
                evidence.append(Evidence("relationship", None, data))
            if referrer:
                if "referred" not in tiers:
                    evidence.append(Evidence("relationship", None,
                                             {"tier": "referred", "by": referrer.display_name or referrer.email}))
                out.records.append(ContactRecord(line, referrer, (Evidence("referral", None, {"gave": True}),)))
                out.records.append(ContactRecord(line, person, (Evidence("referral", None, {"referred": True}),),
                                                 a=referrer))
            out.records.append(ContactRecord(line, person, tuple(evidence)))
        if exchange:
            out.notes.append(f"{exchange} Exchange (EX) addresses are directory names, not e-mail addresses: "
                             "not used to match people")
        if skipped:
            out.notes.append(f"{skipped} contacts with no name, email or LinkedIn URL (phone, address or "
                             "business only) skipped")
        return out
