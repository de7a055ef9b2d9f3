"""Reading the headers of every message in a mailbox, streaming, and never a body.

A mailbox is an mbox file (Google Takeout's, Thunderbird's and Apple Mail's: messages separated by
``From `` lines), a Maildir (``cur/`` and ``new/``, one file per message), an ``.eml`` file, or a
folder of any of these. For each message only the header block is read (up to the first empty
line); the rest of an mbox is skipped line by line without being kept, and the rest of a message
file is never read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

MBOX_SUFFIXES = {".mbox", ".mbx", ""}
MAX_HEADER_BYTES = 256 * 1024  # a header block longer than this is not a header block


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def looks_like_mbox(path: Path) -> bool:
    """An mbox starts with a ``From `` separator line followed by header lines."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if not head.startswith(b"From "):
        return False
    lines = head.split(b"\n")[1:8]
    return any(line.split(b":", 1)[0].strip().lower() in (b"from", b"date", b"to", b"message-id", b"subject",
                                                          b"x-gm-thrid", b"received", b"return-path")
               for line in lines if b":" in line)


def looks_like_eml(path: Path) -> bool:
    if path.suffix.lower() != ".eml":
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(4096).lower()
    except OSError:
        return False
    return b"from:" in head and (b"date:" in head or b"message-id:" in head)


def mailbox_files(path: Path) -> list[tuple[Path, str]]:
    """The files of a mailbox, each with how to read it: ``"mbox"`` or ``"message"``."""
    if path.is_file():
        return [(path, "message" if path.suffix.lower() == ".eml" else "mbox")]
    if is_maildir(path):
        return [(f, "message") for sub in ("cur", "new") for f in sorted((path / sub).iterdir()) if f.is_file()]
    out: list[tuple[Path, str]] = []
    for f in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
        if looks_like_eml(f):
            out.append((f, "message"))
        elif f.suffix.lower() in MBOX_SUFFIXES and looks_like_mbox(f):
            out.append((f, "mbox"))
        elif f.parent.name in ("cur", "new") and is_maildir(f.parent.parent):
            out.append((f, "message"))
    return out


def _mbox_headers(path: Path) -> Iterator[tuple[int, bytes]]:
    """(line of the separator, header block) of each message of an mbox."""
    with path.open("rb") as fh:
        block: list[bytes] | None = None
        size = 0
        start = 0
        previous_blank = True
        for number, line in enumerate(fh, 1):
            if line.startswith(b"From ") and previous_blank:
                if block is not None:
                    yield start, b"".join(block)
                block, size, start = [], 0, number
                previous_blank = False
                continue
            blank = line in (b"\n", b"\r\n")
            if block is not None and size >= 0:  # still in the header block
                if blank or size > MAX_HEADER_BYTES:
                    yield start, b"".join(block)
                    block, size = None, -1
                else:
                    block.append(line)
                    size += len(line)
            previous_blank = blank
        if block is not None:
            yield start, b"".join(block)


def _message_headers(path: Path) -> bytes:
    out: list[bytes] = []
    size = 0
    with path.open("rb") as fh:
        for line in fh:
            if line in (b"\n", b"\r\n") or size > MAX_HEADER_BYTES:
                break
            out.append(line)
            size += len(line)
    return b"".join(out)


def header_blocks(path: Path) -> Iterator[tuple[Path, int, bytes]]:
    """(file, line, header block) of every message in the mailbox at ``path``."""
    for f, kind in mailbox_files(path):
        if kind == "mbox":
            for line, block in _mbox_headers(f):
                yield f, line, block
        else:
            yield f, 1, _message_headers(f)


def fingerprint(path: Path) -> str:
    """What tells a mailbox already imported: its files' names, sizes and contents."""
    digest = hashlib.sha256()
    for f, _ in mailbox_files(path):
        digest.update(str(f.relative_to(path) if path.is_dir() else f.name).encode())
        with f.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()
