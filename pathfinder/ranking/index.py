"""The compact search index: the trust graph as arrays in two files beside the store.

A node's number is its person's number in the store, so a new person is a new node at the end and
nobody else's number moves; ``rank`` holds each node's place in the order of the people's public
ids, and the searches break ties in cost by it, which is breaking them by id on every backend
(and whatever order the people were imported in).

Each node's ties are a row of arcs, ``start[u]:end[u]``. The arcs (and the ids, which never change
for a node) are kept in ``NAME.index.arcs``, which has room to spare: an update writes the rows it
changed after the ones in use, where no reader looks, and leaves the old rows where they were. The
rest (where each row is, the ranks, the company and seniority codes, the team) is
``NAME.index``, written whole to a temporary name and renamed into place, so a reader sees the old
index or the new one, never half of one. It names the arcs file it goes with (an id the arcs file
carries) and how much of it is in use, with the checksum of that part. Both are memory-mapped:
opening them costs milliseconds at a million people. A rebuild writes both files anew; writers
take turns (:func:`index_lock`).

Each array carries a CRC-32: an index of up to ``VERIFY_ON_LOAD`` bytes is verified every time it
is opened, a larger one by ``pathfinder check`` (and its shape always); a damaged one is not used
but rebuilt. An index records the store generation it was built from; a stale one is brought up
to date (:mod:`pathfinder.ranking.index_update`) or rebuilt before it is used.
"""

from __future__ import annotations

import json
import os
import struct
import time
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pathfinder.errors import PathfinderError

MAGIC = b"PFINDEX3"
ARCS_MAGIC = b"PFARCS01"
ALIGN = 4096  # each array starts on a page of its own
#: indexes up to this size have their checksums verified each time they are opened (~2 ms);
#: larger ones by `pathfinder check` (their shape is checked on every open)
VERIFY_ON_LOAD = 4 * 1024**2
#: the arcs file of a rebuilt index holds this many times the arcs (and people) in use, at least
#: ``ROOM_AT_LEAST`` more: room for the rows updates write before the next rebuild
ROOM = 2
ROOM_AT_LEAST = 65536

#: arrays of the arcs file: per arc, then per node (ids never change for a node)
ARC_ARRAYS = ("indices", "cost", "band", "held")
BODY_ARRAYS = (*ARC_ARRAYS, "ids")
#: arrays of the index file, written whole each time
HEAD_ARRAYS = ("start", "end", "rank", "team", "blocked", "companies", "company", "levels", "level", "numbers")
BODY_TYPES = {"indices": np.int32, "cost": np.float64, "band": np.uint8, "held": np.bool_, "ids": "S16"}


@dataclass
class SearchIndex:
    generation: int
    ids: np.ndarray  # node -> public id (bytes; meaningless where rank is -1)
    start: np.ndarray  # node -> first arc of its row (int64)
    end: np.ndarray  # node -> one past its last arc
    indices: np.ndarray  # per arc: the node at its other end (int32); rows no node points at are left by updates
    cost: np.ndarray  # -log(trust) per arc (float64)
    band: np.ndarray  # per arc: 0 cold, 1 warm, 2 strong (pathfinder.ranking.relationship)
    held: np.ndarray  # per arc: a tie the team said never to ask along (do-not-ask)
    team: np.ndarray  # nodes of team members (starting points)
    blocked: np.ndarray  # nodes never to ask as introducers ("never use my name")
    companies: np.ndarray  # the distinct company keys (UTF-8 bytes, sorted); empty if not recorded
    company: np.ndarray  # node -> position of its company key in `companies` (-1: none)
    levels: np.ndarray  # the distinct seniority levels (bytes, sorted)
    level: np.ndarray  # node -> position of its seniority in `levels` (-1: none)
    rank: np.ndarray  # node -> place of its id in id order (int32; -1: no one has this number)
    numbers: np.ndarray  # node -> store number; empty: the node is the store's number (a whole index)

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
        return int(self.start.shape[0])

    @property
    def people(self) -> int:
        """The people in the index (nodes nobody has are left out)."""
        counted = self.__dict__.get("arcs_file", {}).get("people")
        return int(counted) if counted is not None else int(np.count_nonzero(self.rank >= 0))

    @property
    def arcs(self) -> int:
        """The arcs in the rows (twice the ties; not the rows an update left behind)."""
        counted = self.__dict__.get("arcs_file", {}).get("in_rows")
        return int(counted) if counted is not None else int(self.degree.sum())

    def _cached(self, name: str, make: Any) -> Any:
        if name not in self.__dict__:
            self.__dict__[name] = make()
        return self.__dict__[name]

    @property
    def degree(self) -> np.ndarray:
        """Ties per node (computed once)."""
        return self._cached("_degree", lambda: self.end - self.start)

    def number(self, node: int) -> int:
        """The store's number of the person at ``node``."""
        return int(self.numbers[node]) if self.numbers.size else int(node)

    def numbers_of(self, nodes: np.ndarray) -> np.ndarray:
        """The store's numbers of the people at ``nodes``."""
        return self.numbers[nodes] if self.numbers.size else np.asarray(nodes, dtype=np.int64)

    def nodes_of(self, ns: np.ndarray) -> np.ndarray:
        """The nodes of the store's people ``ns`` (-1: not in the index). Nothing the size of the
        network is built for it: a search asks for a few people."""
        ns = np.asarray(ns, dtype=np.int64)
        out = np.full(ns.shape[0], -1, dtype=np.int64)
        if self.numbers.size:
            table = self._cached("_node_table", self._node_table)
            inside = (ns >= 0) & (ns < table.shape[0])
            out[inside] = table[ns[inside]]
        else:
            inside = np.flatnonzero((ns >= 0) & (ns < self.nodes))
            inside = inside[self.rank[ns[inside]] >= 0]
            out[inside] = ns[inside]
        return out

    def _node_table(self) -> np.ndarray:
        """A corridor's: store number -> node (-1: none)."""
        out = np.full(int(self.numbers.max()) + 1, -1, dtype=np.int32)
        out[self.numbers] = np.arange(self.nodes, dtype=np.int32)
        return out

    @property
    def first_tier(self) -> np.ndarray:
        """Per arc, the tier of a path whose first tie it is: 0 warm or strong (the person trusts the
        rep), 1 cold (computed once)."""
        return self._cached("_tier", lambda: (self.band == 0).astype(np.int8))

    def node(self, n: int) -> int:
        """The node of the store's person ``n`` (-1: not in the index)."""
        return int(self.nodes_of(np.array([n]))[0])

    def row(self, u: int) -> slice:
        """The arcs of node ``u``."""
        return slice(int(self.start[u]), int(self.end[u]))

    def arc(self, u: int, v: int) -> int:
        """The position of the arc ``u`` -> ``v`` (-1: no tie)."""
        lo, hi = int(self.start[u]), int(self.end[u])
        pos = int(lo + np.searchsorted(self.indices[lo:hi], v))
        return pos if pos < hi and self.indices[pos] == v else -1

    def trust(self, u: int, v: int) -> float:
        pos = self.arc(u, v)
        return float(np.exp(-self.cost[pos])) if pos >= 0 else 0.0


def code_type(values: int) -> type:
    """The narrowest signed integer that numbers ``values`` values and -1 (an index written per
    import at a million people: each byte per person is a megabyte)."""
    return np.int8 if values < 2**7 else np.int16 if values < 2**15 else np.int32


def _codes(values: dict[int, str], node_of_n: np.ndarray, nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """A sorted table of the distinct non-empty values, and each node's position in it (-1: none)."""
    table = np.array(sorted({v.encode() for v in values.values() if v}), dtype=bytes)
    if table.size == 0:
        table = np.zeros(0, "S1")
    code: np.ndarray = np.full(nodes, -1, dtype=code_type(table.shape[0]))
    given = [(n, v.encode()) for n, v in values.items() if v and 0 <= n < node_of_n.shape[0] and node_of_n[n] >= 0]
    if given:
        ns = np.fromiter((n for n, _ in given), dtype=np.int64, count=len(given))
        code[node_of_n[ns]] = np.searchsorted(table, np.array([v for _, v in given], dtype=table.dtype))
    return table, code


def build_index(generation: int, id_order: list[tuple[int, str]], max_n: int,
                ties: Any, tie_count: int, team_ns: list[int], blocked_ns: list[int] | None = None, *,
                attributes: Any = None) -> SearchIndex:
    """The whole network's index, from the store's people (``(n, id)`` in id order) and ties, an
    iterable of ``(a, b, trust, usable, band)`` (``tie_count`` of them, or fewer); ``attributes``
    — (n, company key, seniority) per person — lets whole-network questions (coverage) find an
    account's people without asking the store. Node ``n`` is person ``n``."""
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
    nodes = max_n + 1
    ns = np.fromiter((n for n, _ in id_order), dtype=np.int64, count=len(id_order))
    ids = np.zeros(nodes, dtype="S16")
    ids[ns] = np.array([pid.encode() for _, pid in id_order], dtype="S16") if id_order else ids[:0]
    rank = np.full(nodes, -1, dtype=np.int32)
    rank[ns] = np.arange(len(ns), dtype=np.int32)
    node_of_n = np.where(rank >= 0, np.arange(nodes, dtype=np.int32), -1).astype(np.int32)
    def of(ns: list[int] | None) -> list[int]:
        return [int(node_of_n[n]) if 0 <= n < nodes else -1 for n in ns or []]

    return _assemble(generation, ids, rank, np.zeros(0, np.int64), a[:i], b[:i], w[:i], usable[:i], band[:i],
                     of(team_ns), of(blocked_ns), attributes, node_of_n)


def index_from_arrays(generation: int, id_order: list[tuple[int, str]], max_n: int, a_n: np.ndarray,
                      b_n: np.ndarray, w: np.ndarray, team_ns: list[int], blocked_ns: list[int] | None = None, *,
                      attributes: Any = None, usable: np.ndarray | None = None,
                      band: np.ndarray | None = None) -> SearchIndex:
    """The index of part of the network (a corridor): its people (``(n, id)`` in id order) are
    numbered 0, 1, ... in that order; ties in arrays of person numbers ``a_n``, ``b_n``, trust
    ``w``, and whether each may be used and its band (default: usable, cold)."""
    numbers = np.fromiter((n for n, _ in id_order), dtype=np.int64, count=len(id_order))
    ids = np.array([pid.encode() for _, pid in id_order], dtype="S16") if id_order else np.zeros(0, "S16")
    node_of_n = np.full(max(max_n, int(numbers.max(initial=0))) + 1, -1, dtype=np.int32)
    node_of_n[numbers] = np.arange(len(numbers), dtype=np.int32)
    a = node_of_n[np.asarray(a_n, dtype=np.int64)]
    b = node_of_n[np.asarray(b_n, dtype=np.int64)]
    ties = len(a)
    usable = np.ones(ties, dtype=bool) if usable is None else np.asarray(usable, dtype=bool)
    band = np.zeros(ties, dtype=np.uint8) if band is None else np.asarray(band, dtype=np.uint8)
    index = _assemble(generation, ids, np.arange(len(numbers), dtype=np.int32), numbers, a, b, w, usable, band,
                      [int(node_of_n[n]) for n in team_ns], [int(node_of_n[n]) for n in blocked_ns or []], attributes,
                      node_of_n)
    index.__dict__["_node_table"] = node_of_n
    return index


def _assemble(generation: int, ids: np.ndarray, rank: np.ndarray, numbers: np.ndarray, a: np.ndarray, b: np.ndarray,
              w: np.ndarray, usable: np.ndarray, band: np.ndarray, team: list[int], blocked: list[int] | None,
              attributes: Any, node_of_n: np.ndarray) -> SearchIndex:
    """An index from its people and its ties between nodes ``a`` and ``b``; ``team`` and
    ``blocked`` are nodes, ``attributes`` per store number (``node_of_n`` maps them)."""
    nodes = ids.shape[0]
    cost = -np.log(np.clip(np.asarray(w, dtype=np.float64), 1e-9, 1.0))
    src = np.concatenate([a, b]).astype(np.int64)
    dst = np.concatenate([b, a]).astype(np.int64)
    order = np.lexsort((dst, src))
    indptr = np.zeros(nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=nodes), out=indptr[1:])
    companies: dict[int, str] = {}
    levels: dict[int, str] = {}
    for n, ckey, level in attributes or ():
        companies[n], levels[n] = ckey, level
    company_table, company = _codes(companies, node_of_n, nodes)
    level_table, level = _codes(levels, node_of_n, nodes)
    return SearchIndex(generation, ids, indptr[:-1], indptr[1:], dst[order].astype(np.int32),
                       np.concatenate([cost, cost])[order], np.concatenate([band, band])[order],
                       ~np.concatenate([usable, usable])[order], sorted_nodes(team), sorted_nodes(blocked or []),
                       company_table, company, level_table, level, rank, numbers)


def sorted_nodes(nodes: list[int] | np.ndarray) -> np.ndarray:
    """Nodes as a sorted int32 array (those not in the index, -1, left out)."""
    out = np.sort(np.asarray(nodes, dtype=np.int64)).astype(np.int32)
    return out[out >= 0]


# --- the files ---------------------------------------------------------------------------------


def arcs_path(path: Path) -> Path:
    return path.with_name(path.name + ".arcs")


@contextmanager
def index_lock(path: Path) -> Iterator[None]:
    """Writers of the index files beside ``path`` take turns (an update writes into the arcs file
    in place): an exclusive lock on ``NAME.index.lock`` while held. Readers never wait."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): one writer at a time is up to the user
        yield
        return
    if path.is_dir():
        raise PathfinderError(f"{path} is a folder: pathfinder keeps the store's search index in a file of that "
                              "name. Move the folder away.")
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _layout(arrays: Mapping[str, np.ndarray | tuple[Any, int]], start: int) -> tuple[dict[str, list[Any]], int]:
    """Where each array goes (each on its own page), and the end: ``arrays`` maps a name to an
    array, or to (dtype, capacity) for room kept."""
    where: dict[str, list[Any]] = {}
    offset = start
    for name, arr in arrays.items():
        dtype, count = (arr.dtype, arr.shape[0]) if isinstance(arr, np.ndarray) else (np.dtype(arr[0]), arr[1])
        where[name] = [dtype.str, int(count), offset]
        offset += -(-int(count) * dtype.itemsize // ALIGN) * ALIGN
    return where, offset


def _write_file(path: Path, magic: bytes, header: dict[str, Any], arrays: dict[str, np.ndarray], size: int,
                head_len: int, signed: bool = False) -> dict[str, int]:
    """Write ``arrays`` at their offsets after ``header``, to a temporary name, fsync, rename; and
    their CRC-32s, worked out (for large arrays) in a second thread while they are written (zlib
    lets go of the GIL). ``signed``: each array's entry in the header ends with its checksum (the
    header is written last, into the room kept for it)."""
    import tempfile  # only a write needs it: a search loads the index without it

    if path.is_dir():
        raise PathfinderError(f"{path} is a folder: pathfinder keeps the store's search index in a file of that "
                              "name. Move the folder away.")
    _remove_stale_temporaries(path)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)  # mode 0600
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            with _checksums(arrays) as checksums:
                for name, arr in arrays.items():
                    fh.seek(header["arrays"][name][2])
                    fh.write(np.ascontiguousarray(arr).data)  # the array's own memory, not a copy of it
                fh.truncate(size)  # the room kept: a hole in the file until an update writes into it
            if signed:
                for name, crc in checksums.items():
                    header["arrays"][name][3] = crc
            head = json.dumps(header).encode()
            fh.seek(0)
            fh.write(magic + struct.pack("<Q", head_len) + head + b"\0" * (head_len - len(magic) - 8 - len(head)))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        return checksums
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


#: arrays this large together have their checksums worked out in a second thread
CHECKSUMS_IN_A_THREAD = 8 * 1024**2


@contextmanager
def _checksums(arrays: dict[str, np.ndarray]) -> Iterator[dict[str, int]]:
    """The CRC-32 of each array, filled in when the block ends (worked out meanwhile in a second
    thread when the arrays are large: zlib lets go of the GIL)."""
    found: dict[str, int] = {}
    if sum(arr.nbytes for arr in arrays.values()) < CHECKSUMS_IN_A_THREAD:
        yield found
        found.update({name: zlib.crc32(np.ascontiguousarray(arr).data) for name, arr in arrays.items()})
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = {name: pool.submit(zlib.crc32, np.ascontiguousarray(arr).data) for name, arr in arrays.items()}
        yield found
        found.update({name: crc.result() for name, crc in pending.items()})


def _head_len(header: dict[str, Any]) -> int:
    return -(-(len(MAGIC) + 8 + len(json.dumps(header).encode()) + 64) // ALIGN) * ALIGN


def save_index(index: SearchIndex, path: Path) -> None:
    """Write both files anew: the arcs file (with room for updates), then the index file naming it.
    Call it holding :func:`index_lock`."""
    import secrets  # (it loads hashlib: a search never writes an index)

    body = {name: np.ascontiguousarray(getattr(index, name)) for name in BODY_ARRAYS}
    arcs, nodes = body["indices"].shape[0], body["ids"].shape[0]
    room: dict[str, tuple[Any, int]] = {name: (BODY_TYPES[name], max(ROOM * arcs, arcs + ROOM_AT_LEAST))
                                         for name in ARC_ARRAYS}
    room["ids"] = (BODY_TYPES["ids"], max(ROOM * nodes, nodes + ROOM_AT_LEAST))
    arcs_header: dict[str, Any] = {"id": secrets.token_hex(8), "arrays": {}}
    arcs_header["arrays"], _ = _layout(room, 0)  # measured once to know the header's length
    head_len = _head_len(arcs_header)
    arcs_header["arrays"], size = _layout(room, head_len)
    checksums = _write_file(arcs_path(path), ARCS_MAGIC, arcs_header, body, size, head_len)
    save_head(index, path, {"id": arcs_header["id"], "arcs": arcs, "nodes": nodes, "crc": checksums,
                            "in_rows": arcs, "people": index.people})


def save_head(index: SearchIndex, path: Path, used: dict[str, Any]) -> None:
    """Write the index file: its own arrays, and which arcs file it goes with (``used``: its id,
    the arcs and nodes in use and their checksums; and the arcs in rows and the people, counted)."""
    arrays = {name: np.ascontiguousarray(getattr(index, name)) for name in HEAD_ARRAYS}
    header: dict[str, Any] = {"generation": index.generation, "arcs_file": used, "arrays": {}}
    header["arrays"], _ = _layout(arrays, 0)
    for name in arrays:
        header["arrays"][name].append(0xFFFFFFFF)  # room for the widest checksum
    head_len = _head_len(header)
    header["arrays"], size = _layout(arrays, head_len)
    for name in arrays:
        header["arrays"][name].append(0xFFFFFFFF)
    _write_file(path, MAGIC, header, arrays, size, head_len, signed=True)


def write_rows(path: Path, at: dict[str, tuple[int, np.ndarray]], arcs_id: str) -> bool:
    """Write into the arcs file beside ``path``, in place: ``at`` maps a body array to (the first
    element, the values from there), all past what any index file names; False (nothing
    written) when the file there is not the arcs file ``arcs_id`` any more or has no room for
    them (the caller rebuilds). Call it holding :func:`index_lock`."""
    try:
        with open(arcs_path(path), "r+b") as fh:
            header = _read_header(fh, ARCS_MAGIC)
            if header is None or header.get("id") != arcs_id or any(
                    first + values.shape[0] > header["arrays"][name][1] for name, (first, values) in at.items()):
                return False
            for name, (first, values) in at.items():
                dtype, _, offset = header["arrays"][name][:3]
                fh.seek(offset + first * np.dtype(dtype).itemsize)
                fh.write(np.ascontiguousarray(values, dtype=np.dtype(dtype)).data)
            fh.flush()
            os.fsync(fh.fileno())
    except (OSError, ValueError, KeyError, TypeError, struct.error):
        return False
    return True


#: a temporary index file older than this was left by a process that was killed while writing it
STALE_TMP_SECONDS = 600


def _remove_stale_temporaries(path: Path) -> None:
    """Remove the half-written index files a killed process left (not one being written now)."""
    for entry in os.scandir(path.parent):  # (not glob: its pattern is a regex compiled in each process)
        if entry.name.startswith(path.name + ".") and entry.name.endswith(".tmp"):
            try:
                if time.time() - entry.stat().st_mtime > STALE_TMP_SECONDS:
                    os.unlink(entry.path)
            except OSError:
                pass


def _read_header(fh: Any, magic: bytes) -> dict[str, Any] | None:
    if fh.read(len(magic)) != magic:
        return None
    (head_len,) = struct.unpack("<Q", fh.read(8))
    if not len(magic) + 8 <= head_len <= 1 << 22:
        return None
    header: dict[str, Any] = json.loads(fh.read(head_len - len(magic) - 8).rstrip(b"\0"))
    return header


def _mapped(path: Path, spec: dict[str, list[Any]], counts: dict[str, int]) -> dict[str, np.ndarray] | None:
    """The arrays of a file, memory-mapped, each cut to ``counts`` (default: its full length)."""
    mm = np.memmap(path, dtype=np.uint8, mode="r")
    out = {}
    for name, (dtype, count, offset, *_) in spec.items():
        dt = np.dtype(dtype)
        count = counts.get(name, count)
        if offset + count * dt.itemsize > mm.shape[0]:
            return None
        # a plain ndarray over the mapped pages: memmap's per-item indexing is slow
        out[name] = np.asarray(mm[offset:offset + count * dt.itemsize]).view(dt)
    return out


def load_index(path: Path, *, verify: bool | None = None, written_here: bool = False) -> SearchIndex | None:
    """Memory-map an index (both files); None if either is missing, unreadable, damaged or not
    the pair (it is then rebuilt). ``verify``: check every array's CRC-32 (default: when the
    files are small). ``written_here``: this process has just written it (under the lock), so its
    arrays are not checked again."""
    for _ in range(3):  # a rebuild may rename the new pair into place between the two opens
        try:
            with open(path, "rb") as fh:
                header = _read_header(fh, MAGIC)
            if header is None:
                return None
            used = header["arcs_file"]
            with open(arcs_path(path), "rb") as fh:
                body_header = _read_header(fh, ARCS_MAGIC)
            if body_header is None:
                return None
            if body_header["id"] != used["id"]:
                continue
            head = _mapped(path, header["arrays"], {})
            counts = {name: int(used["arcs"]) for name in ARC_ARRAYS} | {"ids": int(used["nodes"])}
            body = _mapped(arcs_path(path), body_header["arrays"], counts)
            if head is None or body is None:
                return None
            if verify is None:
                verify = not written_here and sum(a.nbytes for a in (*head.values(), *body.values())) <= VERIFY_ON_LOAD
            if verify and (any(zlib.crc32(head[name].data) != header["arrays"][name][3] for name in head)
                           or any(zlib.crc32(body[name].data) != used["crc"][name] for name in body)):
                return None
            index = SearchIndex(generation=int(header["generation"]), **head, **body)
            index.__dict__["arcs_file"] = used
            index.__dict__["room"] = {name: int(spec[1]) for name, spec in body_header["arrays"].items()}
            return index if written_here or well_formed(index) else None
        except (OSError, ValueError, KeyError, TypeError, struct.error, json.JSONDecodeError, UnicodeDecodeError):
            return None
    return None


def well_formed(index: SearchIndex) -> bool:
    """The arrays fit together (a few vectorised checks, milliseconds at a million people): a
    damaged file that passes them is still caught by its checksums."""
    nodes, arcs = index.nodes, index.indices.shape[0]
    numbered = index.numbers.size > 0
    return bool(
        index.end.shape[0] == nodes and index.rank.shape[0] == nodes and index.ids.shape[0] == nodes
        and index.cost.shape[0] == arcs and index.band.shape[0] == arcs and index.held.shape[0] == arcs
        and index.company.shape[0] == nodes and index.level.shape[0] == nodes
        and (not numbered or index.numbers.shape[0] == nodes)
        # (as unsigned, a negative number is larger than any in range: one pass finds both)
        and (nodes == 0 or (int(index.start.view(np.uint64).max()) <= arcs and int(index.end.max()) <= arcs
                            and bool((index.end >= index.start).all())))
        and (arcs == 0 or int(index.indices.view(np.uint32).max()) < nodes)
        and (nodes == 0 or int(index.rank.max()) < nodes)
        and all(a.size == 0 or (0 <= int(a.min()) and int(a.max()) < nodes) for a in (index.team, index.blocked)))
