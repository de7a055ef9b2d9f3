"""HubSpot CRM exports: contacts and deals (CSV, or XLSX when openpyxl is installed).

HubSpot exports the columns of the current view, ``Record ID`` first
(``../shared/reference/export-formats.md`` §2.4). Two importers read them:

- ``hubspot`` (:class:`HubSpotContacts`): a contacts export. Every contact becomes a CRM
  contact of its ``Contact owner`` (a team member) or, without an owner column, of the importing
  user. ``Lifecycle Stage`` = customer (or evangelist) makes the contact a client; a ``Lead
  source`` naming a referral, or a ``Referred by`` column, makes them a referred contact.
  HubSpot's own ``Original Source`` value ``Referrals`` is *web* traffic (a visitor who followed a
  link on another website), not a person's referral, so it is counted in the notes only.
- ``hubspot-deals`` (:class:`HubSpotDeals`): a deals export. Each contact in ``Associated Contact
  IDs`` (``;``-separated) is tied to the ``Deal owner`` by the deal: a closed-won deal makes them
  a client, a lost one is a worked relationship, an open one an open opportunity. The contact is
  named by its CRM id (``hubspot:<id>``), so the contacts export of the same portal supplies the
  name and email.

Column names are matched case-insensitively ignoring spaces, underscores and dashes. Exports in
French are recognised too (``ID de fiche d'informations``, ``Prénom``, ``Nom``, ``E-mail``,
``Propriétaire du contact``, ``Date de création``; deals: ``Nom de la transaction``, ``Phase de la
transaction``, ``Montant``, ``Date de fermeture``, ``Propriétaire de la transaction``), as seen in
several independent scripts that read real French HubSpot exports. Other languages (German
included) are not recognised: their column names could not be confirmed; re-export in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pathfinder.importers._crm import column, deal_outcome, header_keys, owner_ref, parse_amount, unify_owners
from pathfinder.importers._csv import SNIFF_BYTES, Table, header_key, locate_header, parse_date, read_text
from pathfinder.importers._xlsx import xlsx_sniff, xlsx_text

from pathfinder.errors import ExportFormatError, MissingColumns
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, PersonRef, RowProblem

#: The record id column: English, the older ``Contact ID``, French.
ID_KEYS = header_keys("Record ID", "Contact ID", "Deal ID", "ID de fiche d'informations")
FR_ID = header_key("ID de fiche d'informations")

CONTACT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": header_keys("Record ID", "Contact ID", "ID de fiche d'informations"),
    "first_name": header_keys("First Name", "Prénom"),
    "last_name": header_keys("Last Name", "Nom"),
    "email": header_keys("Email", "E-mail", "Email Address"),
    "company": header_keys("Company Name", "Company", "Associated Company", "Associated Company (Primary)",
                     "Nom de l'entreprise"),
    "title": header_keys("Job Title", "Title"),
    "owner": header_keys("Contact owner", "HubSpot Owner", "Owner", "Propriétaire du contact"),
    "created": header_keys("Create Date", "Created Date", "Date de création"),
    "lifecycle": header_keys("Lifecycle Stage"),
    "original_source": header_keys("Original Source", "Original Source Type"),
    "lead_source": header_keys("Lead Source", "Lead Source Type"),
    "referred_by": header_keys("Referred by", "Referrer", "Referred by contact"),
    "city": header_keys("City"),
    "country": header_keys("Country/Region", "Country"),
}

DEAL_FIELDS: dict[str, tuple[str, ...]] = {
    "id": header_keys("Record ID", "Deal ID", "ID de fiche d'informations"),
    "name": header_keys("Deal Name", "Nom de la transaction"),
    "stage": header_keys("Deal Stage", "Phase de la transaction"),
    "amount": header_keys("Amount", "Montant", "Amount in company currency"),
    "close": header_keys("Close Date", "Date de fermeture"),
    "created": header_keys("Create Date", "Date de création"),
    "owner": header_keys("Deal owner", "HubSpot Owner", "Owner", "Propriétaire de la transaction"),
    "contact_ids": header_keys("Associated Contact IDs", "Associated Contact ID", "Associated Contact IDs (Primary)"),
    "contacts": header_keys("Associated Contacts", "Associated Contact"),
    "is_won": header_keys("Is Closed Won", "Is Won"),
    "is_closed": header_keys("Is Closed"),
}

#: Columns only a HubSpot export has (used to tell HubSpot from Salesforce and plain CSVs).
HUBSPOT_MARKERS = frozenset(header_keys(
    "Record ID", "ID de fiche d'informations", "Lifecycle Stage", "HubSpot Score", "Original Source",
    "Associated Company", "Associated Company ID", "Associated Company IDs", "Associated Company (Primary)",
    "Associated Contact IDs", "Associated Contact ID", "Associated Deal IDs", "Associated Deals",
    "Deal Stage", "Deal Name", "Deal owner", "Propriétaire du contact", "Phase de la transaction",
    "Nom de la transaction", "Propriétaire de la transaction",
))
DEAL_MARKERS = frozenset(header_keys("Deal Stage", "Deal Name", "Phase de la transaction", "Nom de la transaction"))
PERSON_KEYS = frozenset(CONTACT_FIELDS["first_name"] + CONTACT_FIELDS["last_name"] + CONTACT_FIELDS["email"])
#: Columns of Salesforce report exports: a file that has them is not HubSpot's.
NOT_HUBSPOT = frozenset(header_keys(
    "Account Name", "Account ID", "Opportunity Name", "Opportunity Owner", "Opportunity ID", "Lead ID",
    "Lead Owner", "Contact: Full Name", "Contact: Contact ID", "Company / Account", "Mailing City",
))

CLIENT_STAGES = {"customer", "client", "evangelist"}
#: HubSpot's fixed ``Original Source`` values that are web analytics, never a person's referral.
WEB_REFERRAL_SOURCES = {"referrals", "ai referrals"}

_NUMERIC_ID = re.compile(r"^\d+(?:\.0+)?$")


def numeric_id(value: str) -> str:
    """A HubSpot record id (``123``; Excel may have made it ``123.0``); empty if not one."""
    v = value.strip()
    if not _NUMERIC_ID.match(v):
        return ""
    return v.split(".")[0].lstrip("0") or "0"


def load_text(path: Path, encoding: str | None) -> str:
    """The export's text: CSV as is, an XLSX workbook's first sheet as CSV.

    Raises:
        ExportFormatError: an old binary .xls, an unreadable workbook, or no openpyxl.
    """
    if path.is_dir():
        raise ExportFormatError(path, "is a folder: a HubSpot export is one CSV or XLSX file")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ExportFormatError(path, "old binary Excel (.xls) workbooks are not supported: export "
                                "the view from HubSpot as CSV (or XLSX)")
    if suffix == ".xlsx":
        return xlsx_text(path)
    return read_text(path, encoding)


def hubspot_kind(keys: Iterable[str], first_row: dict[str, str] | None = None) -> str | None:
    """``contacts``, ``deals`` or None: what a header row says the file is."""
    present = set(keys)
    id_col = column(present, ID_KEYS)
    if id_col is None or present & NOT_HUBSPOT:
        return None
    if present & DEAL_MARKERS:
        return "deals"
    if not present & PERSON_KEYS:
        return None  # a companies or tickets export
    if present & HUBSPOT_MARKERS:
        return "contacts"
    # the older "Contact ID" export with no other HubSpot column: HubSpot ids are numbers,
    # Salesforce's are 15 or 18 letters and digits
    value = (first_row or {}).get(id_col, "")
    return "contacts" if numeric_id(value) else None


def _sniff_kind(path: Path) -> str | None:
    """What ``identify`` needs: the kind of HubSpot export ``path`` is, cheaply; None if none."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".tsv", ".xlsx") or not path.is_file():
        return None
    text = xlsx_sniff(path) if suffix == ".xlsx" else read_text(path, limit=SNIFF_BYTES)
    table = locate_header(path, text, [{k} for k in ID_KEYS])
    if table is None:
        return None
    first: dict[str, str] | None = None
    try:
        for _, row in table.rows():
            first = row
            break
    except ExportFormatError:
        pass
    return hubspot_kind(table.keys, first)


def _table(path: Path, encoding: str | None, kind: str, what: str) -> Table:
    text = load_text(path, encoding)
    table = locate_header(path, text, [{k} for k in ID_KEYS])
    if table is None:
        raise MissingColumns(path, f"no HubSpot {what} header (Record ID, or its French name "
                             "ID de fiche d'informations) in the first 15 lines")
    first: dict[str, str] | None = None
    for _, row in table.rows():
        first = row
        break
    found = hubspot_kind(table.keys, first)
    if found != kind:
        other = {"contacts": "a contacts export (use --format hubspot)",
                 "deals": "a deals export (use --format hubspot-deals)"}.get(found or "", "not a HubSpot export")
        raise ExportFormatError(path, f"this is {other}, not a HubSpot {what} export "
                                f"(columns: {', '.join(table.header[:12])})", line=table.header_line)
    return table


class _Row:
    """Field access on one row through the header's column choices."""

    def __init__(self, cols: dict[str, str | None], row: dict[str, str]) -> None:
        self.cols, self.row = cols, row

    def __getitem__(self, field: str) -> str:
        col = self.cols[field]
        return self.row.get(col, "").strip() if col else ""


def _email(value: str) -> str:
    return value if "@" in value else ""


# --- contacts ---------------------------------------------------------------------------------

class HubSpotContacts:
    name = "hubspot"
    title = "HubSpot contacts export (CSV or XLSX)"
    fallback = False

    def identify(self, path: Path) -> bool:
        try:
            return _sniff_kind(path) == "contacts"
        except Exception:
            return False

    def extract(self, path: Path, *, encoding: str | None = None, **_: Any) -> Extraction:
        table = _table(path, encoding, "contacts", "contacts")
        cols = {f: column(table.keys, aliases) for f, aliases in CONTACT_FIELDS.items()}
        out = Extraction(path=str(path), format=self.name)
        label = str(path)
        web_referrals = ownerless = 0
        has_owner_col = cols["owner"] is not None
        for line, raw in table.rows():
            out.rows += 1
            row = _Row(cols, raw)
            record_id = numeric_id(row["id"])
            if row["id"] and not record_id:
                out.problems.append(RowProblem(label, line, f"record id {row['id']!r} is not a HubSpot "
                                               "id (a number): kept the contact without it"))
            company = row["company"]
            if cols["company"] in header_keys("Associated Company", "Associated Company (Primary)"):
                company = company.split(";")[0].strip()
            person = PersonRef(
                first_name=row["first_name"], last_name=row["last_name"], email=_email(row["email"]),
                company=company, title=row["title"],
                location=", ".join(p for p in (row["city"], row["country"]) if p),
                crm_id=f"hubspot:{record_id}" if record_id else "",
            )
            if not person.has_identity():
                out.problems.append(RowProblem(label, line, person.skip_reason("row has no record id, name or email: skipped")))
                continue
            created_raw = row["created"]
            created = parse_date(created_raw)
            if created_raw and created is None:
                out.problems.append(RowProblem(label, line, f"unreadable create date {created_raw!r}: "
                                               "kept the contact without it"))
            owner = owner_ref(row["owner"])
            if has_owner_col and owner is None:
                ownerless += 1
            role = "member" if owner else ""
            evidence = [Evidence("contact", created)]
            if row["lifecycle"].lower() in CLIENT_STAGES:
                evidence.append(Evidence("relationship", created, {"tier": "client", "source": "lifecycle stage"}))
            lead_source = row["lead_source"]
            if "referral" in lead_source.lower():
                evidence.append(Evidence("relationship", created, {"tier": "referred", "source": lead_source}))
            original = row["original_source"].lower()
            if original in WEB_REFERRAL_SOURCES or ("referral" in original and not lead_source):
                web_referrals += 1
            referrer_name = row["referred_by"]
            if referrer_name:
                if not any(ev.data.get("tier") == "referred" for ev in evidence):
                    evidence.append(Evidence("relationship", created, {"tier": "referred", "by": referrer_name}))
                referrer = owner_ref(referrer_name) or PersonRef(name=referrer_name)
                out.records.append(ContactRecord(line, referrer, (Evidence("referral", created, {"gave": True}),),
                                                 a=owner, a_role=role))
                out.records.append(ContactRecord(line, person, (Evidence("referral", created, {"referred": True}),),
                                                 a=referrer))
            out.records.append(ContactRecord(line, person, tuple(evidence), a=owner, a_role=role))
        out.records = unify_owners(out.records)
        if web_referrals:
            out.notes.append(f"{web_referrals} contacts have Original Source 'Referrals': in HubSpot that is a "
                             "visitor who followed a link on another website, not a person's referral, so "
                             "they were not marked as referred")
        if ownerless:
            out.notes.append(f"{ownerless} contacts have no contact owner (or only a HubSpot user id): "
                             "credited to the importing user")
        return out


# --- deals ------------------------------------------------------------------------------------

class HubSpotDeals:
    name = "hubspot-deals"
    title = "HubSpot deals export (CSV or XLSX)"
    fallback = False

    def identify(self, path: Path) -> bool:
        try:
            return _sniff_kind(path) == "deals"
        except Exception:
            return False

    def extract(self, path: Path, *, encoding: str | None = None, **_: Any) -> Extraction:
        table = _table(path, encoding, "deals", "deals")
        cols = {f: column(table.keys, aliases) for f, aliases in DEAL_FIELDS.items()}
        if cols["stage"] is None and cols["is_won"] is None:
            raise MissingColumns(path, "the deals export has no Deal Stage column (add it to the view "
                                 f"and export again); columns are: {', '.join(table.header)}",
                                 line=table.header_line)
        if cols["contact_ids"] is None and cols["contacts"] is None:
            raise MissingColumns(path, "the deals export has no Associated Contact IDs column, so its "
                                 "deals cannot be tied to people (add the association to the view and "
                                 f"export again); columns are: {', '.join(table.header)}",
                                 line=table.header_line)
        out = Extraction(path=str(path), format=self.name)
        label = str(path)
        no_contacts = ownerless = 0
        counts = {"won": 0, "lost": 0, "open": 0}
        for line, raw in table.rows():
            out.rows += 1
            row = _Row(cols, raw)
            stage = row["stage"]
            if not stage and not row["is_won"]:
                out.problems.append(RowProblem(label, line, "deal has no deal stage: skipped"))
                continue
            outcome = deal_outcome(stage, row["is_won"], row["is_closed"])
            deal_id = numeric_id(row["id"])
            data: dict[str, Any] = {"won": outcome == "won",
                                    "id": f"hubspot:deal:{deal_id or row['id'] or row['name'] or line}"}
            if outcome == "lost":
                data["lost"] = True
            elif outcome == "open":
                data["open"] = True
            if row["name"]:
                data["name"] = row["name"]
            if stage:
                data["stage"] = stage
            if row["amount"]:
                try:
                    data["amount"] = parse_amount(row["amount"])
                except ValueError:
                    out.problems.append(RowProblem(label, line, f"unreadable amount {row['amount']!r}: "
                                                   "kept the deal without it"))
            date = None
            if outcome != "open":
                close_raw = row["close"]
                date = parse_date(close_raw)
                if close_raw and date is None:
                    out.problems.append(RowProblem(label, line, f"unreadable close date {close_raw!r}: "
                                                   "kept the deal without it"))
            evidence = (Evidence("deal", date, data),)
            people = self._contacts(row, label, line, out)
            if not people:
                no_contacts += 1
                continue
            counts[outcome] += 1
            owner = owner_ref(row["owner"])
            if owner is None:
                ownerless += 1
            for person in people:
                out.records.append(ContactRecord(line, person, evidence, a=owner, a_role="member" if owner else ""))
        out.records = unify_owners(out.records)
        out.notes.append(f"deals with contacts: {counts['won']} won, {counts['lost']} lost, {counts['open']} open")
        if no_contacts:
            out.notes.append(f"{no_contacts} deals have no associated contacts: not tied to anyone")
        if ownerless:
            out.notes.append(f"{ownerless} deals have no deal owner (or only a HubSpot user id): "
                             "credited to the importing user")
        return out

    @staticmethod
    def _contacts(row: _Row, label: str, line: int, out: Extraction) -> list[PersonRef]:
        people: list[PersonRef] = []
        seen: set[str] = set()
        for part in re.split(r"[;,]", row["contact_ids"]):
            if not part.strip():
                continue
            cid = numeric_id(part)
            if not cid:
                out.problems.append(RowProblem(label, line, f"associated contact id {part.strip()!r} is not "
                                               "a HubSpot id (a number): skipped"))
                continue
            if cid not in seen:
                seen.add(cid)
                people.append(PersonRef(crm_id=f"hubspot:{cid}"))
        if not people:  # some views export the contacts' names instead of their ids
            for part in row["contacts"].split(";"):
                ref = owner_ref(part)
                if ref is not None:
                    people.append(ref)
        return people
