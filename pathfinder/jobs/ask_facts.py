"""What the store shows for an ask: the facts of a tie with the file and line behind each, where a
person's title was read, and the one name a company goes by.

The wording (:mod:`pathfinder.jobs.ask`) may state only what these facts show; each claim it
makes carries the evidence returned here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pathfinder.identity.companies import company_key
from pathfinder.model import Evidence, PersonRow
from pathfinder.ranking.relationship import Fact, Relationship, relationship
from pathfinder.store.protocol import Store


@dataclass(frozen=True)
class Tie:
    """What the evidence shows about the tie ``a``–``b``, with where each piece came from."""

    a: str
    b: str
    rel: Relationship
    cites: dict[int, dict[str, Any]] = field(default_factory=dict)  # id(evidence) -> its provenance

    def fact(self, kind: str) -> Fact | None:
        return self.rel.fact(kind)

    def cite(self, *facts: Fact | None) -> list[dict[str, Any]]:
        """The evidence rows behind ``facts``: the tie, the kind, the date, the file:line, whose export."""
        out = []
        for f in facts:
            for ev in f.evidence if f else ():
                row = self.cites.get(id(ev), {})
                out.append({"tie": f"{self.a} - {self.b}", "kind": ev.kind, "date": ev.date,
                            "source": row.get("source", ""), "export_of": row.get("owner", "")})
        return out

    @property
    def notes(self) -> tuple[str, ...]:
        return self.rel.notes


def tie_facts(store: Store, a: PersonRow, b: PersonRow) -> Tie:
    rows = store.evidence_with_provenance(a.n, b.n)
    evidence = [Evidence(str(r["kind"]), r["date"] if isinstance(r["date"], str) else None,
                         dict(r["data"]) if isinstance(r["data"], dict) else {}) for r in rows]
    cites = {id(ev): row for ev, row in zip(evidence, rows)}
    return Tie(a.name, b.name, relationship(evidence), cites)


def in_own_export(tie: Tie, kind: str, owner: str, **data: Any) -> bool:
    """Does ``owner``'s own export show the fact ``kind`` with ``data`` (e.g. a recommendation
    they received: ``direction="received"``; a referral the other person gave them: ``gave=True``)?"""
    f = tie.fact(kind)
    return f is not None and any(all(ev.data.get(k) == v for k, v in data.items())
                                 and tie.cites.get(id(ev), {}).get("owner") == owner for ev in f.evidence)


def role_sightings(store: Store, person: PersonRow) -> list[dict[str, Any]]:
    """Where the person's current title (and company) were read: the file:line of each export row."""
    from pathfinder.identity.merges import explain_person

    seen = explain_person(store, person.n).get("sightings", [])
    out = []
    for s in seen:
        said = s.get("as", {})
        if said.get("title") == person.title or (not person.title and said.get("company")):
            out.append({"person": person.name, "kind": "title", "title": said.get("title", ""),
                        "company": said.get("company", ""), "source": f"{s.get('file', '')}:{s.get('line', '')}",
                        "export_of": s.get("owner", "")})
    return out


def account_name(store: Store, company: str, typed: str | None = None) -> str:
    """The one name the company of ``company`` goes by: how the user typed the account when it
    names the same company, else the form most people there are listed with (the longest on a tie)."""
    key = company_key(company)
    if not key:
        return company
    forms = Counter(p.company for p in store.people_filtered(company_keys=[key]) if p.company)
    if typed and company_key(typed) == key:
        written = {f.casefold(): f for f in forms}
        return written.get(typed.strip().casefold(), typed.strip())
    if not forms:
        return company
    return max(forms, key=lambda f: (forms[f], len(f), f))
