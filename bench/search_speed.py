"""Search speed on a merged sales-team network: the figures of the ranking issue, each beside its
goal, with the same queries done the obvious NetworkX way and a plain numpy and a C reference scan
of the same index, all measured in one run.

    python bench/search_speed.py [--people 1000000] [--ties 5000000] [--team 50] [--seed 1] [--keep DIR]
                                 [--skip-networkx] [--networkx-budget 60]

Goals (1M people / 5M ties / 50 team members, the default graph of bench/graphgen.py):
  - top-5 paths team -> account within 3 hops <= 15 ms warm; within 4 hops <= 40 ms warm;
  - the whole `pathfinder paths` CLI process cold <= 0.2 s (<= 0.12 s up to 200k people, e.g. a
    155k-person store);
  - >= 15x the obvious NetworkX way cold (a pickled Graph, one multi-source Dijkstra), and >= 50x
    NetworkX per query (Yen's k-shortest paths per target);
  - prospects <= 2 s; coverage of 50 members x 1,000 accounts <= 5 s;
  - peak memory of a query process <= 0.3 GB.
Also printed, without a goal: top-5 into the largest account within 4 hops (the widest corridor,
which the search takes hop by hop, each search bounded by the routes the last one chose).

References, on the same index arrays and the same team -> account query (within 3 and 4 hops):
the corridor (a backwards breadth-first search giving each node its hop distance to the
account), then a best-cost-per-node, hop-bounded Bellman-Ford inside it, in plain numpy and in C
(bench/corridor_floor.c, compiled with the machine's C compiler in the same run; one core). They
keep one label per node and no route rules, so they are a floor for how fast the corridor can be
scanned, not a replacement of pathfinder's search.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from graphgen import add_graph_options, bulk_load, generate  # noqa: E402

import pathfinder  # noqa: E402
from pathfinder.identity.companies import company_key  # noqa: E402
from pathfinder.ranking.index import SearchIndex  # noqa: E402
from pathfinder.ranking.search import compiled, hop_distance  # noqa: E402

C_SOURCE = HERE / "corridor_floor.c"

MEASURE = """
import json, resource, sys, time
t = time.perf_counter()
import pathfinder
with pathfinder.open(sys.argv[1]) as pf:
    found = pf.{call}
# VmHWM, not ru_maxrss: the high-water mark of this process's own memory since exec
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"seconds": time.perf_counter() - t, "rss_mb": hwm / 1024,
                  "n": len(found) if isinstance(found, list) else len(found.accounts)}}))
"""


def timed(fn, runs: int = 5) -> tuple[float, object]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def in_fresh_process(store: Path, call: str) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE.format(call=call), str(store)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


NETWORKX_COLD = """
import math, pickle, sys, time
import networkx as nx
with open(sys.argv[1], "rb") as fh:
    g, team, targets = pickle.load(fh)
dist, paths = nx.multi_source_dijkstra(g, set(team), weight="cost")
best = sorted((dist[t], t) for t in targets if t in dist and len(paths[t]) - 1 <= 3)[:5]
print(len(best))
"""


def cold_cli(store: Path, account: str, runs: int = 5) -> float:
    """The whole `pathfinder paths` process, as a user runs it: Python may keep its bytecode
    cache (a first run writes it), the page cache is warm. Median of ``runs``."""
    return cold_process([sys.executable, "-m", "pathfinder", "--store", str(store), "paths", "--account", account,
                         "--top", "5", "--format", "json"], runs)


def cold_process(command: list[str], runs: int = 5) -> float:
    """Median seconds of ``command`` as a fresh process (after one run that writes the bytecode cache)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=True, capture_output=True, env=env)  # writes the bytecode cache
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def networkx_cold(folder: Path, a, b, t, team: list[int], targets: set[int], runs: int = 3) -> float:
    """The obvious NetworkX way from a cold process: load a pickled Graph, one multi-source
    Dijkstra from the team, the best five targets within 3 ties. Median of ``runs``."""
    import pickle

    import networkx as nx

    g = nx.Graph()
    g.add_weighted_edges_from(((int(x), int(y), -math.log(w)) for x, y, w in zip(a, b, t)), weight="cost")
    graph_file = folder / "graph.pickle"
    with open(graph_file, "wb") as fh:
        pickle.dump((g, list(team), sorted(targets)), fh, protocol=pickle.HIGHEST_PROTOCOL)
    del g
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", NETWORKX_COLD, str(graph_file)], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    graph_file.unlink()
    return statistics.median(times)


def networkx_top5(a, b, t, team: list[int], targets: set[int], budget: float) -> tuple[float, float, str]:
    """The obvious NetworkX way: build a Graph, then for each target Yen's k-shortest simple paths
    from a super-source over the team, kept while they have at most 3 ties, until 5 introducers."""
    import networkx as nx

    start = time.perf_counter()
    g = nx.Graph()
    g.add_weighted_edges_from(((int(x), int(y), -math.log(w)) for x, y, w in zip(a, b, t)), weight="cost")
    build = time.perf_counter() - start
    for m in team:
        g.add_edge("team", m, cost=0.0)
    start = time.perf_counter()
    done = 0
    for target in sorted(targets):
        intros: set[int] = set()
        try:
            for path in nx.shortest_simple_paths(g, "team", target, weight="cost"):
                if len(path) - 2 <= 3:
                    intros.add(path[2] if len(path) > 3 else -1)
                if len(intros) >= 5 or time.perf_counter() - start > budget:
                    break
        except nx.NetworkXNoPath:
            pass
        done += 1
        if time.perf_counter() - start > budget:
            break
    spent = time.perf_counter() - start
    estimate = spent / done * len(targets) if done else float("inf")
    note = "" if done == len(targets) else f" (extrapolated from {done}/{len(targets)} targets)"
    return build, estimate, note


class Figures:
    """The figures as they are measured (each printed at once), then as one table beside their goals."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def time(self, what: str, value: float, goal: float | None = None, unit: str = "s") -> None:
        ok = "" if goal is None else ("ok" if value <= goal else "OVER")
        shown = f"{value * 1000:.1f} ms" if unit == "s" and value < 1 else f"{value:.2f} {unit}"
        goal_text = "" if goal is None else (f"{goal * 1000:.0f} ms" if unit == "s" and goal < 1 else f"{goal:g} {unit}")
        self.rows.append((what, shown, goal_text, ok))
        print(f"  {what}: {shown}", flush=True)

    def ratio(self, what: str, value: float, at_least: float | None = None) -> None:
        ok = "" if at_least is None else ("ok" if value >= at_least else "UNDER")
        shown = f"{value:,.1f}x" if value < 100 else f"{value:,.0f}x"
        self.rows.append((what, shown, "" if at_least is None else f">= {at_least:g}x", ok))
        print(f"  {what}: {shown}", flush=True)

    def note(self, what: str) -> None:
        self.rows.append((what, "", "", ""))
        print(f"  {what}", flush=True)

    def table(self) -> None:
        width = max(len(what) for what, *_ in self.rows)
        print("\n" + f"{'figure':<{width}} {'measured':>12} {'goal':>9}")
        for what, shown, goal, ok in self.rows:
            print(f"{what:<{width}} {shown:>12} {goal:>9}  {ok}")


def arcs_of(index: SearchIndex, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each node, all its arcs: (index of the node in ``nodes``, arc position)."""
    starts = index.start[nodes]
    counts = index.end[nodes] - starts
    owner = np.repeat(np.arange(len(nodes)), counts)
    offsets = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.repeat(starts, counts) + offsets


def corridor(index: SearchIndex, sources: np.ndarray, targets: np.ndarray, max_hops: int) -> np.ndarray:
    """Every node's hop distance to the nearest target, up to ``max_hops - 1`` (farther: ``max_hops``);
    the sources are not walked through. Pathfinder's own breadth-first search."""
    no_pass = np.zeros(index.nodes, dtype=bool)
    no_pass[sources] = True
    return hop_distance(index, targets, max_hops - 1, no_pass)


def numpy_scan(index: SearchIndex, dist: np.ndarray, sources: np.ndarray, max_hops: int) -> tuple[np.ndarray, int]:
    """Per node the lowest cost of a path of at most ``max_hops`` arcs from a source that stays where
    a target is still within the hops left, layer by layer with numpy gathers (a hop-bounded
    Bellman-Ford in the corridor): (cost per node, arcs looked at)."""
    best = np.full(index.nodes, np.inf)
    best[sources] = 0.0  # arc costs are >= 0: a source never improves, so no path comes back to one
    improved = np.zeros(index.nodes, dtype=bool)
    frontier, looked_at = sources, 0
    for hop in range(1, max_hops + 1):
        if frontier.size == 0:
            break
        start_cost = best[frontier]  # as the layer starts: a node lowered now leads on only in the next
        owner, arcs = arcs_of(index, frontier)
        looked_at += arcs.size
        nxt = index.indices[arcs]
        inside = dist[nxt] <= max_hops - hop
        owner, arcs, nxt = owner[inside], arcs[inside], nxt[inside]
        offered = start_cost[owner] + index.cost[arcs]
        better = offered < best[nxt]
        np.minimum.at(best, nxt[better], offered[better])
        improved[nxt[better]] = True  # a mask, not np.unique
        frontier = np.flatnonzero(improved)
        improved[frontier] = False
    return best, looked_at


def compile_floor(folder: Path) -> Callable[..., int] | str:
    """bench/corridor_floor.c compiled for this machine and loaded, or why it could not be."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        return "no C compiler here"
    library = folder / "corridor_floor.so"
    done = subprocess.run([compiler, "-O3", "-march=native", "-shared", "-fPIC", "-o", str(library), str(C_SOURCE)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        return f"{Path(compiler).name} could not compile {C_SOURCE.name}: {(done.stderr.strip().splitlines() or ['?'])[-1]}"
    scan = ctypes.CDLL(str(library)).corridor_scan
    scan.restype = ctypes.c_int64
    scan.argtypes = [ctypes.c_int64, *[ctypes.c_void_p] * 5, ctypes.c_int64, ctypes.c_int32, ctypes.c_void_p]
    return scan


def c_scan_of(scan: Callable[..., int], index: SearchIndex) -> Callable[[np.ndarray, np.ndarray, int], tuple]:
    """:func:`numpy_scan` done by the C function ``scan`` on the index's own arrays (copied only if
    they are not already of the types it takes). A rebuilt index's rows follow each other: its
    row starts and the last end are the plain CSR row pointers the scan reads."""
    assert np.array_equal(index.start[1:], index.end[:-1]), "the index was updated since it was built: rebuild it"
    indptr = np.append(index.start, index.end[-1:]).astype(np.int64)
    indices = np.ascontiguousarray(index.indices, dtype=np.int32)
    cost = np.ascontiguousarray(index.cost, dtype=np.float64)

    def run(dist: np.ndarray, sources: np.ndarray, max_hops: int) -> tuple[np.ndarray, int]:
        dist = np.ascontiguousarray(dist, dtype=np.int8)
        sources = np.ascontiguousarray(sources, dtype=np.int64)
        best = np.empty(index.nodes)
        arcs = scan(index.nodes, indptr.ctypes.data, indices.ctypes.data, cost.ctypes.data, dist.ctypes.data,
                    sources.ctypes.data, sources.size, max_hops, best.ctypes.data)
        if arcs < 0:
            raise MemoryError("corridor_scan: out of memory")
        return best, arcs

    return run


def references(figures: Figures, index: SearchIndex, targets: np.ndarray, max_hops: int,
               c_scan: Callable | None, query_seconds: float) -> None:
    """The plain numpy and the C corridor scans of the same query on the same index arrays, timed
    (median of 5 warm runs) beside pathfinder's ``query_seconds``; both must find the same costs."""
    sources = np.unique(index.team.astype(np.int64))
    targets = np.setdiff1d(targets, sources)
    bfs, dist = timed(lambda: corridor(index, sources, targets, max_hops))
    scan, (best, arcs) = timed(lambda: numpy_scan(index, dist, sources, max_hops))
    figures.time(f"  reference: plain numpy corridor scan, <= {max_hops} hops ({arcs:,} arcs)", bfs + scan)
    figures.time(f"    of which the corridor (backwards BFS), <= {max_hops} hops", bfs)
    if c_scan is None:
        return
    c_seconds, (c_best, c_arcs) = timed(lambda: c_scan(dist, sources, max_hops))
    assert c_arcs == arcs and np.array_equal(c_best, best), "the C and numpy scans disagree"
    figures.time(f"  reference: C corridor scan (lower bound; the corridor given), <= {max_hops} hops ({c_arcs:,} arcs)",
                 c_seconds)
    figures.ratio(f"  ratio pathfinder / C corridor scan, <= {max_hops} hops", query_seconds / c_seconds)


def numpy_search(query: Callable[[], object]) -> float:
    """Median seconds of ``query`` with the numpy search instead of the compiled one."""
    os.environ["PATHFINDER_ENGINE"] = "numpy"
    try:
        return timed(query)[0]
    finally:
        del os.environ["PATHFINDER_ENGINE"]


def account_nodes(pf, index: SearchIndex, account: str) -> np.ndarray:
    """The index nodes of the people at ``account``."""
    ns = np.array([r.n for r in pf.store.people_filtered(company_keys=[company_key(account)])], dtype=np.int64)
    nodes = index.nodes_of(ns)
    return nodes[nodes >= 0]


def load(pf, people, a, b, trust, team, figures: Figures) -> None:
    """The generated graph into the store, and its search index built and saved."""
    t = time.perf_counter()
    bulk_load(pf.store, people, zip((a + 1).tolist(), (b + 1).tolist(), trust.tolist()), {m + 1: "member" for m in team})
    figures.time("load into the SQLite store", time.perf_counter() - t)
    t = time.perf_counter()
    pf.refresh_index()
    figures.time("build and save the search index", time.perf_counter() - t)


def query_figures(pf, account: str, accounts: list[str], floor: Callable | str, figures: Figures) -> float:
    """The warm queries, each beside the numpy and C references of the same query: the top-5 time
    within 3 hops (seconds)."""
    index = pf.ranking.index
    people = account_nodes(pf, index, account)
    if isinstance(floor, str):
        figures.note(f"  C reference: {floor}")
    c_scan = None if isinstance(floor, str) else c_scan_of(floor, index)
    figures.note("search: " + ("compiled (pathfinder/ranking/_corridor.c)" if compiled() else
                               "numpy (the compiled search is not built here)"))
    warm_top5, found = timed(lambda: pf.paths(account=account, top=5, max_hops=3))
    figures.time(f"top-5 paths team -> {account} (<= 3 hops), warm", warm_top5, 0.015)
    if compiled():
        figures.time("  the same with the numpy search (PATHFINDER_ENGINE=numpy)",
                     numpy_search(lambda: pf.paths(account=account, top=5, max_hops=3)))
    assert found and all(0 < p.score <= 1 for p in found)
    intros = [p.introducer.id for p in found if p.introducer]
    assert len(intros) == len(set(intros))
    references(figures, index, people, 3, c_scan, warm_top5)
    seconds, _ = timed(lambda: pf.paths(account=account, top=5, max_hops=4))
    figures.time(f"top-5 paths team -> {account} (<= 4 hops), warm", seconds, 0.040)
    if compiled():
        figures.time("  the same with the numpy search (PATHFINDER_ENGINE=numpy)",
                     numpy_search(lambda: pf.paths(account=account, top=5, max_hops=4)))
    references(figures, index, people, 4, c_scan, seconds)
    largest = accounts[0]  # the widest corridor: searched hop by hop, each search bounded by the last
    seconds, _ = timed(lambda: pf.paths(account=largest, top=5, max_hops=4))
    figures.time(f"top-5 paths team -> {largest}, the largest account ({len(account_nodes(pf, index, largest)):,} "
                 "people, <= 4 hops), warm", seconds)
    seconds, _ = timed(lambda: pf.paths(account=account, title="VP", top=5, max_hops=3))
    figures.time(f"top-5 paths team -> {account} (<= 3 hops) with --title VP, warm", seconds, 0.050)
    seconds, _ = timed(lambda: pf.prospects(title="VP Sales", limit=50), runs=3)
    figures.time("prospects 'VP Sales' (best path to each of the matches, top 50)", seconds, 2.0)
    seconds, _ = timed(lambda: pf.coverage(accounts), runs=1)
    figures.time(f"coverage {len(index.team)} members x {len(accounts)} accounts", seconds, 5.0)
    return warm_top5


def networkx_figures(folder: Path, a, b, trust, team: list[int], targets: set[int], cold: float, warm_top5: float,
                     budget: float, figures: Figures) -> None:
    """The same query the obvious NetworkX ways, cold and per query, with the ratios."""
    nx_cold = networkx_cold(folder, a, b, trust, team, targets)
    figures.time("NetworkX cold: load a pickled Graph, multi-source Dijkstra, best 5", nx_cold)
    figures.ratio("ratio NetworkX cold / pathfinder CLI cold", nx_cold / cold, 15)
    build, nx_time, note = networkx_top5(a, b, trust, team, targets, budget)
    figures.time("NetworkX: build the Graph", build)
    figures.time(f"NetworkX: the same top-5 with Yen per target{note}", nx_time)
    figures.ratio("ratio NetworkX / pathfinder (query only)", nx_time / warm_top5, 50)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_graph_options(ap)
    ap.add_argument("--keep", help="keep the generated store in this folder")
    ap.add_argument("--skip-networkx", action="store_true")
    ap.add_argument("--networkx-budget", type=float, default=60.0)
    args = ap.parse_args()
    figures = Figures()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    store = folder / "bench.db"
    with tempfile.TemporaryDirectory() as tmp:
        floor = compile_floor(Path(tmp))  # loaded: the file can go
    t = time.perf_counter()
    people, a, b, trust, team, by_size = generate(args.people, args.ties, args.team, args.seed)
    figures.time(f"generate {args.people:,} people / {args.ties:,} ties", time.perf_counter() - t)
    for f in folder.glob("bench.db*"):
        f.unlink()
    account = by_size[30]
    with pathfinder.open(store) as pf:
        load(pf, people, a, b, trust, team, figures)
        warm_top5 = query_figures(pf, account, by_size[:1000], floor, figures)
        targets = {r.n - 1 for r in pf.store.people_filtered(company_keys=[company_key(account)])}
    cold = cold_cli(store, account)
    figures.time("whole `pathfinder paths` CLI process, cold, median of 5", cold,
                 0.12 if args.people <= 200_000 else 0.2)
    figures.time("  of which no command can go below: Python starting and importing numpy",
                 cold_process([sys.executable, "-c", "import numpy"]))
    fresh = in_fresh_process(store, f"paths(account={account!r}, top=5)")
    figures.time("peak memory of a query process (RSS)", fresh["rss_mb"] / 1024, 0.3, "GB")
    if not args.skip_networkx:
        networkx_figures(folder, a, b, trust, team, targets, cold, warm_top5, args.networkx_budget, figures)
    figures.table()
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
