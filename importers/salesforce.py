"""Salesforce exports: a report exported as CSV, and the Data Export service / Data Loader files.

- ``salesforce-report`` (:class:`SalesforceReport`): a contacts, leads or opportunities report
  exported "Details Only" as CSV. The headers are the report's column labels (``First Name``,
  ``Account Name``, ``Contact ID``, ``Contact Owner``, ``Lead Source``; opportunity reports add
  ``Opportunity Name``, ``Stage``, ``Amount``, ``Close Date``, ``Opportunity Owner``). The footer
  after the data (``Total`` or ``Grand Totals (N records)``, ``Confidential Information - Do Not
  Distribute``, the copyright line) is stripped, and so are a grouped report's grouping and
  subtotal rows (``../shared/reference/export-formats.md`` §2.5, §4 case 26).
- ``salesforce`` (:class:`SalesforceExport`): the Data Export service's .zip, or a folder of Data
  Loader extracts: ``Contact.csv`` with API field names, and optionally ``Account.csv`` (company
  names), ``User.csv`` (owners' names and emails), ``Opportunity.csv`` with
  ``OpportunityContactRole.csv`` (deals, tied to each contact role), joined on their ids.
  ``ReportsToId`` becomes a colleague tie between a contact and their manager.

Reports show 15-character record ids and the API 18-character ones; both are stored in the
18-character form (``salesforce:003…``), so a report and a data export of one org meet on them.
Owners are the team's salespeople (``a_role="member"``); a lead source naming a referral makes
the contact a referred contact; a closed-won opportunity makes them a client.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pathfinder.importers._crm import column, deal_outcome, header_keys, owner_ref, parse_amount, unify_owners
from pathfinder.importers._csv import (
    SNIFF_BYTES,
    header_key,
    locate_header,
    parse_date,
    read_text,
    sniff_header,
)
from pathfinder.importers.hubspot import HUBSPOT_MARKERS

from pathfinder.errors import ExportFormatError, MissingColumns
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, PersonRef, RowProblem

_SF_ID = re.compile(r"^[a-zA-Z0-9]{15}(?:[a-zA-Z0-5]{3})?$")
_SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def salesforce_id(value: str) -> str:
    """The 18-character form of a Salesforce record id (15-character ids are case-sensitive;
    the 3 extra characters encode the case of the first 15). Empty if ``value`` is not an id.

    >>> salesforce_id("0035e00000AbCdE"), salesforce_id("0035e00000AbCdEAAX")
    ('0035e00000AbCdEAAV', '0035e00000AbCdEAAV')
    """
    v = value.strip()
    if not _SF_ID.match(v):
        return ""
    base = v[:15]
    suffix = ""
    for i in range(3):
        bits = sum(1 << j for j, ch in enumerate(base[i * 5:i * 5 + 5]) if "A" <= ch <= "Z")
        suffix += _SUFFIX_CHARS[bits]
    return base + suffix


def truthy(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes", "x")


def is_referral(lead_source: str) -> bool:
    """``Referral``, ``Partner Referral``, ``Employee Referral``, ``Customer referral``…"""
    return "referral" in lead_source.lower() or lead_source.strip().lower() == "referred"


def email_only(value: str) -> str:
    return value.strip() if "@" in value else ""


# --- report exports ---------------------------------------------------------------------------

REPORT_FIELDS: dict[str, tuple[str, ...]] = {
    "contact_id": header_keys("Contact ID", "Contact: Contact ID", "Contact: ID", "Lead ID", "Contact ID (18)"),
    "first_name": header_keys("First Name", "Contact: First Name"),
    "last_name": header_keys("Last Name", "Contact: Last Name"),
    "full_name": header_keys("Full Name", "Contact: Full Name", "Contact Name", "Name"),
    "email": header_keys("Email", "Contact: Email"),
    "title": header_keys("Title", "Contact: Title"),
    "company": header_keys("Account Name", "Account: Account Name", "Company / Account", "Company"),
    "contact_owner": header_keys("Contact Owner", "Lead Owner", "Account Owner", "Owner"),
    "opp_owner": header_keys("Opportunity Owner"),
    "lead_source": header_keys("Lead Source", "Contact: Lead Source"),
    "created": header_keys("Created Date", "Contact: Created Date", "Create Date"),
    "city": header_keys("Mailing City", "City"),
    "country": header_keys("Mailing Country", "Country"),
    "opp_id": header_keys("Opportunity ID", "Opportunity ID (18)"),
    "opp_name": header_keys("Opportunity Name"),
    "stage": header_keys("Stage", "Stage Name"),
    "amount": header_keys("Amount"),
    "close": header_keys("Close Date"),
    "won": header_keys("Won"),
    "closed": header_keys("Closed"),
}
PERSON_FIELDS = ("contact_id", "first_name", "last_name", "full_name", "email")
REPORT_PERSON_KEYS = frozenset(k for f in PERSON_FIELDS for k in REPORT_FIELDS[f])
#: Columns only a Salesforce report has (a generic CSV may well have "Account Name").
SF_MARKERS = frozenset(header_keys(
    "Account ID", "Opportunity Name", "Opportunity Owner", "Opportunity ID", "Lead ID", "Lead Owner",
    "Contact: Full Name", "Contact: Contact ID", "Contact: First Name", "Contact: Last Name",
    "Account: Account Name", "Company / Account",
))
HEADER_SETS = [{k} for k in REPORT_PERSON_KEYS]

FOOTER = re.compile(r"^(grand totals?\b|confidential information\b|copyright \(c\).*salesforce|"
                    r"copyright ©.*salesforce)", re.IGNORECASE)
SUMMARY = re.compile(r"^(sub ?totals?|totals?)\b", re.IGNORECASE)


def report_kind(keys: Iterable[str], first_row: dict[str, str] | None, has_footer: bool) -> bool:
    """Whether a header row (and the file's first row and footer) make a Salesforce report."""
    present = set(keys)
    if present & HUBSPOT_MARKERS or not present & REPORT_PERSON_KEYS or _is_api_file(present):
        return False
    if has_footer or present & SF_MARKERS:
        return True
    if header_key("Contact Owner") in present and header_key("Account Name") in present:
        return True
    id_col = column(present, REPORT_FIELDS["contact_id"])
    if id_col:  # a record id with letters in it: Salesforce's (HubSpot's are numbers)
        value = (first_row or {}).get(id_col, "")
        return bool(salesforce_id(value)) and not value.strip().isdigit()
    return False


def _is_api_file(keys: set[str]) -> bool:
    """A Data Export / Data Loader object file (``Id,…,OwnerId``): reports label ids ``Contact ID``."""
    return "id" in keys and bool(keys & {"ownerid", "accountid", "createdbyid", "ismaster", "isdeleted"})


def _has_footer(text: str) -> bool:
    tail = text[-4096:].lower()
    return "salesforce.com, inc" in tail or "confidential information - do not distribute" in tail


class SalesforceReport:
    name = "salesforce-report"
    title = "Salesforce report exported as CSV (contacts, leads or opportunities)"
    fallback = False

    def identify(self, path: Path) -> bool:
        table = sniff_header(path, HEADER_SETS)
        if table is None:
            return False
        try:
            first = None
            for _, row in table.rows():
                first = row
                break
            size = path.stat().st_size
            if size > SNIFF_BYTES:  # the footer is at the end of the file
                with open(path, "rb") as fh:
                    fh.seek(max(0, size - 4096))
                    tail = fh.read().decode("utf-8", errors="replace")
            else:
                tail = table.text
            return report_kind(table.keys, first, _has_footer(tail))
        except Exception:
            return False

    def extract(self, path: Path, *, encoding: str | None = None, **_: Any) -> Extraction:
        if path.is_dir():
            raise ExportFormatError(path, "is a folder: for a Salesforce data export use --format salesforce")
        text = read_text(path, encoding)
        table = locate_header(path, text, HEADER_SETS)
        if table is None:
            raise MissingColumns(path, "no Salesforce report header (First Name, Last Name, Full Name, "
                                 "Email or Contact ID) in the first 15 lines")
        first = None
        for _, row in table.rows():
            first = row
            break
        if _is_api_file(set(table.keys)):
            raise ExportFormatError(path, "this is one object file of a Salesforce data export (API field "
                                    "names such as Id and OwnerId): import the whole export folder or .zip "
                                    "with --format salesforce, so owners and companies can be joined",
                                    line=table.header_line)
        if not report_kind(table.keys, first, _has_footer(text)):
            raise ExportFormatError(path, "this does not look like a Salesforce report export (no "
                                    "Salesforce column such as Contact ID, Account ID or Opportunity "
                                    f"Owner); columns are: {', '.join(table.header[:12])}",
                                    line=table.header_line)
        cols = {f: column(table.keys, aliases) for f, aliases in REPORT_FIELDS.items()}
        deals = cols["stage"] is not None or cols["won"] is not None
        out = Extraction(path=str(path), format=self.name)
        label = str(path)
        footer = summary = 0
        in_footer = False
        for line, raw in table.rows():
            values = [v for k, v in raw.items() if v and k != "__extra__"]
            if in_footer:
                footer += 1
                continue
            if values and FOOTER.match(values[0]) and len(values) <= 2:
                in_footer = True  # everything after the grand total is the footer
                footer += 1
                continue
            out.rows += 1

            def get(field: str, raw: dict[str, str] = raw) -> str:
                col = cols[field]
                return raw.get(col, "").strip() if col else ""

            raw_id = get("contact_id")
            crm = salesforce_id(raw_id)
            full = get("full_name")
            person = PersonRef(
                name=full if not (get("first_name") or get("last_name")) else "",
                first_name=get("first_name"), last_name=get("last_name"), email=email_only(get("email")),
                company=get("company"), title=get("title"),
                location=", ".join(p for p in (get("city"), get("country")) if p),
                crm_id=f"salesforce:{crm}" if crm else "",
            )
            if not person.has_identity() or (values and SUMMARY.match(values[0]) and not crm):
                if len(values) <= 2 or any(SUMMARY.match(v) for v in values):
                    summary += 1  # a grouping row (the group's value alone) or a subtotal row
                else:
                    out.problems.append(RowProblem(label, line, person.skip_reason("row has no name, email or contact id: skipped")))
                continue
            if raw_id and not crm:
                out.problems.append(RowProblem(label, line, f"contact id {raw_id!r} is not a Salesforce id: "
                                               "kept the contact without it"))
            lead_source = get("lead_source")
            if deals:
                evidence = self._deal(get, label, line, out)
                owner = owner_ref(get("opp_owner") or get("contact_owner"))
            else:
                created_raw = get("created")
                created = parse_date(created_raw)
                if created_raw and created is None:
                    out.problems.append(RowProblem(label, line, f"unreadable created date {created_raw!r}: "
                                                   "kept the contact without it"))
                evidence = [Evidence("contact", created)]
                owner = owner_ref(get("contact_owner"))
            if is_referral(lead_source):
                evidence.append(Evidence("relationship", evidence[0].date if not deals else None,
                                         {"tier": "referred", "source": lead_source}))
            out.records.append(ContactRecord(line, person, tuple(evidence), a=owner,
                                             a_role="member" if owner else ""))
        out.records = unify_owners(out.records)
        if footer:
            out.notes.append(f"{footer} report footer lines (totals, confidentiality notice, copyright) stripped")
        if summary:
            out.notes.append(f"{summary} grouping and subtotal rows of a grouped report skipped")
        return out

    @staticmethod
    def _deal(get: Any, label: str, line: int, out: Extraction) -> list[Evidence]:
        stage = get("stage")
        won_flag = get("won")
        outcome = deal_outcome(stage, "true" if truthy(won_flag) else ("false" if won_flag else ""),
                               "true" if truthy(get("closed")) else "")
        opp = salesforce_id(get("opp_id"))
        data: dict[str, Any] = {"won": outcome == "won",
                                "id": f"salesforce:{opp}" if opp else f"salesforce:opportunity:{get('opp_name') or line}"}
        if outcome == "lost":
            data["lost"] = True
        elif outcome == "open":
            data["open"] = True
        if get("opp_name"):
            data["name"] = get("opp_name")
        if stage:
            data["stage"] = stage
        if get("amount"):
            try:
                data["amount"] = parse_amount(get("amount"))
            except ValueError:
                out.problems.append(RowProblem(label, line, f"unreadable amount {get('amount')!r}: "
                                               "kept the opportunity without it"))
        date = None
        if outcome != "open":
            date = parse_date(get("close"))
            if get("close") and date is None:
                out.problems.append(RowProblem(label, line, f"unreadable close date {get('close')!r}: "
                                               "kept the opportunity without it"))
        return [Evidence("deal", date, data)]
