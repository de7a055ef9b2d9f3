"""Web app speed: every page on the demo data (goal: under 100 ms each), and the paths page on a
1M-person store (goal: under 300 ms). Time is the whole request through the ASGI app.

    python bench/web_speed.py [--big-store PATH]   # e.g. the store kept by bench/search_speed.py --keep DIR
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient  # noqa: E402

import pathfinder  # noqa: E402
from pathfinder.faces.demo import import_samples
from pathfinder.faces.web.app import create_app

DEMO_PAGES = ["/", "/search?q=Acme", "/suggest?q=Da", "/paths?account=Acme%20Corporation",
              "/paths?to=Dana%20Buyer&from=Rita%20Rep", "/prospects?title=VP", "/coverage",
              "/person?q=Dana%20Buyer", "/intros", "/api/paths?account=Acme%20Corporation&top=5"]


def median_ms(client: TestClient, url: str, runs: int = 7) -> float:
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, url
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big-store", help="a 1M-person store (bench/search_speed.py --keep DIR writes DIR/bench.db)")
    ap.add_argument("--account", default="Company 00030")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "demo.db"
        with pathfinder.open(store) as pf:
            import_samples(pf, echo=lambda _: None)
        client = TestClient(create_app(str(store)), base_url="http://127.0.0.1")
        for url in DEMO_PAGES:
            rows.append((f"demo {url}", median_ms(client, url), 100.0))
    if args.big_store:
        client = TestClient(create_app(args.big_store), base_url="http://127.0.0.1")
        account = args.account.replace(" ", "%20")
        rows.append((f"1M store /paths?account={args.account}", median_ms(client, f"/paths?account={account}", 5), 300.0))
    print(f"{'page':<66} {'median':>9} {'goal':>8}")
    for what, ms, goal in rows:
        print(f"{what:<66} {ms:>7.1f}ms {goal:>6.0f}ms  {'ok' if ms <= goal else 'OVER'}")


if __name__ == "__main__":
    main()
