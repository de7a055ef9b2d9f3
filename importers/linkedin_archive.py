"""The whole LinkedIn data archive ("Get a copy of your data"), as the downloaded .zip or its
folder: connections, and the evidence of how well the owner knows each of them.

- ``Connections.csv``: who, and since when (every era; see :mod:`.linkedin`).
- ``messages.csv`` (every header variant, and the 2018 ``Messages.csv``): exchanges per person
  and direction, first and last date. Only one-to-one conversations count; group threads and
  senders without an identity (``LinkedIn Member``, company pages) are left out.
- ``Invitations.csv``: who invited whom, and whether with a personal note.
- ``Endorsement_Received_Info.csv`` / ``_Given``, ``Recommendations_Received.csv`` / ``_Given``.
- ``Positions.csv``: the owner's employers; a connection who works at one of them now is a
  likely colleague (current employer) or former colleague (a past one).
- ``Profile.csv``: the owner's name, to tell sent messages from received ones. With
  ``Email Addresses.csv``, the profile URL on the messages and invitations the owner sent, and
  their current position, it says whose archive this is (:attr:`Extraction.owner`).

Files the archive has but pathfinder does not use are listed in the summary, never fatal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathfinder.importers._archive import Archive, member_key
from pathfinder.importers._csv import Table, decode, locate_header, parse_date
from pathfinder.importers.linkedin import extract_connections

from pathfinder.errors import ExportFormatError
from pathfinder.identity.companies import company_key
from pathfinder.identity.keys import clean_name, name_key, normalize_email, normalize_profile_url
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, OwnerIdentity, PersonRef, RowProblem

USED = {
    "connections.csv", "messages.csv", "invitations.csv", "endorsementreceivedinfo.csv",
    "endorsementgiveninfo.csv", "recommendationsreceived.csv", "recommendationsgiven.csv",
    "positions.csv", "profile.csv", "emailaddresses.csv",
}


@dataclass
class _Thread:
    """Messages exchanged with one person."""

    ref: PersonRef
    line: int
    file: str
    sent: int = 0
    received: int = 0
    dates: list[str] = field(default_factory=list)


class LinkedInArchive:
    name = "linkedin-archive"
    title = "LinkedIn data archive (.zip or its folder)"
    fallback = False

    def identify(self, path: Path) -> bool:
        if not (path.is_dir() or path.suffix.lower() == ".zip"):
            return False
        try:
            return Archive(path).find("Connections.csv") is not None
        except Exception:
            return False

    def fingerprint(self, path: Path) -> str:
        return Archive(path).fingerprint()

    def extract(self, path: Path, *, encoding: str | None = None, **_: Any) -> Extraction:
        archive = Archive(path)
        out = Extraction(path=str(path), format=self.name)
        conn_file = archive.find("Connections.csv")
        if conn_file is None:
            raise ExportFormatError(path, "no Connections.csv in this archive: is it a LinkedIn data export?")

        def table(name: str, *wanted: set[str]) -> Table | None:
            label = Path(f"{path}/{name}")
            text = decode(archive.read(name), label, encoding)
            return locate_header(label, text, list(wanted))

        connections = extract_connections(path, decode(archive.read(conn_file), Path(f"{path}/{conn_file}"), encoding),
                                          out, file=conn_file)
        people = _Directory([r.b for r in connections])
        owner_name = self._owner_name(archive, table)
        owner_urls: list[str] = []
        if self._messages(archive, table, people, owner_name, out, path, owner_urls):
            # the archive shows every conversation, so a connection without one was never messaged
            # ("never spoken", which is not the same as a conversation that went cold)
            marked = [ContactRecord(r.line, r.b, (Evidence("connection", r.evidence[0].date, {"messages_exported": True}),),
                                    file=r.file) for r in connections]
            assert out.records[:len(connections)] == connections  # extract_connections added them first
            out.records[:len(connections)] = marked
        self._invitations(archive, table, people, out, owner_urls)
        self._endorsements(archive, table, people, out)
        self._recommendations(archive, table, people, out)
        company, title = self._colleagues(archive, table, connections, out)
        out.owner = OwnerIdentity(name=owner_name, emails=self._owner_emails(archive, table),
                                  profile_url=max(set(owner_urls), key=owner_urls.count) if owner_urls else "",
                                  company=company, title=title)
        unused = sorted(n for n in archive.names() if member_key(n) not in USED)
        if unused:
            shown = ", ".join(unused[:8]) + (f" and {len(unused) - 8} more" if len(unused) > 8 else "")
            out.notes.append(f"{len(unused)} other files in the archive not used: {shown}")
        return out

    # --- the parts ----------------------------------------------------------------------------

    @staticmethod
    def _owner_name(archive: Archive, table: Any) -> str:
        name = archive.find("Profile.csv")
        t = table(name, {"firstname", "lastname"}) if name else None
        for _, row in (t.rows() if t else []):
            return clean_name(row.get("firstname", ""), row.get("lastname", ""))
        return ""

    @staticmethod
    def _owner_emails(archive: Archive, table: Any) -> tuple[str, ...]:
        """The owner's own email addresses (Email Addresses.csv), the primary one first."""
        name = archive.find("Email Addresses.csv")
        t = table(name, {"emailaddress"}) if name else None
        rows = [row for _, row in (t.rows() if t else [])]
        rows.sort(key=lambda row: row.get("primary", "").strip().lower() != "yes")
        return tuple(dict.fromkeys(e for e in (normalize_email(row.get("emailaddress", "")) for row in rows) if e))

    def _messages(self, archive: Archive, table: Any, people: _Directory, owner_name: str,
                  out: Extraction, path: Path, owner_urls: list[str]) -> bool:
        """Count one-to-one exchanges per person; False when the archive has no messages file.
        The profile URLs on the owner's own messages go into ``owner_urls``."""
        name = archive.find("messages.csv")
        t = table(name, {"from", "to", "date"}) if name else None
        if t is None:
            return False
        rows = list(t.rows())
        owner_key = name_key(owner_name) if owner_name else _most_common_participant(rows)
        threads: dict[str, _Thread] = {}
        group = skipped = 0
        for line, row in rows:
            sender = row.get("from", "")
            recipients_urls = [u for u in row.get("recipientprofileurls", "").split(",") if u.strip()]
            recipients = [r for r in row.get("to", "").split(", ") if r.strip()]
            direction = row.get("direction", "").upper()
            outgoing = direction == "OUTGOING" if direction else name_key(sender) == owner_key
            if outgoing and normalize_profile_url(row.get("senderprofileurl", "")):
                owner_urls.append(row["senderprofileurl"].strip())
            if len(recipients_urls) > 1 or len(recipients) > 1:
                group += 1
                continue
            if outgoing:
                ref = people.ref(recipients[0] if recipients else "", recipients_urls[0] if recipients_urls else "")
            else:
                ref = people.ref(sender, row.get("senderprofileurl", ""))
            if ref is None:
                skipped += 1
                continue
            key = normalize_profile_url(ref.profile_url) or name_key(ref.display_name)
            thread = threads.setdefault(key, _Thread(ref, line, name or ""))
            if outgoing:
                thread.sent += 1
            else:
                thread.received += 1
            when = parse_date(row.get("date", ""))
            if when:
                thread.dates.append(when)
        for thread in threads.values():
            last = max(thread.dates, default=None)
            data = {"sent": thread.sent, "received": thread.received, "first": min(thread.dates, default=None),
                    "last": last}
            out.records.append(ContactRecord(thread.line, thread.ref, (Evidence("messages", last, data),),
                                             file=thread.file))
        out.notes.append(f"messages: {len(threads)} one-to-one conversations counted, {group} group messages "
                         f"and {skipped} from senders without a profile left out")
        return True

    def _invitations(self, archive: Archive, table: Any, people: _Directory, out: Extraction,
                     owner_urls: list[str]) -> None:
        name = archive.find("Invitations.csv")
        t = table(name, {"from", "to", "sentat", "direction"}) if name else None
        for line, row in (t.rows() if t else []):
            outgoing = row.get("direction", "").upper() == "OUTGOING"
            mine = row.get("inviterprofileurl" if outgoing else "inviteeprofileurl", "")
            if normalize_profile_url(mine):
                owner_urls.append(mine.strip())
            ref = (people.ref(row.get("to", ""), row.get("inviteeprofileurl", "")) if outgoing
                   else people.ref(row.get("from", ""), row.get("inviterprofileurl", "")))
            if ref is None:
                continue
            data = {"direction": "sent" if outgoing else "received", "note": bool(row.get("message", "").strip())}
            out.records.append(ContactRecord(line, ref, (Evidence("invitation", parse_date(row.get("sentat", "")), data),),
                                             file=name or ""))

    def _endorsements(self, archive: Archive, table: Any, people: _Directory, out: Extraction) -> None:
        for file, role, direction in (("Endorsement_Received_Info.csv", "endorser", "received"),
                                      ("Endorsement_Given_Info.csv", "endorsee", "given")):
            name = archive.find(file)
            t = table(name, {f"{role}firstname", "skillname"}) if name else None
            for line, row in (t.rows() if t else []):
                if row.get("endorsementstatus", "ACCEPTED").upper() not in ("ACCEPTED", ""):
                    continue
                full = clean_name(row.get(f"{role}firstname", ""), row.get(f"{role}lastname", ""))
                ref = people.ref(full, row.get(f"{role}publicurl", ""))
                if ref is None:
                    continue
                data = {"skill": row.get("skillname", ""), "direction": direction}
                out.records.append(ContactRecord(line, ref, (Evidence("endorsement", parse_date(
                    row.get("endorsementdate", "")), data),), file=name or ""))

    def _recommendations(self, archive: Archive, table: Any, people: _Directory, out: Extraction) -> None:
        for file, direction in (("Recommendations_Received.csv", "received"), ("Recommendations_Given.csv", "given")):
            name = archive.find(file)
            t = table(name, {"firstname", "lastname", "text"}) if name else None
            for line, row in (t.rows() if t else []):
                full = clean_name(row.get("firstname", ""), row.get("lastname", ""))
                ref = people.ref(full, "") or PersonRef(name=full, company=row.get("company", ""),
                                                         title=row.get("jobtitle", ""))
                if not full:
                    out.problems.append(RowProblem(f"{out.path}/{name}", line, "recommendation without a name: skipped"))
                    continue
                out.records.append(ContactRecord(line, ref, (Evidence("recommendation", parse_date(
                    row.get("creationdate", "")), {"direction": direction}),), file=name or ""))

    def _colleagues(self, archive: Archive, table: Any, connections: list[ContactRecord],
                    out: Extraction) -> tuple[str, str]:
        """Mark the connections at the owner's employers; the owner's current (company, title)."""
        name = archive.find("Positions.csv")
        t = table(name, {"companyname", "startedon"}) if name else None
        employers: dict[str, tuple[str, bool]] = {}  # company key -> (name, is current)
        now = ("", "")
        for _, row in (t.rows() if t else []):
            company = row.get("companyname", "")
            if company:
                current = not row.get("finishedon", "").strip()
                key = company_key(company)
                employers[key] = (company, current or employers.get(key, ("", False))[1])
                if current and not now[0]:  # positions come newest first
                    now = (company, row.get("title", ""))
        if not employers:
            return now
        count = 0
        for rec in connections:
            hit = employers.get(company_key(rec.b.company)) if rec.b.company else None
            if hit:
                count += 1
                out.records.append(ContactRecord(rec.line, rec.b, (Evidence(
                    "colleague", None, {"company": hit[0], "former": not hit[1]}),), file=rec.file))
        out.notes.append(f"Positions.csv: {count} connections work at one of the owner's "
                         f"{len(employers)} employers (colleagues or former colleagues)")
        return now


class _Directory:
    """The archive's connections by profile URL and by (unique) name, so that names in messages
    and endorsements become the same people as in Connections.csv."""

    def __init__(self, refs: list[PersonRef]) -> None:
        self.by_url = {normalize_profile_url(r.profile_url): r for r in refs if normalize_profile_url(r.profile_url)}
        by_name: dict[str, list[PersonRef]] = {}
        for r in refs:
            by_name.setdefault(name_key(clean_name(r.first_name, r.last_name, r.name)), []).append(r)
        self.by_name = {k: v[0] for k, v in by_name.items() if len(v) == 1 and k}

    def ref(self, name: str, url: str) -> PersonRef | None:
        """The connection this name/URL is, or a new reference when a profile URL is given;
        None for a bare name nobody in Connections.csv has (not a reliable identity)."""
        key = normalize_profile_url(url)
        if key and key in self.by_url:
            return self.by_url[key]
        full = clean_name(full=name) if name.strip() else ""
        if key:
            return PersonRef(name=full, profile_url=url.strip())
        if full.lower() in ("", "linkedin member"):
            return None
        return self.by_name.get(name_key(full))


def _most_common_participant(rows: list[tuple[int, dict[str, str]]]) -> str:
    """Without Profile.csv, the owner is whoever takes part in the most conversations."""
    counts: dict[str, set[str]] = {}
    for _, row in rows:
        conversation = row.get("conversationid", "") or row.get("subject", "")
        for who in [row.get("from", "")] + row.get("to", "").split(", "):
            if who.strip():
                counts.setdefault(name_key(who), set()).add(conversation)
    return max(counts, key=lambda k: len(counts[k])) if counts else ""


