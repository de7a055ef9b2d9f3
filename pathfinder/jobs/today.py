"""A rep's day: who is ready to be asked, for whom, and what is owed (the playbook's *when*).

For each client of the rep (a won deal or the client tier): a deal closed in the last
``agree_within_days`` without an agreement is a relationship to **agree**, not an ask; once the
client has seen results (a milestone, or ``ready_after_days`` after the close) they are **ready**,
and the line names the best person they can introduce (their own contacts the rep does not know,
the most senior and best known first, or those who fit the buyer profile); a client asked in the
last ``between_asks_days``, over the ask budget, or owed a thank-you first is **not yet**, with
until when. The follow-ups due and the favours owed come from the ledger. Rules and windows are
in weights.toml ``[moment]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pathfinder.identity.companies import company_key
from pathfinder.identity.lookup import find_member, match_people
from pathfinder.jobs import ledger
from pathfinder.model import IntroRow, PersonRow
from pathfinder.ranking.policy import Insiders, Ranking
from pathfinder.ranking.profile import Profile
from pathfinder.ranking.relationship import relationship
from pathfinder.ranking.routes import Holds

#: the order a rep works the list in
ORDER = ("follow-up", "agree", "ask", "owed", "not yet")


@dataclass(frozen=True)
class Line:
    kind: str  # one of ORDER
    rep: str
    person: str  # the client, introducer or whom a follow-up is to
    why: str
    action: str  # the command that does it
    target: str = ""  # for an ask: the person to name
    until: str = ""  # for "not yet": the day it changes
    target_id: str = ""

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _quote(name: str) -> str:
    return '"' + name.replace('"', "") + '"'


def _clients(ranking: Ranking, rep: PersonRow) -> list[tuple[PersonRow, str, dict[str, str]]]:
    """The rep's clients: (person, the last close date, {"milestone": date, "agreed": date}). A
    client is a won deal or the client tier on the tie, or a sale through an introduction (closed
    the day it was won)."""
    store = ranking.store
    won: dict[int, str] = {}
    for r in store.intro_rows():
        row = IntroRow(*r)
        if row.rep_n == rep.n and row.status == "won":
            won[row.target_n] = max(won.get(row.target_n, ""), row.updated_at[:10])
    others = sorted({o for o, _, _ in store.ties_of(rep.n, limit=100_000)} | set(won))
    pairs = [(min(rep.n, o), max(rep.n, o)) for o in others]
    evidence = store.evidence_of(pairs)
    people = store.people(others)
    out = []
    for other, pair in zip(others, pairs):
        found = relationship(evidence.get(pair, [])).fact("client")
        if found is None and other not in won:
            continue
        closed = max([ev.date or "" for ev in (found.evidence if found else ())] + [won.get(other, "")])
        marks = {ev.kind: str(ev.data.get("on") or ev.date or "") for ev in evidence.get(pair, [])
                 if ev.kind in ("milestone", "agreed")}
        out.append((people[other], closed, marks))
    return sorted(out, key=lambda c: (c[1], c[0].name), reverse=True)


def _best_person(ranking: Ranking, client: PersonRow, skip: set[int], wanted: Profile | None) -> PersonRow | None:
    """The person the client can best introduce: their contact not in ``skip`` (the rep's own
    contacts, the team, people introduced already); the best fit to the profile (or the most
    senior), then the best known to the client; never one the client barely knows at a company
    where the team knows someone well (the rep starts with them)."""
    store = ranking.store
    ties = [(o, t) for o, t, usable in store.ties_of(client.n, limit=100_000) if usable and o not in skip]
    people = store.people(o for o, _ in ties)
    scored = []
    for o, trust in ties:
        p = people[o]
        if wanted is not None and not wanted.empty:
            if not wanted.matches(p.title, p.seniority, p.functions, p.company, p.location):
                continue
            fit = 1.0
        else:
            fit = ranking.level_fit(p.seniority)
        scored.append((-fit * trust, p.name, p))
    insiders = Insiders(ranking)
    for _, _, p in sorted(scored, key=lambda s: (s[0], s[1])):
        if not _past_insider(ranking, insiders, client, p):
            return p
    return None


def _past_insider(ranking: Ranking, insiders: Insiders, client: PersonRow, person: PersonRow) -> bool:
    """Would the client bring the rep to ``person`` from outside their company along a cold tie,
    while the team knows someone there well?"""
    key = company_key(person.company)
    if not key or company_key(client.company) == key:
        return False
    pair = (min(client.n, person.n), max(client.n, person.n))
    if relationship(ranking.store.evidence_of([pair])[pair]).band != "cold":
        return False  # the client knows them well: worth asking even so
    return insiders.someone_else(person.company, person.id) is not None


def _handle(ranking: Ranking, person: PersonRow) -> str:
    """How a command names the person: their name when it is theirs alone, else their id."""
    return person.name if len(match_people(ranking.store, person.name)) == 1 else person.id


def _plus(day: str, days: int) -> date:
    return date.fromisoformat(day[:10]) + timedelta(days=days)


def day_list(ranking: Ranking, *, rep: str | None, today: date, profile: str | None = None) -> list[Line]:
    """See :meth:`pathfinder.api.PathFinder.today`."""
    store = ranking.store
    rules = ranking.weights["moment"]
    members = [find_member(store, rep)] if rep else \
        [p for n, p in sorted(store.people(n for n, role in store.team().items() if role == "member").items())]
    wanted = Profile.from_file(profile) if profile else None
    rows = [IntroRow(*r) for r in store.intro_rows()]
    holds = ranking.holds()
    lines: list[Line] = []
    for member in members:
        lines += _client_lines(ranking, member, rows, holds, rules, today, wanted)
    names = {m.name for m in members}
    rep_of = {i.id: i.rep for i in ledger.intros(store)}
    for f in ledger.followups(store, today=today):
        if rep_of.get(f.intro_id) in names:
            lines.append(Line("follow-up", rep_of[f.intro_id], f.to, f"{f.kind} (due {f.due})",
                              f"pathfinder followups --done {f.intro_id} {_quote(f.kind)}"))
    for owed in ledger.reciprocity_owed(store):
        if owed["rep"] in names:
            ideas = f"; they might like to meet {', '.join(owed['ideas'])}" if owed["ideas"] else ""
            lines.append(Line("owed", owed["rep"], owed["introducer"],
                              f"made {owed['introductions_given']} introduction(s) for you, the last on "
                              f"{owed['last'][:10]}, and had nothing back yet{ideas}",
                              "pathfinder followups --all"))
    return sorted(lines, key=lambda line: (ORDER.index(line.kind), line.rep, line.until, line.person))


def _client_lines(ranking: Ranking, rep: PersonRow, rows: list[IntroRow], holds: Holds,
                  rules: dict[str, Any], today: date, wanted: Profile | None) -> list[Line]:
    out: list[Line] = []
    resting = holds.resting
    # never named: the rep's own contacts, the team, and people someone was introduced to already
    skip = {o for o, _, _ in ranking.store.ties_of(rep.n, limit=100_000)} | set(ranking.store.team()) \
        | set(holds.introduced) | {rep.n}
    asked: dict[int, str] = {}
    for r in rows:
        if r.rep_n == rep.n and not r.earned:
            asked[r.introducer_n] = max(asked.get(r.introducer_n, ""), r.created_at)
    for client, closed, marks in _clients(ranking, rep):
        name = client.name
        if closed and _plus(closed, int(rules["agree_within_days"])) >= today and "agreed" not in marks:
            out.append(Line("agree", rep.name, name, f"the deal closed on {closed}: agree a referral-based "
                            "relationship now; ask for introductions once they have seen results",
                            f"pathfinder agreed {_quote(name)} --from {_quote(rep.name)}"))
            continue
        ready_on = date.fromisoformat(marks["milestone"][:10]) if marks.get("milestone") else \
            _plus(closed, int(rules["ready_after_days"])) if closed else today
        if ready_on > today:
            out.append(Line("not yet", rep.name, name, f"no results seen yet (closed {closed}; record a milestone "
                            "when they are)", f"pathfinder milestone {_quote(name)} \"went live\"",
                            until=ready_on.isoformat()))
            continue
        if client.n in asked and _plus(asked[client.n], int(rules["between_asks_days"])) > today:
            until = _plus(asked[client.n], int(rules["between_asks_days"]))
            out.append(Line("not yet", rep.name, name, f"asked on {asked[client.n][:10]}: don't lean on them",
                            "", until=until.isoformat()))
            continue
        if client.n in resting:
            hold = resting[client.n]
            out.append(Line("not yet", rep.name, name, hold.reason, "", until=hold.until or ""))
            continue
        best = _best_person(ranking, client, skip, wanted)
        if best is None:
            continue
        role = ", ".join(x for x in (best.title, best.company) if x)
        why = f"a client since {closed}" + (f", results seen {marks['milestone']}" if marks.get("milestone") else "")
        out.append(Line("ask", rep.name, name, f"{why}: ask for one introduction, to {best.name}"
                        + (f" ({role})" if role else ""),
                        f"pathfinder ask --to {_quote(_handle(ranking, best))} --via {_quote(_handle(ranking, client))} "
                        f"--from {_quote(rep.name)}",
                        target=best.name, target_id=best.id))
    return out


def timing_stats(ranking: Ranking) -> dict[str, Any]:
    """Whether the timing rules pay off: the asks made to clients at the right moment (results
    seen, not too soon after the last ask) against those made too early or too soon, with how far
    each got; and the days from an agreement at the close to that client's first introduction."""
    store = ranking.store
    rules = ranking.weights["moment"]
    rows = sorted((IntroRow(*r) for r in store.intro_rows()), key=lambda r: r.created_at)
    reached = ("introduced", "met", "opportunity", "won", "lost")
    table: dict[str, dict[str, int]] = {}
    waits: list[int] = []
    moments: dict[tuple[int, int], tuple[str, dict[str, str]] | None] = {}
    clients_of: dict[int, list[tuple[PersonRow, str, dict[str, str]]]] = {}
    last_ask: dict[tuple[int, int], str] = {}
    first_intro: set[tuple[int, int]] = set()
    for r in rows:
        pair = (r.rep_n, r.introducer_n)
        if pair not in moments:
            if r.rep_n not in clients_of:
                clients_of[r.rep_n] = _clients(ranking, store.people([r.rep_n])[r.rep_n])
            moments[pair] = next(((closed, marks) for client, closed, marks in clients_of[r.rep_n]
                                  if client.n == r.introducer_n), None)
        moment = moments[pair]
        asked_on = r.created_at[:10]
        if r.earned:
            timing = "earned (not asked)"
        elif moment is None:
            timing = "not a client"
        else:
            closed, marks = moment
            ready = marks["milestone"][:10] if marks.get("milestone") else \
                (_plus(closed, int(rules["ready_after_days"])).isoformat() if closed else asked_on)
            if asked_on < ready:
                timing = "too early (before results)"
            elif pair in last_ask and _plus(last_ask[pair], int(rules["between_asks_days"])).isoformat() > asked_on:
                timing = "too soon after the last ask"
            else:
                timing = "at the right moment"
            if marks.get("agreed") and r.status in reached and pair not in first_intro:
                first_intro.add(pair)
                waits.append((date.fromisoformat(asked_on) - date.fromisoformat(marks["agreed"][:10])).days)
        if not r.earned:
            last_ask[pair] = asked_on
        t = table.setdefault(timing, {"asks": 0, "introduced": 0, "won": 0})
        t["asks"] += 1
        t["introduced"] += r.status in reached
        t["won"] += r.status == "won"
    by_timing = [{"key": k, **v, "introduced_rate": round(v["introduced"] / max(1, v["asks"]), 3)}
                 for k, v in sorted(table.items())]
    return {"by_timing": by_timing, "days_from_agreement_to_first_introduction": sorted(waits)}
