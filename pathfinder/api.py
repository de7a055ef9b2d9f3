"""The Python API: ``pathfinder.open(store)`` returns a :class:`PathFinder`.

Every CLI command is one method here, with keyword names equal to the CLI options
(``--max-hops`` → ``max_hops``; ``--from`` → ``from_``, since ``from`` is a Python keyword).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pathfinder.errors import AccountNotFound, ExportFormatError, PathfinderError
from pathfinder.identity.keys import name_key
from pathfinder.identity.lookup import find_member, find_person
from pathfinder.lazy import lazy_names
from pathfinder.model import PersonRow, ScoredPath
from pathfinder.ranking.policy import MAX_HOPS_LIMIT, Ranking
from pathfinder.ranking.trust import Weights, load_weights
from pathfinder.store import NEO4J_SCHEMES, open_store
from pathfinder.store.protocol import Store

if TYPE_CHECKING:  # imported when first used: a command loads only what it needs
    from pathfinder.jobs import ledger
    from pathfinder.jobs.asking import AskPlan
    from pathfinder.ranking.coverage import Coverage
    from pathfinder.ranking.index import SearchIndex
    from pathfinder.ranking.prospecting import Prospect
    from pathfinder.records import Extraction, ImportSummary

#: names of this module that live in a module imported on first use (``api.STATUSES``…)
_LATER = {"ImportItem": "pathfinder.importers.reading", "read_manifest": "pathfinder.importers.reading",
          "STATUSES": "pathfinder.jobs.ledger", "FOLLOWUP_KINDS": "pathfinder.jobs.ledger",
          "AskPlan": "pathfinder.jobs.asking", "playbook_warnings": "pathfinder.jobs.ask",
          "Coverage": "pathfinder.ranking.coverage", "Prospect": "pathfinder.ranking.prospecting",
          "EXCLUSIONS": "pathfinder.ranking.profile", "FUNCTIONS": "pathfinder.identity.titles",
          "SENIORITY_LEVELS": "pathfinder.identity.titles"}


__getattr__ = lazy_names(globals(), _LATER)


class PathFinder:
    """A team's warm-introduction graph. Use as a context manager, or call :meth:`close`."""

    def __init__(self, store: Store, *, weights: Weights | None = None, as_of: date | None = None) -> None:
        self.store = store
        self.weights = weights or load_weights()
        self.as_of = as_of
        self.ranking = Ranking(store, self.weights, as_of)

    def __enter__(self) -> PathFinder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # --- import -----------------------------------------------------------------------------

    def import_file(self, path: str | os.PathLike[str], *, owner: str = "", connector: bool = False,
                    new_member: bool = False, format: str | None = None, encoding: str | None = None,
                    mapping: dict[str, str] | None = None, dry_run: bool = False,
                    strict: bool = False) -> ImportSummary:
        """Import one export file for ``owner`` (a team member: a name, email, profile URL or
        "Name <email>"; or with ``connector`` someone outside the team whose network is reachable
        through them). An export that says whose it is (a LinkedIn archive) needs no ``owner``.
        A name close to a team member's is refused as a likely typo unless ``new_member``.
        Idempotent.

        Raises:
            ExportFormatError: the file cannot be read as the format (names file and line).
            NotOnTeam: the owner's name is close to a member's (see ``new_member``).
        """
        from pathfinder.importers.reading import read_export
        extraction, fingerprint = read_export(path, format=format, encoding=encoding, mapping=mapping)
        return self._store_export(extraction, fingerprint, owner=owner, connector=connector, new_member=new_member,
                                  dry_run=dry_run, strict=strict)

    def import_files(self, files: Iterable[tuple[Any, ...]], *, connector: bool = False,
                     format: str | None = None, encoding: str | None = None,
                     mapping: dict[str, str] | None = None, dry_run: bool = False,
                     strict: bool = False) -> Iterator[tuple[Path, ImportSummary | Exception]]:
        """Import several exports, each for its owner: ``[(path, owner), ...]``, or
        ``(path, owner, connector[, new_member])`` to say it per file (:func:`read_manifest` reads
        such a list from a CSV). In order and one transaction each: the same as :meth:`import_file`
        on each, but the next exports are read in a second process while one is stored. Yields each
        path with its summary, or with the error that stopped that file (the others go on)."""
        from pathfinder.importers.reading import ImportItem, read_exports
        items = [ImportItem(Path(item[0]), item[1], bool(item[2]) if len(item) > 2 else connector,
                            bool(item[3]) if len(item) > 3 else False) for item in files]
        reads = read_exports([item.path for item in items], format=format, encoding=encoding, mapping=mapping)
        with closing(reads):
            for (path, owner, as_connector, new_member), read in zip(items, reads):
                if isinstance(read, Exception):
                    yield path, read
                    continue
                try:
                    summary = self._store_export(*read, owner=owner, connector=as_connector, new_member=new_member,
                                                 dry_run=dry_run, strict=strict)
                except (PathfinderError, ValueError) as exc:
                    yield path, exc
                    continue
                yield path, summary

    def _store_export(self, extraction: Extraction, fingerprint: str, *, owner: str, connector: bool,
                      new_member: bool, dry_run: bool, strict: bool) -> ImportSummary:
        if strict and extraction.problems:
            first = extraction.problems[0]
            raise ExportFormatError(first.path, f"{first.message} (and {len(extraction.problems) - 1} "
                                    "more row problems; --strict makes any row problem an error)", first.line)
        from pathfinder.jobs.ingest import import_extraction
        summary = import_extraction(self.store, extraction, owner=owner, role="connector" if connector else "member",
                                    sha256=fingerprint, weights=self.weights, as_of=self.as_of,
                                    new_member=new_member, dry_run=dry_run)  # the index is rebuilt when next used
        if dry_run:
            summary.notes.append("dry run: these are the changes it would make; nothing was changed")
        return summary

    # --- index ------------------------------------------------------------------------------

    @property
    def index_path(self) -> Path:
        return self.ranking.index_path

    def refresh_index(self, *, full: bool = False) -> SearchIndex:
        """Bring the search index up to date and save it beside the store: from what changed since
        it was built when the store keeps that log, else (or with ``full``) rebuilt from every tie."""
        return self.ranking.refresh_index(full=full)

    @property
    def index(self) -> SearchIndex:
        return self.ranking.index

    # --- people -----------------------------------------------------------------------------

    def person(self, query: str, *, team_first: bool = False) -> PersonRow:
        """The person ``query`` names: an id, email, profile URL or name as people type it ("ken
        lay", "Lay, Kenneth"). With ``team_first``, a name shared by one team member and others
        means the member.

        Raises:
            PersonNotFound, AmbiguousPerson: nobody, or several people (listed with their ids).
        """
        return find_person(self.store, query, team_first=team_first)

    def member(self, query: str) -> PersonRow:
        """The team member ``query`` names (a search starts from one, and only a member vouches).

        Raises:
            NotOnTeam: a connector, someone outside the team, or nobody (with close members).
            AmbiguousPerson: two members have that name.
        """
        return find_member(self.store, query)

    def team(self) -> list[Any]:
        """The team members and connectors, with their keys, how many exports and contacts each
        brought, and the people a member given by name could still be."""
        from pathfinder.identity.team import roster
        return roster(self.store)

    def add_team_key(self, member: str, key: str) -> str:
        """Say that ``key`` (an email, a profile URL, a CRM record, or a person's id) is team member
        ``member``'s own: whoever has it is merged into the member. Returns what was done."""
        from pathfinder.jobs.merging import add_team_key
        return add_team_key(self.store, self.person(member, team_first=True), key, self.weights, self.as_of)

    def people(self, query: str, *, limit: int = 10) -> list[PersonRow]:
        """People whose name or company contains ``query`` (an empty one: everyone, the best
        known first; one of only punctuation, such as ``%``: nobody)."""
        folded = name_key(query)
        if query.strip() and not folded:
            return []
        return self.store.search_people(folded, limit=limit)

    def suggest(self, text: str, *, people: int = 6, accounts: int = 5, titles: int = 4) -> dict[str, list[Any]]:
        """What ``text`` may be as it is typed: people (best known first), accounts (as most
        people write them) with how many people work there, and titles with how many hold them."""
        from pathfinder.ranking.explain import suggestions
        return suggestions(self.store, text, people=people, accounts=accounts, titles=titles)

    def ties(self, person: str, *, limit: int = 200) -> list[dict[str, Any]]:
        """A person's ties, the most trusted first: the other person, the trust, whether it may be
        used in a path, and why it is trusted."""
        from pathfinder.ranking.explain import ties_with_reasons
        return ties_with_reasons(self.store, self.person(person).n, self.weights, self.as_of, limit=limit)

    def stats(self) -> dict[str, int]:
        return self.store.stats()

    @property
    def location(self) -> str:
        """Where the store is: its file, or its server's URL (never with credentials)."""
        url, database = getattr(self.store, "url", None), getattr(self.store, "database", None)
        if url is None:
            return str(self.store.path)
        return f"{url} (database {database})" if database else str(url)

    def explain_person(self, person: str) -> dict[str, Any]:
        """Who this person is across exports: keys, every file and line they were seen on and
        how each row was matched, and the merges that made them one person."""
        from pathfinder.identity.merges import explain_person
        return explain_person(self.store, self.person(person).n)

    def unmerge(self, person: str, *, key: str) -> str:
        """Split the rows that carried ``key`` (e.g. ``email:dana@old.example``) off ``person``
        into a person of their own, and keep the two apart from now on. Returns the new id."""
        from pathfinder.jobs.merging import unmerge
        return unmerge(self.store, self.person(person).n, key, self.weights, self.as_of)

    # --- the team's own word ------------------------------------------------------------------

    def vouch(self, a: str, b: str, *, strength: float | None = None, note: str | None = None,
              undo: bool = False) -> None:
        """``a`` (a team member) vouches that their tie to ``b`` is strong (``undo`` withdraws it)."""
        pa, pb = self.member(a), self.person(b)
        data: dict[str, object] = {"by": pa.name}
        if strength is not None:
            if not 0 < strength < 1:
                raise PathfinderError(f"`strength` must be between 0 and 1 (got {strength})")
            data["strength"] = strength
        if note:
            data["note"] = note
        from pathfinder.jobs.manual import set_manual
        set_manual(self.store, pa.n, pa.n, pb.n, "vouch", None if undo else data, self.weights, self.as_of)

    def do_not_ask(self, a: str, b: str, *, undo: bool = False) -> None:
        """Never use the tie between ``a`` and ``b`` in a path (``undo`` allows it again)."""
        pa, pb = self.person(a, team_first=True), self.person(b)
        from pathfinder.jobs.manual import set_manual
        set_manual(self.store, pa.n, pa.n, pb.n, "do_not_ask", None if undo else {"by": pa.name}, self.weights,
                   self.as_of)

    def milestone(self, client: str, what: str = "results seen", *, from_: str | None = None,
                  on: date | None = None, undo: bool = False) -> None:
        """The client has seen the results they bought (``what``, e.g. "went live"): from then on
        they may be asked for an introduction (see :meth:`today`)."""
        self._moment(client, "milestone", {"what": what}, from_, on, undo)

    def agreed(self, client: str, *, from_: str | None = None, on: date | None = None, undo: bool = False) -> None:
        """At the close, the client agreed a referral-based relationship: happy to introduce the
        rep to others like them once they see results."""
        self._moment(client, "agreed", {}, from_, on, undo)

    def _moment(self, client: str, kind: str, data: dict[str, object], from_: str | None, on: date | None,
                undo: bool) -> None:
        person = self.person(client)
        if from_:
            rep = self.member(from_)
        else:  # the teammate who knows the client best
            members = {n for n, role in self.store.team().items() if role == "member"}
            knows = sorted((t, o) for o, t, _ in self.store.ties_of(person.n, limit=100_000) if o in members)
            if not knows:
                raise PathfinderError(f"Nobody on the team knows {person.name}; say whose client with `from_`.")
            rep = self.store.people([knows[-1][1]])[knows[-1][1]]
        from pathfinder.jobs.manual import set_manual
        set_manual(self.store, rep.n, rep.n, person.n, kind,
                   None if undo else {**data, "by": rep.name, "on": (on or self.as_of or date.today()).isoformat()},
                   self.weights, self.as_of)

    def today(self, *, from_: str | None = None, on: date | None = None,
              profile: str | os.PathLike[str] | None = None) -> list[Any]:
        """A rep's list for the day (``from_``; the whole team without it): relationships to agree
        with clients who just signed, clients ready to be asked with the one person to name, the
        follow-ups due, favours owed, and who is not to be asked yet and until when."""
        from pathfinder.jobs.today import day_list
        return day_list(self.ranking, rep=from_, today=on or self.as_of or date.today(),
                        profile=str(profile) if profile else None)

    def profile_card(self, profile: str | os.PathLike[str], *, from_: str | None = None) -> Any:
        """The "people I'd love to meet" card to share with a client, from a buyer profile file
        (titles, seniority, functions, accounts, locations, problem); ``from_``: whose card."""
        from pathfinder.jobs.profile_card import profile_card
        from pathfinder.ranking.profile import Profile
        rep = self.member(from_) if from_ else None
        return profile_card(Profile.from_file(profile), rep.name if rep else "", rep.company if rep else "")

    def never_use(self, person: str, *, undo: bool = False) -> None:
        """``person`` is never asked to make an introduction ("never use my name")."""
        self.store.set_no_intro(self.person(person).n, not undo)

    def explain(self, *, from_: str, to: str) -> dict[str, Any]:
        """Every piece of evidence behind the tie ``from_``–``to`` and what it contributes; when
        they have no tie of their own, the same for each hop of the best path between them."""
        from pathfinder.ranking.explain import explain_tie, pair_evidence
        a, b = self.person(from_, team_first=True), self.person(to)
        if pair_evidence(self.store, a.n, b.n):
            return {"from": a.name, "to": b.name, "direct": True, "hops": [explain_tie(self.store, a, b, self.weights, self.as_of)]}
        found = self.paths(to=to, from_=from_, top=1)
        hops = []
        if found:
            for hop in found[0].hops:
                hops.append(explain_tie(self.store, self.person(hop.source.id), self.person(hop.target.id), self.weights,
                                          self.as_of))
        return {"from": a.name, "to": b.name, "direct": False,
                "score": round(found[0].score, 6) if found else 0.0, "hops": hops}

    def paths(self, *, to: str | None = None, account: str | None = None, title: str | None = None,
              from_: str | None = None, top: int = 5, max_hops: int = 3,
              per_target: int | None = None) -> list[ScoredPath]:
        """The most trusted paths to a person (``to``) or to anyone at ``account`` (optionally with
        ``title``), at most one per introducer, best first. An empty list means no path.

        Raises:
            PersonNotFound, AmbiguousPerson, AccountNotFound: the target or source is unknown.
            PathfinderError: both ``to`` and ``account`` (one question at a time).
        """
        if to and account:
            raise PathfinderError(f"`to` names one person ({to!r}) and `account` everyone at {account!r}: ask one "
                                  "of the two questions")
        return self.ranking.paths(to=to, account=account, title=title, from_=from_, top=top, max_hops=max_hops,
                                  per_target=per_target)

    def prospects(self, *, title: str | list[str] | None = None, account: str | list[str] | None = None,
                  seniority: list[str] | None = None, function: list[str] | None = None,
                  location: list[str] | None = None, exclude: list[str] | None = None,
                  profile: str | os.PathLike[str] | None = None, from_: str | None = None,
                  limit: int = 50, max_hops: int = 3) -> list[Prospect]:
        """Everyone reachable who fits the profile (options, a profile file, or both), ranked by
        the trust of their best path; ``exclude`` drops current clients and open opportunities."""
        from pathfinder.ranking.prospecting import find_prospects
        return find_prospects(self.ranking, title=title, account=account, seniority=seniority, function=function,
                              location=location, exclude=exclude, profile=profile, from_=from_, limit=limit,
                              max_hops=max_hops)

    def coverage(self, accounts: list[str], *, title: str | None = None, max_hops: int = 3,
                 candidates: list[str] | None = None, member_paths: int = 0) -> Coverage:
        """How the team's network covers target ``accounts``: per account the best path, the
        distinct introducers (one means single-introducer risk), each member's best path; per
        member their reach; the gaps; and whose network to add next (``candidates``: people to
        evaluate, default the team's closest contacts who have not shared an export)."""
        from pathfinder.ranking.coverage import build_coverage
        people = [self.person(c) for c in candidates] if candidates else None
        return build_coverage(self.ranking, accounts, title=title, max_hops=max_hops, candidates=people,
                              member_paths=member_paths)

    # --- the ask ----------------------------------------------------------------------------

    def ask(self, *, to: str | list[str] | None = None, account: str | None = None, title: str | None = None,
            via: str | None = None, from_: str | None = None, max_hops: int = 3, problem: str | None = None,
            profile: str | os.PathLike[str] | None = None, template: str | os.PathLike[str] | None = None,
            record: bool = False) -> AskPlan:
        """The introduction requests for the best paths to ``to`` (one or several people) or to
        the people at ``account`` (optionally with ``title``): one message per introducer, naming
        the best person to meet there (and at most two more if that is not the right person).
        Only introducers who trust the asker are asked: cold and held-back routes are skipped,
        with why; routes already in the ledger are not asked again. ``problem`` (or the
        ``profile`` file's ``problem`` key) says what the meeting is about. Each draft lists the
        evidence of every sentence that states a fact (``claims``).

        Raises:
            PathfinderError: nothing to ask (no path, only direct ties, already asked), with why.
        """
        from pathfinder.jobs.asking import plan_asks
        from pathfinder.ranking.profile import Profile
        if profile and not problem:
            problem = Profile.from_file(profile).problem
        return plan_asks(self.ranking, to=[to] if isinstance(to, str) else to, account=account, title=title, via=via,
                         from_=from_, max_hops=max_hops, problem=problem, template=template, record=record)

    # --- the introductions ledger -------------------------------------------------------------

    def record_intro(self, *, to: str, via: str, from_: str | None = None, earned: bool = False,
                     status: str = "asked", at: date | None = None, note: str = "") -> int:
        """Put an introduction in the ledger (an ask made, or with ``earned`` one offered
        unasked). ``from_`` defaults to the team member with the best path through ``via``."""
        from pathfinder.jobs.asking import record_intro
        return record_intro(self.ranking, to=to, via=via, from_=from_, earned=earned, status=status, at=at,
                            note=note)

    def update_intro(self, intro_id: int, status: str, *, at: date | None = None, note: str = "") -> None:
        """Move introduction ``intro_id`` to ``status`` (accepted, declined, introduced, met, …)."""
        from pathfinder.jobs import ledger
        ledger.update(self.store, intro_id, status, at=at, note=note)

    def intros(self, *, status: str | None = None) -> list[ledger.Intro]:
        from pathfinder.jobs import ledger
        return ledger.intros(self.store, status=status)

    def followups(self, *, today: date | None = None, all: bool = False) -> list[ledger.FollowUp]:  # noqa: A002
        """The follow-ups due today: thanks, reports back, thanks for a sale (``all``: upcoming too)."""
        from pathfinder.jobs import ledger
        return ledger.followups(self.store, today=today or self.as_of, include_later=all)

    def reciprocity(self) -> list[dict[str, Any]]:
        """Introducers owed an introduction back, with ideas from the rep's own network."""
        from pathfinder.jobs import ledger
        return ledger.reciprocity_owed(self.store)

    def followup_done(self, intro_id: int, kind: str) -> None:
        from pathfinder.jobs import ledger
        ledger.mark_followup_done(self.store, intro_id, kind, self.as_of)

    def intro_stats(self) -> dict[str, Any]:
        """Asked versus earned introductions and their outcomes, by tier, introducer and rep; and
        by timing (asked at the right moment, too early, too soon after the last ask) with the days
        from an agreement at the close to the first introduction."""
        from pathfinder.jobs import ledger
        from pathfinder.jobs.today import timing_stats
        return {**ledger.stats(self.store), **timing_stats(self.ranking)}

    # --- safety and privacy --------------------------------------------------------------------

    def check(self, *, rebuild_index: bool = False) -> dict[str, Any]:
        """Integrity and counts of the store and its index; ``ok`` is False with ``problems``.
        ``rebuild_index``: rebuild the search index from every tie first (it is brought up to date
        from what changed otherwise; a damaged one is rebuilt anyway)."""
        from pathfinder.jobs.check import check_store
        self.finish_forgetting()  # a forget that found the file busy left its compaction to do
        if rebuild_index:
            self.refresh_index(full=True)
            return {**check_store(self.store, self.ranking.index_path), "rebuilt": "rebuilt, as asked"}
        found = check_store(self.store, self.ranking.index_path)
        if found["index"]["damaged"]:  # not used as it is: rebuilt, and said
            self.refresh_index(full=True)
            found = {**check_store(self.store, self.ranking.index_path), "rebuilt": "it was damaged: rebuilt"}
        return found

    def backup(self, path: str | os.PathLike[str]) -> None:
        """A consistent copy of the store at ``path`` (readers may keep running). The store
        remembers it: :meth:`forget` names the backups that still hold a forgotten person."""
        from pathfinder.jobs.privacy import remember_backup
        self.store.backup(path)
        remember_backup(self.store, Path(path))

    def backups(self) -> list[Path]:
        """The backups made of this store that still exist (each holds the store as it was)."""
        from pathfinder.jobs.privacy import backups_made
        return backups_made(self.store)

    def export_person(self, person: str) -> dict[str, Any]:
        """Everything held about one person: identity, provenance, ties, evidence, ledger."""
        from pathfinder.jobs.privacy import export_person
        return export_person(self.store, self.person(person).n)

    def forget(self, person: str, *, undo: bool = False) -> dict[str, int]:
        """Remove ``person`` everywhere and keep them out of later imports. With ``undo``,
        ``person`` is the email, profile URL or "Name, Company" they had: lift the suppression."""
        from pathfinder.jobs.privacy import forget, forgotten_ref, unforget
        if undo:
            return {"lifted": unforget(self.store, forgotten_ref(person))}
        counts = forget(self.store, self.person(person).n)
        self.refresh_index(full=True)  # both index files written anew: nothing of theirs is left in the old rows
        return counts

    def finish_forgetting(self) -> bool:
        """Compact the store if a :meth:`forget` could not (another process was reading it):
        True when there was something to finish."""
        from pathfinder.jobs.privacy import finish_pending
        return finish_pending(self.store)

    def migrate(self, *, to: str, database: str | None = None) -> dict[str, int]:
        """Copy this whole store into the empty store ``to`` (a file, or a Neo4j URL); how many
        rows of each kind were copied."""
        from pathfinder.jobs.migrate import migrate
        destination = open_store(to, database=database)
        try:
            return migrate(self.store, destination)
        finally:
            destination.close()

    def init_schema(self) -> None:
        """Create the Neo4j store's constraints and indexes (each only if missing; the embedded
        store makes its tables when the file is created)."""
        self.store.init_schema()

    # --- the graph users take away ----------------------------------------------------------

    def to_networkx(self) -> Any:
        """The whole trust graph as a ``networkx.Graph``: nodes are person ids with their
        attributes, edges carry ``trust`` and ``cost`` (``-log trust``)."""
        from pathfinder.ranking.graph import to_networkx
        return to_networkx(self.store)


def review_ask(text: str) -> list[str]:
    """What a request (or a template) does against the playbook: asks "who do you know?", says
    "referral", never asks for an introduction. Empty when it follows the playbook."""
    import re

    from pathfinder.jobs.ask import playbook_warnings
    warnings = playbook_warnings(text)
    if not re.search(r"\bintroduc", text, re.IGNORECASE):
        warnings.append("never asks for an introduction")
    return warnings


def read_text(path: str | os.PathLike[str]) -> str:
    """A text file a user hands over (an accounts list, a template, a draft): UTF-8 (with or
    without a BOM), UTF-16 with a BOM, else cp1252 as Excel writes it; never a decoding error.

    Raises:
        ExportFormatError: the file is not text (NUL bytes).
    """
    from pathfinder.importers._csv import decode
    return decode(Path(path).read_bytes(), path)


def formats() -> list[tuple[str, str]]:
    """The export formats the importers recognise: (name, what it is)."""
    from pathfinder.importers.registry import available_importers
    return [(imp.name, imp.title) for imp in available_importers()]


def missing_store(store: str | os.PathLike[str] | None = None) -> Path | None:
    """The file an embedded ``store`` would be, when there is none there yet (a typo in a path
    would otherwise open a new, empty store); None for a store that exists, or a server."""
    from pathfinder.store import missing_file_store
    return missing_file_store(store)


def open(store: str | os.PathLike[str] | None = None, *, weights: str | os.PathLike[str] | None = None,
         as_of: date | None = None, database: str | None = None) -> PathFinder:  # noqa: A001 - mirrors the CLI's --store
    """Open a store (default: ``$PATHFINDER_STORE`` or the user data directory).

    Company aliases come from the TOML file ``$PATHFINDER_COMPANY_ALIASES`` (canonical name =
    list of other names); when they change, the store's company keys are recomputed."""
    from pathfinder.identity.companies import read_company_aliases, rekey, set_company_aliases
    from pathfinder.jobs.upgrade import upgrade

    aliases_file = os.environ.get("PATHFINDER_COMPANY_ALIASES")
    aliases = read_company_aliases(aliases_file) if aliases_file else {}
    fingerprint = set_company_aliases(aliases)
    opened = open_store(store, database=database)
    try:
        rekey(opened, fingerprint)
        finder = PathFinder(opened, weights=load_weights(weights), as_of=as_of)
        upgrade(opened, finder.weights, as_of)  # the last steps of a schema upgrade
    except BaseException:
        opened.close()
        raise
    return finder


__all__ = ["PathFinder", "open", "AccountNotFound", "MAX_HOPS_LIMIT", "review_ask", "formats", "missing_store",
           "read_text", "NEO4J_SCHEMES", *_LATER]  # the names in _LATER come from __getattr__ on first use
