"""Salesforce's Data Export service (.zip) and Data Loader extracts (a folder of object CSVs),
read as the ``salesforce`` format (:class:`SalesforceExport`; see :mod:`.salesforce` for what is
taken from each file and how report and export ids meet)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pathfinder.importers._archive import Archive, member_key
from pathfinder.importers._crm import deal_outcome, parse_amount
from pathfinder.importers._csv import Table, decode, header_key, locate_header, parse_date
from pathfinder.importers.salesforce import email_only, is_referral, salesforce_id, truthy

from pathfinder.errors import ExportFormatError, MissingColumns
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, PersonRef, RowProblem

#: What reading a damaged zip member can raise beyond what ``Archive.read`` turns into an
#: ExportFormatError: a broken deflate stream, an unsupported compression method, encryption.
_MEMBER_ERRORS = (zlib.error, NotImplementedError, RuntimeError, ValueError)


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
                if truthy(row.get(deleted, "")):
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
            ref = PersonRef(name=name, email=email_only(r.get("email", "")))
            if uid and ref.has_identity():
                active = r.get("isactive", "").strip()
                users[uid] = (ref, not active or truthy(active))
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
                first_name=first, last_name=last, email=email_only(r.get("email", "")),
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
            if is_referral(lead_source):
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
            is_won = "true" if truthy(opp.is_won) else ("false" if opp.is_won else "")
            outcome = deal_outcome(opp.stage, is_won, "true" if truthy(opp.is_closed) else "")
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
