"""E-mail: who writes to whom, from the headers alone (From, To, Cc, Date, Message-ID,
In-Reply-To, References, and the list headers that mark bulk mail). No body is ever read.

The mailbox (see :mod:`._mailbox`) is the owner's: their address is the one that sent the most
(Google Takeout marks sent mail ``X-Gmail-Labels: Sent``, and every address so marked is theirs).
Each correspondent gets one ``messages`` evidence: messages each way, first and last date, how
many were replies (a reply is stronger than a broadcast) and how many were one-to-one (the owner
and them alone, stronger than a 40-person Cc). Mailing lists and bulk mail (``List-Id``,
``List-Unsubscribe``, ``Precedence: bulk``, ``Auto-Submitted``) are skipped, and role addresses
(``noreply@``, ``info@``, ``notifications@``…) are never people. The same message twice (one
Message-ID) counts once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from pathfinder.importers import _mailbox

from pathfinder.identity.keys import normalize_email
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, OwnerIdentity, PersonRef, RowProblem

ROLE_LOCALS = frozenset("""info admin administrator support help helpdesk noreply no-reply donotreply do-not-reply
notifications notification notify alerts alert news newsletter newsletters mailer-daemon postmaster bounce bounces
billing invoices accounts receipts service services contact hello team marketing updates reply webmaster abuse
calendar calendar-notification jobs careers feedback""".split())
ROLE_PATTERN = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?[-+].*|.*[-_.]notifications?)$")

# (the email package loads on reading mail: every import asks this importer whether a file is mail)


def is_role_address(address: str) -> bool:
    """A role or machine address, not a person.

    >>> is_role_address("noreply@github.com"), is_role_address("info@acme.com"), is_role_address("dana@acme.com")
    (True, True, False)
    """
    local = address.split("@", 1)[0].lower()
    return local in ROLE_LOCALS or bool(ROLE_PATTERN.match(local))


def _text(value: str) -> str:
    """A header value with RFC 2047 encoded words decoded."""
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError):
        return value


CREDENTIALS = frozenset("phd md mba jr sr ii iii iv cpa esq dds rn".split())


def display_name(name: str) -> str:
    """A header's display name as people write theirs: "Lay, Kenneth" is Kenneth Lay.

    >>> display_name("Lay, Kenneth"), display_name("Dana Buyer, PhD"), display_name("'Dana Buyer'")
    ('Kenneth Lay', 'Dana Buyer, PhD', 'Dana Buyer')
    """
    name = " ".join(name.strip().strip("'\"").split())
    last, comma, first = name.partition(",")
    if comma and last and first.strip() and " " not in last.strip() and first.strip().lower().strip(".") not in CREDENTIALS \
            and "," not in first:
        return f"{first.strip()} {last.strip()}"
    return name


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    import email.utils

    out = []
    for name, address in email.utils.getaddresses([_text(v) for v in values]):
        address = normalize_email(address)
        if address and "@" in address:
            out.append((display_name(name), address))
    return out


def _is_bulk(msg: Any) -> bool:
    precedence = (msg.get("Precedence") or "").strip().lower()
    auto = (msg.get("Auto-Submitted") or "no").strip().lower()
    return bool(msg.get("List-Id") or msg.get("List-Unsubscribe")) or precedence in ("bulk", "list", "junk") \
        or auto != "no"


@dataclass
class _Message:
    sender: int
    recipients: tuple[int, ...]
    day: str
    reply: bool
    sent_label: bool


@dataclass
class _Tally:
    """Every message in compact form: addresses as numbers, their display names, where first seen."""

    address: dict[str, int] = field(default_factory=dict)
    names: dict[int, Counter[str]] = field(default_factory=dict)
    seen_at: dict[int, tuple[str, int]] = field(default_factory=dict)
    messages: list[_Message] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    bulk: int = 0
    duplicates: int = 0

    def number(self, name: str, address: str, file: str, line: int) -> int:
        n = self.address.setdefault(address, len(self.address))
        if name and name != address:
            self.names.setdefault(n, Counter())[name] += 1
        self.seen_at.setdefault(n, (file, line))
        return n


def _read(path: Path, out: Extraction) -> _Tally:
    import email.utils
    from email.parser import BytesHeaderParser
    from email.policy import compat32

    parser = BytesHeaderParser(policy=compat32)
    tally = _Tally()
    for file, line, block in _mailbox.header_blocks(path):
        out.rows += 1
        where = str(file.relative_to(path)) if path.is_dir() else ""
        msg = parser.parsebytes(block)
        senders = _addresses(msg.get_all("From", []))
        stamp = msg.get("Date")
        try:
            when = email.utils.parsedate_to_datetime(stamp) if stamp else None
        except (TypeError, ValueError, IndexError):
            when = None
        if not senders or when is None:
            what = "no From address" if not senders else f"an unreadable Date ({stamp!r})" if stamp else "no Date"
            out.problems.append(RowProblem(f"{out.path}/{where}" if where else out.path, line,
                                           f"a message with {what}: skipped"))
            continue
        message_id = (msg.get("Message-ID") or "").strip()
        if message_id and message_id in tally.ids:
            tally.duplicates += 1
            continue
        if message_id:
            tally.ids.add(message_id)
        if _is_bulk(msg):
            tally.bulk += 1
            continue
        name, sender = senders[0]
        recipients = _addresses(msg.get_all("To", []) + msg.get_all("Cc", []))
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        tally.messages.append(_Message(
            tally.number(name, sender, where, line),
            tuple(dict.fromkeys(tally.number(n, a, where, line) for n, a in recipients if a != sender)),
            when.astimezone(UTC).date().isoformat(),
            bool(msg.get("In-Reply-To") or msg.get("References")),
            "sent" in (msg.get("X-Gmail-Labels") or "").lower().split(",")))
    return tally


def _owner(tally: _Tally) -> set[int]:
    """The owner's addresses: every one Takeout marks as sent from, else the one that sent most."""
    labelled = {m.sender for m in tally.messages if m.sent_label}
    if labelled:
        return labelled
    counts = Counter(m.sender for m in tally.messages)
    return {counts.most_common(1)[0][0]} if counts else set()


class MailMetadata:
    name = "mail"
    title = "E-mail headers: mbox (Google Takeout, Thunderbird, Apple Mail), Maildir or .eml"
    fallback = False

    def identify(self, path: Path) -> bool:
        if path.is_dir():
            return _mailbox.is_maildir(path) or any(True for _ in _mailbox.mailbox_files(path))
        return _mailbox.looks_like_eml(path) or _mailbox.looks_like_mbox(path)

    def fingerprint(self, path: Path) -> str:
        return _mailbox.fingerprint(path)

    def extract(self, path: Path, **_: Any) -> Extraction:
        out = Extraction(str(path), self.name)
        tally = _read(path, out)
        owner = _owner(tally)
        if not owner:
            out.notes.append("no message with a sender and a date: nothing to import")
            return out
        per: dict[int, dict[str, Any]] = {}

        def count(n: int, way: str, m: _Message, alone: bool) -> None:
            c = per.setdefault(n, {"channel": "email", "sent": 0, "received": 0, "replies": 0, "one_to_one": 0,
                                   "first": m.day, "last": m.day})
            c[way] += 1
            c["replies"] += m.reply
            c["one_to_one"] += alone
            c["first"], c["last"] = min(c["first"], m.day), max(c["last"], m.day)

        for m in tally.messages:
            if m.sender in owner:
                others = [r for r in m.recipients if r not in owner]
                for r in others:
                    count(r, "sent", m, len(others) == 1)
            else:
                others = [r for r in m.recipients if r not in owner]
                count(m.sender, "received", m, not others)
        number_of = {n: a for a, n in tally.address.items()}
        owner_names = Counter[str]()
        for n in owner:
            owner_names.update(tally.names.get(n, Counter()))
        out.owner = OwnerIdentity(name=owner_names.most_common(1)[0][0] if owner_names else "",
                                  emails=tuple(sorted(number_of[n] for n in owner)))
        roles = 0
        for n, data in sorted(per.items(), key=lambda item: tally.seen_at[item[0]][::-1]):
            address = number_of[n]
            if is_role_address(address):
                roles += 1
                continue
            names = tally.names.get(n)
            where, line = tally.seen_at[n]
            ref = PersonRef(name=names.most_common(1)[0][0] if names else "", email=address)
            out.records.append(ContactRecord(line, ref, (Evidence("messages", data["first"], data),), file=where))
        out.notes.append(f"{len(tally.messages)} messages read (headers only), {len(out.records)} correspondents")
        if tally.bulk:
            out.notes.append(f"{tally.bulk} mailing-list or bulk messages skipped")
        if roles:
            out.notes.append(f"{roles} role or no-reply addresses are not people: skipped")
        if tally.duplicates:
            out.notes.append(f"{tally.duplicates} copies of the same message counted once")
        return out
