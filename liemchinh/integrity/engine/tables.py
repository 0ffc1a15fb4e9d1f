# ruff: noqa: S608 - table and column names in SQL come from this module's constants, values are bound
"""The analytic tables of a scan, in one in-process DuckDB connection.

Two loaders build the same tables (schema in `SCHEMA`):

- `load_from_dir(con, directory)` reads the contract files (contracts/integrity-data.md) straight
  with DuckDB's CSV reader: every column as text first, then typed in SQL. A missing file gives an
  empty table with the right columns; an `.xlsx` workbook whose sheet is named like the file
  (`officials` or `officials.csv`) is accepted when the `.csv` is absent.
- `load_from_db(con)` reads what the importer stored (models/registry.py) through Arrow, in chunks.

Both pass through the same typing SQL (`_TYPED`), so the same data gives identical tables.
`source_row` is the 1-based line number of the row in its file, the header being row 1.
`record_key` is computed in SQL exactly as liemchinh/integrity/keys.py does in Python (a test holds
the two together); the database path keeps the key the importer stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa

from liemchinh.integrity.contract import COLUMNS

FILES = {
    "bodies": "organizations.csv",
    "officials": "officials.csv",
    "positions": "positions.csv",
    "relatives": "relatives.csv",
    "enterprises": "enterprises.csv",
    "enterprise_people": "enterprise_people.csv",
    "contracts": "contracts.csv",
}

# The text columns each file is read with (contract order).
RAW_COLUMNS = {table: list(COLUMNS[name]) for table, name in FILES.items()}

SCHEMA = {
    "bodies": "org_code VARCHAR, name VARCHAR, parent_code VARCHAR, managed_sectors VARCHAR[], source_row INTEGER",
    "officials": (
        "official_id VARCHAR, full_name VARCHAR, birth_date DATE, birth_year INTEGER, id_number VARCHAR, "
        "source_row INTEGER, record_key VARCHAR"
    ),
    "positions": (
        "official_id VARCHAR, org_code VARCHAR, title VARCHAR, role VARCHAR, start_date DATE, end_date DATE, "
        "source_row INTEGER"
    ),
    "relatives": (
        "official_id VARCHAR, relation VARCHAR, full_name VARCHAR, birth_date DATE, birth_year INTEGER, "
        "id_number VARCHAR, source_row INTEGER, record_key VARCHAR"
    ),
    "enterprises": "tax_code VARCHAR, name VARCHAR, sector_code VARCHAR, registered_on DATE, source_row INTEGER",
    "enterprise_people": (
        "tax_code VARCHAR, role VARCHAR, full_name VARCHAR, birth_date DATE, birth_year INTEGER, id_number VARCHAR, "
        "capital_share DOUBLE, source_row INTEGER, record_key VARCHAR"
    ),
    "contracts": (
        "contract_id VARCHAR, buyer_org_code VARCHAR, supplier_tax_code VARCHAR, value_vnd BIGINT, signed_on DATE, "
        "signer_official_id VARCHAR, source_row INTEGER"
    ),
}

# Python's str.isspace() set, as an RE2 class: what collapse_spaces() and str.strip() remove.
_WS = r"[\pZ\t\n\x0B\f\r\x1C-\x1F\x{85}]"

_MACROS = [
    # str.strip(): trim every Unicode white space, not only ASCII blanks.
    rf"CREATE OR REPLACE MACRO lc_strip(x) AS regexp_replace(coalesce(x, ''), '^{_WS}+|{_WS}+$', '', 'g')",
    # trimmed text, NULL when empty
    "CREATE OR REPLACE MACRO lc_text(x) AS nullif(lc_strip(x), '')",
    # keys.clean_name: NFC, runs of white space collapsed to one space, trimmed
    rf"CREATE OR REPLACE MACRO lc_clean_name(x) AS "
    rf"lc_strip(regexp_replace(nfc_normalize(coalesce(x, '')), '{_WS}+', ' ', 'g'))",
    # core.text.fold: no diacritics (đ → d), lower case, single spaces
    "CREATE OR REPLACE MACRO lc_fold(x) AS "
    "lower(strip_accents(replace(replace(lc_clean_name(x), 'đ', 'd'), 'Đ', 'D')))",
    # a date cell: ISO (the contract), or dd/mm/yyyy as a courtesy
    "CREATE OR REPLACE MACRO lc_date(x) AS coalesce(try_cast(lc_text(x) AS DATE), "
    "try_strptime(lc_text(x), '%d/%m/%Y')::DATE)",
    # a birth cell: a full date, or a bare year
    "CREATE OR REPLACE MACRO lc_birth_year(x) AS coalesce(year(lc_date(x)), "
    "CASE WHEN regexp_full_match(lc_strip(x), '[12][0-9]{3}') THEN lc_strip(x)::INTEGER END)",
    "CREATE OR REPLACE MACRO lc_key(prefix, a, b, name, birth, idn) AS prefix || left(sha1("
    "lc_strip(a) || '|' || lc_strip(b) || '|' || lc_clean_name(name) || '|' || lc_strip(birth) || '|' "
    "|| lc_strip(idn)), 24)",
]

# From the staging table `raw_<t>` (text columns + `source_row`) to the typed table.
_TYPED = {
    "bodies": """
        SELECT lc_text(org_code) AS org_code, lc_clean_name(name) AS name, lc_text(parent_code) AS parent_code,
               list_filter(list_transform(string_split(coalesce(managed_sectors, ''), ';'), lambda s: lc_strip(s)),
                           lambda s: s <> '') AS managed_sectors,
               source_row::INTEGER AS source_row
        FROM raw_bodies""",
    "officials": """
        SELECT lc_text(official_id) AS official_id, lc_clean_name(full_name) AS full_name,
               lc_date(birth_date) AS birth_date, lc_birth_year(birth_date)::INTEGER AS birth_year,
               lc_text(id_number) AS id_number, source_row::INTEGER AS source_row,
               coalesce(stored_key, 'officials:' || lc_strip(official_id)) AS record_key
        FROM raw_officials""",
    "positions": """
        SELECT lc_text(official_id) AS official_id, lc_text(org_code) AS org_code, lc_clean_name(title) AS title,
               lc_text(role) AS role, lc_date(start_date) AS start_date, lc_date(end_date) AS end_date,
               source_row::INTEGER AS source_row
        FROM raw_positions""",
    "relatives": """
        SELECT lc_text(official_id) AS official_id, lc_text(relation) AS relation,
               lc_clean_name(full_name) AS full_name, lc_date(birth_date) AS birth_date,
               lc_birth_year(birth_date)::INTEGER AS birth_year, lc_text(id_number) AS id_number,
               source_row::INTEGER AS source_row,
               coalesce(stored_key, lc_key('relatives:', official_id, relation, full_name, birth_date,
                                           id_number)) AS record_key
        FROM raw_relatives""",
    "enterprises": """
        SELECT lc_text(tax_code) AS tax_code, lc_clean_name(name) AS name, lc_text(sector_code) AS sector_code,
               lc_date(registered_on) AS registered_on, source_row::INTEGER AS source_row
        FROM raw_enterprises""",
    "enterprise_people": """
        SELECT lc_text(tax_code) AS tax_code, lc_text(role) AS role, lc_clean_name(full_name) AS full_name,
               lc_date(birth_date) AS birth_date, lc_birth_year(birth_date)::INTEGER AS birth_year,
               lc_text(id_number) AS id_number,
               try_cast(replace(lc_text(capital_share), ',', '.') AS DOUBLE) AS capital_share,
               source_row::INTEGER AS source_row,
               coalesce(stored_key, lc_key('enterprise_people:', tax_code, role, full_name, birth_date,
                                           id_number)) AS record_key
        FROM raw_enterprise_people""",
    "contracts": """
        SELECT lc_text(contract_id) AS contract_id, lc_text(buyer_org_code) AS buyer_org_code,
               lc_text(supplier_tax_code) AS supplier_tax_code,
               try_cast(regexp_replace(lc_strip(value_vnd), '[ .,_]', '', 'g') AS BIGINT) AS value_vnd,
               lc_date(signed_on) AS signed_on, lc_text(signer_official_id) AS signer_official_id,
               source_row::INTEGER AS source_row
        FROM raw_contracts""",
}

_PERSON_TABLES = ("officials", "relatives", "enterprise_people")
DEFAULT_MEMORY_LIMIT = "12GB"


def connect(
    *, memory_limit: str | None = None, threads: int | None = None, temp_directory: str | None = None
):
    """A fresh in-memory DuckDB connection with the engine's SQL macros.

    Limits come from the arguments, else from Django settings INTEGRITY_DUCKDB_MEMORY_LIMIT /
    INTEGRITY_DUCKDB_THREADS / INTEGRITY_DUCKDB_TEMP_DIRECTORY when defined, else 12 GB and
    <tmp>/liemchinh-duckdb; DuckDB spills to the temporary directory beyond the memory limit."""
    from django.conf import settings

    if settings.configured:  # usable without Django too (scripts, notebooks)
        memory_limit = memory_limit or getattr(settings, "INTEGRITY_DUCKDB_MEMORY_LIMIT", None)
        threads = threads or getattr(settings, "INTEGRITY_DUCKDB_THREADS", None)
        temp_directory = temp_directory or getattr(settings, "INTEGRITY_DUCKDB_TEMP_DIRECTORY", None)
    config = {"preserve_insertion_order": True}
    # Defaults keep a national run (2,000,000 officials) under 16 GiB: DuckDB spills beyond the limit.
    config["memory_limit"] = str(memory_limit or DEFAULT_MEMORY_LIMIT)
    temp_directory = temp_directory or str(Path(tempfile.gettempdir()) / "liemchinh-duckdb")
    if threads:
        config["threads"] = int(threads)
    if temp_directory:
        config["temp_directory"] = str(temp_directory)
    con = duckdb.connect(":memory:", config=config)
    install_macros(con)
    return con


def install_macros(con) -> None:
    for statement in _MACROS:
        con.execute(statement)


def _create_typed(con, table: str) -> None:
    """raw_<table> (text columns, `source_row`, and `stored_key` for person tables) → typed <table>."""
    sql = _TYPED[table]
    # Identical lines are one row, the first (as the importer stores them).
    same = ", ".join(
        c.strip().split()[0] for c in SCHEMA[table].split(",") if c.strip().split()[0] != "source_row"
    )
    con.execute(
        f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM ({sql}) "
        f"QUALIFY row_number() OVER (PARTITION BY {same} ORDER BY source_row) = 1 ORDER BY source_row"
    )
    con.execute(f"DROP TABLE IF EXISTS raw_{table}")


def _create_empty_raw(con, table: str) -> None:
    cols = ", ".join(f'"{c}" VARCHAR' for c in RAW_COLUMNS[table])
    key = ", stored_key VARCHAR" if table in _PERSON_TABLES else ""
    con.execute(f"CREATE OR REPLACE TABLE raw_{table} ({cols}, source_row INTEGER{key})")


# ---------------------------------------------------------------- files


def _xlsx_to_csv(directory: Path, table: str, out_dir: Path) -> Path | None:
    """A sheet of an .xlsx workbook in `directory` named like the file, as a temporary CSV."""
    stem = FILES[table].removesuffix(".csv")
    workbooks = sorted(directory.glob("*.xlsx"))
    if not workbooks:
        return None
    import openpyxl

    for path in workbooks:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = next(
                (book[n] for n in book.sheetnames if n.strip().lower() in (stem, FILES[table])), None
            )
            if sheet is None and path.stem.strip().lower() == stem:
                sheet = book.worksheets[0]
            if sheet is None:
                continue
            target = out_dir / FILES[table]
            with open(target, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                for row in sheet.iter_rows(values_only=True):
                    writer.writerow([_cell_text(v) for v in row])
            return target
        finally:
            book.close()
    return None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _has_blank_lines(path: Path) -> bool:
    """DuckDB skips blank lines; the importer (csv.reader) counts them in the row numbers."""
    tail = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            text = tail + chunk
            body = text.rstrip(b"\r\n") if len(chunk) < (1 << 22) else text
            if b"\n\n" in body or b"\n\r\n" in body:
                return True
            tail = text[-2:]
    return False


def _numbered_rows_via_python(con, table: str, path: Path) -> None:
    """Slow path for files with blank lines: csv.reader numbering, as the importer does."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip().lower() for h in next(reader, [])]
        records = [(n, cells) for n, cells in enumerate(reader, start=2) if any(c.strip() for c in cells)]
    columns = [*header, "source_row"]
    arrays = [
        pa.array([cells[i] if i < len(cells) else None for _, cells in records], pa.string())
        for i in range(len(header))
    ]
    arrays.append(pa.array([n for n, _ in records], pa.int32()))
    names = [f"c{i}" for i in range(len(columns))]
    con.register("lc_rows", pa.Table.from_arrays(arrays, names=names))
    present = {name: f"c{i}" for i, name in enumerate(header)}
    select = ", ".join((present.get(c, "NULL::VARCHAR")) + f' AS "{c}"' for c in RAW_COLUMNS[table])
    key = ", NULL::VARCHAR AS stored_key" if table in _PERSON_TABLES else ""
    con.execute(
        f"CREATE OR REPLACE TABLE raw_{table} AS SELECT {select}, c{len(header)} AS source_row{key} FROM lc_rows"
    )
    con.unregister("lc_rows")


def _load_csv(con, table: str, path: Path) -> None:
    """Read one contract file as text; `source_row` = line number (header = 1) in file order.
    Rows whose cells are all empty are dropped (their number is still counted)."""
    if _has_blank_lines(path):
        _numbered_rows_via_python(con, table, path)
        return
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE csv_{table} AS
            SELECT * FROM read_csv(?, header = true, all_varchar = true, delim = ',', quote = '"',
                                   escape = '"', null_padding = true, strict_mode = false,
                                   sample_size = -1)""",
        [str(path)],
    )
    # With preserve_insertion_order the table's rowid is the file order.
    present = {name.strip().lower().lstrip("\ufeff"): name for name in con.table(f"csv_{table}").columns}
    select = ", ".join(
        (f'"{present[c]}"' if c in present else "NULL::VARCHAR") + f' AS "{c}"' for c in RAW_COLUMNS[table]
    )
    not_empty = " OR ".join(f"lc_strip(\"{name}\") <> ''" for name in present.values()) or "true"
    key = ", NULL::VARCHAR AS stored_key" if table in _PERSON_TABLES else ""
    con.execute(
        f"CREATE OR REPLACE TABLE raw_{table} AS "
        f"SELECT {select}, (rowid + 2)::INTEGER AS source_row{key} FROM csv_{table} "
        f"WHERE {not_empty} ORDER BY rowid"
    )
    con.execute(f"DROP TABLE csv_{table}")


def load_from_dir(con, directory) -> dict[str, int]:
    """Build the seven tables from the contract files of `directory`. Returns rows per table."""
    directory = Path(directory)
    counts = {}
    with tempfile.TemporaryDirectory(prefix="lc-xlsx-") as tmp:
        for table, filename in FILES.items():
            path = directory / filename
            if not path.is_file():
                path = _xlsx_to_csv(directory, table, Path(tmp))
            if path is not None and path.stat().st_size > 0:
                _load_csv(con, table, path)
            else:
                _create_empty_raw(con, table)
            _create_typed(con, table)
            counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    return counts


# ---------------------------------------------------------------- database


def _birth_cell(birth_date, birth_year) -> str:
    if birth_date:
        return birth_date.isoformat()
    return str(birth_year) if birth_year else ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _stage_rows(con, table: str, columns: list[str], rows: Iterable[tuple], chunk: int = 50_000) -> None:
    """Append text rows to raw_<table> through Arrow, `chunk` rows at a time."""
    con.execute(f"CREATE OR REPLACE TABLE raw_{table} (" + ", ".join(f'"{c}" VARCHAR' for c in columns) + ")")
    schema = pa.schema([(c, pa.string()) for c in columns])
    batch: list[tuple] = []

    def flush():
        if not batch:
            return
        arrow = pa.Table.from_arrays(
            [pa.array(col, pa.string()) for col in zip(*batch, strict=True)], schema=schema
        )
        con.register("lc_chunk", arrow)
        con.execute(f"INSERT INTO raw_{table} SELECT * FROM lc_chunk")
        con.unregister("lc_chunk")
        batch.clear()

    for row in rows:
        batch.append(tuple(_text(v) for v in row))
        if len(batch) >= chunk:
            flush()
    flush()
    con.execute(
        f"CREATE OR REPLACE TABLE raw_{table} AS SELECT * EXCLUDE (source_row), "
        f"source_row::INTEGER AS source_row FROM raw_{table}"
    )


def load_from_db(con, chunk: int = 50_000) -> dict[str, int]:
    """Build the seven tables from the imported registries (integrity models)."""
    from liemchinh.integrity.models import (
        Body,
        Contract,
        Enterprise,
        EnterprisePerson,
        Official,
        Position,
        Relative,
    )

    def persons(qs, lead: list[str]):
        for row in (
            qs.values_list(
                *lead, "full_name", "birth_date", "birth_year", "id_number", "source_row", "record_key"
            )
            .order_by("source_row", "pk")
            .iterator(chunk_size=chunk)
        ):
            *head, name, bdate, byear, idn, srow, key = row
            yield (*head, name, _birth_cell(bdate, byear), idn, srow, key)

    def plain(qs, fields):
        return qs.values_list(*fields).order_by("source_row", "pk").iterator(chunk_size=chunk)

    staged = {
        "bodies": (
            RAW_COLUMNS["bodies"] + ["source_row"],
            plain(Body.objects, ["org_code", "name", "parent_code", "managed_sectors", "source_row"]),
        ),
        "officials": (
            ["official_id", "full_name", "birth_date", "id_number", "source_row", "stored_key"],
            persons(Official.objects, ["official_id"]),
        ),
        "positions": (
            RAW_COLUMNS["positions"] + ["source_row"],
            plain(
                Position.objects,
                [
                    "official__official_id",
                    "body__org_code",
                    "title",
                    "role",
                    "start_date",
                    "end_date",
                    "source_row",
                ],
            ),
        ),
        "relatives": (
            ["official_id", "relation", "full_name", "birth_date", "id_number", "source_row", "stored_key"],
            persons(Relative.objects, ["official__official_id", "relation"]),
        ),
        "enterprises": (
            RAW_COLUMNS["enterprises"] + ["source_row"],
            plain(Enterprise.objects, ["tax_code", "name", "sector_code", "registered_on", "source_row"]),
        ),
        "enterprise_people": (
            [
                "tax_code",
                "role",
                "full_name",
                "birth_date",
                "id_number",
                "source_row",
                "stored_key",
                "capital_share",
            ],
            _people_with_share(EnterprisePerson.objects, chunk),
        ),
        "contracts": (
            RAW_COLUMNS["contracts"] + ["source_row"],
            plain(
                Contract.objects,
                [
                    "contract_id",
                    "buyer__org_code",
                    "supplier__tax_code",
                    "value_vnd",
                    "signed_on",
                    "signer__official_id",
                    "source_row",
                ],
            ),
        ),
    }
    counts = {}
    for table, (columns, rows) in staged.items():
        _stage_rows(con, table, columns, rows, chunk)
        _create_typed(con, table)
        counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    return counts


def _people_with_share(qs, chunk):
    fields = [
        "enterprise__tax_code",
        "role",
        "full_name",
        "birth_date",
        "birth_year",
        "id_number",
        "source_row",
        "record_key",
        "capital_share",
    ]
    for tax, role, name, bdate, byear, idn, srow, key, share in (
        qs.values_list(*fields).order_by("source_row", "pk").iterator(chunk_size=chunk)
    ):
        yield (
            tax,
            role,
            name,
            _birth_cell(bdate, byear),
            idn,
            srow,
            key,
            "" if share is None else format(share, "f"),
        )
