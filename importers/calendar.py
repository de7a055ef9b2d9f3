"""Calendar: who meets whom, from an iCalendar (``.ics``) export's events (Google Calendar,
Outlook), reading only the organizer, attendees, dates, recurrence and status, never a title,
description or location.

The calendar is the owner's: the ``X-WR-CALNAME`` Google puts on it when that is an address, else
the address on the most events. An event counts when the owner was there: not cancelled, and not
declined by the owner; each other attendee who did not decline (people only: rooms and resources,
role addresses are left out) gets one ``meetings`` evidence: how many meetings, how many of them
one-to-one, how many were recurring series, first and last date. A recurring event counts each
occurrence up to the export's own date (its newest ``DTSTAMP``), its ``UNTIL`` or its ``COUNT``.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pathfinder.importers.mail import display_name, is_role_address

from pathfinder.identity.keys import normalize_email
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, OwnerIdentity, PersonRef, RowProblem

STEP_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 30, "YEARLY": 365}
MAX_OCCURRENCES = 520  # ten years of weekly meetings: an open-ended series counts no more


def _lines(path: Path) -> list[tuple[int, str]]:
    """Unfolded content lines (RFC 5545 3.1) with the line each starts on."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    out: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + line[1:])
        elif line:
            out.append((number, line))
    return out


def _split(line: str) -> tuple[str, dict[str, str], str]:
    """``NAME;PARAM=value;...:value`` -> (name, params, value); quoted parameter values kept whole."""
    head, value = "", line
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            head, value = line[:i], line[i + 1:]
            break
    parts = re.findall(r'(?:[^;"]|"[^"]*")+', head)
    params = {}
    for p in parts[1:]:
        key, _, v = p.partition("=")
        params[key.upper()] = v.strip('"')
    return (parts[0].upper() if parts else ""), params, value


def _day(value: str) -> date | None:
    m = re.match(r"(\d{4})(\d{2})(\d{2})", value.strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _person(params: dict[str, str], value: str) -> tuple[str, str] | None:
    address = normalize_email(value[7:] if value.lower().startswith("mailto:") else value)
    if "@" not in address or params.get("CUTYPE", "INDIVIDUAL").upper() in ("ROOM", "RESOURCE") \
            or address.endswith(("@resource.calendar.google.com", "@group.calendar.google.com")):
        return None
    return display_name(params.get("CN", "")), address


def _occurrences(start: date, rule: str, now: date) -> tuple[int, date]:
    """How many times a recurring event happened by ``now``, and the last time."""
    parts = dict(p.partition("=")[::2] for p in rule.split(";") if "=" in p)
    step = STEP_DAYS.get(parts.get("FREQ", "").upper(), 0) * max(1, int(parts.get("INTERVAL", "1") or 1))
    if not step:
        return 1, start
    end = min(now, _day(parts["UNTIL"]) or now) if "UNTIL" in parts else now
    n = max(1, (end - start).days // step + 1) if end >= start else 1
    if parts.get("COUNT", "").isdigit():
        n = min(n, int(parts["COUNT"]))
    n = min(n, MAX_OCCURRENCES)
    return n, start + timedelta(days=step * (n - 1))


class CalendarMetadata:
    name = "calendar"
    title = "Calendar (.ics): who met whom, never what about"
    fallback = False

    def identify(self, path: Path) -> bool:
        if not path.is_file() or path.suffix.lower() not in (".ics", ".ical", ".ifb", ".icalendar"):
            return False
        with path.open("rb") as fh:
            return b"BEGIN:VCALENDAR" in fh.read(2048).upper()

    def extract(self, path: Path, **_: Any) -> Extraction:
        out = Extraction(str(path), self.name)
        events: list[dict[str, Any]] = []
        calname = ""
        event: dict[str, Any] | None = None
        stamps: list[date] = []
        for number, line in _lines(path):
            name, params, value = _split(line)
            if name == "X-WR-CALNAME":
                calname = normalize_email(value) if "@" in value else ""
            elif name == "BEGIN" and value.upper() == "VEVENT":
                event = {"line": number, "people": [], "declined": set(), "rule": "", "start": None, "status": ""}
            elif event is None:
                continue
            elif name == "END" and value.upper() == "VEVENT":
                out.rows += 1
                events.append(event)
                event = None
            elif name == "DTSTART":
                event["start"] = _day(value)
            elif name == "DTSTAMP" and _day(value):
                stamps.append(_day(value))  # type: ignore[arg-type]
            elif name == "RRULE":
                event["rule"] = value
            elif name == "STATUS":
                event["status"] = value.upper()
            elif name in ("ORGANIZER", "ATTENDEE"):
                who = _person(params, value)
                if who:
                    event["people"].append(who)
                    if params.get("PARTSTAT", "").upper() == "DECLINED":
                        event["declined"].add(who[1])
        now = max(stamps) if stamps else date.today()
        on = Counter(a for e in events for _, a in dict.fromkeys(e["people"]))
        owner = calname or (on.most_common(1)[0][0] if on else "")
        per: dict[str, dict[str, Any]] = {}
        names: dict[str, Counter[str]] = {}
        seen: dict[str, int] = {}
        cancelled = 0
        for e in events:
            if e["start"] is None:
                out.problems.append(RowProblem(out.path, e["line"], "an event without a start date: skipped"))
                continue
            attendees = {a for _, a in e["people"]}
            if e["status"] == "CANCELLED" or owner not in attendees or owner in e["declined"]:
                cancelled += e["status"] == "CANCELLED"
                continue
            others = {a: n for n, a in e["people"] if a != owner and a not in e["declined"] and not is_role_address(a)}
            times, last = _occurrences(e["start"], e["rule"], now) if e["rule"] else (1, e["start"])
            if e["start"] > now:
                continue  # not happened yet
            for address, shown in others.items():
                c = per.setdefault(address, {"meetings": 0, "one_to_one": 0, "recurring": 0,
                                             "first": e["start"].isoformat(), "last": last.isoformat()})
                c["meetings"] += times
                c["one_to_one"] += times if len(others) == 1 else 0
                c["recurring"] += bool(e["rule"])
                c["first"] = min(c["first"], e["start"].isoformat())
                c["last"] = max(c["last"], last.isoformat())
                if shown:
                    names.setdefault(address, Counter())[shown] += 1
                seen.setdefault(address, e["line"])
        owner_name = Counter(n for e in events for n, a in e["people"] if a == owner and n).most_common(1)
        out.owner = OwnerIdentity(name=owner_name[0][0] if owner_name else "", emails=(owner,) if owner else ())
        for address, data in sorted(per.items(), key=lambda item: seen[item[0]]):
            shown = names.get(address)
            out.records.append(ContactRecord(seen[address], PersonRef(name=shown.most_common(1)[0][0] if shown else "",
                                                                     email=address),
                                             (Evidence("meetings", data["first"], data),)))
        out.notes.append(f"{len(events)} events read (who and when only), {len(out.records)} people met")
        if cancelled:
            out.notes.append(f"{cancelled} cancelled events skipped")
        return out
