"""The compact search index: the trust graph as CSR arrays in one file beside the store.

Nodes are numbered in the order of the people's public ids, so breaking ties by node number is
breaking them by id on every backend. The file is written to a temporary name and renamed into
place, so a reader sees the old index or the new one, never half of one; it is memory-mapped, so
opening it costs milliseconds at a million people. It records the store generation it was built
from; a stale index is rebuilt before it is used. Each array carries a CRC-32: an index of up to
``VERIFY_ON_LOAD`` bytes is verified every time it is opened, a larger one by ``pathfinder check``
(and its shape always); a damaged one is not used but rebuilt.
"""

from __future__ import annotations

import json
import os
import struct
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pathfinder.errors import PathfinderError

MAGIC = b"PFINDEX2"
ALIGN = 64
#: indexes up to this size have their checksums verified each time they are opened (~2 ms);
#: larger ones by `pathfinder check` (their shape is checked on every open)
VERIFY_ON_LOAD = 4 * 1024**2


@dataclass
class SearchIndex:
    generation: int
    ids: np.ndarray  # node -> public id (bytes, sorted)
    store_n: np.ndarray  # node -> store-internal number
    node_of_n: np.ndarray  # store-internal number -> node (-1 if none)
    indptr: np.ndarray  # CSR row pointers (int64, nodes + 1)
    indices: np.ndarray  # CSR neighbours (int32)
    cost: np.ndarray  # -log(trust) per arc (float64)
    band: np.ndarray  # per arc: 0 cold, 1 warm, 2 strong (pathfinder.ranking.relationship)
    held: np.ndarray  # per arc: a tie the team said never to ask along (do-not-ask)
    team: np.ndarray  # nodes of team members (starting points)
    blocked: np.ndarray  # nodes never to ask as introducers ("never use my name")
    companies: np.ndarray  # the distinct company keys (UTF-8 bytes, sorted); empty if not recorded
    company: np.ndarray  # node -> position of its company key in `companies` (-1: none)
    levels: np.ndarray  # the distinct seniority levels (bytes, sorted)
    level: np.ndarray  # node -> position of its seniority in `levels` (-1: none)

    def company_codes(self, keys: list[str]) -> np.ndarray:
        """The codes of company ``keys`` (-1 for a company nobody in the index works at)."""
        table = self.companies
        codes = np.full(len(keys), -1, dtype=np.int64)
        for i, key in enumerate(keys):
            raw = key.encode()
            pos = int(np.searchsorted(table, raw)) if len(raw) <= table.dtype.itemsize else table.shape[0]
            if pos < table.shape[0] and table[pos] == raw:
                codes[i] = pos
        return codes

    @property
    def nodes(self) -> int:
        return int(self.ids.shape[0])

    @property
    def degree(self) -> np.ndarray:
        """Ties per node (computed once)."""
        if "_degree" not in self.__dict__:
            self.__dict__["_degree"] = np.diff(self.indptr)
        return self.__dict__["_degree"]

    @property
    def first_tier(self) -> np.ndarray:
        """Per arc, the tier of a path whose first tie it is: 0 warm or strong (the person trusts the
        rep), 1 cold (computed once)."""
        if "_tier" not in self.__dict__:
            self.__dict__["_tier"] = (self.band == 0).astype(np.int8)
        return self.__dict__["_tier"]

    def node(self, n: int) -> int:
        return int(self.node_of_n[n]) if 0 <= n < self.node_of_n.shape[0] else -1

    def arc(self, u: int, v: int) -> int:
        """The position of the arc ``u`` -> ``v`` (-1: no tie)."""
        lo, hi = self.indptr[u], self.indptr[u + 1]
        pos = int(lo + np.searchsorted(self.indices[lo:hi], v))
        return pos if pos < hi and self.indices[pos] == v else -1

    def trust(self, u: int, v: int) -> float:
        pos = self.arc(u, v)
        return float(np.exp(-self.cost[pos])) if pos >= 0 else 0.0


def _codes(node_of_n: np.ndarray, values: dict[int, str], nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """A sorted table of the distinct non-empty values, and each node's position in it (-1: none)."""
    table = np.array(sorted({v.encode() for v in values.values() if v}), dtype=bytes)
    if table.size == 0:
        table = np.zeros(0, "S1")
    code = np.full(nodes, -1, dtype=np.int32)
    given = [(n, v.encode()) for n, v in values.items() if v and 0 <= n < node_of_n.shape[0] and node_of_n[n] >= 0]
    if given:
        ns = np.fromiter((n for n, _ in given), dtype=np.int64, count=len(given))
        code[node_of_n[ns]] = np.searchsorted(table, np.array([v for _, v in given], dtype=table.dtype))
    return table, code


def build_index(generation: int, id_order: list[tuple[int, str]], max_n: int,
                ties: Any, tie_count: int, team_ns: list[int], blocked_ns: list[int] | None = None, *,
                attributes: Any = None) -> SearchIndex:
    """Build the CSR index from the store's people (``(n, id)`` in id order) and ties, an
    iterable of ``(a, b, trust, usable, band)`` (``tie_count`` of them, or fewer); ``attributes``
    — (n, company key, seniority) per person — lets whole-network questions (coverage) find an
    account's people without asking the store."""
    a = np.empty(tie_count, dtype=np.int64)
    b = np.empty(tie_count, dtype=np.int64)
    w = np.empty(tie_count, dtype=np.float64)
    usable = np.empty(tie_count, dtype=bool)
    band = np.empty(tie_count, dtype=np.uint8)
    i = 0
    batch: list[Any] = []

    def flush() -> None:
        nonlocal i, batch
        if batch:
            arr = np.array(batch, dtype=np.float64)
            k = len(batch)
            a[i:i + k] = arr[:, 0]
            b[i:i + k] = arr[:, 1]
            w[i:i + k] = arr[:, 2]
            usable[i:i + k] = arr[:, 3] != 0
            band[i:i + k] = arr[:, 4]
            i += k
            batch = []

    for row in ties:
        batch.append(row)
        if len(batch) >= 200_000:
            flush()
    flush()
    return index_from_arrays(generation, id_order, max_n, a[:i], b[:i], w[:i], team_ns, blocked_ns,
                             attributes=attributes, usable=usable[:i], band=band[:i])


def index_from_arrays(generation: int, id_order: list[tuple[int, str]], max_n: int, a_n: np.ndarray,
                      b_n: np.ndarray, w: np.ndarray, team_ns: list[int], blocked_ns: list[int] | None = None, *,
                      attributes: Any = None, usable: np.ndarray | None = None,
                      band: np.ndarray | None = None) -> SearchIndex:
    """:func:`build_index` for ties already in arrays: person numbers ``a_n``, ``b_n``, trust
    ``w``, and whether each may be used and its band (default: usable, cold)."""
    store_n = np.fromiter((n for n, _ in id_order), dtype=np.int64, count=len(id_order))
    ids = np.array([pid.encode() for _, pid in id_order], dtype="S16") if id_order else np.zeros(0, "S16")
    node_of_n = np.full(max_n + 1, -1, dtype=np.int32)
    node_of_n[store_n] = np.arange(len(store_n), dtype=np.int32)
    a = node_of_n[a_n.astype(np.int64)]
    b = node_of_n[b_n.astype(np.int64)]
    cost = -np.log(np.clip(w, 1e-9, 1.0))
    src = np.concatenate([a, b])
    dst = np.concatenate([b, a])
    arc_cost = np.concatenate([cost, cost])
    held = ~np.asarray(usable, dtype=bool) if usable is not None else np.zeros(len(a), dtype=bool)
    bands = np.asarray(band, dtype=np.uint8) if band is not None else np.zeros(len(a), dtype=np.uint8)
    order = np.lexsort((dst, src))
    n_nodes = len(store_n)
    indptr = np.zeros(n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n_nodes), out=indptr[1:])
    companies: dict[int, str] = {}
    levels: dict[int, str] = {}
    for n, ckey, level in attributes or ():
        companies[n], levels[n] = ckey, level
    company_table, company = _codes(node_of_n, companies, n_nodes)
    level_table, level = _codes(node_of_n, levels, n_nodes)
    return SearchIndex(generation, ids, store_n, node_of_n, indptr, dst[order].astype(np.int32),
                       arc_cost[order], np.concatenate([bands, bands])[order], np.concatenate([held, held])[order],
                       node_numbers(node_of_n, team_ns), node_numbers(node_of_n, blocked_ns),
                       company_table, company, level_table, level)


def node_numbers(node_of_n: np.ndarray, ns: list[int] | None) -> np.ndarray:
    """The sorted index nodes of the people ``ns``."""
    return np.sort(node_of_n[np.array(ns, dtype=np.int64)]).astype(np.int32) if ns else np.zeros(0, np.int32)


_ARRAYS = ("ids", "store_n", "node_of_n", "indptr", "indices", "cost", "band", "held", "team", "blocked",
           "companies", "company", "levels", "level")


def save_index(index: SearchIndex, path: Path) -> None:
    """Write atomically: a temporary file, fsync, then rename over the old one. The arrays'
    checksums are worked out in a second thread while they are written (zlib lets go of the
    GIL), and the header that holds them is written last, into the room kept for it."""
    from concurrent.futures import ThreadPoolExecutor  # only a write needs it

    arrays = {name: np.ascontiguousarray(getattr(index, name)) for name in _ARRAYS}
    header: dict[str, Any] = {"generation": index.generation, "arrays": {}}
    offset = 0
    for name, arr in arrays.items():
        header["arrays"][name] = [arr.dtype.str, list(arr.shape), offset, 0xFFFFFFFF]  # the widest checksum
        offset += -(-arr.nbytes // ALIGN) * ALIGN
    head_len = -(-(len(MAGIC) + 8 + len(json.dumps(header).encode())) // ALIGN) * ALIGN
    if path.is_dir():
        raise PathfinderError(f"{path} is a folder: pathfinder keeps the store's search index in a file of that "
                              "name. Move the folder away.")
    _remove_stale_temporaries(path)
    import tempfile  # only a write needs it: a search loads the index without it

    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)  # mode 0600
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh, ThreadPoolExecutor(max_workers=1) as pool:
            checksums = {name: pool.submit(zlib.crc32, arr.data) for name, arr in arrays.items()}
            fh.seek(head_len)
            for arr in arrays.values():
                fh.write(arr.data)  # the array's own memory, not a copy of it
                fh.write(b"\0" * ((-arr.nbytes) % ALIGN))
            for name, crc in checksums.items():
                header["arrays"][name][3] = crc.result()
            head = json.dumps(header).encode()
            fh.seek(0)
            fh.write(MAGIC + struct.pack("<Q", head_len) + head + b"\0" * (head_len - len(MAGIC) - 8 - len(head)))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


#: a temporary index file older than this was left by a process that was killed while writing it
STALE_TMP_SECONDS = 600


def _remove_stale_temporaries(path: Path) -> None:
    """Remove the half-written index files a killed process left (not one being written now)."""
    for tmp in path.parent.glob(path.name + ".*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > STALE_TMP_SECONDS:
                tmp.unlink()
        except OSError:
            pass


def load_index(path: Path, *, verify: bool | None = None) -> SearchIndex | None:
    """Memory-map an index file; None if it is missing, unreadable or damaged (it is then
    rebuilt). ``verify``: check every array's CRC-32 (default: when the file is small)."""
    try:
        with open(path, "rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                return None
            (head_len,) = struct.unpack("<Q", fh.read(8))
            if not len(MAGIC) + 8 <= head_len <= 1 << 20:
                return None
            header = json.loads(fh.read(head_len - len(MAGIC) - 8).rstrip(b"\0"))
        mm = np.memmap(path, dtype=np.uint8, mode="r")
        if verify is None:
            verify = mm.shape[0] <= VERIFY_ON_LOAD
        arrays = {}
        for name in _ARRAYS:
            dtype, shape, offset, crc = header["arrays"][name]
            dt = np.dtype(dtype)
            count = int(np.prod(shape)) if shape else 1
            start = head_len + int(offset)
            if start + count * dt.itemsize > mm.shape[0]:
                return None
            # a plain ndarray over the mapped pages: memmap's per-item indexing is slow
            arrays[name] = np.asarray(mm[start:start + count * dt.itemsize]).view(dt).reshape(shape)
            if verify and zlib.crc32(arrays[name].data) != crc:
                return None
        index = SearchIndex(generation=int(header["generation"]), **arrays)
        return index if well_formed(index) else None
    except (OSError, ValueError, KeyError, TypeError, struct.error, json.JSONDecodeError, UnicodeDecodeError):
        return None


def well_formed(index: SearchIndex) -> bool:
    """The arrays fit together (a few vectorised checks, milliseconds at a million people): a
    damaged file that passes them is still caught by its checksums."""
    nodes, arcs = index.nodes, index.indices.shape[0]
    return bool(
        index.store_n.shape[0] == nodes and index.indptr.shape[0] == nodes + 1
        and index.cost.shape[0] == arcs and index.band.shape[0] == arcs and index.held.shape[0] == arcs
        and index.company.shape[0] == nodes and index.level.shape[0] == nodes
        and (nodes == 0 or (index.indptr[0] == 0 and index.indptr[-1] == arcs))
        and (arcs == 0 or (0 <= int(index.indices.min()) and int(index.indices.max()) < nodes))
        and all(a.size == 0 or (0 <= int(a.min()) and int(a.max()) < nodes) for a in (index.team, index.blocked))
        and (index.node_of_n.size == 0 or int(index.node_of_n.max()) < nodes))
