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

import quopri
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathfinder.importers._csv import SNIFF_BYTES, parse_birthday, read_text
from pathfinder.importers._labels import is_linkedin_url, label_tiers

from pathfinder.errors import ExportFormatError
from pathfinder.model import ContactRecord, Evidence, Extraction, PersonRef, RowProblem

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PROP = re.compile(r"^(?:(?P<group>[\w\-]+)\.)?(?P<name>[\w\-]+)(?P<params>(?:;[^:]*)?)$", re.ASCII)
_QP = re.compile(r"quoted-printable", re.IGNORECASE)
#: The properties this importer reads.
USED = frozenset({"FN", "N", "EMAIL", "ORG", "TITLE", "ROLE", "URL", "X-SOCIALPROFILE", "X-ABLABEL", "ADR",
                  "CATEGORIES", "KIND", "X-ADDRESSBOOKSERVER-KIND", "X-ABSHOWAS", "TEL", "BDAY"})
_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}


@dataclass
class Prop:
    group: str
    name: str  # upper case
    params: dict[str, list[str]]  # upper-case keys; bare 2.1 parameters go under TYPE
    raw: str  # the value as written (still escaped and encoded)

    def types(self) -> set[str]:
        return {t.lower() for t in self.params.get("TYPE", [])}

    def text(self) -> str:
        return _unescape(self.decoded())

    def parts(self, sep: str = ";") -> list[str]:
        return [_unescape(p) for p in _split_unescaped(self.decoded(), sep)]

    def decoded(self) -> str:
        encoding = (self.params.get("ENCODING") or [""])[0].upper()
        if encoding != "QUOTED-PRINTABLE":
            return self.raw
        data = quopri.decodestring(self.raw.encode("utf-8"))
        charset = (self.params.get("CHARSET") or [""])[0]
        for cs in ("utf-8", charset):
            if not cs:
                continue
            try:
                return data.decode(cs)
            except (ValueError, LookupError, TypeError):  # UnicodeError is a ValueError
                continue
        return data.decode("cp1252", errors="replace")


@dataclass
class Card:
    line: int  # where BEGIN:VCARD is
    props: list[Prop] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    closed: bool = False

    def all(self, name: str) -> list[Prop]:
        return [p for p in self.props if p.name == name]

    def first(self, name: str) -> Prop | None:
        return next(iter(self.all(name)), None)

    def value(self, name: str) -> str:
        prop = self.first(name)
        return prop.text().strip() if prop else ""


def _split_unescaped(value: str, sep: str) -> list[str]:
    if "\\" not in value:
        return value.split(sep)
    parts, cur, i = [], [], 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            cur.append(value[i:i + 2])
            i += 2
            continue
        if c == sep:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts


_ESCAPE = re.compile(r"\\(.)")


def _unescape(value: str) -> str:
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


def _split_line(logical: str) -> tuple[str, str] | None:
    """Split ``name;params:value`` at the first colon outside a quoted parameter value."""
    colon = logical.find(":")
    if colon < 0:
        return None
    if '"' not in logical[:colon]:
        return logical[:colon], logical[colon + 1:]
    quoted = False
    for i, c in enumerate(logical):
        if c == '"':
            quoted = not quoted
        elif c == ":" and not quoted:
            return logical[:i], logical[i + 1:]
    return None


def _parse_params(text: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for piece in _split_params(text):
        if not piece:
            continue
        key, eq, value = piece.partition("=")
        key = key.strip().upper()
        if not eq:  # vCard 2.1: a bare value (EMAIL;INTERNET;PREF, N;QUOTED-PRINTABLE)
            if key in _ENCODINGS:
                params.setdefault("ENCODING", []).append("QUOTED-PRINTABLE" if key == "QUOTED-PRINTABLE" else key)
            else:
                params.setdefault("TYPE", []).append(key)
            continue
        values = [v.strip().strip('"') for v in _split_quoted(value)]
        if key == "ENCODING":
            values = [v.upper() for v in values]
        params.setdefault(key, []).extend(v for v in values if v)
    return params


def _split_params(text: str) -> list[str]:
    if '"' not in text:
        return text.split(";")
    pieces: list[str] = []
    cur: list[str] = []
    quoted = False
    for c in text:
        if c == '"':
            quoted = not quoted
        if c == ";" and not quoted:
            pieces.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    pieces.append("".join(cur))
    return pieces


def _split_quoted(value: str) -> list[str]:
    """``work,pref`` or ``"work,voice"`` → the comma-separated items."""
    return [v for v in value.replace('"', "").split(",")]


def parse_cards(text: str) -> tuple[list[Card], list[tuple[int, str]]]:
    """Split a vCard file into cards. Returns the cards, and (line, text) for the first line of
    each run of text outside any card."""
    cards: list[Card] = []
    stray: list[tuple[int, str]] = []
    in_stray = False
    card: Card | None = None
    nested = 0  # a vCard 2.1 AGENT may hold a whole card on the following lines: skipped
    logical: list[tuple[int, str]] = []  # (start line, text) of the current card's unfolded lines

    def close(problem: str = "") -> None:
        assert card is not None
        bad = [(start, content) for start, content in logical if not _add_prop(card, content)]
        logical.clear()
        if bad:
            start, content = bad[0]
            shown = content if len(content) <= 40 else content[:37] + "..."
            more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
            card.problems.append(f"line {start} is not a vCard property ({shown!r}){more}: ignored")
        if problem:
            card.problems.append(problem)
        card.closed = not problem
        cards.append(card)

    for i, raw in enumerate(_LINE_BREAK.split(text), 1):
        line = raw.lstrip("\ufeff") if i == 1 else raw
        upper = line.strip().upper()
        if card is None:
            if upper == "BEGIN:VCARD":
                card, in_stray = Card(i), False
            elif upper and not in_stray:
                stray.append((i, line.strip()))
                in_stray = True
            continue
        if nested:
            nested += {"BEGIN:VCARD": 1, "END:VCARD": -1}.get(upper, 0)
            continue
        if logical and upper not in ("BEGIN:VCARD", "END:VCARD"):
            start, prev = logical[-1]
            if _is_qp_soft(prev):  # quoted-printable soft line break: the line goes on as written
                logical[-1] = (start, prev[:-1] + line)
                continue
            if line[:1] in (" ", "\t"):  # folded line: drop the break and one space
                logical[-1] = (start, prev + line[1:])
                continue
        if upper == "BEGIN:VCARD":
            if logical and re.match(r"^AGENT[;:]", logical[-1][1].strip(), re.IGNORECASE):
                nested = 1
                continue
            close(UNCLOSED)  # a new card before this one ended
            card = Card(i)
            continue
        if upper == "END:VCARD":
            close()
            card = None
            continue
        if line.strip():
            logical.append((i, line))
    if card is not None:
        close(UNCLOSED)
    return cards, stray


UNCLOSED = "card has no END:VCARD (the file may be truncated): kept what it had"


def _is_qp_soft(logical: str) -> bool:
    """A quoted-printable value whose line ends in ``=`` continues on the next line."""
    if not logical.endswith("="):
        return False
    head = _split_line(logical)
    return head is not None and bool(_QP.search(head[0]))


def _add_prop(card: Card, content: str) -> bool:
    """Add one unfolded line to ``card``; False if it is not a property."""
    split = _split_line(content)
    m = _PROP.match(split[0].strip()) if split else None
    if split is None or m is None:
        return False
    name = m["name"].upper()
    if name in USED:  # PHOTO, NOTE…: not worth parsing
        card.props.append(Prop(group=(m["group"] or "").lower(), name=name,
                               params=_parse_params(m["params"][1:]), raw=split[1]))
    return True


# --- cards → records -------------------------------------------------------------------------

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
            first = next((ln.strip() for ln in _LINE_BREAK.split(text[:4096]) if ln.strip()), "")
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
