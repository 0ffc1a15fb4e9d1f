"""A small set of registry files for the import tests, in the contract's format."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from liemchinh.integrity.importing import REGISTRY_FILES, Source

GOOD = {
    "organizations.csv": [
        ["T-UBND", "Ủy ban nhân dân tỉnh", "", ""],
        ["T-SXD", "Sở Xây dựng", "T-UBND", "41;42;43"],
    ],
    "officials.csv": [
        ["CB001", "Nguyễn Văn An", "1970-05-17", "038070000001"],
        ["CB002", "  trần   thị BÌNH ", "1982", ""],
        ["CB003", "Lê Văn Cường", "", ""],
    ],
    "positions.csv": [
        ["CB001", "T-SXD", "Giám đốc", "head", "2020-01-01", ""],
        ["CB003", "T-SXD", "Kế toán trưởng", "accounting", "2021-03-01", "2024-12-31"],
    ],
    "relatives.csv": [
        ["CB001", "child", "Nguyen Van Cuong", "1995", ""],
        ["CB001", "spouse", "Phạm Thị Dung", "1972-02-02", "038172000002"],
    ],
    "enterprises.csv": [
        ["0312345678", "Công ty TNHH Xây dựng An Phát", "41", "2015-06-01"],
    ],
    "enterprise_people.csv": [
        ["0312345678", "owner", "Phạm Thị Dung", "1972-02-02", "", "0.6"],
    ],
    "contracts.csv": [
        ["HD-2023-001", "T-SXD", "0312345678", "1500000000", "2023-04-05", "CB001"],
    ],
}


def csv_bytes(
    name: str, rows: list[list[str]], *, header: tuple[str, ...] | None = None, bom: bool = False
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header if header is not None else REGISTRY_FILES[name])
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def sources(data: dict | None = None, **overrides) -> list[Source]:
    data = dict(GOOD if data is None else data)
    data.update({name.replace("__", "."): rows for name, rows in overrides.items()})
    return [Source(name, csv_bytes(name, rows)) for name, rows in data.items()]


def write_dir(directory: Path, data: dict | None = None) -> Path:
    for name, rows in (GOOD if data is None else data).items():
        (directory / name).write_bytes(csv_bytes(name, rows))
    return directory


def workbook_bytes(data: dict | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in (GOOD if data is None else data).items():
        sheet = workbook.create_sheet(name.removesuffix(".csv"))
        sheet.append(list(REGISTRY_FILES[name]))
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
