"""Tie trust from evidence: one probability-like number in (0, 1), with the reasons for it.

The weights and the reasoning behind them live in ``weights.toml`` (shipped with the package;
``PATHFINDER_WEIGHTS`` points at a team's own copy). Pieces of evidence combine with a noisy-OR.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pathfinder.errors import ConfigError
from pathfinder.model import Evidence
from pathfinder.ranking.relationship import BAND_CODE, band_of, message_channels
from pathfinder.store.protocol import Pair, Store, TieRow

Weights = dict[str, dict[str, Any]]


def load_weights(path: str | os.PathLike[str] | None = None) -> Weights:
    """The default weights, overlaid with a TOML file (``path`` or ``$PATHFINDER_WEIGHTS``)."""
    weights: Weights = tomllib.loads((Path(__file__).parents[1] / "weights.toml").read_text(encoding="utf-8"))
    path = path or os.environ.get("PATHFINDER_WEIGHTS")
    if path:
        try:
            override = tomllib.loads(Path(path).read_text())
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"weights file {path}: {exc}") from exc
        for section, values in override.items():
            if section not in weights or not isinstance(values, dict):
                raise ConfigError(f"weights file {path}: unknown section [{section}]")
            weights[section].update(values)
    return weights


@dataclass(frozen=True)
class TrustScore:
    trust: float
    reasons: tuple[tuple[str, float], ...]  # (why, strength of that piece)
    usable: bool = True  # False when a team member said never to ask along this tie

    @property
    def reason_texts(self) -> tuple[str, ...]:
        return tuple(text for text, _ in self.reasons)


def _years_between(earlier: str | None, as_of: date) -> float | None:
    if not earlier:
        return None
    try:
        return max(0.0, (as_of - date.fromisoformat(earlier)).days / 365.25)
    except ValueError:
        return None


def score_tie(evidence: list[Evidence], weights: Weights, as_of: date | None = None) -> TrustScore:
    """Combine a tie's evidence (from every source) into its trust and reasons (memoised: many
    ties carry the same evidence, such as a bare connection made on one day).

    >>> w = load_weights()
    >>> client = score_tie([Evidence("relationship", "2025-01-01", {"tier": "client"})], w, date(2026, 1, 1))
    >>> bare = score_tie([Evidence("connection", "2016-01-01")], w, date(2026, 1, 1))
    >>> client.trust > 0.8 > 0.2 > bare.trust, bare.reason_texts
    (True, ('LinkedIn connection since 2016-01-01',))
    """
    as_of = as_of or date.today()
    try:
        key = (_fingerprint(weights), as_of, tuple(sorted((ev.kind, ev.date or "", _frozen(ev.data)) for ev in evidence)))
    except TypeError:  # unhashable data: score without the memo
        return _score_tie(evidence, weights, as_of)
    found = _MEMO.get(key)
    if found is None:
        if len(_MEMO) > 200_000:
            _MEMO.clear()
        found = _MEMO[key] = _score_tie(evidence, weights, as_of)
    return found


_MEMO: dict[Any, TrustScore] = {}
_FINGERPRINTS: dict[int, tuple[Weights, str]] = {}  # holds the weights, so an id is never reused


def _fingerprint(weights: Weights) -> str:
    held = _FINGERPRINTS.get(id(weights))
    if held is None or held[0] is not weights:
        import json
        held = _FINGERPRINTS[id(weights)] = (weights, json.dumps(weights, sort_keys=True))
    return held[1]


def _frozen(data: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(data.items())) if data else ()


def _score_tie(evidence: list[Evidence], weights: Weights, as_of: date) -> TrustScore:
    pieces: list[tuple[str, float]] = []
    by_kind: dict[str, list[Evidence]] = {}
    for ev in evidence:
        by_kind.setdefault(ev.kind, []).append(ev)

    tiers = [ev for ev in by_kind.get("relationship", []) if ev.data.get("tier") in weights["tier"]]
    deals = [ev for ev in by_kind.get("deal", []) if ev.data.get("won", True)]
    if deals:
        tiers.append(Evidence("relationship", max(d.date or "" for d in deals) or None, {"tier": "client"}))
    if tiers:
        best = max(tiers, key=lambda ev: float(weights["tier"][ev.data["tier"]]))
        tier = best.data["tier"]
        strength = float(weights["tier"][tier])
        detail = ""
        if tier == "client":
            cw = weights["client"]
            n_deals = len({(d.data.get("id"), d.date) for d in deals})
            if n_deals > 1:
                strength += min(cw["max_bonus"], cw["per_extra_deal"] * (n_deals - 1))
            # recency comes from won deals; a contact list's date says when the relationship began
            last = max((d.date for d in deals if d.date), default=None)
            age = _years_between(last, as_of)
            if age is not None and age > cw["cold_after_years"]:
                strength *= 0.5
                detail = f"; last won {last}, gone cold"
            elif last:
                detail = f"; last won {last}"
            if n_deals:
                detail = f" ({n_deals} won deal{'s' if n_deals > 1 else ''}{detail})"
            elif best.date:
                detail = f" (since {best.date})"
        elif tier == "referred" and best.data.get("by"):
            detail = f" (by {best.data['by']})"
        elif best.date:
            detail = f" (since {best.date})"
        pieces.append((f"{tier}{detail}", min(strength, 0.97)))

    cw = weights["connection"]
    connections = [ev for ev in by_kind.get("connection", [])]
    if connections:
        dates = [ev.date for ev in connections if ev.date]
        since = min(dates) if dates else None
        years = _years_between(since, as_of) or 0.0
        strength = cw["linkedin"] + cw["age_bonus"] * years / (years + cw["age_years"])
        never = any(ev.data.get("messages_exported") for ev in connections) and not by_kind.get("messages")
        text = f"LinkedIn connection since {since}" if since else "LinkedIn connection"
        pieces.append((text + (", never messaged" if never else ""), strength))
    if by_kind.get("contact") and not tiers:
        both = len({ev.data.get("saved_by") for ev in by_kind["contact"]} - {None}) >= 2
        pieces.append(("in each other's contacts", float(cw["each_other"])) if both else
                      ("in their contacts", float(cw["contact"])))

    messages = by_kind.get("messages", [])
    if messages:
        pieces.append(_messages_piece(messages, weights["messages"], as_of))
    if by_kind.get("meetings"):
        pieces.append(_meetings_piece(by_kind["meetings"], weights["meetings"], as_of))

    sw = weights["signals"]
    endorsements = by_kind.get("endorsement", [])
    if endorsements:
        n = len({(ev.data.get("skill"), ev.data.get("direction")) for ev in endorsements})
        pieces.append((f"{n} endorsement{'s' if n > 1 else ''}", min(sw["endorsement_max"], sw["endorsement"] * n)))
    if by_kind.get("recommendation"):
        pieces.append(("wrote or received a recommendation", float(sw["recommendation"])))
    referrals = by_kind.get("referral", [])
    if referrals:
        gave = any(ev.data.get("gave") for ev in referrals)
        pieces.append(("has referred people before" if gave else "referral", float(sw["referral"])))
    colleagues = by_kind.get("colleague", [])
    if colleagues and not tiers:
        ev = colleagues[0]
        former = all(c.data.get("former") for c in colleagues)
        where = f" at {ev.data['company']}" if ev.data.get("company") else ""
        pieces.append((f"{'former colleague' if former else 'colleague'}{where}", float(sw["shared_employer"])))
    if any(ev.data.get("note") for ev in by_kind.get("invitation", [])):
        pieces.append(("invitation with a personal note", float(sw["invitation_note"])))

    other_deals = [ev for ev in by_kind.get("deal", []) if not ev.data.get("won", True)]
    if other_deals and not deals:
        latest = max(other_deals, key=lambda ev: ev.date or "")
        if any(ev.data.get("open") for ev in other_deals):
            pieces.append(("open opportunity", float(sw["open_deal"])))
        else:
            pieces.append((f"lost deal{' ' + latest.date if latest.date else ''}", float(sw["lost_deal"])))
    vouches = by_kind.get("vouch", [])
    if vouches:
        latest = max(vouches, key=lambda ev: ev.date or "")
        who = f" by {latest.data['by']}" if latest.data.get("by") else ""
        pieces.append((f"vouched for{who}" + (f": {latest.data['note']}" if latest.data.get("note") else ""),
                       float(latest.data.get("strength") or weights["signals"]["vouch"])))
    if not pieces:
        pieces.append(("known tie (no further evidence)", 0.05))
    remaining = 1.0
    for _, strength in pieces:
        remaining *= 1.0 - min(max(strength, 0.0), 0.99)
    trust = min(max(1.0 - remaining, 1e-6), 0.999)
    pieces.sort(key=lambda p: -p[1])
    usable = not by_kind.get("do_not_ask")
    if not usable:
        pieces.append(("do not ask along this tie (a team member's instruction)", 0.0))
    return TrustScore(trust, tuple((text, round(s, 4)) for text, s in pieces), usable)


def tie_tier(evidence: list[Evidence]) -> str:
    """The relationship tier a tie's evidence shows, for the ledger's statistics."""
    kinds = {ev.kind for ev in evidence}
    tiers = [str(ev.data["tier"]) for ev in evidence if ev.kind == "relationship" and ev.data.get("tier")]
    if "deal" in kinds and any(ev.data.get("won", True) for ev in evidence if ev.kind == "deal"):
        tiers.append("client")
    order = ["client", "referred", "family", "friend", "former colleague", "colleague", "acquaintance"]
    for tier in order:
        if tier in tiers:
            return tier
    if "colleague" in kinds:
        return "colleague"
    return "linkedin connection" if "connection" in kinds else ("contact" if kinds else "")


def _messages_piece(messages: list[Evidence], mw: dict[str, Any], as_of: date) -> tuple[str, float]:
    channels = message_channels(messages)
    sent = sum(c["sent"] for c in channels.values())
    received = sum(c["received"] for c in channels.values())
    last = max((c["last"] for c in channels.values()), default="") or None
    total = sent + received
    if total == 0:
        return ("never messaged", 0.0)
    # shares of replies and one-to-one messages; a channel that does not say (LinkedIn) counts as both
    def counted(key: str) -> int:
        return sum(c["sent"] + c["received"] if c[key] is None else c[key] for c in channels.values())

    replies, alone = counted("replies"), counted("one_to_one")
    days = (_years_between(last, as_of) or 0.0) * 365.25
    recency = 0.5 ** (days / mw["half_life_days"])
    frequency = min(1.0, math.log1p(total) / math.log1p(mw["saturation"]))
    balance = 1.0 - abs(sent - received) / total
    balance = mw["one_way_floor"] + (1 - mw["one_way_floor"]) * balance
    rw, ow = mw.get("reply_weight", 0.0), mw.get("one_to_one_weight", 0.0)
    kind = 1 - rw - ow + rw * min(1.0, replies / total) + ow * min(1.0, alone / total)
    strength = mw["max"] * math.sqrt(recency) * frequency * balance * kind if min(sent, received) \
        else mw["max"] * 0.05 * frequency * kind
    way = "both ways" if min(sent, received) else "one way only"
    cold = " (gone cold)" if recency < 0.25 else ""
    mail = channels.get("email")
    detail = ""
    if mail and mail["replies"] is not None:
        detail = f" ({mail['replies']} replies, {mail['one_to_one']} one-to-one by e-mail)"
    channel_names = " and ".join("e-mail" if c == "email" else "LinkedIn" for c in sorted(channels))
    return (f"{total} messages {way} on {channel_names}{detail}, last {last}{cold}", strength)


def _meetings_piece(meetings: list[Evidence], mw: dict[str, Any], as_of: date) -> tuple[str, float]:
    """Meetings attended together (several calendars may hold the same ones: the largest counts)."""
    count = max(int(ev.data.get("meetings", 0)) for ev in meetings)
    alone = max(int(ev.data.get("one_to_one", 0)) for ev in meetings)
    recurring = max(int(ev.data.get("recurring", 0)) for ev in meetings)
    last = max((str(ev.data.get("last") or ev.date or "") for ev in meetings), default="") or None
    if count == 0:
        return ("no meetings", 0.0)
    days = (_years_between(last, as_of) or 0.0) * 365.25
    recency = 0.5 ** (days / mw["half_life_days"])
    frequency = min(1.0, math.log1p(count) / math.log1p(mw["saturation"]))
    personal = mw["group_factor"] + (1 - mw["group_factor"]) * min(1.0, alone / count)
    strength = mw["max"] * math.sqrt(recency) * frequency * personal
    extra = f", {alone} one-to-one" if alone else ""
    extra += f", {recurring} recurring" if recurring else ""
    cold = " (gone cold)" if recency < 0.25 else ""
    return (f"{count} meeting{'s' if count != 1 else ''} together{extra}, last {last}{cold}", strength)


def rescore(store: Store, pairs: Iterable[Pair], weights: Weights, as_of: date | None = None,
            known: dict[Pair, list[Evidence]] | None = None) -> None:
    """Inside a write: recompute the trust of ``pairs`` from all their evidence and store it
    (``known``: pairs whose only evidence is already in hand, so it need not be read back)."""
    known = known or {}
    pairs = sorted(pairs)
    evidence = dict(known)
    evidence.update(store.evidence_of([p for p in pairs if p not in known]))
    rows: list[TieRow] = []
    for a, b in pairs:
        score = score_tie(evidence[(a, b)], weights, as_of)
        rows.append((a, b, score.trust, score.usable, BAND_CODE[band_of(evidence[(a, b)])]))
    store.set_ties(rows)


def rescore_all(store: Store, weights: Weights, as_of: date | None = None, batch: int = 20_000) -> int:
    """Inside a write: recompute every tie's trust and band (after an upgrade); how many ties."""
    pairs = sorted((a, b) for a, b, _ in store.ties())
    for i in range(0, len(pairs), batch):
        rescore(store, pairs[i:i + batch], weights, as_of)
    return len(pairs)


def rescore_or_drop(store: Store, pairs: set[Pair], weights: Weights, as_of: date | None = None) -> None:
    """Inside a write: recompute the trust of ``pairs``, and drop the ties no evidence is left behind."""
    gone = {p for p, evidence in store.evidence_of(sorted(pairs)).items() if not evidence}
    store.delete_ties(sorted(gone))
    rescore(store, pairs - gone, weights, as_of)
