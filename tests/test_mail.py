"""E-mail and calendar metadata: headers and attendees only, never a body; mailboxes in the formats
people have (Google Takeout, Thunderbird, Maildir, .eml) and calendars (Google, Outlook)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pathfinder.importers.registry import detect_importer

import pathfinder

from .conftest import AS_OF
from .mailgen import BODY_TOKEN, Event, Mail, conversation, eml_folder, ics, maildir, takeout_mbox, thunderbird_mbox

RITA = "Rita Rep <rita@northwind.example>"
DANA = "Dana Buyer <dana@acme.example>"
KEN = '"Lay, Kenneth" <ken.lay@enron.example>'
START = datetime(2026, 6, 1, 9, 0)


def rita_mail() -> list[Mail]:
    """Rita's mailbox: a real back-and-forth with Dana, one reply from Ken, a 30-person
    announcement she sent, a newsletter, a no-reply notification, a copy of one message, and a
    message without a date."""
    mails = conversation(RITA, DANA, START, 10)
    mails.append(Mail(KEN, ["rita@northwind.example"], START + timedelta(days=3), message_id="<ken1@enron.example>"))
    mails.append(Mail(RITA, [KEN], START + timedelta(days=4), reply_to="<ken1@enron.example>", sent=True))
    crowd = [f"Person {i} <p{i}@crowd.example>" for i in range(30)]
    mails.append(Mail(RITA, crowd[:1], START + timedelta(days=5), cc=crowd[1:], sent=True))
    mails.append(Mail("Weekly <news@letters.example>", ["rita@northwind.example"], START,
                      extra={"List-Id": "<weekly.letters.example>", "List-Unsubscribe": "<mailto:u@letters.example>"}))
    mails.append(Mail("GitHub <noreply@github.com>", ["rita@northwind.example"], START))
    mails.append(mails[0])  # the same Message-ID again
    return mails


@pytest.mark.parametrize("write", [takeout_mbox, thunderbird_mbox, maildir, eml_folder])
def test_every_mailbox_format_gives_the_same_correspondents(tmp_path: Path, write) -> None:
    box = write(tmp_path / ("box.mbox" if write in (takeout_mbox, thunderbird_mbox) else "box"), rita_mail())
    importer = detect_importer(box)
    assert importer.name == "mail"
    out = importer.extract(box)
    assert out.owner.emails == ("rita@northwind.example",) and out.owner.name == "Rita Rep"
    by = {r.b.email: r for r in out.records}
    assert "news@letters.example" not in by and "noreply@github.com" not in by
    dana = by["dana@acme.example"].evidence[0].data
    assert (dana["sent"], dana["received"], dana["replies"], dana["one_to_one"]) == (5, 5, 9, 10)
    assert by["ken.lay@enron.example"].b.name == "Kenneth Lay"  # "Lay, Kenneth" as people write it
    crowd = by["p7@crowd.example"].evidence[0].data
    assert (crowd["sent"], crowd["one_to_one"], crowd["replies"]) == (1, 0, 0)
    assert any("bulk" in n for n in out.notes) and any("copies" in n for n in out.notes)


def test_a_message_without_a_date_is_reported_with_its_line(tmp_path: Path) -> None:
    box = takeout_mbox(tmp_path / "box.mbox", rita_mail())
    text = box.read_text().replace("Date: ", "X-Old-Date: ", 1)  # the first message loses its date
    box.write_text(text)
    out = detect_importer(box).extract(box)
    assert [(p.line, "no Date" in p.message) for p in out.problems] == [(1, True)]


def test_no_body_text_reaches_the_store(store_url: str, tmp_path: Path) -> None:
    box = takeout_mbox(tmp_path / "rita.mbox", rita_mail())
    cal = ics(tmp_path / "rita.ics", [Event(START, RITA, [(DANA, "ACCEPTED")])], calname="rita@northwind.example")
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        for f in (box, cal):
            pf.import_file(f, owner="Rita Rep", new_member=True)
        dump = repr(pf.store.dump())
        assert BODY_TOKEN not in dump and "catching up" not in dump and "planning" not in dump
        assert pf.import_file(box, owner="Rita Rep").already_imported
        why = [p["why"] for p in pf.explain(from_="Rita Rep", to="Dana Buyer")["hops"][0]["pieces"]]
        assert why == ["10 messages both ways on e-mail (9 replies, 10 one-to-one by e-mail), last 2026-08-03",
                       "1 meeting together, 1 one-to-one, last 2026-06-01"]
        paths = pf.paths(to="Dana Buyer")
        assert paths[0].band == "warm" and paths[0].hops[0].trust > 0.3


def test_the_calendar_counts_meetings_people_attended(tmp_path: Path) -> None:
    events = [
        Event(START, RITA, [(RITA, "ACCEPTED"), (DANA, "ACCEPTED")], rule="FREQ=WEEKLY;COUNT=8"),  # a 1:1 series
        Event(START + timedelta(days=1), DANA, [(RITA, "ACCEPTED"), ("Carla Client <carla@globex.example>", "DECLINED"),
                                               ("Room 4 <room4@resource.calendar.google.com>", "ACCEPTED")]),
        Event(START + timedelta(days=2), KEN, [(RITA, "DECLINED"), (DANA, "ACCEPTED")]),  # Rita declined: not hers
        Event(START + timedelta(days=3), KEN, [(RITA, "ACCEPTED")], status="CANCELLED"),
        Event(datetime(2027, 1, 5), KEN, [(RITA, "ACCEPTED")]),  # not happened yet
    ]
    cal = ics(tmp_path / "cal.ics", events)  # an Outlook-style export: no calendar name
    importer = detect_importer(cal)
    assert importer.name == "calendar"
    out = importer.extract(cal)
    assert out.owner.emails == ("rita@northwind.example",)
    by = {r.b.email: r.evidence[0].data for r in out.records}
    assert set(by) == {"dana@acme.example"}  # Carla declined, the room is not a person, Ken's were not Rita's
    assert (by["dana@acme.example"]["meetings"], by["dana@acme.example"]["one_to_one"],
            by["dana@acme.example"]["recurring"]) == (9, 9, 1)  # the 1:1 series, and Dana's meeting with Rita alone


def test_a_grown_mailbox_adds_only_its_new_messages(tmp_path: Path) -> None:
    mails = rita_mail()
    with pathfinder.open(tmp_path / "team.db", as_of=AS_OF) as pf:
        pf.import_file(takeout_mbox(tmp_path / "june.mbox", mails), owner="Rita Rep", new_member=True)
        later = conversation(RITA, DANA, START + timedelta(days=100), 4)  # four more, in a new thread
        pf.import_file(takeout_mbox(tmp_path / "june.mbox", mails + later), owner="Rita Rep")
        why = pf.explain(from_="Rita Rep", to="Dana Buyer")["hops"][0]["pieces"][0]["why"]
        assert why.startswith("14 messages both ways on e-mail")  # 10 + 4, not 10 + 14
        # a work address names the company, and it is the account: dana@acme.example works at Acme
        assert [p.target.name for p in pf.paths(account="Acme Corporation")] == ["Dana Buyer"]
