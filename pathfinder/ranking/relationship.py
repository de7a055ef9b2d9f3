"""What a tie's evidence shows about a relationship: the facts a request may state, and its band.

A tie's *band* says whether the person may be asked for an introduction (the playbook: ask only
people who already trust you):

- ``strong``: a client (a won deal, or the client tier), a contact who was referred to you,
  family, a friend, or a tie a team member vouched for;
- ``warm``: a colleague or former colleague, a recommendation, a referral either way, messages
  exchanged both ways (LinkedIn or e-mail), two meetings together or one alone, or each
  other's saved contacts;
- ``cold``: everything else — a bare LinkedIn connection, a saved contact, an acquaintance,
  endorsements, an open or lost deal, one-way messages.

Each fact keeps the evidence it stands on, so whatever a request says about a relationship can be
traced to the files and lines behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pathfinder.model import Evidence

STRONG, WARM, COLD = "strong", "warm", "cold"
#: the bands, strongest first, and their codes as the stores and the index keep them
BANDS = (STRONG, WARM, COLD)
BAND_CODE = {COLD: 0, WARM: 1, STRONG: 2}
BAND_OF_CODE = {code: band for band, code in BAND_CODE.items()}
#: the facts, in the order a relationship is described (the strongest kinds first)
KINDS = ("client", "family", "friend", "referred", "vouch", "colleague", "former colleague", "recommendation",
         "referral", "messages", "meetings", "each other's contacts", "acquaintance", "open deal", "lost deal",
         "endorsement", "meeting", "contact", "connection")
_STRONG_KINDS = {"client", "referred", "family", "friend", "vouch"}
_WARM_KINDS = {"colleague", "former colleague", "recommendation", "referral", "messages", "meetings",
               "each other's contacts"}


@dataclass(frozen=True)
class Fact:
    """One thing the evidence shows, e.g. ``client`` with the won deals' names."""

    kind: str
    evidence: tuple[Evidence, ...]
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def band(self) -> str:
        return STRONG if self.kind in _STRONG_KINDS else WARM if self.kind in _WARM_KINDS else COLD


@dataclass(frozen=True)
class Relationship:
    """Everything a tie's evidence shows, strongest first."""

    facts: tuple[Fact, ...]

    @property
    def band(self) -> str:
        codes = [BAND_CODE[f.band] for f in self.facts]
        return BAND_OF_CODE[max(codes, default=0)]

    def fact(self, kind: str) -> Fact | None:
        return next((f for f in self.facts if f.kind == kind), None)

    @property
    def notes(self) -> tuple[str, ...]:
        """The team's own words about the relationship (a contact list's notes, a vouch's note)."""
        found = [str(ev.data["note"]) for f in self.facts for ev in f.evidence
                 if ev.kind in ("relationship", "vouch") and ev.data.get("note")]
        return tuple(dict.fromkeys(found))


def message_channels(messages: list[Evidence]) -> dict[str, dict[str, Any]]:
    """Per channel (LinkedIn, e-mail), the largest counts any file saw: several exports may count
    the same conversations, but LinkedIn and e-mail are different ones."""
    out: dict[str, dict[str, Any]] = {}
    for ev in messages:
        channel = str(ev.data.get("channel") or "linkedin")
        c = out.setdefault(channel, {"sent": 0, "received": 0, "replies": None, "one_to_one": None, "last": ""})
        for key in ("sent", "received"):
            c[key] = max(c[key], int(ev.data.get(key, 0)))
        for key in ("replies", "one_to_one"):
            if key in ev.data:
                c[key] = max(c[key] or 0, int(ev.data[key]))
        c["last"] = max(c["last"], str(ev.data.get("last") or ev.date or ""))
    return out


def _two_way(messages: list[Evidence]) -> tuple[int, int, str]:
    channels = message_channels(messages).values()
    return (sum(c["sent"] for c in channels), sum(c["received"] for c in channels),
            max((c["last"] for c in channels), default=""))


def relationship(evidence: list[Evidence]) -> Relationship:
    """The facts ``evidence`` (everything every source said about one tie) shows."""
    by_kind: dict[str, list[Evidence]] = {}
    for ev in evidence:
        by_kind.setdefault(ev.kind, []).append(ev)
    facts: list[Fact] = []
    tiers: dict[str, list[Evidence]] = {}
    for ev in by_kind.get("relationship", []):
        if ev.data.get("tier"):
            tiers.setdefault(str(ev.data["tier"]), []).append(ev)
    deals = by_kind.get("deal", [])
    won = [ev for ev in deals if ev.data.get("won", True) and not ev.data.get("open") and not ev.data.get("lost")]
    if won or "client" in tiers:
        names = [str(ev.data["name"]) for ev in won if ev.data.get("name")]
        facts.append(Fact("client", tuple(won + tiers.get("client", [])),
                          {"deals": list(dict.fromkeys(names)), "won": len({(d.data.get("id"), d.date) for d in won})}))
    for tier in ("family", "friend"):
        if tier in tiers:
            facts.append(Fact(tier, tuple(tiers[tier])))
    if "referred" in tiers:
        by = next((str(ev.data["by"]) for ev in tiers["referred"] if ev.data.get("by")), "")
        facts.append(Fact("referred", tuple(tiers["referred"]), {"by": by} if by else {}))
    if by_kind.get("vouch"):
        latest = max(by_kind["vouch"], key=lambda ev: ev.date or "")
        facts.append(Fact("vouch", tuple(by_kind["vouch"]), {"by": latest.data.get("by", "")}))
    colleague = by_kind.get("colleague", []) + tiers.get("colleague", []) + tiers.get("former colleague", [])
    if colleague:
        former = not tiers.get("colleague") and all(ev.data.get("former") or ev.data.get("tier") == "former colleague"
                                                     for ev in colleague)
        company = next((str(ev.data["company"]) for ev in colleague if ev.data.get("company")), "")
        facts.append(Fact("former colleague" if former else "colleague", tuple(colleague),
                          {"company": company} if company else {}))
    if by_kind.get("recommendation"):
        directions = sorted({str(ev.data.get("direction", "")) for ev in by_kind["recommendation"]} - {""})
        facts.append(Fact("recommendation", tuple(by_kind["recommendation"]), {"directions": directions}))
    if by_kind.get("referral"):
        gave = any(ev.data.get("gave") for ev in by_kind["referral"])
        facts.append(Fact("referral", tuple(by_kind["referral"]), {"gave": gave}))
    if by_kind.get("messages"):
        sent, received, last = _two_way(by_kind["messages"])
        if sent and received:
            facts.append(Fact("messages", tuple(by_kind["messages"]), {"sent": sent, "received": received, "last": last}))
    meetings = by_kind.get("meetings", [])
    if meetings:
        count = max(int(ev.data.get("meetings", 0)) for ev in meetings)
        alone = max(int(ev.data.get("one_to_one", 0)) for ev in meetings)
        last = max(str(ev.data.get("last") or ev.date or "") for ev in meetings)
        # two meetings, or one alone together, is a relationship; one big call is not
        facts.append(Fact("meetings" if count >= 2 or alone else "meeting", tuple(meetings),
                          {"meetings": count, "one_to_one": alone, "last": last}))
    contacts = by_kind.get("contact", [])
    if len({ev.data.get("saved_by") for ev in contacts if ev.data.get("saved_by")}) >= 2:
        facts.append(Fact("each other's contacts", tuple(contacts)))
    if "acquaintance" in tiers:
        facts.append(Fact("acquaintance", tuple(tiers["acquaintance"])))
    lost = [ev for ev in deals if ev not in won]
    if lost and not won:
        kind = "open deal" if any(ev.data.get("open") for ev in lost) else "lost deal"
        facts.append(Fact(kind, tuple(lost)))
    for kind in ("endorsement", "contact", "connection"):
        if by_kind.get(kind):
            facts.append(Fact(kind, tuple(by_kind[kind])))
    facts.sort(key=lambda f: (-BAND_CODE[f.band], KINDS.index(f.kind)))
    return Relationship(tuple(facts))


def band_of(evidence: list[Evidence]) -> str:
    """The band of a tie with this evidence; a do-not-ask instruction changes nothing here (the
    tie is then held back, whatever its band)."""
    return relationship(evidence).band
