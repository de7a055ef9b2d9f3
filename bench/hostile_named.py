"""The named hostile cases of the hardening pass, each checked for its rule: a file imports every
row, or reports each row it lost with file:line, or is refused with its reason. Then the same
for the commands (no traceback anywhere), 1,000 queries under a stream of writes, and forget
leaving no byte of the person in any file pathfinder wrote. Run by ``bench/robustness.py``."""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

import pathfinder
from pathfinder.errors import ExportFormatError
from pathfinder.faces.cli import cli
from pathfinder.faces.demo import import_samples
from tests.test_hostile_input import contacts_csv

LI = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def zipped(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z, z.open("Connections.csv", "w") as fh:
        fh.write(LI.encode())
        for _ in range(64):
            fh.write(b"\0" * (1 << 20))


#: name -> (what to write, the expected outcome, a check of what was stored or said)
Case = tuple[Callable[[Path], None], str, Callable[[pathfinder.PathFinder, str], bool]]


def write(data: bytes | str) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data.encode() if isinstance(data, str) else data)


def has(name: str) -> Callable[[pathfinder.PathFinder, str], bool]:
    return lambda pf, _: any(p.name == name for p in pf.people(name, limit=5))


CASES: dict[str, tuple[str, Case]] = {
    "cr-line-ends.csv": ("contacts.csv", (write(contacts_csv(200).replace("\n", "\r")), "imported",
                                          lambda pf, _: len(pf.people("Person", limit=500)) == 200)),
    "unclosed-quote.csv": ("contacts.csv", (write(contacts_csv(1000, {3: '"Person 3,p3@acme.example.com,Acme,X'})),
                                            "reported", lambda pf, said: len(pf.people("Person", limit=2000)) == 999
                                            and "contacts.csv:4: a quote opened" in said)),
    "one-bad-byte.csv": ("contacts.csv", (write(contacts_csv(50, {7: "Zoë Ångström,z@acme.example.com,Acme,CTO",
                                                              9: "Bad \udcff Byte,b@acme.example.com,Acme,X"})
                                                .encode("utf-8", "surrogateescape")),
                                          "reported", lambda pf, said: has("Zoë Ångström")(pf, said)
                                          and "contacts.csv:10: holds bytes" in said)),
    "cp1252.csv": ("contacts.csv", (write(contacts_csv(5, {2: "Zoë Müller,z@acme.example.com,Acme,CTO"}).encode("cp1252")),
                                    "imported", has("Zoë Müller"))),
    "na-name.csv": ("contacts.csv", (write("Name,Email,Company\nNA,,Acme\nDana Buyer,dana@acme.example.com,Acme\n"),
                                     "reported", lambda pf, said: "'NA' is not a name" in said
                                     and not any(p.name == "NA" for p in pf.people("", limit=50)))),
    "year-0001.csv": ("Connections.csv", (write(LI + "Dana,Buyer,https://www.linkedin.com/in/db,,Acme,VP,01 Jan 0001\n"),
                                          "reported", lambda pf, said: has("Dana Buyer")(pf, said)
                                          and "unreadable 'Connected On' date '01 Jan 0001'" in said)),
    "hubspot-amounts.csv": ("deals.csv", (write(
        "Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Associated Contact IDs\n"
        "1,Big,Closed Won,1.2E+06,2025-06-30,Sam Seller,501\n"
        f"2,Absurd,Closed Won,{'9' * 400},2025-06-30,Sam Seller,502\n"), "reported",
        lambda pf, said: "deals.csv:3: unreadable amount" in said)),
    "two-connections.zip": ("archive.zip", (write(zipped([("Connections.csv", LI.encode()),
                                                          ("old/Connections.csv", LI.encode())])), "refused",
                                            lambda pf, said: "holds 2 files" in said)),
    "zip-bomb.zip": ("archive.zip", (bomb, "refused", lambda pf, said: "a zip bomb" in said)),
    "zip-slip.zip": ("archive.zip", (write(zipped([("../../evil/Connections.csv", LI.encode())])), "refused",
                                     lambda pf, said: "leaves the archive" in said)),
    "empty.zip": ("archive.zip", (write(zipped([])), "refused", lambda pf, said: "empty archive" in said)),
    "empty.csv": ("contacts.csv", (write(b""), "refused", lambda pf, said: "is empty (0 bytes)" in said)),
    "binary.csv": ("contacts.csv", (write(b"\x00\x01PK" * 500), "refused", lambda pf, said: "contacts.csv" in said)),
    "fifo.csv": ("Connections.csv", (lambda p: os.mkfifo(p), "refused", lambda pf, said: "not a regular file" in said)),
}


def named_files(tmp: Path) -> list[tuple[str, bool, str]]:
    """(case, followed its rule, what happened) per named file."""
    out = []
    for case, (filename, (make, expected, check)) in CASES.items():
        folder = tmp / case
        folder.mkdir()
        path = folder / filename
        make(path)
        owner = "Sam Seller" if filename == "deals.csv" else "Rita Rep"
        started = time.perf_counter()
        with pathfinder.open(folder / "s.db") as pf:
            try:
                summary = pf.import_file(path, owner=owner, format="hubspot-deals" if filename == "deals.csv" else None)
                outcome = "reported" if summary.problems else "imported"
                said = "\n".join(str(p) for p in summary.problems)
            except ExportFormatError as exc:
                outcome, said = "refused", str(exc)
            seconds = time.perf_counter() - started
            ok = outcome == expected and check(pf, said) and seconds < 30
        out.append((case, ok, f"{outcome} in {seconds:.2f} s: {said.splitlines()[0][:110] if said else 'every row'}"))
    return out


def commands_without_traceback(tmp: Path) -> tuple[int, int, list[str]]:
    """Every command in every hostile surrounding of tests/test_no_traceback.py."""
    from tests.test_no_traceback import commands, hostile_files
    demo = tmp / "demo" / "demo.db"
    demo.parent.mkdir()
    with pathfinder.open(demo) as pf:
        import_samples(pf, echo=lambda _: None)
    files = hostile_files(tmp / "demo")
    tried, bad = 0, []
    for args in commands(files):
        store = tmp / "demo" / "run.db"
        for f in demo.parent.glob("demo.db*"):
            shutil.copy(f, demo.parent / f.name.replace("demo.db", "run.db"))
        result = CliRunner().invoke(cli, ["--store", str(store), *args])
        tried += 1
        if (result.exception and not isinstance(result.exception, SystemExit)) or result.exit_code not in (0, 1, 2):
            bad.append(f"{args}: {result.exception!r}")
    return tried, tried - len(bad), bad


def queries_under_writes(tmp: Path, queries: int = 1000) -> tuple[int, int, list[str]]:
    """``queries`` searches from four threads (each its own store connection) while a fifth
    imports small files one after another: (queries run, crashes, the first crashes)."""
    store = tmp / "busy.db"
    with pathfinder.open(store) as pf:
        import_samples(pf, echo=lambda _: None)
    done, crashes, ran = threading.Event(), [], [0]
    lock = threading.Lock()

    def writer() -> None:
        i = 0
        while not done.is_set():
            small = tmp / f"small{i}.csv"
            small.write_text("Name,Email,Company\n" + "".join(
                f"W{i} Q{j},w{i}q{j}@acme{j % 3}.example.com,Acme Corporation\n" for j in range(10)))
            with pathfinder.open(store) as pf:
                pf.import_file(small, owner="Tom Closer")
            i += 1

    def reader() -> None:
        while True:
            with lock:
                if ran[0] >= queries:
                    return
                ran[0] += 1
            try:
                with pathfinder.open(store) as pf:
                    pf.paths(account="Acme Corporation", top=3)
            except Exception as exc:  # noqa: BLE001 - every crash is counted
                crashes.append(repr(exc))

    w = threading.Thread(target=writer)
    readers = [threading.Thread(target=reader) for _ in range(4)]
    w.start()
    for t in readers:
        t.start()
    for t in readers:
        t.join()
    done.set()
    w.join()
    return ran[0], len(crashes), crashes[:3]


def forget_leaves_nothing(tmp: Path) -> tuple[int, list[str]]:
    """Bytes of the forgotten person left in the files pathfinder wrote (store, log, index,
    migration copies), after she was a contact, a referrer, a file's name and in a note."""
    folder = tmp / "forget"
    folder.mkdir()
    store = folder / "graph.db"
    ours = folder / "zebulon-quixotefang-list.csv"
    ours.write_text("Name,Email,Company,Relationship,Referred By\n"
                    "Zebulon Quixotefang,zq@initech.example.com,Initech,client,\n"
                    "Ada Lovelace,ada@initech.example.com,Initech,referred,Zebulon Quixotefang\n")
    theirs = folder / "sam.csv"
    theirs.write_text("Name,Email,Company,Relationship,Referred By\n"
                      "Alan Turing,alan@gchq.example.org,GCHQ,referred,Zebulon Quixotefang\n")
    with pathfinder.open(store) as pf:
        pf.import_file(ours, owner="Rita Rep")
        pf.import_file(theirs, owner="Sam Seller")
        pf.record_intro(to="Ada Lovelace", via="Zebulon Quixotefang", from_="Rita Rep")
        pf.backup(folder / "graph.db.schema4.bak")  # as an older pathfinder's migration left it
        pf.refresh_index()
        pf.forget("zq@initech.example.com")
    ours.unlink()  # the user's own exports are theirs to delete
    traces = [b"zebulon", b"quixotefang", b"zq@initech"]
    found = []
    for f in folder.iterdir():
        if f.is_file() and f.name.startswith("graph.db"):
            raw = f.read_bytes().lower()
            found += [f"{f.name}: {t.decode()}" for t in traces if t in raw]
    return len(found), found
