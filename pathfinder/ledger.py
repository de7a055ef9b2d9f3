"""The introductions ledger: every ask and what became of it, and the follow-ups it owes.

An introduction moves through ``asked`` → ``accepted`` / ``declined`` → ``introduced`` → ``met``
→ ``opportunity`` → ``won`` / ``lost``; each step is kept with its date. An *earned*
introduction is one the introducer made without being asked. The ledger feeds back into the
ranking: an introducer already asked too often lately, or who declined twice, is not suggested;
routes already asked are marked.

The playbook's three follow-ups, drafted and scheduled from the ledger: thank the introducer
within a day of the introduction, report back after meeting the new contact, and thank them again
when it becomes a sale; and, a week after an introduction, an offer to return the favour. The
reciprocity owed lists introducers who have given and not yet received, with people from the
rep's own network they might want to meet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .errors import PathfinderError
from .sqlite_store import SQLiteStore

STATUSES = ("asked", "accepted", "declined", "introduced", "met", "opportunity", "won", "lost")
#: which statuses may follow which (a later step may skip ones in between)
_ORDER = {s: i for i, s in enumerate(STATUSES)}


@dataclass(frozen=True)
class Intro:
    id: int
    rep: str
    introducer: str
    target: str
    status: str
    earned: bool
    created_at: str
    updated_at: str
    tier: str
    history: tuple[tuple[str, str, str], ...]  # (status, date, note)

    def as_json(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["history"] = [{"status": s, "at": at, "note": note} for s, at, note in self.history]
        return d


@dataclass(frozen=True)
class FollowUp:
    intro_id: int
    due: str
    to: str
    kind: str  # "thank", "report back", "thank for the sale"
    draft: str

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def record(store: SQLiteStore, rep_n: int, introducer_n: int, target_n: int, *, earned: bool = False,
           status: str = "asked", at: date | None = None, tier: str = "", note: str = "") -> int:
    when = (at or date.today()).isoformat()
    with store.write():
        cur = store.db.execute(
            "INSERT INTO intros (rep_n, introducer_n, target_n, earned, status, created_at, updated_at, tier) "
            "VALUES (?,?,?,?,?,?,?,?)", (rep_n, introducer_n, target_n, int(earned), status, when, when, tier))
        intro_id = int(cur.lastrowid or 0)
        store.db.execute("INSERT INTO intro_events (intro_id, status, at, note) VALUES (?,?,?,?)",
                         (intro_id, status, when, note))
        store.bump_generation()
    return intro_id


def update(store: SQLiteStore, intro_id: int, status: str, *, at: date | None = None, note: str = "") -> None:
    """Move an introduction to ``status``.

    Raises:
        PathfinderError: unknown id or status, or a step backwards (e.g. ``met`` after ``won``).
    """
    if status not in STATUSES:
        raise PathfinderError(f"unknown status {status!r}; one of: {', '.join(STATUSES)}")
    row = store.db.execute("SELECT status FROM intros WHERE id=?", (intro_id,)).fetchone()
    if row is None:
        raise PathfinderError(f"no introduction #{intro_id} in the ledger (see `pathfinder intros`)")
    if row[0] in ("declined", "won", "lost") or _ORDER[status] < _ORDER[row[0]]:
        raise PathfinderError(f"introduction #{intro_id} is {row[0]}; it cannot become {status}")
    when = (at or date.today()).isoformat()
    with store.write():
        store.db.execute("UPDATE intros SET status=?, updated_at=? WHERE id=?", (status, when, intro_id))
        store.db.execute("INSERT INTO intro_events (intro_id, status, at, note) VALUES (?,?,?,?)",
                         (intro_id, status, when, note))
        store.bump_generation()


def intros(store: SQLiteStore, *, status: str | None = None) -> list[Intro]:
    rows = store.db.execute(
        "SELECT i.id, r.name, x.name, t.name, i.status, i.earned, i.created_at, i.updated_at, i.tier "
        "FROM intros i JOIN people r ON r.n=i.rep_n JOIN people x ON x.n=i.introducer_n "
        "JOIN people t ON t.n=i.target_n" + (" WHERE i.status=?" if status else "") + " ORDER BY i.id",
        (status,) if status else ()).fetchall()
    out = []
    for row in rows:
        history = tuple(store.db.execute("SELECT status, at, note FROM intro_events WHERE intro_id=? ORDER BY id",
                                         (row[0],)).fetchall())
        out.append(Intro(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7], row[8], history))
    return out


def over_budget(store: SQLiteStore, *, limit: int, window_days: int, decline_limit: int,
                today: date | None = None) -> set[int]:
    """Introducers not to ask now: asked ``limit`` times or more, or declined ``decline_limit``
    times or more, within the window."""
    since = ((today or date.today()) - timedelta(days=window_days)).isoformat()
    asked = {n for n, count in store.db.execute(
        "SELECT introducer_n, COUNT(*) FROM intros WHERE NOT earned AND created_at >= ? GROUP BY introducer_n",
        (since,)) if count >= limit}
    declined = {n for n, count in store.db.execute(
        "SELECT i.introducer_n, COUNT(*) FROM intro_events e JOIN intros i ON i.id=e.intro_id "
        "WHERE e.status='declined' AND e.at >= ? GROUP BY i.introducer_n", (since,)) if count >= decline_limit}
    return asked | declined


def open_routes(store: SQLiteStore) -> dict[tuple[int, int], tuple[str, str]]:
    """(introducer, target) → (status, since) for every route already in the ledger."""
    return {(x, t): (s, at) for x, t, s, at in store.db.execute(
        "SELECT introducer_n, target_n, status, updated_at FROM intros ORDER BY id")}


def followups(store: SQLiteStore, *, today: date | None = None, include_later: bool = False) -> list[FollowUp]:
    """The follow-ups due by ``today`` (or all of them, with ``include_later``), oldest first:
    thank within a day of the introduction; report back after the meeting; thank for a sale."""
    today = today or date.today()
    due: list[FollowUp] = []
    for intro in intros(store):
        dates = {status: at for status, at, note in intro.history if not note.startswith("followup:")}
        done = {note.removeprefix("followup:") for _, _, note in intro.history if note.startswith("followup:")}
        first = intro.introducer.split()[0]
        target_first = intro.target.split()[0]
        plan = []
        if "introduced" in dates:
            plan.append(("thank", _plus(dates["introduced"], 1),
                         f"Hi {first}, thank you for introducing me to {intro.target} - I really appreciate "
                         f"you making the time. I'll let you know how our conversation goes."))
        if "met" in dates:
            plan.append(("report back", _plus(dates["met"], 1),
                         f"Hi {first}, a quick update: {target_first} and I met on {dates['met']}. It went "
                         f"well, thanks to your introduction. Is there anyone I can introduce you to in return?"))
        if "won" in dates:
            plan.append(("thank for the sale", _plus(dates["won"], 1),
                         f"Hi {first}, some good news: {intro.target}'s team decided to work with us. It all "
                         f"started with your introduction - thank you. If I can ever return the favour, just ask."))
        if "introduced" in dates:
            plan.append(("return the favour", _plus(dates["introduced"], 7),
                         f"Hi {first}, you were generous to introduce me to {intro.target}. I'd like to return "
                         "the favour: is there someone you'd like to meet? Happy to make an introduction."))
        for kind, when, text in plan:
            if kind in done or (not include_later and when > today.isoformat()):
                continue
            due.append(FollowUp(intro.id, when, intro.introducer, kind, text))
    return sorted(due, key=lambda f: (f.due, f.intro_id))


def reciprocity_owed(store: SQLiteStore, *, limit: int = 3) -> list[dict[str, Any]]:
    """Introducers who made introductions for the team and have not had one back yet, with people
    from the rep's own network they might want to meet (the same function, at another company)."""
    owed = []
    rows = store.db.execute(
        "SELECT i.introducer_n, i.rep_n, COUNT(*), MAX(i.updated_at) FROM intros i WHERE i.status IN "
        "('introduced', 'met', 'opportunity', 'won', 'lost') AND NOT EXISTS (SELECT 1 FROM intro_events e "
        "JOIN intros j ON j.id = e.intro_id WHERE j.introducer_n = i.introducer_n AND e.note = 'followup:return the favour') "
        "GROUP BY i.introducer_n, i.rep_n").fetchall()
    for introducer_n, rep_n, given, last in rows:
        people = store.people([introducer_n, rep_n])
        introducer = people[introducer_n]
        functions = {f for f in introducer.functions.split(",") if f}
        ideas = []
        for a, b, trust in store.db.execute(
                "SELECT a, b, trust FROM ties WHERE (a=? OR b=?) AND trust >= 0.4 ORDER BY trust DESC LIMIT 500",
                (rep_n, rep_n)):
            other = store.people([b if a == rep_n else a]).popitem()[1]
            if other.n == introducer_n or not other.company or other.company == introducer.company:
                continue
            if functions & {f for f in other.functions.split(",") if f}:
                ideas.append(f"{other.name} ({', '.join(x for x in (other.title, other.company) if x)})")
            if len(ideas) >= limit:
                break
        owed.append({"introducer": introducer.name, "rep": people[rep_n].name, "introductions_given": given,
                     "last": last, "ideas": ideas})
    return owed


def mark_followup_done(store: SQLiteStore, intro_id: int, kind: str, at: date | None = None) -> None:
    with store.write():
        store.db.execute("INSERT INTO intro_events (intro_id, status, at, note) "
                         "SELECT id, status, ?, ? FROM intros WHERE id=?",
                         ((at or date.today()).isoformat(), f"followup:{kind}", intro_id))


def stats(store: SQLiteStore) -> dict[str, Any]:
    """Asked versus earned introductions and how far each got, by relationship tier, by
    introducer and by rep: what asking actually yields."""
    reached = ("introduced", "met", "opportunity", "won", "lost")

    def group(column: str) -> list[dict[str, Any]]:
        rows = store.db.execute(
            f"SELECT {column}, earned, status, COUNT(*) FROM intros i JOIN people r ON r.n=i.rep_n "
            f"JOIN people x ON x.n=i.introducer_n GROUP BY 1, 2, 3").fetchall()
        table: dict[str, dict[str, int]] = {}
        for key, earned, status, count in rows:
            t = table.setdefault(key or "(unknown)", {"asked": 0, "earned": 0, "declined": 0, "introduced": 0,
                                                       "met": 0, "won": 0})
            t["earned" if earned else "asked"] += count
            if status == "declined":
                t["declined"] += count
            if status in reached:
                t["introduced"] += count
            if status in ("met", "opportunity", "won", "lost"):
                t["met"] += count
            if status == "won":
                t["won"] += count
        return [{"key": k, **v, "introduced_rate": round(v["introduced"] / max(1, v["asked"] + v["earned"]), 3)}
                for k, v in sorted(table.items())]

    return {"by_tier": group("i.tier"), "by_introducer": group("x.name"), "by_rep": group("r.name")}


def _plus(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()
