"""Reading the registry files of the integrity contract (contracts/integrity-data.md).

Input is a list of `Source(name, content)`: the seven `.csv` files (UTF-8, with or without BOM,
comma separated, header row), or one `.xlsx` workbook whose sheets are named like the files
without `.csv` ("officials", or "officials.csv"). Any file may be missing. Rows are numbered as
the contract says: the header is row 1, so the first data row is row 2 (CSV records, not physical
lines; Excel sheet rows). Blank rows are skipped, not numbered differently.

Problems of a whole file (unknown name, not UTF-8, missing column) are added to the collector;
the rows of such a file are not read.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from django.utils.translation import gettext as _

from liemchinh.integrity.contract import COLUMNS

REGISTRY_FILES: dict[str, tuple[str, ...]] = COLUMNS
XLSX_SUFFIX = ".xlsx"


@dataclass(frozen=True)
class Source:
    """One input: a file name (its base name decides what it is) and its bytes."""

    name: str
    content: bytes


@dataclass
class RawFile:
    """One registry file as read: its rows as (row number, cells in contract column order)."""

    name: str  # the contract's file name, e.g. "officials.csv" (also for a workbook's sheet)
    rows: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)


@dataclass
class ReadResult:
    files: dict[str, RawFile] = field(default_factory=dict)
    # what was received, for the run's record: [{"name", "sha256", "rows"}]
    received: list[dict] = field(default_factory=list)

    @property
    def rows_total(self) -> int:
        return sum(len(raw.rows) for raw in self.files.values())


def sources_from_path(path: Path) -> list[Source]:
    """The sources of a directory (its registry .csv files; else its one .xlsx workbook) or of
    one .xlsx or .csv file."""
    path = Path(path)
    if path.is_file():
        return [Source(path.name, path.read_bytes())]
    sources = [Source(name, (path / name).read_bytes()) for name in REGISTRY_FILES if (path / name).is_file()]
    if not sources:
        workbooks = sorted(p for p in path.glob("*.xlsx") if p.is_file())
        sources = [Source(p.name, p.read_bytes()) for p in workbooks[:1]]
    return sources


def _cell(value) -> str:
    """An Excel cell as the text a CSV would carry."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _header(cells) -> list[str]:
    return [str(cell or "").replace("\ufeff", "").strip().lower() for cell in cells]


def _take(name: str, header: list[str], records, result: ReadResult, errors) -> None:
    """Map a file's records onto the contract columns; a missing column refuses the file."""
    if name in result.files:
        errors.add(name, None, None, _("Tệp này được gửi hai lần."))
        return
    columns = REGISTRY_FILES[name]
    missing = [column for column in columns if column not in header]
    for column in missing:
        errors.add(name, 1, column, _("Thiếu cột bắt buộc “%(c)s”.") % {"c": column})
    if missing:
        return
    pick = itemgetter(*[header.index(column) for column in columns])
    raw = RawFile(name)
    rows = raw.rows
    width = len(header)
    for number, cells in records:
        if len(cells) < width:
            cells = list(cells) + [""] * (width - len(cells))
        picked = pick(cells)
        if "".join(picked).strip():  # a blank line is skipped
            rows.append((number, picked))
    result.files[name] = raw


def _read_csv(source: Source, name: str, result: ReadResult, errors) -> None:
    try:
        text = source.content.decode("utf-8-sig")
    except UnicodeDecodeError:
        errors.add(name, None, None, _("Tệp phải được lưu theo bảng mã UTF-8."))
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        errors.add(name, None, None, _("Tệp rỗng: thiếu dòng tiêu đề."))
        return
    except csv.Error as exc:
        errors.add(name, 1, None, _("Không đọc được tệp CSV: %(e)s") % {"e": exc})
        return
    records = []
    number = 1
    try:
        for cells in reader:
            number += 1
            records.append((number, cells))
    except csv.Error as exc:
        errors.add(name, number + 1, None, _("Không đọc được tệp CSV: %(e)s") % {"e": exc})
        return
    _take(name, _header(header), records, result, errors)
    result.received.append(
        {
            "name": source.name,
            "sha256": hashlib.sha256(source.content).hexdigest(),
            "rows": len(result.files[name].rows) if name in result.files else 0,
        }
    )


def _sheet_file_name(title: str) -> str:
    title = title.strip().lower()
    return title if title.endswith(".csv") else f"{title}.csv"


def _read_xlsx(source: Source, result: ReadResult, errors) -> None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(source.content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a file that is not a workbook
        errors.add(source.name, None, None, _("Không đọc được tệp Excel (.xlsx)."))
        return
    sheets = []
    try:
        for sheet in workbook.worksheets:
            name = _sheet_file_name(sheet.title)
            if name not in REGISTRY_FILES:
                continue  # notes or other sheets of the workbook
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                continue  # an empty sheet is a missing file
            records = [
                (number, [_cell(value) for value in values]) for number, values in enumerate(rows, start=2)
            ]
            _take(name, _header(header), records, result, errors)
            sheets.append(name)
    finally:
        workbook.close()
    if not sheets:
        errors.add(
            source.name,
            None,
            None,
            _("Tệp Excel không có trang tính nào mang tên một sổ liệu (%(names)s).")
            % {"names": ", ".join(name.removesuffix(".csv") for name in REGISTRY_FILES)},
        )
        return
    result.received.append(
        {
            "name": source.name,
            "sha256": hashlib.sha256(source.content).hexdigest(),
            "rows": sum(len(result.files[n].rows) for n in sheets if n in result.files),
            "sheets": sheets,
        }
    )


def read_sources(sources: list[Source], errors) -> ReadResult:
    """Read every source; file-level problems go to `errors` (an ImportErrors)."""
    result = ReadResult()
    if not sources:
        errors.add(None, None, None, _("Không có tệp nào để nhập."))
        return result
    for source in sources:
        base = Path(source.name).name
        lowered = base.lower()
        if lowered.endswith(XLSX_SUFFIX):
            _read_xlsx(source, result, errors)
        elif lowered in REGISTRY_FILES:
            _read_csv(source, lowered, result, errors)
        else:
            errors.add(
                base,
                None,
                None,
                _("Tên tệp không thuộc sổ liệu; cần một trong: %(names)s, hoặc một tệp .xlsx.")
                % {"names": ", ".join(REGISTRY_FILES)},
            )
    return result
