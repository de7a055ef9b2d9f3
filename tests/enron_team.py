"""A sales team built from a real network: the Enron e-mail graph in ``../shared/fixtures/graphs``
(CC BY-SA; read where it lies, never copied in), written as the LinkedIn archives its people would
have exported: Connections.csv (everyone they exchanged mail with), messages.csv (the exchanges,
a few messages per direction between the first and last date) and Profile.csv and Positions.csv
(their own name and employer). The three best-connected people are the team; the next three
share their exports as connectors. Teammates appear in each other's exports, as real teams do.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

SHARED = Path(__file__).parents[2] / "shared" / "fixtures" / "graphs"
PEOPLE = SHARED / "igraphdata_enron_people.csv"
EDGES = SHARED / "igraphdata_enron_edges_aggregated.csv"
NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses '
         'are missing."\n\n')


def _name(row: dict[str, str]) -> str:
    if row["name"] != "NA":
        return row["name"]
    return " ".join(part.capitalize() for part in re.split(r"\.+", row["email_localpart"]) if part)


def _slug(name: str) -> str:
    return "https://www.linkedin.com/in/" + re.sub(r"[^a-z]+", "-", name.lower()).strip("-") + "-enron"


def read_network() -> tuple[dict[str, str], dict[tuple[str, str], tuple[int, str, str]]]:
    """(name -> position, (sender, recipient) -> (messages, first date, last date)); vertices with
    the same name (one person, two mailboxes) are one person."""
    with PEOPLE.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    name_of = {r["vertex_id"]: _name(r) for r in rows}
    position = {}
    for r in rows:
        if r["note"] != "NA" and not position.get(name_of[r["vertex_id"]]):
            position[name_of[r["vertex_id"]]] = r["note"]
        position.setdefault(name_of[r["vertex_id"]], "")
    mail: dict[tuple[str, str], tuple[int, str, str]] = {}
    with EDGES.open(newline="", encoding="utf-8") as fh:
        for e in csv.DictReader(fh):
            a, b = name_of[e["sender_vertex_id"]], name_of[e["recipient_vertex_id"]]
            first = e["first_time_excluding_1979"] or e["first_time"]
            if a == b or first.startswith("1979"):
                continue
            n = int(e["n_to"]) + int(e["n_cc"])
            if n == 0:
                continue
            old = mail.get((a, b))
            mail[(a, b)] = (n + (old[0] if old else 0), min(first, old[1]) if old else first,
                            max(e["last_time"], old[2]) if old else e["last_time"])
    return position, mail


def _stamp(text: str) -> datetime:
    return datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S")


def write_archive(folder: Path, owner: str, position: dict[str, str],
                  mail: dict[tuple[str, str], tuple[int, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    contacts = sorted({b for a, b in mail if a == owner} | {a for a, b in mail if b == owner})
    first_seen = {}
    for other in contacts:
        dates = [mail[k][1] for k in ((owner, other), (other, owner)) if k in mail]
        first_seen[other] = _stamp(min(dates)).strftime("%d %b %Y")
    with (folder / "Connections.csv").open("w", newline="", encoding="utf-8") as fh:
        fh.write(NOTES)
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for other in contacts:
            first, _, last = other.partition(" ")
            out.writerow([first, last, _slug(other), "", "Enron", position.get(other, ""), first_seen[other]])
    with (folder / "messages.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                      "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER"])
        for other in contacts:
            for sender, recipient in ((owner, other), (other, owner)):
                if (sender, recipient) not in mail:
                    continue
                n, first, last = mail[(sender, recipient)]
                stamps = [first, last][: min(n, 2)] + [last] * max(0, min(n, 4) - 2)
                for i, stamp in enumerate(stamps):
                    out.writerow([f"{_slug(owner)}:{_slug(other)}", "", sender, _slug(sender), recipient,
                                  _slug(recipient), _stamp(stamp).strftime("%Y-%m-%d %H:%M:%S UTC"), "",
                                  f"message {i + 1}", "INBOX"])
    first, _, last = owner.partition(" ")
    (folder / "Profile.csv").write_text(
        "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,"
        f"Twitter Handles,Websites,Instant Messengers\n{first},{last},,,,\"{position.get(owner, '')}\",,,,,,,\n",
        encoding="utf-8")
    (folder / "Positions.csv").write_text(
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        f"Enron,\"{position.get(owner, '')}\",,Houston,Jan 1998,\n", encoding="utf-8")
    return folder


def write_team(folder: Path, members: int = 3, connectors: int = 3) -> tuple[list[tuple[Path, str, bool, bool]], list[str]]:
    """The exports to import, as ``(path, owner, connector, new member)``, and the members' names."""
    position, mail = read_network()
    degree: dict[str, int] = defaultdict(int)
    for a, b in mail:
        degree[a] += 1
        degree[b] += 1
    ranked = sorted(degree, key=lambda p: (-degree[p], p))
    team, outside = ranked[:members], ranked[members:members + connectors]
    files = [(write_archive(folder / re.sub(r"\W+", "_", p), p, position, mail), p, False, True) for p in team]
    files += [(write_archive(folder / re.sub(r"\W+", "_", p), p, position, mail), p, True, False) for p in outside]
    return files, team


def write_mbox(path: Path, owner: str, mail: dict[tuple[str, str], tuple[int, str, str]], *, cap: int = 60) -> Path:
    """``owner``'s mailbox as Google Takeout would give it: every message they sent or received in
    the network (at most ``cap`` per direction and correspondent, spread between the first and
    last date), with the counts' real proportions kept: a pair with more mail gets more messages."""
    from .mailgen import Mail, takeout_mbox

    def address(name: str) -> str:
        return f"{name} <{re.sub(r'[^a-z]+', '.', name.lower()).strip('.')}@enron.example>"

    mails: list[Mail] = []
    for (sender, recipient), (n, first, last) in sorted(mail.items()):
        if owner not in (sender, recipient):
            continue
        start, end = _stamp(first), _stamp(last)
        k = min(n, cap)
        for i in range(k):
            when = start + (end - start) * (i / max(1, k - 1))
            mails.append(Mail(address(sender), [address(recipient)], when, sent=sender == owner,
                              message_id=f"<{abs(hash((sender, recipient))) % 10**12}-{i}@enron.example>",
                              reply_to="<thread@enron.example>" if i else ""))
    mails.sort(key=lambda m: m.when)
    return takeout_mbox(path, mails)
