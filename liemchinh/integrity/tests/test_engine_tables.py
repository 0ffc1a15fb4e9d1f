# ruff: noqa: S608 - table names are the module constants
"""The analytic tables: CSV and database loaders agree, record keys equal keys.py, file order and
line numbers, missing files, typed columns."""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from decimal import Decimal

import pytest

from liemchinh.core.text import fold
from liemchinh.integrity import keys
from liemchinh.integrity.engine import tables

DECOMPOSED = unicodedata.normalize("NFD", "Nguyễn Thị Ngọc Hà")
TRICKY_NAMES = [
    "Nguyễn Văn An",
    "  Nguyễn  Văn   An ",
    DECOMPOSED,
    "NGUYEN\u00a0VAN\tAN",
    "Đặng\u3000Thị Hằng",
    "Lê Văn",
    "",
]

FILES = {
    "organizations.csv": [
        ["org_code", "name", "parent_code", "managed_sectors"],
        ["CQ1", "Ủy ban nhân dân tỉnh", "", ""],
        ["CQ2", "Sở Xây dựng", "CQ1", "41; 42;;68"],
    ],
    "officials.csv": [
        ["official_id", "full_name", "birth_date", "id_number"],
        ["CB1", "Nguyễn Văn An", "1970-05-17", "038070000001"],
        ["CB2", "  Trần  Thị   Mai ", "1981", ""],
        ["CB3", DECOMPOSED, "", ""],
    ],
    "positions.csv": [
        ["official_id", "org_code", "title", "role", "start_date", "end_date"],
        ["CB1", "CQ2", "Giám đốc", "head", "2018-01-01", ""],
        ["CB2", "CQ2", "Kế toán", "accounting", "2019-02-01", "2023-12-31"],
    ],
    "relatives.csv": [
        ["official_id", "relation", "full_name", "birth_date", "id_number"],
        ["CB1", "child", "nguyen  van binh", "1995", ""],
        ["CB1", "spouse", DECOMPOSED, "1972-03-04", "038172000002"],
        ["CB2", "father", "Trần Văn Nam ", "", ""],
    ],
    "enterprises.csv": [
        ["tax_code", "name", "sector_code", "registered_on"],
        ["0101", "Công ty TNHH An Bình", "41", "2015-06-01"],
    ],
    "enterprise_people.csv": [
        ["tax_code", "role", "full_name", "birth_date", "id_number", "capital_share"],
        ["0101", "owner", "NGUYEN VAN BINH", "1995-02-03", "", "0.6"],
        ["0101", "legal_representative", "Trần Thị Mai", "1981-07-08", "", ""],
    ],
    "contracts.csv": [
        [
            "contract_id",
            "buyer_org_code",
            "supplier_tax_code",
            "value_vnd",
            "signed_on",
            "signer_official_id",
        ],
        ["HD1", "CQ2", "0101", "1500000000", "2020-03-01", "CB1"],
        ["HD2", "CQ2", "0101", "", "2021-03-01", ""],
    ],
}


def write_files(directory, files=FILES):
    for name, rows in files.items():
        with open(directory / name, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)


def table_rows(con, table):
    return con.execute(f"SELECT * FROM {table} ORDER BY source_row").fetchall()


def test_record_key_sql_twin_equals_keys_py():
    con = tables.connect()
    for name in TRICKY_NAMES:
        for birth in ("1980-05-17", " 1980 ", ""):
            for idn in ("038080000001", " 038080000001", ""):
                sql_rel, sql_ent, clean, folded = con.execute(
                    "SELECT lc_key('relatives:', ?, ?, ?, ?, ?), lc_key('enterprise_people:', ?, ?, ?, ?, ?), "
                    "lc_clean_name(?), lc_fold(?)",
                    [" CB1 ", "spouse", name, birth, idn, "0101", " owner", name, birth, idn, name, name],
                ).fetchone()
                assert sql_rel == keys.relative_key(" CB1 ", "spouse", name, birth, idn)
                assert sql_ent == keys.enterprise_person_key("0101", " owner", name, birth, idn)
                assert clean == keys.clean_name(name)
                assert folded == fold(name)


def test_load_from_dir_types_rows_and_keys(tmp_path):
    write_files(tmp_path)
    con = tables.connect()
    counts = tables.load_from_dir(con, tmp_path)
    assert counts == {
        "bodies": 2,
        "officials": 3,
        "positions": 2,
        "relatives": 3,
        "enterprises": 1,
        "enterprise_people": 2,
        "contracts": 2,
    }
    officials = table_rows(con, "officials")
    assert officials[0] == (
        "CB1",
        "Nguyễn Văn An",
        dt.date(1970, 5, 17),
        1970,
        "038070000001",
        2,
        "officials:CB1",
    )
    assert officials[1][1:6] == ("Trần Thị Mai", None, 1981, None, 3)
    assert officials[2][1] == unicodedata.normalize("NFC", DECOMPOSED)
    assert table_rows(con, "bodies")[1][3] == ["41", "42", "68"]
    relatives = table_rows(con, "relatives")
    for raw, row in zip(FILES["relatives.csv"][1:], relatives, strict=True):
        assert row[-1] == keys.relative_key(*raw)
    people = table_rows(con, "enterprise_people")
    assert people[0][6] == pytest.approx(0.6)
    assert people[0][-1] == keys.enterprise_person_key(*FILES["enterprise_people.csv"][1][:5])
    contracts = table_rows(con, "contracts")
    assert contracts[0][3] == 1_500_000_000 and contracts[1][3] is None and contracts[1][5] is None
    assert table_rows(con, "positions")[0][5] is None


def test_source_row_is_the_line_number_in_file_order(tmp_path):
    rows = [["official_id", "full_name", "birth_date", "id_number"]]
    rows += [[f"CB{n:06d}", f"Người {n}", "", ""] for n in range(50_000, 0, -1)]  # not sorted by id
    write_files(tmp_path, {"officials.csv": rows})
    con = tables.connect(threads=2)
    tables.load_from_dir(con, tmp_path)
    got = con.execute("SELECT official_id, source_row FROM officials").fetchall()
    assert len(got) == 50_000
    assert all(oid == rows[line - 1][0] for oid, line in got)


def test_missing_files_give_empty_tables_with_the_schema(tmp_path):
    write_files(tmp_path, {"officials.csv": FILES["officials.csv"]})
    con = tables.connect()
    counts = tables.load_from_dir(con, tmp_path)
    assert counts["officials"] == 3 and counts["contracts"] == 0
    for table in tables.SCHEMA:
        columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        assert columns == [c.strip().split()[0] for c in tables.SCHEMA[table].split(",")]
    assert (
        dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE relatives)").fetchall())[
            "birth_date"
        ]
        == "DATE"
    )


def test_missing_column_is_null(tmp_path):
    write_files(tmp_path, {"officials.csv": [["official_id", "full_name"], ["CB1", "An"]]})
    con = tables.connect()
    tables.load_from_dir(con, tmp_path)
    assert table_rows(con, "officials") == [("CB1", "An", None, None, None, 2, "officials:CB1")]


def test_xlsx_sheet_is_read_like_the_csv(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "officials"
    sheet.append(["official_id", "full_name", "birth_date", "id_number"])
    sheet.append(["CB1", "Nguyễn Văn An", dt.datetime(1970, 5, 17), "038070000001"])
    book.save(tmp_path / "registries.xlsx")
    con = tables.connect()
    tables.load_from_dir(con, tmp_path)
    assert table_rows(con, "officials") == [
        ("CB1", "Nguyễn Văn An", dt.date(1970, 5, 17), 1970, "038070000001", 2, "officials:CB1")
    ]


def _import_via_orm(files):
    """What the importer stores, written directly through the models."""
    from liemchinh.integrity.models import (
        Body,
        Contract,
        Enterprise,
        EnterprisePerson,
        ImportRun,
        Official,
        Position,
        Relative,
    )

    run = ImportRun.objects.create()

    def prov(name, row):
        return {"source_file": name, "source_row": row, "row_hash": "x", "import_run": run}

    def birth(cell):
        cell = cell.strip()
        if len(cell) == 10:
            return {"birth_date": dt.date.fromisoformat(cell), "birth_year": int(cell[:4])}
        return {"birth_date": None, "birth_year": int(cell) if cell else None}

    def rows(name):
        return list(enumerate(files[name][1:], start=2))

    bodies = {}
    for n, (code, name, parent, sectors) in rows("organizations.csv"):
        bodies[code] = Body.objects.create(
            org_code=code,
            name=name,
            parent_code=parent,
            managed_sectors=[s.strip() for s in sectors.split(";") if s.strip()],
            **prov("organizations.csv", n),
        )
    officials = {}
    for n, (oid, name, bd, idn) in rows("officials.csv"):
        officials[oid] = Official.objects.create(
            official_id=oid,
            full_name=keys.clean_name(name),
            name_folded=fold(name),
            id_number=idn.strip(),
            record_key=keys.official_key(oid),
            **birth(bd),
            **prov("officials.csv", n),
        )
    for n, (oid, org, title, role, start, end) in rows("positions.csv"):
        Position.objects.create(
            natural_key=f"p{n}",
            official=officials[oid],
            body=bodies[org],
            title=title,
            role=role,
            start_date=dt.date.fromisoformat(start),
            end_date=dt.date.fromisoformat(end) if end else None,
            **prov("positions.csv", n),
        )
    for n, (oid, rel, name, bd, idn) in rows("relatives.csv"):
        Relative.objects.create(
            official=officials[oid],
            relation=rel,
            full_name=keys.clean_name(name),
            name_folded=fold(name),
            id_number=idn.strip(),
            record_key=keys.relative_key(oid, rel, name, bd, idn),
            **birth(bd),
            **prov("relatives.csv", n),
        )
    enterprises = {}
    for n, (tax, name, sector, reg) in rows("enterprises.csv"):
        enterprises[tax] = Enterprise.objects.create(
            tax_code=tax,
            name=name,
            sector_code=sector,
            registered_on=dt.date.fromisoformat(reg),
            **prov("enterprises.csv", n),
        )
    for n, (tax, role, name, bd, idn, share) in rows("enterprise_people.csv"):
        EnterprisePerson.objects.create(
            enterprise=enterprises[tax],
            role=role,
            full_name=keys.clean_name(name),
            name_folded=fold(name),
            id_number=idn.strip(),
            capital_share=Decimal(share) if share else None,
            record_key=keys.enterprise_person_key(tax, role, name, bd, idn),
            **birth(bd),
            **prov("enterprise_people.csv", n),
        )
    for n, (cid, buyer, supplier, value, signed, signer) in rows("contracts.csv"):
        Contract.objects.create(
            contract_id=cid,
            buyer=bodies[buyer],
            supplier=enterprises[supplier],
            value_vnd=int(value) if value else None,
            signed_on=dt.date.fromisoformat(signed),
            signer=officials.get(signer),
            **prov("contracts.csv", n),
        )


@pytest.mark.django_db
def test_load_from_db_gives_the_same_tables_as_load_from_dir(tmp_path):
    write_files(tmp_path)
    _import_via_orm(FILES)
    from_dir, from_db = tables.connect(), tables.connect()
    tables.load_from_dir(from_dir, tmp_path)
    counts = tables.load_from_db(from_db, chunk=2)  # several Arrow chunks
    assert counts["relatives"] == 3
    for table in tables.SCHEMA:
        assert (
            from_db.execute(f"DESCRIBE {table}").fetchall()
            == from_dir.execute(f"DESCRIBE {table}").fetchall()
        )
        assert table_rows(from_db, table) == table_rows(from_dir, table), table


@pytest.mark.parametrize("blank", ["\r\n", ",,,\r\n"])
def test_blank_and_empty_rows_are_skipped_but_counted(tmp_path, blank):
    text = (
        "\ufeffofficial_id,full_name,birth_date,id_number\r\n"
        'CB1,"Nguyễn, Văn An",1970-05-17,038070000001\r\n'
        f"{blank}"
        "CB2,Trần Thị Mai,17/05/1981,\r\n"
    )
    (tmp_path / "officials.csv").write_text(text, encoding="utf-8")
    con = tables.connect()
    tables.load_from_dir(con, tmp_path)
    assert con.execute("SELECT official_id, full_name, birth_date, source_row FROM officials").fetchall() == [
        ("CB1", "Nguyễn, Văn An", dt.date(1970, 5, 17), 2),
        ("CB2", "Trần Thị Mai", dt.date(1981, 5, 17), 4),
    ]


def test_identical_lines_are_one_row_the_first(tmp_path):
    rows = [*FILES["relatives.csv"], FILES["relatives.csv"][1]]  # the first relative again, line 5
    write_files(tmp_path, {"relatives.csv": rows})
    con = tables.connect()
    tables.load_from_dir(con, tmp_path)
    assert [r[6] for r in table_rows(con, "relatives")] == [2, 3, 4]
