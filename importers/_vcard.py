"""Reading vCard text into cards: unfolding, quoted-printable (with soft line breaks) and
charsets, escapes, parameters of vCard 2.1, 3.0 and 4.0 and grouped properties; a broken card is
a problem on its line, never the end of the file (see :mod:`.vcard` for why not ``vobject``)."""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field

LINE_BREAK = re.compile(r"\r\n|\r|\n")
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

    for i, raw in enumerate(LINE_BREAK.split(text), 1):
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
