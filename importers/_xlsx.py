"""An Excel workbook's first sheet as CSV text: read with openpyxl (through pandas), or, only to
recognise the file, its first rows straight from the workbook's XML when openpyxl is missing."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import zipfile
from pathlib import Path

from pathfinder.importers._csv import SNIFF_BYTES

from pathfinder.errors import ExportFormatError


def have_openpyxl() -> bool:
    return importlib.util.find_spec("openpyxl") is not None


def xlsx_text(path: Path) -> str:
    """The first sheet of a workbook as CSV text, one sheet row per line (so line numbers are
    the spreadsheet's row numbers)."""
    if not have_openpyxl():
        raise ExportFormatError(path, "this is an Excel workbook (.xlsx) and reading one needs the "
                                "openpyxl package: export the view from HubSpot as CSV (or save the "
                                "workbook as CSV in Excel), or install openpyxl")
    import pandas as pd

    try:
        frame = pd.read_excel(path, header=None, dtype=str, keep_default_na=False, sheet_name=0)
    except Exception as exc:  # zip, XML and openpyxl errors alike
        raise ExportFormatError(path, f"not a readable Excel workbook ({exc})") from exc
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in frame.itertuples(index=False):
        writer.writerow([str(v).replace("\r", " ").replace("\n", " ") for v in row])
    return buf.getvalue()


def xlsx_sniff(path: Path) -> str:
    """A cheap look at a workbook for ``identify``: its first rows as CSV text (openpyxl), or
    without openpyxl its shared strings, one per cell of a single line."""
    if have_openpyxl():
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            for row in wb.worksheets[0].iter_rows(max_row=15, values_only=True):
                writer.writerow(["" if v is None else str(v).replace("\n", " ") for v in row])
            return buf.getvalue()
        finally:
            wb.close()
    return xlsx_sniff_raw(path)


def _xml_text(fragment: str) -> str:
    from html import unescape

    return unescape("".join(re.findall(r"<t[^>]*>(.*?)</t>", fragment, re.S)))


def xlsx_sniff_raw(path: Path, max_rows: int = 15) -> str:
    """The first rows of a workbook's first sheet read straight from its XML (no openpyxl):
    shared and inline strings and plain values, each cell in its lettered column."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        sheets = sorted(n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
        sheet = "xl/worksheets/sheet1.xml" if "xl/worksheets/sheet1.xml" in names else (sheets or [""])[0]
        with zf.open(sheet) as fh:
            xml = fh.read(SNIFF_BYTES).decode("utf-8", errors="replace")
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            with zf.open("xl/sharedStrings.xml") as fh:
                sst = fh.read(4 * SNIFF_BYTES).decode("utf-8", errors="replace")
            shared = [_xml_text(si) for si in re.findall(r"<si>(.*?)</si>", sst, re.S)]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row_xml in re.findall(r"<row\b[^>]*>(.*?)</row>", xml, re.S)[:max_rows]:
        cells: dict[int, str] = {}
        for attrs, body in re.findall(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", row_xml, re.S):
            ref = re.search(r'\br="([A-Z]+)\d+"', attrs)
            col = 0
            for ch in ref[1] if ref else "":
                col = col * 26 + ord(ch) - 64
            col = col - 1 if ref else len(cells)
            kind = re.search(r'\bt="(\w+)"', attrs)
            value = re.search(r"<v>(.*?)</v>", body or "", re.S)
            if kind and kind[1] == "s" and value and value[1].isdigit() and int(value[1]) < len(shared):
                cells[col] = shared[int(value[1])]
            elif kind and kind[1] == "inlineStr":
                cells[col] = _xml_text(body or "")
            else:
                cells[col] = value[1] if value else ""
        writer.writerow([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    return buf.getvalue()


