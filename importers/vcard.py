"""vCard files (``.vcf``) from Apple/iCloud, Google, Outlook, Android and Thunderbird: one card or
many, vCard 2.1, 3.0 and 4.0 (``../shared/reference/export-formats.md`` §2.3).

A small parser of our own rather than the ``vobject`` package: vobject 0.9.9 fails on the vCard
2.1 quoted-printable soft line breaks Android and Thunderbird write (``FN;ENCODING=QUOTED-
PRINTABLE:J=C3=BCrgen M=C3=BC=`` + ``ller``): it raises a ParseError that ends the whole file,
or with ``ignoreUnreadable`` silently keeps ``Jürgen Mü``; one unreadable line anywhere also ends
the file, and it cannot say on which line a card starts. Here every card is read on its own (a
broken card is a row problem, never the end of the file) and starts at its ``BEGIN:VCARD`` line.

Handled: line unfolding (CRLF or LF + one space or TAB); quoted-printable with soft line breaks
and ``CHARSET=…`` (UTF-8 first, then the named charset, then cp1252); the escapes ``\\,`` ``\\;``
``\\n`` ``\\\\``; 2.1 bare parameters (``EMAIL;INTERNET;PREF:``); grouped properties
(``item1.EMAIL`` + ``item1.X-ABLabel``: a group labelled LinkedIn marks its URL as a profile).

Used: ``FN`` (else ``N``) for the name and ``N`` for first and last name; ``EMAIL`` (the one marked
``TYPE=pref``, ``PREF`` or the lowest ``PREF=n``, else the first); ``ORG`` (first component is the
company); ``TITLE`` (else ``ROLE``); ``URL`` and ``X-SOCIALPROFILE`` for LinkedIn profile URLs;
``ADR`` (work first) for the location; ``CATEGORIES`` for relationship tiers (as Google labels).
Company and group cards (``X-ABShowAs:COMPANY``, ``KIND:org``, ``KIND:group``) are skipped and
counted in the notes. ``RELATED`` and Apple's ``X-ABRELATEDNAMES`` are not read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pathfinder.importers._csv import SNIFF_BYTES, parse_birthday, read_text
from pathfinder.importers._labels import is_linkedin_url, label_tiers
from pathfinder.importers._vcard import LINE_BREAK, Card, Prop, parse_cards

from pathfinder.errors import ExportFormatError
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, PersonRef, RowProblem


def _pref_rank(prop: Prop) -> int:
    """Lower is more preferred: PREF=n (4.0), TYPE=pref or bare PREF (2.1, 3.0) count as 1."""
    for value in prop.params.get("PREF", []):
        try:
            return max(1, int(value))
        except ValueError:
            return 1
    return 1 if "pref" in prop.types() else 1000


def _email(card: Card) -> str:
    best, best_rank = "", 10_000
    for prop in card.all("EMAIL"):
        value = prop.text().strip()
        if value.lower().startswith("mailto:"):
            value = value[7:]
        if "@" not in value or " " in value:
            continue
        rank = _pref_rank(prop)
        if rank < best_rank:
            best, best_rank = value, rank
    return best


def _group_labels(card: Card) -> dict[str, str]:
    return {p.group: p.text() for p in card.all("X-ABLABEL") if p.group}


def _profile_url(card: Card) -> str:
    labels = _group_labels(card)
    for prop in card.all("X-SOCIALPROFILE") + card.all("URL"):
        value = prop.text().strip()
        if is_linkedin_url(value):
            return value
        linkedin_typed = "linkedin" in prop.types() or "linkedin" in labels.get(prop.group, "").lower()
        if linkedin_typed:
            user = (prop.params.get("X-USER") or [""])[0]
            slug = user or (value if value and "/" not in value and ":" not in value else "")
            if slug:
                return f"https://www.linkedin.com/in/{slug}"
    return ""


def _address_parts(card: Card, fields: tuple[int, ...], *, work_first: bool) -> list[str]:
    """The ``fields`` of the card's first ADR that has any of them (ADR is PO box; extended;
    street; locality; region; postcode; country), work addresses first or last."""
    adrs = card.all("ADR")
    adrs.sort(key=lambda p: ("work" in p.types()) != work_first)
    for prop in adrs:
        parts = prop.parts() + [""] * 7
        wanted = [parts[i].strip() for i in fields]
        if any(wanted):
            return wanted
    return [""] * len(fields)


def _location(card: Card) -> str:
    return ", ".join(p for p in _address_parts(card, (3, 6), work_first=True) if p)  # city, country


def _address(card: Card) -> tuple[str, str]:
    """(street, postcode), home before work: the address that tells people apart."""
    street, postcode = _address_parts(card, (2, 5), work_first=False)
    return street, postcode


def _phone(card: Card) -> str:
    phones = card.all("TEL")
    phones.sort(key=lambda p: 0 if "cell" in p.types() else 1)
    return phones[0].text().strip().removeprefix("tel:") if phones else ""


def _birthday(card: Card) -> str:
    """BDAY as ISO, or --MM-DD without the year (Apple writes year 1604 with X-APPLE-OMIT-YEAR)."""
    prop = card.first("BDAY")
    if prop is None:
        return ""
    value = prop.text().strip()
    if prop.params.get("X-APPLE-OMIT-YEAR") and len(value) >= 10:
        value = "--" + value[5:10]
    return parse_birthday(value.partition("T")[0]) or ""


def card_person(card: Card) -> PersonRef:
    n = card.first("N")
    parts = (n.parts() if n else []) + [""] * 5
    last, first, middle = parts[0].strip(), parts[1].strip(), parts[2].strip()
    name = card.value("FN")
    if not name and middle:
        name = " ".join(p for p in (first, middle, last) if p)
    org = card.first("ORG")
    return PersonRef(
        name=name, first_name=first, last_name=last, email=_email(card), profile_url=_profile_url(card),
        company=org.parts()[0].strip() if org else "",
        title=card.value("TITLE") or card.value("ROLE"),
        location=_location(card),
        phone=_phone(card), birthday=_birthday(card), street=_address(card)[0], postcode=_address(card)[1],
    )


class VCardContacts:
    name = "vcard"
    title = "vCard file (.vcf: Apple/iCloud, Google, Outlook, Android; vCard 2.1, 3.0, 4.0)"
    fallback = False

    def identify(self, path: Path) -> bool:
        try:
            if not path.is_file():
                return False
            text = read_text(path, limit=SNIFF_BYTES)
            first = next((ln.strip() for ln in LINE_BREAK.split(text[:4096]) if ln.strip()), "")
            return first.lstrip("\ufeff").upper() == "BEGIN:VCARD"
        except Exception:
            return False

    def extract(self, path: Path, *, encoding: str | None = None, **_: Any) -> Extraction:
        text = read_text(path, encoding)
        cards, stray = parse_cards(text)
        if not cards:
            raise ExportFormatError(path, "no BEGIN:VCARD in the file: not a vCard (.vcf) file")
        out = Extraction(path=str(path), format=self.name)
        label = str(path)
        for line, content in stray:
            shown = content if len(content) <= 40 else content[:37] + "..."
            out.problems.append(RowProblem(label, line, f"text outside any card ({shown!r}): ignored"))
        companies = 0
        for card in cards:
            out.rows += 1
            out.problems.extend(RowProblem(label, card.line, msg) for msg in card.problems)
            kind = card.value("KIND").lower() or card.value("X-ADDRESSBOOKSERVER-KIND").lower()
            if card.value("X-ABSHOWAS").upper() == "COMPANY" or kind in ("org", "group", "location"):
                companies += 1
                continue
            person = card_person(card)
            if not person.has_identity():
                out.problems.append(RowProblem(label, card.line, person.skip_reason("card has no name, email or profile URL: skipped")))
                continue
            categories = [c for p in card.all("CATEGORIES") for c in p.parts(",")]
            evidence = [Evidence("contact", None)]
            evidence += [Evidence("relationship", None, {"tier": t}) for t in label_tiers(categories)]
            out.records.append(ContactRecord(card.line, person, tuple(evidence)))
        if companies:
            out.notes.append(f"{companies} company or group cards skipped")
        out.problems.sort(key=lambda p: p.line)
        return out
