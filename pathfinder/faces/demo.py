"""``pathfinder demo``: import the bundled synthetic exports of a small team into a temporary
store, then show a path into the target account, a prospect list, coverage and one request."""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from pathfinder import api
from pathfinder.errors import PathfinderError
from pathfinder.faces.render import paths_table

DEMO_ACCOUNT = "Acme Corporation"


def sample_dir() -> Path:
    return Path(str(resources.files("pathfinder.sample_data")))


def import_samples(pf: api.PathFinder, echo: Callable[[str], None] = print) -> None:
    items = api.read_manifest(sample_dir() / "imports.csv")
    for item, (_, s) in zip(items, pf.import_files(items)):
        if isinstance(s, Exception):
            raise s
        echo(f"  {item.path.name:<24} {item.owner:<14} {s.rows:>3} rows, {s.people_added:>3} new people, "
             f"{s.people_matched:>3} already known")
    pf.refresh_index()


def claim_for_demo(store: Any) -> None:
    """Refuse to mix the demo's sample people into a database that holds real data."""
    if store.stats()["sources"] and store.get_meta("demo") != "1":
        raise PathfinderError(f"{store.url} already holds data; run the demo against an empty database.")
    store.set_meta("demo", "1")


def run_demo(keep: str | None = None, echo: Callable[[str], None] = print, store: str | None = None) -> None:
    """The demo in a temporary file store (``keep``: in this folder), or, when ``store`` is a
    Neo4j URL, in that database, which must be empty or hold only the demo's data."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(keep) if keep else Path(tmp)
        on_server = bool(store and store.startswith(api.NEO4J_SCHEMES))
        if not on_server:
            folder.mkdir(parents=True, exist_ok=True)
        where = store if on_server else str(folder / "demo.db")
        with api.open(where) as pf:
            if on_server:
                claim_for_demo(pf.store)
            echo(f"Importing the sample exports of a three-person sales team and two friendly contacts "
                 f"into {where}:")
            start = time.perf_counter()
            import_samples(pf, echo)
            echo(f"  -> {pf.stats()['people']} people, {pf.stats()['ties']} ties "
                 f"in {time.perf_counter() - start:.2f} s\n")
            echo("$ pathfinder team   (each teammate is in the others' exports too: one person each)")
            for t in pf.team():
                echo(f"  {t.role:<9} {t.name:<13} {t.title + ', ' + t.company:<47} {t.exports} export(s), "
                     f"{t.contacts} contacts")
            echo("")
            start = time.perf_counter()
            found = pf.paths(account=DEMO_ACCOUNT, top=5)
            took = (time.perf_counter() - start) * 1000
            echo(f"$ pathfinder paths --account '{DEMO_ACCOUNT}'   ({took:.0f} ms)")
            echo(paths_table(found))
            echo("$ pathfinder prospects --title 'VP' --limit 5")
            echo(paths_table([p.path for p in pf.prospects(title="VP", limit=5)]))
            echo("$ pathfinder coverage --accounts accounts.csv")
            accounts = [r["account"] for r in csv.DictReader(open(sample_dir() / "accounts.csv", newline=""))]
            report = pf.coverage(accounts)
            for a in report.accounts:
                best = f"{a.best.score:.3f} to {a.best.target.name}" if a.best else "GAP: no path"
                echo(f"  {a.account:<22} {a.paths} route(s)  {best}  {', '.join(sorted(a.members))}")
            echo("")
            warm = next((p for p in found if p.introducer), None)
            if warm:
                draft = pf.ask(to=warm.target.id).drafts[0]
                echo(f"$ pathfinder ask --to '{warm.target.name}'")
                echo(f"To: {draft.introducer}\nSubject: {draft.subject}\n\n{draft.body}")
            signed = Path(tmp) / "signed_yesterday.csv"  # a client who just signed, dated as the demo runs
            yesterday = (date.today() - timedelta(days=1)).isoformat()
            signed.write_text("Name,Email,Company,Title,Relationship,Since\n"
                              f"Nina New,nina.new@fernwick.example,Fernwick Logistics,VP Operations,client,{yesterday}\n")
            pf.import_file(signed, owner="Rita Rep")
            echo("\n$ pathfinder today --from 'Rita Rep'   (Rita signed Nina New yesterday)")
            for line in pf.today(from_="Rita Rep"):
                echo(f"  {line.kind:<9} {line.person}: {line.why}" + (f" (until {line.until})" if line.until else ""))
                if line.action:
                    echo(f"            => {line.action}")
            echo("")
            if keep and not on_server:
                echo(f"The demo store is kept in {folder / 'demo.db'}: try "
                     f"`pathfinder --store {folder / 'demo.db'} paths --to \"Dana Buyer\"`.")
