"""Mailboxes and calendars in their real formats, for tests and benchmarks: Google Takeout's mbox
(``X-GM-THRID``, ``X-Gmail-Labels``), Thunderbird's mbox (``From - date`` separators and
``X-Mozilla-Status``), a Maildir, ``.eml`` files, and iCalendar exports (Google's ``X-WR-CALNAME``,
Outlook's ``PARTSTAT=DECLINED``). Every body carries ``BODY_TOKEN``: a test greps the store for it."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

BODY_TOKEN = "PRIVATE-BODY-7f3a"


@dataclass
class Mail:
    sender: str  # "Name <address>"
    to: list[str]
    when: datetime
    cc: list[str] = field(default_factory=list)
    reply_to: str = ""  # the Message-ID this answers
    message_id: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # more headers (List-Id, Precedence…)
    sent: bool = False  # Takeout labels it Sent

    def headers(self, n: int) -> list[str]:
        out = [f"Date: {format_datetime(self.when)}", f"Message-ID: {self.message_id or f'<m{n}@mail.example>'}",
               f"Subject: {'Re: ' if self.reply_to else ''}catching up {n}", f"From: {self.sender}",
               f"To: {', '.join(self.to)}"]
        if self.cc:
            out.append(f"Cc: {', '.join(self.cc)}")
        if self.reply_to:
            out += [f"In-Reply-To: {self.reply_to}", f"References: {self.reply_to}"]
        out += [f"{k}: {v}" for k, v in self.extra.items()]
        return out + ["MIME-Version: 1.0", 'Content-Type: text/plain; charset="UTF-8"']

    def body(self) -> str:
        return f"Hi,\n\nthe numbers are in: {BODY_TOKEN}\nFrom the desk of nobody (a body line that starts with From)\n"


def takeout_mbox(path: Path, mails: list[Mail]) -> Path:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for n, m in enumerate(mails):
            thread = 1780000000000000000 + n
            fh.write(f"From {thread}@xxx {m.when.strftime('%a %b %d %H:%M:%S +0000 %Y')}\n")
            fh.write(f"X-GM-THRID: {thread}\nX-Gmail-Labels: {'Sent' if m.sent else 'Inbox,Opened'}\n")
            fh.write("\n".join(m.headers(n)) + "\n\n" + m.body().replace("\nFrom ", "\n>From ") + "\n")
    return path


def thunderbird_mbox(path: Path, mails: list[Mail]) -> Path:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for n, m in enumerate(mails):
            fh.write(f"From - {m.when.strftime('%a %b %d %H:%M:%S %Y')}\n")
            fh.write("X-Mozilla-Status: 0001\nX-Mozilla-Status2: 00000000\n")
            fh.write("\n".join(m.headers(n)) + "\n\n" + m.body().replace("\nFrom ", "\n>From ") + "\n")
    return path


def maildir(path: Path, mails: list[Mail]) -> Path:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    for n, m in enumerate(mails):
        (path / "cur" / f"{1700000000 + n}.M{n}P1.host:2,S").write_text("\n".join(m.headers(n)) + "\n\n" + m.body())
    return path


def eml_folder(path: Path, mails: list[Mail]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for n, m in enumerate(mails):
        (path / f"message-{n:04d}.eml").write_text("\r\n".join(m.headers(n)) + "\r\n\r\n" + m.body(), newline="")
    return path


def conversation(owner: str, other: str, start: datetime, exchanges: int, *, days: int = 7) -> list[Mail]:
    """``exchanges`` messages back and forth, each a reply to the one before."""
    out: list[Mail] = []
    for i in range(exchanges):
        sender, to = (owner, other) if i % 2 == 0 else (other, owner)
        out.append(Mail(sender, [to], start + timedelta(days=days * i), reply_to=out[-1].message_id if out else "",
                        message_id=f"<{zlib.crc32((owner + other + start.isoformat()).encode())}-{i}@mail.example>", sent=sender == owner))
    return out


@dataclass
class Event:
    start: datetime
    organizer: str  # "Name <address>"
    attendees: list[tuple[str, str]]  # ("Name <address>", PARTSTAT)
    rule: str = ""
    status: str = "CONFIRMED"


def _who(text: str) -> tuple[str, str]:
    name, _, address = text.partition(" <")
    return name, address.rstrip(">")


def ics(path: Path, events: list[Event], *, calname: str = "", stamp: datetime | None = None) -> Path:
    stamp = stamp or datetime(2026, 11, 1, 12, 0)
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0"]
    if calname:
        lines.append(f"X-WR-CALNAME:{calname}")
    for i, e in enumerate(events):
        name, address = _who(e.organizer)
        lines += ["BEGIN:VEVENT", f"DTSTART:{e.start.strftime('%Y%m%dT%H%M%SZ')}",
                  f"DTEND:{(e.start + timedelta(minutes=30)).strftime('%Y%m%dT%H%M%SZ')}",
                  f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}", f"UID:event{i}@google.com",
                  f'ORGANIZER;CN="{name}":mailto:{address}']
        for who, status in e.attendees:
            n, a = _who(who)
            attendee = f'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={status};CN="{n}";X-NUM-GUESTS=0:mailto:{a}'
            lines += [attendee[:75]] + [" " + attendee[j:j + 74] for j in range(75, len(attendee), 74)]  # folded
        if e.rule:
            lines.append(f"RRULE:{e.rule}")
        lines += [f"SUMMARY:{BODY_TOKEN} planning", f"DESCRIPTION:{BODY_TOKEN}", f"STATUS:{e.status}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")
    return path
