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
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pathfinder.importers._archive import Archive, member_key
from pathfinder.importers._csv import (
    SNIFF_BYTES,
    Table,
    decode,
    header_key,
    locate_header,
    parse_date,
    read_text,
    sniff_header,
)
from pathfinder.importers.hubspot import HUBSPOT_MARKERS, deal_outcome, owner_ref, parse_amount, unify_owners

from pathfinder.errors import ExportFormatError, MissingColumns
from pathfinder.model import ContactRecord, Evidence, Extraction, PersonRef, RowProblem

#: What reading a damaged zip member can raise beyond what ``Archive.read`` turns into an
#: ExportFormatError: a broken deflate stream, an unsupported compression method, encryption.
_MEMBER_ERRORS = (zlib.error, NotImplementedError, RuntimeError, ValueError)

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


def _keys(*labels: str) -> tuple[str, ...]:
    return tuple(header_key(label) for label in labels)


def _column(keys: Iterable[str], aliases: tuple[str, ...]) -> str | None:
    present = set(keys)
    return next((a for a in aliases if a in present), None)


def _truthy(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes", "x")


def _is_referral(lead_source: str) -> bool:
    """``Referral``, ``Partner Referral``, ``Employee Referral``, ``Customer referral``…"""
    return "referral" in lead_source.lower() or lead_source.strip().lower() == "referred"


def _email(value: str) -> str:
    return value.strip() if "@" in value else ""


# --- report exports ---------------------------------------------------------------------------

REPORT_FIELDS: dict[str, tuple[str, ...]] = {
    "contact_id": _keys("Contact ID", "Contact: Contact ID", "Contact: ID", "Lead ID", "Contact ID (18)"),
    "first_name": _keys("First Name", "Contact: First Name"),
    "last_name": _keys("Last Name", "Contact: Last Name"),
    "full_name": _keys("Full Name", "Contact: Full Name", "Contact Name", "Name"),
    "email": _keys("Email", "Contact: Email"),
    "title": _keys("Title", "Contact: Title"),
    "company": _keys("Account Name", "Account: Account Name", "Company / Account", "Company"),
    "contact_owner": _keys("Contact Owner", "Lead Owner", "Account Owner", "Owner"),
    "opp_owner": _keys("Opportunity Owner"),
    "lead_source": _keys("Lead Source", "Contact: Lead Source"),
    "created": _keys("Created Date", "Contact: Created Date", "Create Date"),
    "city": _keys("Mailing City", "City"),
    "country": _keys("Mailing Country", "Country"),
    "opp_id": _keys("Opportunity ID", "Opportunity ID (18)"),
    "opp_name": _keys("Opportunity Name"),
    "stage": _keys("Stage", "Stage Name"),
    "amount": _keys("Amount"),
    "close": _keys("Close Date"),
    "won": _keys("Won"),
    "closed": _keys("Closed"),
}
PERSON_FIELDS = ("contact_id", "first_name", "last_name", "full_name", "email")
REPORT_PERSON_KEYS = frozenset(k for f in PERSON_FIELDS for k in REPORT_FIELDS[f])
#: Columns only a Salesforce report has (a generic CSV may well have "Account Name").
SF_MARKERS = frozenset(_keys(
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
    id_col = _column(present, REPORT_FIELDS["contact_id"])
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
        cols = {f: _column(table.keys, aliases) for f, aliases in REPORT_FIELDS.items()}
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
                first_name=get("first_name"), last_name=get("last_name"), email=_email(get("email")),
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
            if _is_referral(lead_source):
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
        outcome = deal_outcome(stage, "true" if _truthy(won_flag) else ("false" if won_flag else ""),
                               "true" if _truthy(get("closed")) else "")
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


# --- Data Export / Data Loader ----------------------------------------------------------------

def _open_archive(path: Path) -> Archive:
    try:
        return Archive(path)
    except ExportFormatError:
        raise
    except _MEMBER_ERRORS as exc:  # e.g. a zip made by a newer zip version than Python reads
        raise ExportFormatError(path, f"not a readable zip archive ({exc})") from exc


@dataclass
class _Opportunity:
    line: int
    name: str
    stage: str
    amount: str
    close: str
    is_won: str
    is_closed: str
    owner_id: str


class SalesforceExport:
    name = "salesforce"
    title = "Salesforce Data Export (.zip or folder with Contact.csv, Account.csv, Opportunity.csv…)"
    fallback = False

    def identify(self, path: Path) -> bool:
        try:
            if not (path.is_dir() or (path.suffix.lower() == ".zip" and path.is_file())):
                return False
            return Archive(path).find("Contact.csv") is not None
        except Exception:
            return False

    def fingerprint(self, path: Path) -> str:
        try:
            return _open_archive(path).fingerprint()
        except ExportFormatError:
            raise
        except _MEMBER_ERRORS as exc:
            raise ExportFormatError(path, f"corrupt or unreadable archive member ({exc})") from exc

    def extract(self, path: Path, *, encoding: str | None = None, **_: Any) -> Extraction:
        if not (path.is_dir() or path.suffix.lower() == ".zip"):
            raise ExportFormatError(path, "a Salesforce data export is a .zip or a folder holding "
                                    "Contact.csv (for a report exported as CSV use --format salesforce-report)")
        archive = _open_archive(path)
        out = Extraction(path=str(path), format=self.name)
        contact_file = archive.find("Contact.csv")
        if contact_file is None:
            raise ExportFormatError(path, "no Contact.csv in this export: is it a Salesforce data export?")

        def table(name: str | None, *wanted: set[str], required: str) -> Table | None:
            if name is None:
                return None
            label = Path(f"{path}/{name}")
            try:
                raw = archive.read(name)
            except ExportFormatError:
                raise
            except _MEMBER_ERRORS as exc:
                raise ExportFormatError(path, f"{name}: corrupt or unreadable archive member ({exc})") from exc
            t = locate_header(label, decode(raw, label, encoding), list(wanted), max_lines=5)
            if t is None:
                raise MissingColumns(label, f"no header with the API field names ({required}) in the first 5 lines")
            return t

        recycled = [0]

        def rows(t: Table | None) -> Iterable[tuple[int, dict[str, str]]]:
            if t is None:
                return
            deleted = header_key("IsDeleted")
            for line, row in t.rows():
                out.rows += 1
                if _truthy(row.get(deleted, "")):
                    recycled[0] += 1  # the data export includes records in the recycle bin
                    continue
                yield line, row

        names = {k: archive.find(f"{k}.csv") for k in ("Account", "User", "Opportunity", "OpportunityContactRole")}
        accounts = {salesforce_id(r.get("id", "")): r.get("name", "").strip()
                    for _, r in rows(table(names["Account"], {"id", "name"}, required="Id, Name"))}
        users = self._users(rows(table(names["User"], {"id", "name"}, {"id", "email"}, {"id", "lastname"},
                                       required="Id, Name or Email")))
        contacts_t = table(contact_file, {"id", "lastname"}, {"id", "firstname"}, {"id", "email"}, {"id", "name"},
                           required="Id, FirstName, LastName, Email")
        assert contacts_t is not None
        by_id = self._contacts(path, contact_file, rows(contacts_t), accounts, users, names["User"] is not None, out)
        if names["Opportunity"]:
            opps = self._opportunities(rows(table(names["Opportunity"], {"id", "stagename"}, {"id", "iswon"},
                                                  required="Id, StageName")))
            roles = table(names["OpportunityContactRole"], {"opportunityid", "contactid"},
                          required="OpportunityId, ContactId")
            if roles is None:
                out.notes.append("no OpportunityContactRole.csv: opportunities cannot be tied to contacts")
            else:
                self._deals(path, names["OpportunityContactRole"] or "", rows(roles), opps, users, by_id, out)
        if recycled[0]:
            out.notes.append(f"{recycled[0]} deleted records (IsDeleted) skipped")
        used = {member_key(n) for n in (contact_file, *names.values()) if n}
        unused = sorted(n for n in archive.names() if member_key(n) not in used)
        if unused:
            shown = ", ".join(unused[:8]) + (f" and {len(unused) - 8} more" if len(unused) > 8 else "")
            out.notes.append(f"{len(unused)} other files in the export not used: {shown}")
        return out

    # --- the parts ----------------------------------------------------------------------------

    @staticmethod
    def _users(rows: Iterable[tuple[int, dict[str, str]]]) -> dict[str, tuple[PersonRef, bool]]:
        users: dict[str, tuple[PersonRef, bool]] = {}
        for _, r in rows:
            uid = salesforce_id(r.get("id", ""))
            name = r.get("name", "").strip() or " ".join(
                p for p in (r.get("firstname", "").strip(), r.get("lastname", "").strip()) if p)
            ref = PersonRef(name=name, email=_email(r.get("email", "")))
            if uid and ref.has_identity():
                active = r.get("isactive", "").strip()
                users[uid] = (ref, not active or _truthy(active))
        return users

    @staticmethod
    def _owner(owner_id: str, users: dict[str, tuple[PersonRef, bool]]) -> tuple[PersonRef | None, str]:
        found = users.get(salesforce_id(owner_id))
        if found is None:
            return None, ""
        ref, active = found
        return ref, "member" if active else ""  # a deactivated user has left the team

    def _contacts(self, path: Path, file: str, rows: Iterable[tuple[int, dict[str, str]]],
                  accounts: dict[str, str], users: dict[str, tuple[PersonRef, bool]], have_users: bool,
                  out: Extraction) -> dict[str, tuple[PersonRef, str]]:
        """Contact records and their ReportsToId ties; returns the contacts by 18-character id."""
        label = f"{path}/{file}"
        parsed: list[tuple[int, str, PersonRef, dict[str, str]]] = []
        by_id: dict[str, tuple[PersonRef, str]] = {}
        for line, r in rows:
            raw_id = r.get("id", "").strip()
            cid = salesforce_id(raw_id)
            first, last = r.get("firstname", "").strip(), r.get("lastname", "").strip()
            account = salesforce_id(r.get("accountid", ""))
            person = PersonRef(
                name=r.get("name", "").strip() if not (first or last) else "",
                first_name=first, last_name=last, email=_email(r.get("email", "")),
                company=accounts.get(account, "") if account else "", title=r.get("title", "").strip(),
                location=", ".join(p for p in (r.get("mailingcity", "").strip(), r.get("mailingcountry", "").strip()) if p),
                crm_id=f"salesforce:{cid}" if cid else "",
            )
            if not person.has_identity():
                out.problems.append(RowProblem(label, line, person.skip_reason("contact has no id, name or email: skipped")))
                continue
            if raw_id and not cid:
                out.problems.append(RowProblem(label, line, f"Id {raw_id!r} is not a Salesforce id: "
                                               "kept the contact without it"))
            parsed.append((line, cid, person, r))
            if cid:
                by_id[cid] = (person, account)
        unowned = no_manager = 0
        for line, cid, person, r in parsed:
            created_raw = r.get("createddate", "").strip()
            created = parse_date(created_raw)
            if created_raw and created is None:
                out.problems.append(RowProblem(label, line, f"unreadable CreatedDate {created_raw!r}: "
                                               "kept the contact without it"))
            evidence = [Evidence("contact", created)]
            lead_source = r.get("leadsource", "").strip()
            if _is_referral(lead_source):
                evidence.append(Evidence("relationship", created, {"tier": "referred", "source": lead_source}))
            owner, role = self._owner(r.get("ownerid", ""), users)
            if owner is None and r.get("ownerid", "").strip():
                unowned += 1
            out.records.append(ContactRecord(line, person, tuple(evidence), a=owner, a_role=role, file=file))
            manager_id = salesforce_id(r.get("reportstoid", ""))
            if manager_id and manager_id != cid:
                manager = by_id.get(manager_id)
                if manager is None:
                    no_manager += 1
                    continue
                data: dict[str, Any] = {"reports_to": True}
                own_account = salesforce_id(r.get("accountid", ""))
                if manager[0].company and own_account and own_account == manager[1]:
                    data["company"] = manager[0].company
                out.records.append(ContactRecord(line, person, (Evidence("colleague", None, data),),
                                                 a=manager[0], file=file))
        if unowned:
            where = "not in User.csv" if have_users else "unknown: the export has no User.csv"
            out.notes.append(f"{unowned} contacts' owners are {where}: credited to the importing user")
        if no_manager:
            out.notes.append(f"{no_manager} contacts report to someone not in {file}: that tie was left out")
        return by_id

    @staticmethod
    def _opportunities(rows: Iterable[tuple[int, dict[str, str]]]) -> dict[str, _Opportunity]:
        opps: dict[str, _Opportunity] = {}
        for line, r in rows:
            oid = salesforce_id(r.get("id", ""))
            if oid:
                opps[oid] = _Opportunity(line, r.get("name", "").strip(), r.get("stagename", "").strip(),
                                         r.get("amount", "").strip(), r.get("closedate", "").strip(),
                                         r.get("iswon", "").strip(), r.get("isclosed", "").strip(),
                                         r.get("ownerid", "").strip())
        return opps

    def _deals(self, path: Path, file: str, rows: Iterable[tuple[int, dict[str, str]]],
               opps: dict[str, _Opportunity], users: dict[str, tuple[PersonRef, bool]],
               by_id: dict[str, tuple[PersonRef, str]], out: Extraction) -> None:
        label = f"{path}/{file}"
        tied: set[str] = set()
        counts = {"won": 0, "lost": 0, "open": 0}
        for line, r in rows:
            oid = salesforce_id(r.get("opportunityid", ""))
            opp = opps.get(oid)
            if opp is None:
                out.problems.append(RowProblem(label, line, f"opportunity {r.get('opportunityid', '').strip()!r} "
                                               "is not in Opportunity.csv: skipped"))
                continue
            cid = salesforce_id(r.get("contactid", ""))
            contact = by_id.get(cid)
            if contact is None:
                out.problems.append(RowProblem(label, line, f"contact {r.get('contactid', '').strip()!r} "
                                               "is not in Contact.csv: skipped"))
                continue
            is_won = "true" if _truthy(opp.is_won) else ("false" if opp.is_won else "")
            outcome = deal_outcome(opp.stage, is_won, "true" if _truthy(opp.is_closed) else "")
            data: dict[str, Any] = {"won": outcome == "won", "id": f"salesforce:{oid}"}
            if outcome == "lost":
                data["lost"] = True
            elif outcome == "open":
                data["open"] = True
            if opp.name:
                data["name"] = opp.name
            if opp.stage:
                data["stage"] = opp.stage
            if r.get("role", "").strip():
                data["role"] = r["role"].strip()
            if opp.amount:
                try:
                    data["amount"] = parse_amount(opp.amount)
                except ValueError:
                    out.problems.append(RowProblem(f"{path}/Opportunity.csv", opp.line,
                                                   f"unreadable Amount {opp.amount!r}: kept the opportunity without it"))
            date = parse_date(opp.close) if outcome != "open" else None
            owner, role = self._owner(opp.owner_id, users)
            out.records.append(ContactRecord(line, contact[0], (Evidence("deal", date, data),), a=owner,
                                             a_role=role, file=file))
            if oid not in tied:
                tied.add(oid)
                counts[outcome] += 1
        out.notes.append(f"opportunities with contact roles: {counts['won']} won, {counts['lost']} lost, "
                         f"{counts['open']} open")
        untied = len(set(opps) - tied)
        if untied:
            out.notes.append(f"{untied} opportunities have no contact role: not tied to anyone")
