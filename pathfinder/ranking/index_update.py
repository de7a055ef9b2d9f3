"""Bring a search index up to date from what changed since it was built (the store's index log),
instead of rebuilding it from every tie: the rows of the people a write touched are read again,
every other row is copied with its neighbours renumbered. The result is the index a rebuild
gives, array for array (tests/test_index_update.py checks it).

A node's number is its person's place in id order, so a new person shifts the numbers after it;
the shift keeps the order, so a copied row stays sorted.
"""

from __future__ import annotations

import numpy as np

from pathfinder.ranking.index import SearchIndex, node_numbers
from pathfinder.store.protocol import IndexChanges, Store

#: above this share of people touched, a rebuild is as quick as an update
MOST_TOUCHED = 0.2


def most_changes(old: SearchIndex) -> int:
    """How many changes (or people touched) an update takes on before a rebuild is quicker."""
    return int(max(1000, MOST_TOUCHED * old.nodes))


def updated_index(old: SearchIndex, store: Store, changes: IndexChanges, generation: int, team_ns: list[int],
                  blocked_ns: list[int]) -> SearchIndex | None:
    """``old`` with ``changes`` applied (read in the same snapshot as ``generation``); None when
    so much changed that a rebuild is the better way."""
    touched = set(changes.people) | {n for pair in changes.pairs for n in pair}
    if len(touched) > most_changes(old):
        return None
    rows = {n: (pid, company, level) for n, pid, company, level in store.index_rows(sorted(touched))}
    old_node = np.array([old.node(n) for n in sorted(touched)], dtype=np.int64)
    gone = np.zeros(old.nodes, dtype=bool)  # people deleted
    for n, x in zip(sorted(touched), old_node.tolist()):
        if x >= 0 and n not in rows:
            gone[x] = True
        elif x >= 0 and rows[n][0].encode() != old.ids[x]:
            return None  # a person with a new public id: a rebuild places them
    new_people = sorted((pid.encode(), n) for n, (pid, _, _) in rows.items() if old.node(n) < 0)

    # the new order: the old one without the people gone, the new ones inserted in id order
    kept = np.flatnonzero(~gone)
    new_ids = np.array([pid for pid, _ in new_people], dtype="S16") if new_people else np.zeros(0, "S16")
    at = np.searchsorted(old.ids[kept], new_ids)
    ids = np.insert(old.ids[kept], at, new_ids)
    store_n = np.insert(old.store_n[kept], at, np.array([n for _, n in new_people], dtype=np.int64))
    max_n = store.max_n()
    node_of_n = np.full(max_n + 1, -1, dtype=np.int32)
    node_of_n[store_n] = np.arange(store_n.shape[0], dtype=np.int32)
    nodes = store_n.shape[0]
    moved = np.full(old.nodes, -1, dtype=np.int64)  # old node -> new node
    moved[kept] = node_of_n[old.store_n[kept]]

    # the arcs: touched people's rows read again, the others copied and renumbered
    is_touched = np.zeros(nodes, dtype=bool)
    here = [n for n in touched if n in rows]
    is_touched[node_of_n[np.array(here, dtype=np.int64)]] = True
    fresh = np.array(store.ties_touching(here), dtype=np.float64).reshape(-1, 5)
    a = node_of_n[fresh[:, 0].astype(np.int64)]
    b = node_of_n[fresh[:, 1].astype(np.int64)]
    src, dst = np.concatenate([a, b]), np.concatenate([b, a])
    cost = np.tile(-np.log(np.clip(fresh[:, 2], 1e-9, 1.0)), 2)
    band = np.tile(fresh[:, 4].astype(np.uint8), 2)
    held = np.tile(fresh[:, 3] == 0, 2)
    mine = is_touched[src]  # an arc of a touched row (the others are in the copied rows)
    src, dst, cost, band, held = src[mine], dst[mine], cost[mine], band[mine], held[mine]
    order = np.lexsort((dst, src))
    src, dst, cost, band, held = src[order], dst[order], cost[order], band[order], held[order]

    copied = kept[~is_touched[moved[kept]]]  # old nodes whose row is copied
    degree = np.zeros(nodes, dtype=np.int64)
    degree[moved[copied]] = old.degree[copied]
    degree += np.bincount(src, minlength=nodes)
    indptr = np.zeros(nodes + 1, dtype=np.int64)
    np.cumsum(degree, out=indptr[1:])
    arcs = int(indptr[-1])
    indices = np.empty(arcs, dtype=np.int32)
    arc_cost = np.empty(arcs, dtype=old.cost.dtype)
    arc_band = np.empty(arcs, dtype=old.band.dtype)
    arc_held = np.empty(arcs, dtype=old.held.dtype)
    # copied rows come in runs, consecutive in the old index and in the new one: one slice each
    renumbered = moved.astype(np.int32)[old.indices]  # gathered as int32: no 8-byte copy of every arc
    if copied.size:
        breaks = np.flatnonzero((np.diff(copied) != 1) | (np.diff(moved[copied]) != 1)) + 1
        for first_row, last_row in zip(np.r_[0, breaks].tolist(), np.r_[breaks, copied.size].tolist()):
            u0, u1 = int(copied[first_row]), int(copied[last_row - 1])
            lo, hi = int(old.indptr[u0]), int(old.indptr[u1 + 1])
            to, end = int(indptr[moved[u0]]), int(indptr[moved[u0]]) + hi - lo
            indices[to:end] = renumbered[lo:hi]
            arc_cost[to:end], arc_band[to:end], arc_held[to:end] = old.cost[lo:hi], old.band[lo:hi], old.held[lo:hi]
    if src.size:
        first = np.searchsorted(src, src, side="left")  # each arc's rank within its (sorted) row
        to_fresh = indptr[src] + (np.arange(src.shape[0]) - first)
        indices[to_fresh], arc_cost[to_fresh], arc_band[to_fresh], arc_held[to_fresh] = dst, cost, band, held

    company_table, company = _recoded(old.companies, old.company, moved, kept, rows, node_of_n, nodes, 1)
    level_table, level = _recoded(old.levels, old.level, moved, kept, rows, node_of_n, nodes, 2)
    return SearchIndex(generation, ids, store_n, node_of_n, indptr, indices, arc_cost, arc_band, arc_held,
                       node_numbers(node_of_n, team_ns), node_numbers(node_of_n, blocked_ns),
                       company_table, company, level_table, level)


def _recoded(table: np.ndarray, code: np.ndarray, moved: np.ndarray, kept: np.ndarray,
             rows: dict[int, tuple[str, str, str]], node_of_n: np.ndarray, nodes: int,
             field: int) -> tuple[np.ndarray, np.ndarray]:
    """A node attribute's sorted table of values and each node's code, as a rebuild makes them:
    the old codes carried over, the touched people's values read again, values nobody has left
    out. Every step is a pass over the nodes or a lookup in the (small) table."""
    touched = np.array([node_of_n[n] for n in rows], dtype=np.int64)
    given = [rows[n][field].encode() for n in rows]
    values = np.array(given, dtype=bytes) if given else np.zeros(0, "S1")
    named = values[values != b""]
    candidates = np.union1d(table, named) if named.size else table
    out = np.full(nodes, -1, dtype=np.int64)
    old_code = code[kept]
    if table.size:  # an old value's place among the candidates
        out[moved[kept]] = np.where(old_code >= 0, np.searchsorted(candidates, table)[old_code], -1)
    if touched.size:
        out[touched] = np.where(values != b"", np.searchsorted(candidates, values), -1)
    has = out >= 0
    counts = np.bincount(out[has], minlength=candidates.size)
    if not counts.any():
        return np.zeros(0, "S1"), np.full(nodes, -1, dtype=np.int32)
    if not counts.all():  # values nobody has any more are left out, the codes after them move down
        out[has] = (np.cumsum(counts > 0) - 1)[out[has]]
        candidates = candidates[counts > 0]
    final = candidates.astype(f"S{int(np.char.str_len(candidates).max())}")  # as wide as its longest value
    return final, out.astype(np.int32)
