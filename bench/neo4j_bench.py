"""The Neo4j store's figures, next to the embedded store's, in one run.

    python bench/neo4j_bench.py [--people 1000000] [--ties 5000000] [--url bolt://127.0.0.1:PORT]
                                [--team 50] [--contacts 2000] [--messages 4000] [--accounts 10] [--seed 1]

Goals (the Neo4j issue):
  1. importing a 100k-contact team (50 LinkedIn archives x 2,000 contacts) into Neo4j takes under
     60 s; the same exports in the embedded store for comparison, and both end with the same
     people and ties. Printed twice: contacts only, and with 4,000 messages per archive.
  2. on a 1M-person / 5M-tie graph (bench/graphgen.py, the seed of search_speed.py) loaded into
     Neo4j, the top-5 paths to an account take under 200 ms (median), and are the same top-5 as the
     embedded store's (target, introducer, team member, score to 6 places): timed through the
     corridor (no whole index here yet, as on a first search after another rep's import), the
     first search of each account (after one of another account: the team's own ties are read
     once) and warm (the same account again), and with the store's whole index at hand (after
     prospects, coverage or an import here); prospects and coverage of 100 accounts timed on both
     stores, with the same answers.

Without --url the script starts its own server with neo4j-server/run.sh (port 7694, state in
/tmp/neo4j-bench, -Xmx4g) on an empty data folder, and stops it and deletes the folder at the end. With --url the
password comes from PATHFINDER_NEO4J_PASSWORD and the database must be empty: the script fills it,
and deletes everything in it between the steps and at the end.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from graphgen import add_graph_options, bulk_load, generate  # noqa: E402
from pathfinder.queries import load

import pathfinder  # noqa: E402
from pathfinder.identity.companies import company_key
from pathfinder.identity.keys import name_key
from pathfinder.identity.rules import title_columns
from pathfinder.store.neo4j_identity import PERSON_DEFAULTS
from tests.synthetic import write_archive  # noqa: E402

SERVER_ENV = {"PATHFINDER_NEO4J_PORT": "7694", "PATHFINDER_NEO4J_STATE": "/tmp/neo4j-bench",
              "PATHFINDER_NEO4J_PASSWORD": "benchpassword1",
              "PATHFINDER_NEO4J_JAVA_OPTS": "-Xmx4g -XX:+ExitOnOutOfMemoryError",
              "PATHFINDER_NEO4J_PAGECACHE_MB": "2048"}
RUN_SH = REPO / "neo4j-server" / "run.sh"

PEOPLE_BATCH = 10_000
TIES_BATCH = 20_000
LOAD_TIES = """
UNWIND $rows AS r
MATCH (a:Person {n: r[0]})
MATCH (b:Person {n: r[1]})
CREATE (a)-[:TIE {trust: r[2], usable: true}]->(b)
"""
WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


# --- the server -------------------------------------------------------------------------------

class Server:
    """Our own server, or the one at --url."""

    def __init__(self, url: str | None) -> None:
        self.started = False
        if url:
            if not os.environ.get("PATHFINDER_NEO4J_PASSWORD"):
                sys.exit("Set PATHFINDER_NEO4J_PASSWORD to the password of user neo4j at " + url)
            self.url = url
            return
        self.env = {**os.environ, **SERVER_ENV}
        os.environ["PATHFINDER_NEO4J_PASSWORD"] = SERVER_ENV["PATHFINDER_NEO4J_PASSWORD"]
        self.url = f"bolt://127.0.0.1:{SERVER_ENV['PATHFINDER_NEO4J_PORT']}"
        status = subprocess.run([str(RUN_SH), "status"], env=self.env, capture_output=True, text=True)
        if status.returncode == 0:
            print(f"using the bench server already running at {self.url}", flush=True)
            return
        self.data = Path(SERVER_ENV["PATHFINDER_NEO4J_STATE"]) / "data"
        shutil.rmtree(self.data, ignore_errors=True)
        t = time.perf_counter()
        subprocess.run([str(RUN_SH), "start"], env=self.env, check=True)
        self.started = True
        print(f"started a Neo4j server at {self.url} in {time.perf_counter() - t:.1f} s", flush=True)

    def stop(self) -> None:
        if self.started:
            subprocess.run([str(RUN_SH), "stop"], env=self.env, check=False)
            shutil.rmtree(self.data, ignore_errors=True)
            self.started = False


def driver(url: str):
    import neo4j
    return neo4j.GraphDatabase.driver(url, auth=(os.environ.get("PATHFINDER_NEO4J_USER", "neo4j"),
                                                 os.environ["PATHFINDER_NEO4J_PASSWORD"]),
                                      notifications_min_severity="OFF")


def node_count(url: str) -> int:
    with driver(url) as d, d.session() as s:
        return s.run("MATCH (n) RETURN count(n) AS c").single()["c"]


def wipe(url: str) -> None:
    """Delete every node and relationship (the schema stays)."""
    with driver(url) as d, d.session() as s:
        s.run(WIPE).consume()


# --- figures ----------------------------------------------------------------------------------

class Figures:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []
        self.failed = False

    def add(self, what: str, shown: str, goal: str = "", ok: bool | None = None) -> None:
        verdict = "" if ok is None else ("ok" if ok else "OVER")
        if ok is False:
            self.failed = True
        self.rows.append((what, shown, goal, verdict))
        print(f"  {what}: {shown}" + (f"  (goal {goal}: {verdict})" if goal else ""), flush=True)

    def check(self, what: str, ok: bool, detail: str = "") -> None:
        if not ok:
            self.failed = True
        self.rows.append((what, "yes" if ok else "NO", "yes", "ok" if ok else "DIFFERENT"))
        print(f"  {what}: {'yes' if ok else 'NO'}{(' ' + detail) if detail and not ok else ''}", flush=True)

    def print(self) -> None:
        print("\n" + f"{'figure':<84} {'measured':>22} {'goal':>9}")
        for what, shown, goal, ok in self.rows:
            print(f"{what:<84} {shown:>22} {goal:>9}  {ok}")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


# --- 1. import ----------------------------------------------------------------------------------

def import_team(store: str, archives: list[tuple[Path, str]]) -> tuple[float, dict[str, int]]:
    """Import every archive with the real API; (seconds, store counts)."""
    with pathfinder.open(store) as pf:
        start = time.perf_counter()
        for _, result in pf.import_files(archives):
            if isinstance(result, Exception):
                raise result
        seconds = time.perf_counter() - start
        stats = pf.stats()
    return seconds, stats


def warm_up(url: str, root: Path) -> None:
    """One small import, so that the timed one does not pay for the server's first query plans."""
    folder = write_archive(root / "warm-up", owner="Warm Up", connections=200, messages=200, seed=99)
    wipe(url)
    import_team(url, [(folder, "Warm Up")])
    wipe(url)


def bench_import(args: argparse.Namespace, url: str, root: Path, fig: Figures) -> None:
    warm_up(url, root)
    variants = [("contacts only", 0)] + ([("with messages", args.messages)] if args.messages else [])
    for label, messages in variants:
        folder = root / f"archives-{messages}"
        archives = []
        for i in range(args.team):
            owner = f"Member {i:02d}"
            archives.append((write_archive(folder / f"m{i}", owner=owner, connections=args.contacts,
                                           messages=messages, seed=i, offset=i * 1200), owner))
        what = (f"{args.team} archives, {args.team * args.contacts:,} contacts"
                + (f" + {args.team * messages:,} messages" if messages else "") + f" ({label})")
        print(f"\nimport: {what}", flush=True)
        rows = args.team * (args.contacts + messages)  # data rows of Connections.csv and messages.csv
        sql_s, sql_stats = import_team(str(root / f"team-{messages}.db"), archives)
        fig.add(f"import {what} into SQLite", f"{sql_s:.1f} s, {rows / sql_s:,.0f} rows/s")
        wipe(url)
        neo_s, neo_stats = import_team(url, archives)
        fig.add(f"import {what} into Neo4j", f"{neo_s:.1f} s, {rows / neo_s:,.0f} rows/s", "60 s", neo_s <= 60)
        fig.add("  ratio Neo4j / SQLite", f"{neo_s / sql_s:.1f}x")
        keys = ("people", "ties", "evidence", "sources", "team")
        same = all(sql_stats[k] == neo_stats[k] for k in keys)
        fig.check(f"  same counts ({sql_stats['people']:,} people, {sql_stats['ties']:,} ties)", same,
                  "" if same else f"SQLite {dict((k, sql_stats[k]) for k in keys)} vs "
                                  f"Neo4j {dict((k, neo_stats[k]) for k in keys)}")
        wipe(url)


# --- 2. search ----------------------------------------------------------------------------------

def person_rows(people: list[dict[str, str]], start: int, stop: int, team: set[int]) -> list[dict[str, object]]:
    """Generated people ``start:stop`` as the Neo4j store writes them (n = 1..N in order, as
    graphgen.bulk_load numbers them)."""
    out = []
    for i in range(start, min(stop, len(people))):
        p = people[i]
        nkey = name_key(p["name"])
        seniority, functions = title_columns(p["title"])
        row = {**PERSON_DEFAULTS, "n": i + 1, "id": p["id"], "name": p["name"], "name_key": nkey,
               "last_key": nkey.rpartition(" ")[2], "company": p["company"], "company_key": company_key(p["company"]),
               "title": p["title"], "seniority": seniority, "functions": functions}
        if i in team:
            row["team_role"] = "member"
        out.append(row)
    return out


def load_neo4j(url: str, people: list[dict[str, str]], a, b, trust, team: list[int]) -> tuple[float, float]:
    """Load the generated graph with batched UNWIND statements, the way the store writes people
    (create_people.cypher) and ties (a < b, with trust and usable); (seconds for people, for ties)."""
    import numpy as np

    with pathfinder.open(url) as pf:  # creates the store's schema and stamps it
        if pf.stats()["people"]:
            raise SystemExit(f"{url} is not empty")
    create_people = load("create_people").text
    members = set(team)
    with driver(url) as d, d.session() as s:
        def progress(done: int, total: int, what: str) -> None:
            nonlocal last
            if time.perf_counter() - last > 60:
                last = time.perf_counter()
                print(f"    {done:,}/{total:,} {what}, {done / (last - start):,.0f}/s", flush=True)

        start = last = time.perf_counter()
        for i in range(0, len(people), PEOPLE_BATCH):
            batch = person_rows(people, i, i + PEOPLE_BATCH, members)
            s.execute_write(lambda tx, rows=batch: tx.run(create_people, rows=rows).consume())
            progress(i + len(batch), len(people), "people")
        people_s = time.perf_counter() - start
        lo = np.minimum(a, b) + 1
        hi = np.maximum(a, b) + 1
        order = np.lexsort((hi, lo))
        lo, hi, t = lo[order].tolist(), hi[order].tolist(), trust[order].tolist()
        total = len(lo)
        start = last = time.perf_counter()
        for i in range(0, total, TIES_BATCH):
            batch = [[x, y, w] for x, y, w in zip(lo[i:i + TIES_BATCH], hi[i:i + TIES_BATCH], t[i:i + TIES_BATCH])]
            s.execute_write(lambda tx, rows=batch: tx.run(LOAD_TIES, rows=rows).consume())
            progress(i + len(batch), total, "ties")
        ties_s = time.perf_counter() - start
        s.run(load("meta_set").text, key="generated", value="1").consume()
        s.run(load("lock_store").text).consume()
        s.run("CALL db.awaitIndexes(600)").consume()
    return people_s, ties_s


def answer(found) -> list[tuple]:
    """Prospects or coverage, as what a rep would compare: who, through whom, how well."""
    if hasattr(found, "accounts"):
        return [(c.account, c.people, round(c.best.score, 6) if c.best else None, c.paths) for c in found.accounts]
    return [(p.path.target.id, round(p.path.score, 6)) for p in found]


def signature(paths) -> list[tuple[str, str | None, str, float]]:
    return [(p.target.id, p.introducer.id if p.introducer else None, p.source.id, round(p.score, 6)) for p in paths]


def time_paths(pf, account: str, runs: int) -> tuple[float, list]:
    """The median of ``runs`` warm runs (one when a run takes more than 10 s)."""
    return timed(lambda: pf.paths(account=account, top=5), runs)


def timed(call, runs: int) -> tuple[float, object]:
    """The median of ``runs`` warm runs of ``call`` (one when a run takes more than 10 s)."""
    t = time.perf_counter()
    found = call()  # warm-up
    if time.perf_counter() - t > 10:
        runs = 1
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        found = call()
        times.append(time.perf_counter() - t)
    return statistics.median(times), found


def bench_search(args: argparse.Namespace, url: str, root: Path, fig: Figures) -> None:
    print(f"\nsearch: {args.people:,} people / {args.ties:,} ties / {args.team} team members", flush=True)
    t = time.perf_counter()
    people, a, b, trust, team, by_size = generate(args.people, args.ties, args.team, args.seed)
    fig.add(f"generate {args.people:,} people / {args.ties:,} ties (graphgen, seed {args.seed})",
            f"{time.perf_counter() - t:.1f} s")

    store = root / "bench.db"
    sql = pathfinder.open(store)
    t = time.perf_counter()
    bulk_load(sql.store, people, zip((a + 1).tolist(), (b + 1).tolist(), trust.tolist()), {m + 1: "member" for m in team})
    fig.add("load into the SQLite store (bulk_load)", f"{time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    sql.refresh_index()
    fig.add("  build the SQLite store's search index", f"{time.perf_counter() - t:.1f} s")

    wipe(url)
    people_s, ties_s = load_neo4j(url, people, a, b, trust, team)
    fig.add("load into Neo4j (batched UNWIND): people", f"{people_s:.1f} s, {len(people) / people_s:,.0f}/s")
    fig.add("load into Neo4j (batched UNWIND): ties", f"{ties_s:.1f} s, {len(a) / ties_s:,.0f}/s")
    fig.add("load into Neo4j: total", f"{people_s + ties_s:.1f} s")
    del people, a, b, trust

    neo = pathfinder.open(url)
    sql_stats, neo_stats = sql.stats(), neo.stats()
    fig.check(f"same counts ({sql_stats['people']:,} people, {sql_stats['ties']:,} ties, {sql_stats['team']} team)",
              all(sql_stats[k] == neo_stats[k] for k in ("people", "ties", "team")),
              f"SQLite {sql_stats} vs Neo4j {neo_stats}")

    rng = random.Random(args.seed)
    candidates = by_size[10:1000]
    accounts = [by_size[30]] + rng.sample(candidates, min(args.accounts - 1, len(candidates)))
    sql_times, neo_times, neo_first, differ = [], [], [], []
    neo.paths(account=by_size[9], top=5)  # the team's own ties are read once (per generation of the data)
    print(f"\n  {'account':<16} {'people':>7} {'SQLite':>9} {'Neo4j':>9} {'(first)':>9}  same top-5", flush=True)
    for account in accounts:
        size = len(list(sql.store.people_filtered(company_keys=[company_key(account)])))
        t = time.perf_counter()
        neo.paths(account=account, top=5)  # the first search of this account: nothing of it read before
        neo_first.append(time.perf_counter() - t)
        sql_s, sql_found = time_paths(sql, account, args.runs)
        neo_s, neo_found = time_paths(neo, account, args.runs)
        sql_times.append(sql_s)
        neo_times.append(neo_s)
        same = signature(sql_found) == signature(neo_found)
        if not same:
            differ.append((account, signature(sql_found), signature(neo_found)))
        print(f"  {account:<16} {size:>7,} {ms(sql_s):>9} {ms(neo_s):>9} {ms(neo_first[-1]):>9}  {'yes' if same else 'NO'}"
              f" ({len(sql_found)} paths)", flush=True)
    for account, s, n in differ:
        print(f"  {account}: SQLite {s}\n  {' ' * len(account)}  Neo4j  {n}")
    n = len(accounts)
    fig.add(f"top-5 paths to an account, SQLite, warm, median of {n} accounts", ms(statistics.median(sql_times)))
    fig.add(f"top-5 paths to an account, SQLite, warm, max of {n} accounts", ms(max(sql_times)))
    fig.add(f"top-5 paths to an account, Neo4j, the first search of each, median of {n} accounts (through the "
            "corridor: no whole index here yet)", ms(statistics.median(neo_first)), "200 ms",
            statistics.median(neo_first) <= 0.2)
    fig.add(f"top-5 paths to an account, Neo4j, warm, median of {n} accounts (through the corridor; the "
            "targets' ties read by the search before)", ms(statistics.median(neo_times)), "200 ms",
            statistics.median(neo_times) <= 0.2)
    fig.add(f"top-5 paths to an account, Neo4j, warm, max of {n} accounts (through the corridor)",
            ms(max(neo_times)), "1000 ms", max(neo_times) <= 1.0)
    fig.check(f"the same top-5 on both stores ({n - len(differ)}/{n} accounts)", not differ)
    targets = by_size[:100]
    for what, call in (("prospects 'VP Sales', top 50", lambda pf: pf.prospects(title="VP Sales", limit=50)),
                       (f"coverage of {len(targets)} accounts", lambda pf: pf.coverage(targets))):
        sql_s, sql_found = timed(functools.partial(call, sql), args.runs)
        neo_s, neo_found = timed(functools.partial(call, neo), args.runs)
        fig.add(f"{what}, SQLite, warm", ms(sql_s))
        fig.add(f"{what}, Neo4j, warm", ms(neo_s))
        fig.check(f"  {what}: the same answer on both stores", answer(sql_found) == answer(neo_found))
    # prospects and coverage read the whole graph: its index is here now, and searches use it
    index_times = [time_paths(neo, account, args.runs) for account in accounts]
    fig.add(f"top-5 paths to an account, Neo4j, warm, median of {n} accounts (the whole index here, as after "
            "prospects, coverage or an import)", ms(statistics.median(t for t, _ in index_times)), "200 ms",
            statistics.median(t for t, _ in index_times) <= 0.2)
    fig.check("  the same top-5 as the SQLite store's",
              all(signature(found) == signature(time_paths(sql, account, 1)[1])
                  for account, (_, found) in zip(accounts, index_times)))
    sql.close()
    neo.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_graph_options(ap)
    ap.add_argument("--contacts", type=int, default=2000, help="connections per archive (import step)")
    ap.add_argument("--messages", type=int, default=4000,
                    help="messages per archive for the second import figure (0: contacts only)")
    ap.add_argument("--accounts", type=int, default=10, help="accounts to time top-5 paths to")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per account (after one warm-up)")
    ap.add_argument("--url", help="an empty Neo4j database (password in PATHFINDER_NEO4J_PASSWORD); "
                                  "default: start a server of our own")
    ap.add_argument("--skip-import", action="store_true")
    ap.add_argument("--skip-search", action="store_true")
    args = ap.parse_args()
    floor = args.team * min(2000, args.people - args.team) + args.team * (args.team - 1) // 2
    if not args.skip_search and args.ties <= floor:
        ap.error(f"--ties must be more than {floor:,} (the team's own ties in graphgen) for --team {args.team}")

    root = Path(tempfile.mkdtemp(prefix="neo4j-bench-"))
    os.environ["PATHFINDER_HOME"] = str(root / "home")  # the Neo4j store's local cache
    server = Server(args.url)
    fig = Figures()
    filled = False
    try:
        if node_count(server.url):
            raise SystemExit(f"{server.url} is not empty: this bench deletes everything in the database it uses")
        filled = True
        if not args.skip_import:
            bench_import(args, server.url, root, fig)
        if not args.skip_search:
            bench_search(args, server.url, root, fig)
    finally:
        if filled and not server.started:
            wipe(server.url)
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    fig.print()
    sys.exit(1 if fig.failed else 0)


if __name__ == "__main__":
    main()
