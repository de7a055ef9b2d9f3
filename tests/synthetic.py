"""Synthetic LinkedIn archives of any size, in the real file formats, for crash, concurrency
and speed tests. Fictional people only; deterministic for a given seed."""

from __future__ import annotations

import random
from pathlib import Path

NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses '
         'are missing. You will only see email addresses for connections who have allowed their connections '
         'to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. '
         'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n\n')
FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Gita", "Hugo", "Ines", "Jon", "Kai", "Lena", "Max",
         "Nora", "Omar", "Pia", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Vik", "Wen", "Xena", "Yuri", "Zoe"]
LAST = ["Adams", "Berg", "Costa", "Dube", "Eng", "Fox", "Garcia", "Hahn", "Ito", "Jonas", "Khan", "Lund",
        "Moreau", "Novak", "Ortiz", "Park", "Quist", "Rossi", "Singh", "Tanaka", "Usman", "Vogel", "Wong"]
TITLES = ["Account Executive", "VP Sales", "Director of Marketing", "Software Engineer", "CFO",
          "Head of Revenue Operations", "Sales Manager", "Chief Executive Officer", "SVP, Global Sales"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def person(i: int, rng: random.Random) -> tuple[str, str, str, str, str]:
    first, last = FIRST[i % len(FIRST)], f"{LAST[(i // len(FIRST)) % len(LAST)]}{i}"
    return (first, last, f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}",
            f"Company {rng.randint(1, max(2, i // 20 + 2))}", rng.choice(TITLES))


def write_archive(folder: Path, *, owner: str, connections: int, messages: int, seed: int = 1,
                  offset: int = 0) -> Path:
    """A LinkedIn archive folder with Connections.csv, messages.csv and Profile.csv. People are
    numbered from ``offset``, so two archives with overlapping ranges share people."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    people = [person(offset + i, rng) for i in range(connections)]
    rows = [f"{f},{surname},{url},,{c},\"{t}\",{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2012, 2026)}"
            for f, surname, url, c, t in people]
    (folder / "Connections.csv").write_text(NOTES + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                                            + "\n".join(rows))
    first, last = owner.split(" ", 1)
    owner_url = f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-owner"
    lines = ["CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER"]
    for m in range(messages):
        f, surname, url, _, _ = people[rng.randrange(len(people))]
        stamp = f"20{rng.randint(18, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 10:{m % 60:02d}:00 UTC"
        if rng.random() < 0.5:
            lines.append(f"c{m},,{owner},{owner_url},{f} {surname},{url},{stamp},,\"Hello,\nhow are you?\",INBOX")
        else:
            lines.append(f"c{m},,{f} {surname},{url},{owner},{owner_url},{stamp},,Fine thanks,INBOX")
    (folder / "messages.csv").write_text("\n".join(lines) + "\n")
    (folder / "Profile.csv").write_text("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
                                        f"Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n{first},{last},,,,,,,,,,,\n")
    return folder
