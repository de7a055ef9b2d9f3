"""Jobs on who is who, each one transaction with the trust of the ties it moves: undo a merge,
say a key is a team member's, and repair a store an earlier version made (its team duplicates)."""

from __future__ import annotations

from datetime import date

from pathfinder.identity.merges import split_key
from pathfinder.identity.resolve import Resolver
from pathfinder.identity.team import attach_key, reconcile, remapped
from pathfinder.model import PersonRow
from pathfinder.ranking.trust import Weights, rescore_or_drop
from pathfinder.records import ImportSummary
from pathfinder.store.protocol import Store


def unmerge(store: Store, n: int, key: str, weights: Weights, as_of: date | None = None) -> str:
    """Split the rows of person ``n`` that carried ``key`` into a person of their own, kept
    apart from now on; returns the new person's id."""
    with store.write():
        new, pairs = split_key(store, n, key)
        rescore_or_drop(store, pairs, weights, as_of)
        store.bump_generation()
        return store.people([new])[new].id


def add_team_key(store: Store, member: PersonRow, key: str, weights: Weights, as_of: date | None = None) -> str:
    """``key`` is team member ``member``'s own; whoever has it is merged into them. Returns what
    was done, in words."""
    with store.write():
        resolver = Resolver(store, ImportSummary(path="", format="", owner=member.name))
        said = attach_key(store, resolver, member, key)
        rescore_or_drop(store, remapped(resolver.moved_pairs, resolver.remap), weights, as_of)
        store.bump_generation()
    return said


def repair(store: Store, weights: Weights, as_of: date | None = None) -> int:
    """The step of a schema upgrade that needs the team rules: merge the members given by name
    who became a second person beside their contact in a teammate's export. Runs once (the
    upgrade leaves ``team_repair`` pending); returns how many people were merged."""
    if store.get_meta("team_repair") != "pending":
        return 0
    summary = ImportSummary(path="", format="", owner="")
    with store.write():
        resolver = Resolver(store, summary)
        done = reconcile(store, resolver, names=None)
        rescore_or_drop(store, remapped(done.pairs | resolver.moved_pairs, resolver.remap), weights, as_of)
        store.set_meta("team_repair", "done")
        store.bump_generation()
    return summary.people_merged
