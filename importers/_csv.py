"""Shared helpers for CSV-shaped exports: decoding, delimiter sniffing, locating the header row
by its column names, and rows paired with the file line they start on."""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pathfinder.errors import ExportFormatError
from pathfinder.records import RowProblem

csv.field_size_limit(16 * 1024 * 1024)

SNIFF_BYTES = 64 * 1024

#: what reading noticed about the rows of the files read (see :func:`noticing`)
_noticed: ContextVar[list[RowProblem] | None] = ContextVar("noticed", default=None)
#: a file with more lines holding bytes that are not text than this gets one line about the rest
MAX_NOTICES = 20
#: header words of the columns that hold one short value (a name, a company, an email…), and the
#: length beyond which such a value is a sign of a broken row
SHORT_COLUMNS = ("name", "email", "company", "organization", "organisation", "title", "position")
MAX_SHORT_VALUE = 2000


@contextmanager
def noticing() -> Iterator[list[RowProblem]]:
    """Collect what reading the CSV files inside noticed: rows swallowed by a quote that is never
    closed, bytes that are not text. Each is a row problem with its file and line, so that an
    import reports it instead of losing the row silently."""
    found: list[RowProblem] = []
    token = _noticed.set(found)
    try:
        yield found
    finally:
        _noticed.reset(token)


def notice(path: Path | str, line: int, message: str) -> None:
    found = _noticed.get()
    if found is not None and RowProblem(str(path), line, message) not in found:
        found.append(RowProblem(str(path), line, message))


@functools.lru_cache(maxsize=4096)
def header_key(name: str) -> str:
    """Compare header names case-insensitively, ignoring spaces, underscores, dashes and BOMs."""
    return re.sub(r"[\s_\-]+", "", name.replace("\ufeff", "")).lower()


def decode(raw: bytes, path: Path | str, encoding: str | None = None) -> str:
    """Decode an export (see :func:`_decode`); a file whose lines end in a bare CR (Excel for Mac's
    "CSV (Macintosh)") gets LF line ends, so that it is read row by row.

    >>> decode(b"Name,Email\\rDana,d@x.example\\r", "f.csv")
    'Name,Email\\nDana,d@x.example\\n'
    """
    text = _decode(raw, path, encoding)
    text = text.replace("\r", "\n") if "\r" in text and "\n" not in text else text
    if "\ufffd" in text:
        _notice_replacements(path, text)
    return text


def _notice_replacements(path: Path | str, text: str) -> None:
    """Each line holding U+FFFD (a byte that was not text where it stood, or one already
    replaced before the export was made) is reported: its spelling needs a look."""
    lines = [n for n, line in enumerate(text.split("\n"), 1) if "\ufffd" in line]
    for n in lines[:MAX_NOTICES]:
        notice(path, n, "holds bytes that are not text in its encoding, shown as \ufffd: check this row's "
                        "spelling in the source, or pass the file's --encoding")
    if len(lines) > MAX_NOTICES:
        notice(path, lines[MAX_NOTICES], f"and {len(lines) - MAX_NOTICES} more lines hold bytes that are not text")


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(raw: bytes) -> bool:
    """More well-formed UTF-8 characters beyond ASCII than bytes that break it: a UTF-8 file
    with a few bad bytes (read as UTF-8, the bad bytes reported), not a cp1252 one."""
    good = len(_UTF8_SEQUENCE.findall(raw))
    bad = raw.decode("utf-8", errors="replace").count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
    return good > bad


def _decode(raw: bytes, path: Path | str, encoding: str | None = None) -> str:
    """Decode an export: BOMs first, then strict UTF-8, then cp1252 (Excel re-saves).

    Raises:
        ExportFormatError: the bytes are not text (NUL bytes in UTF-8, or undecodable).
    """
    if encoding:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ExportFormatError(path, f"cannot decode as {encoding}: {exc}") from exc
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ExportFormatError(path, f"starts like UTF-16 text but is not valid UTF-16 ({exc.reason}); "
                                    "the file may be truncated") from exc
    if b"\x00" in raw[:SNIFF_BYTES]:
        raise ExportFormatError(path, "contains NUL bytes: this is not a text (CSV) file; "
                                "if it is UTF-16 without a BOM, pass --encoding utf-16-le")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        if _mostly_utf8(raw):  # one bad byte must not turn every "Zoë" into "ZoÃ«"
            return raw.decode("utf-8", errors="replace")
        return raw.decode("cp1252", errors="replace")


def read_text(path: Path, encoding: str | None = None, limit: int | None = None) -> str:
    with open(path, "rb") as fh:
        raw = fh.read(limit) if limit else fh.read()
    if limit and len(raw) == limit:
        # a cut in the middle of a multi-byte character must not make the sniff fail
        raw = raw[: raw.rfind(b"\n") + 1] or raw
    return decode(raw, path, encoding)


def sniff_delimiter(lines: Iterable[str]) -> str:
    """The delimiter the header-like lines use most: comma, semicolon or tab."""
    best, best_count = ",", 0
    sample = [ln for ln in lines if ln.strip()][:10]
    for delim in (",", ";", "\t"):
        count = sum(ln.count(delim) for ln in sample)
        if count > best_count:
            best, best_count = delim, count
    return best


@dataclass
class Table:
    """A CSV file with its header located: ``rows()`` yields (line, {header_key: value})."""

    path: Path
    text: str
    delimiter: str
    header_line: int  # 1-based
    header: list[str]  # original names

    @functools.cached_property
    def keys(self) -> list[str]:
        return [header_key(h) for h in self.header]

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Data rows after the header; blank rows are skipped. Line numbers are 1-based and
        point at the line where the row starts (quoted newlines keep them right).

        A quote opened and never closed where its row ends would swallow the lines after it
        into one field: such a row is reported (see :func:`noticing`) and left out, and the
        lines after its first are read again as rows of their own."""
        lines = [line + "\n" for line in self.text.split("\n")]
        keys = self.keys
        start_at = self.header_line  # the 0-based index of the line a reader starts on
        while start_at < len(lines):
            reader = csv.reader(itertools.islice(lines, start_at, None), delimiter=self.delimiter)
            prev_end, again = start_at, None
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:  # e.g. a field over the size limit, a stray NUL byte
                    raise ExportFormatError(self.path, f"unreadable CSV row ({exc}); the file may be damaged "
                                            "or not a CSV export", line=prev_end + 1) from exc
                start = prev_end + 1
                prev_end = start_at + reader.line_num
                if prev_end > start and self._swallows(values):
                    notice(self.path, start, f"a quote opened in this row is not closed where the row ends: it "
                                             f"swallowed lines {start + 1}-{prev_end}. This row is left out (fix its "
                                             "quotes and import again); the lines after it are read as rows")
                    again = start  # the line after this row's first
                    break
                if prev_end >= len(lines) and self._never_closed("".join(lines[start - 1:prev_end])):
                    more = any(line.strip() for line in lines[start:prev_end])
                    notice(self.path, start, "a quote opened in this row is never closed: it runs to the end of the "
                                             "file. This row is left out (fix its quotes and import again)"
                                             + ("; the lines after it are read as rows" if more else ""))
                    again = start if more else None
                    break
                if not any(v.strip() for v in values):
                    continue
                row: dict[str, str] = {}
                for key, value in zip(keys, values):
                    if key and key not in row:  # duplicate header names: the first one wins
                        row[key] = value.strip()
                if len(values) > len(keys):
                    row["__extra__"] = ",".join(values[len(keys):])
                for key, value in row.items():
                    if len(value) > MAX_SHORT_VALUE and any(word in key for word in SHORT_COLUMNS):
                        notice(self.path, start, f"its {key} is {len(value):,} characters long: check the quotes "
                                                 "and separators of this row")
                yield start, row
            if again is None:
                return
            start_at = again

    def _never_closed(self, raw: str) -> bool:
        """Does a quote opened in ``raw`` (the last row's lines, to the end of the file) stay open?"""
        try:
            for _ in csv.reader(io.StringIO(raw), delimiter=self.delimiter, strict=True):
                pass
        except csv.Error as exc:
            return "end of data" in str(exc)  # (other strictness: quotes the reader takes as they are)
        return False

    def _swallows(self, values: list[str]) -> bool:
        """A row spanning several lines that holds other rows: a line inside one of its values
        with a field separator for every column of the header."""
        wanted = len(self.keys) - 1
        return wanted >= 1 and any(inner.count(self.delimiter) >= wanted
                                   for value in values if "\n" in value for inner in value.split("\n")[1:])


def locate_header(path: Path, text: str, wanted: Iterable[set[str]], *, max_lines: int = 15,
                  delimiter: str | None = None) -> Table | None:
    """Find the first line (within ``max_lines``) whose cells include one of the ``wanted`` key
    sets. Returns None when no line does."""
    lines = text.splitlines()[:max_lines]
    delim = delimiter or sniff_delimiter(lines)
    for i, line in enumerate(lines):
        try:
            cells = next(csv.reader([line], delimiter=delim))
        except (csv.Error, StopIteration):
            continue
        keys = {header_key(c) for c in cells}
        if any(w <= keys for w in wanted):
            return Table(path, text, delim, i + 1, [c.strip().replace("\ufeff", "") for c in cells])
    return None


def sniff_header(path: Path, wanted: Iterable[set[str]], *, suffixes: tuple[str, ...] | None = (".csv", ".txt"),
                 max_lines: int = 15) -> Table | None:
    """For ``identify()``: the header among the first bytes of ``path``, or None when the file has
    another suffix (``suffixes=None``: any), is not a file, cannot be read, or has no such header."""
    if suffixes is not None and (path.suffix.lower() not in suffixes or not path.is_file()):
        return None
    try:
        return locate_header(path, read_text(path, limit=SNIFF_BYTES), wanted, max_lines=max_lines)
    except Exception:
        return None


MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


@functools.lru_cache(maxsize=65536)
def parse_date(value: str) -> str | None:
    """Parse the date shapes exports use into ISO ``YYYY-MM-DD``; None if empty or unknown.

    >>> parse_date("08 Feb 2021"), parse_date("3/12/18, 9:15 AM"), parse_date("5-Jan-26")
    ('2021-02-08', '2018-03-12', '2026-01-05')
    >>> parse_date("2024-03-12 09:14:00 UTC"), parse_date("Mar 2019"), parse_date("")
    ('2024-03-12', '2019-03-01', None)
    """
    v = value.strip()
    if not v:
        return None
    m = re.match(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})", v)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"^(\d{1,2})[ \-]([A-Za-z]{3})[A-Za-z]*[ \-,]+(\d{2,4})$", v)
    if m and m[2].lower() in MONTHS:
        return _iso(_year(m[3]), MONTHS[m[2].lower()], int(m[1]))
    m = re.match(r"^([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4})", v)
    if m and m[1].lower() in MONTHS:
        return _iso(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    m = re.match(r"^([A-Za-z]{3})[A-Za-z]* (\d{4})$", v)
    if m and m[1].lower() in MONTHS:
        return _iso(int(m[2]), MONTHS[m[1].lower()], 1)
    m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})", v)
    if m:  # US month/day/year, as LinkedIn 2018 and Invitations write it
        return _iso(_year(m[3]), int(m[1]), int(m[2]))
    m = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{2,4})", v)
    if m:  # European day.month.year
        return _iso(_year(m[3]), int(m[2]), int(m[1]))
    m = re.match(r"^(\d{4})$", v)
    if m:
        return _iso(int(m[1]), 1, 1)
    return None


def parse_birthday(value: str) -> str | None:
    """A birthday as ISO ``YYYY-MM-DD``, or ``--MM-DD`` when the year is not given (vCard and
    Google write it so); '' when empty, None when unreadable.

    >>> parse_birthday("19560409"), parse_birthday("--04-09"), parse_birthday("--0409"), parse_birthday("4/9/1956")
    ('1956-04-09', '--04-09', '--04-09', '1956-04-09')
    """
    v = value.strip()
    if not v:
        return ""
    m = re.match(r"^(\d{4})(\d{2})(\d{2})$", v)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"^--(\d{2})-?(\d{2})$", v)
    if m:
        return f"--{m[1]}-{m[2]}" if _iso(2000, int(m[1]), int(m[2])) else None
    if re.search(r"\b\d{2}$", v) and not re.search(r"\d{4}", v):
        return None  # a two-digit year: which century is a guess
    return parse_date(v)


def _year(text: str) -> int:
    """A year as written: two digits are this century or the last; four are what they say."""
    y = int(text)
    if len(text) <= 2:
        y += 2000 if y < 70 else 1900
    return y


def _iso(y: int, mo: int, d: int) -> str | None:
    """The ISO date, or None for an impossible one or a placeholder year (Outlook's 0001 or 4501):
    no contact, message or deal in an export is dated before 1900 or after 2100.

    >>> _iso(2024, 2, 29), _iso(1, 1, 1), _iso(2023, 2, 29), _iso(4501, 1, 1)
    ('2024-02-29', None, None, None)
    """
    if not 1900 <= y <= 2100:
        return None
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def today_iso() -> str:
    return datetime.now().date().isoformat()
