"""Bring a search index up to date from what changed since it was built (the store's index log),
instead of rebuilding it from every tie: the rows of the people a write touched are read again
and written after the rows in use in the arcs file; nobody else's row moves, and a new person is a
new node at the end. What is written is proportional to what changed, plus the index file's
per-node arrays (where each row is, the ranks, the codes). The result answers every question as a
rebuild does: the same people, ranks, rows, codes and team (tests/test_index_update.py checks it,
array by array, row by row).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from pathfinder.ranking.index import SearchIndex, code_type, sorted_nodes
from pathfinder.ranking.search import distinct
from pathfinder.store.protocol import IndexChanges, Store

#: above this share of people touched, a rebuild is as quick as an update
MOST_TOUCHED = 0.2


@dataclass
class IndexUpdate:
    """What an update writes: ``rows`` into the arcs file (array -> (first element, values)),
    then the index file of ``head`` (its per-node arrays), naming the arcs file's part in ``used``."""

    head: SearchIndex
    rows: dict[str, tuple[int, np.ndarray]]
    used: dict[str, Any]


def most_changes(old: SearchIndex) -> int:
    """How many changes (or people touched) an update takes on before a rebuild is quicker."""
    return int(max(1000, MOST_TOUCHED * old.people))


def updated_index(old: SearchIndex, store: Store, changes: IndexChanges, generation: int, team_ns: list[int],
                  blocked_ns: list[int]) -> IndexUpdate | None:
    """``old`` (loaded from its files) with ``changes`` applied (read in the same snapshot as
    ``generation``); None when a rebuild is the better way (much changed, the arcs file has no
    room left, or a person took a number someone had before)."""
    used, room = old.__dict__.get("arcs_file"), old.__dict__.get("room", {})  # (as load_index read them)
    touched = sorted(set(changes.people) | {n for pair in changes.pairs for n in pair})
    if used is None or len(touched) > most_changes(old):
        return None
    old_nodes = old.nodes
    nodes = max(old_nodes, store.max_n() + 1)
    if nodes > room.get("ids", 0):
        return None
    touched = [n for n in touched if n < nodes]  # (a person added and removed since: never in the index)
    rows = {n: (pid.encode(), company, level) for n, pid, company, level in store.index_rows(touched)}
    gone, new = [], []
    for n in touched:
        was = n < old_nodes and old.rank[n] >= 0
        if n in rows and n < old_nodes and (not was or old.ids[n] != rows[n][0]):
            return None  # a number used again, or a new public id: a rebuild places them
        if was and n not in rows:
            gone.append(n)
        elif n in rows and not was:
            new.append(n)

    ids = np.zeros(nodes - old_nodes, dtype="S16")
    for n in new:
        ids[n - old_nodes] = rows[n][0]
    rank = _ranks(old, nodes, np.array(gone, dtype=np.int64), np.array(new, dtype=np.int64),
                  np.array([rows[n][0] for n in new], dtype="S16"))

    # the touched people's rows, read again, go after the rows in use
    here = [n for n in touched if n in rows]
    fresh = np.array(store.ties_touching(here), dtype=np.float64).reshape(-1, 5)
    a, b = fresh[:, 0].astype(np.int64), fresh[:, 1].astype(np.int64)
    src, dst = np.concatenate([a, b]), np.concatenate([b, a])
    touched_nodes = np.array(touched, dtype=np.int64)
    is_touched = np.zeros(nodes, dtype=bool)
    is_touched[touched_nodes] = True
    mine = is_touched[src]  # an arc of a touched row (the others' rows stay as they are)
    order = np.lexsort((dst, src))
    order = order[mine[order]]
    src, dst = src[order], dst[order]
    both = np.concatenate([np.arange(len(a)), np.arange(len(a))])[order]
    at = int(used["arcs"])
    if at + src.shape[0] > room.get("indices", 0):
        return None
    moved = touched_nodes[touched_nodes < old_nodes]  # rows written again: their old ones are left behind
    start = np.zeros(nodes, dtype=np.int64)
    end = np.zeros(nodes, dtype=np.int64)
    start[:old_nodes], end[:old_nodes] = old.start, old.end
    first = np.searchsorted(src, touched_nodes, side="left")
    last = np.searchsorted(src, touched_nodes, side="right")
    start[touched_nodes], end[touched_nodes] = at + first, at + last
    written = {"indices": (at, dst.astype(np.int32)),
               "cost": (at, -np.log(np.clip(fresh[both, 2], 1e-9, 1.0))),
               "band": (at, fresh[both, 4].astype(np.uint8)),
               "held": (at, fresh[both, 3] == 0),
               "ids": (old_nodes, ids)}
    crc = {name: _crc(used["crc"][name], values) for name, (_, values) in written.items()}

    company_table, company = _recoded(old.companies, old.company, nodes, rows, gone, 1)
    level_table, level = _recoded(old.levels, old.level, nodes, rows, gone, 2)

    def of(ns: list[int]) -> np.ndarray:
        return sorted_nodes([n for n in ns if 0 <= n < nodes and rank[n] >= 0])

    head = SearchIndex(generation, old.ids, start, end, old.indices, old.cost, old.band, old.held, of(team_ns),
                       of(blocked_ns), company_table, company, level_table, level, rank, np.zeros(0, np.int64))
    in_rows = old.arcs - int((old.end[moved] - old.start[moved]).sum()) + src.shape[0]
    return IndexUpdate(head, written, {"id": used["id"], "arcs": at + src.shape[0], "nodes": nodes, "crc": crc,
                                       "in_rows": in_rows, "people": old.people - len(gone) + len(new)})


def _crc(before: int, appended: np.ndarray) -> int:
    """The CRC-32 of an array in use with ``appended`` written after it."""
    import zlib

    return zlib.crc32(np.ascontiguousarray(appended).data, before)


def _ranks(old: SearchIndex, nodes: int, gone: np.ndarray, new: np.ndarray, new_ids: np.ndarray) -> np.ndarray:
    """Every node's place in id order with the people ``gone`` left out and the ``new`` ones
    (ids ``new_ids``) put in: a rebuild's ranks, from the old ones by counting. (In 32-bit
    arrays, few of them: at a million people each pass over fresh memory counts.)"""
    old_rank, old_nodes = old.rank, old.nodes
    dead = old_rank < 0
    m = old_nodes - int(np.count_nonzero(dead))
    by_rank = np.empty(m + 1, dtype=np.int32)  # the old people in id order (the nobodies land in the last slot)
    by_rank[np.where(dead, m, old_rank)] = np.arange(old_nodes, dtype=np.int32)
    sorting = np.argsort(new_ids, kind="stable")
    new, new_ids = new[sorting], new_ids[sorting]
    before = _count_below(old.ids, by_rank[:m], new_ids)  # old people whose id sorts before each new one
    gone_ranks = np.sort(old_rank[gone].astype(np.int64))
    # shift[r]: new people placed before old rank r, less the people gone from the ranks below it
    shift = np.zeros(m + 2, dtype=np.int32)
    np.add.at(shift, before, 1)
    np.add.at(shift, gone_ranks + 1, -1)
    np.cumsum(shift, out=shift)
    rank = np.full(nodes, -1, dtype=np.int32)
    mine = rank[:old_nodes]
    np.take(shift, old_rank, out=mine, mode="wrap")  # (rank -1: the spare last slot, set to -1 below)
    mine += old_rank
    mine[dead] = -1
    rank[gone] = -1
    rank[new] = before - np.searchsorted(gone_ranks, before) + np.arange(new.shape[0])
    return rank


def _count_below(ids: np.ndarray, by_rank: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For each of ``keys``, how many of ``ids[by_rank]`` (sorted) are below it: a binary search
    on all of them at once, reading only the ids it compares."""
    lo = np.zeros(keys.shape[0], dtype=np.int64)
    hi = np.full(keys.shape[0], by_rank.shape[0], dtype=np.int64)
    while True:
        active = np.flatnonzero(lo < hi)
        if active.size == 0:
            return lo
        mid = (lo[active] + hi[active]) // 2
        below = ids[by_rank[mid]] < keys[active]
        lo[active[below]] = mid[below] + 1
        hi[active[~below]] = mid[~below]


def _recoded(table: np.ndarray, code: np.ndarray, nodes: int, rows: dict[int, tuple[bytes, str, str]],
             gone: list[int], field: int) -> tuple[np.ndarray, np.ndarray]:
    """A node attribute's sorted table of values and each node's code, as a rebuild makes them:
    the old codes carried over, the touched people's values read again (a person no longer in
    the store has none), values nobody has left out. Every step is a pass over the nodes or a
    lookup in the (small) table."""
    touched = np.array(list(rows), dtype=np.int64)
    given = [str(rows[n][field]).encode() for n in rows]
    values = np.array(given, dtype=bytes) if given else np.zeros(0, "S1")
    named = values[values != b""]
    candidates = distinct(np.concatenate([table, named])) if named.size else table  # (not np.union1d: numpy.ma)
    out = np.full(nodes, -1, dtype=np.int32 if candidates.shape[0] > table.shape[0] else code.dtype)
    if candidates.shape[0] == table.shape[0]:  # no new value: the old codes stand
        out[:code.shape[0]] = code
    elif table.size:  # an old value's place among the candidates
        remap = np.append(np.searchsorted(candidates, table), -1).astype(np.int32)  # the last slot: no value
        np.take(remap, code, out=out[:code.shape[0]], mode="wrap")
    out[np.array(gone, dtype=np.int64)] = -1
    if touched.size:
        out[touched] = np.where(values != b"", np.searchsorted(candidates, values), -1)
    return _without_unused(candidates, out)


def _without_unused(candidates: np.ndarray, out: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The table without the values no node has, the codes after them moved down."""
    used = np.zeros(candidates.size + 1, dtype=bool)
    used[out] = True  # (-1, no value: the last slot)
    used = used[:-1]
    if not used.any():
        return np.zeros(0, "S1"), np.full(out.shape[0], -1, dtype=code_type(0))
    if not used.all():
        out = np.append(np.cumsum(used) - 1, -1).astype(np.int32)[out]
        candidates = candidates[used]
    final = candidates.astype(f"S{int(np.char.str_len(candidates).max())}")  # as wide as its longest value
    return final, out.astype(code_type(final.shape[0]), copy=False)
