"""Import and export of the organisation list: CSV and Excel, every bad row listed, nothing saved
on error, idempotent re-import, round trip through export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from liemchinh.core.errors import ImportFailed
from liemchinh.core.models import AuditEvent, Organization, OrgKind
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.core.services.orgs import COLUMNS, org_export, org_import_file

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
GOOD_ROWS = [
    # a child before its parent: the parent appears later in the same file
    "S-TC-01,Trung tâm Tư vấn tài chính,,Đơn vị sự nghiệp công lập,S-TC,,,,,,,,",
    "UBND,Ủy ban nhân dân tỉnh Thử,UBND tỉnh,peoples_committee_province,,,01/07/2025,,,,ubnd@thu.gov.vn,0233 3851 001,"
    "\"1 Lê Lợi, phường Đông Hà\"",
    "S-TC,Sở Tài chính,STC,department,UBND,Sở TC;Sở Tài chính tỉnh,2025-07-01,,,K64;K65,,,",
    "S-KHDT,Sở Kế hoạch và Đầu tư,,Sở,UBND,,01/01/2008,30/06/2025,S-TC,,,,",
    "X-01,Ủy ban nhân dân xã Cam Lộ,,UBND xã,UBND,,,,,,,,",
]


def csv_bytes(rows, bom=True) -> bytes:
    text = "\n".join([HEADER, *rows]) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def xlsx_bytes(rows) -> bytes:
    import csv

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in csv.reader(rows):
        sheet.append(row)
    sheet["G3"] = dt.datetime(2025, 7, 1)  # a real Excel date cell for UBND's valid_from
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_good_csv_creates_the_tree_with_history():
    result = org_import_file(actor=SYSTEM, file=io.BytesIO(csv_bytes(GOOD_ROWS)), filename="co-quan.csv")

    assert (result.created, result.updated, result.unchanged) == (5, 0, 0)
    root = Organization.objects.get(code="UBND")
    finance = Organization.objects.get(code="S-TC")
    unit = Organization.objects.get(code="S-TC-01")
    old = Organization.objects.get(code="S-KHDT")
    assert root.path == f"/{root.pk}/" and root.address == "1 Lê Lợi, phường Đông Hà"
    assert finance.parent == root and finance.path == f"{root.path}{finance.pk}/"
    assert unit.parent == finance and unit.depth == 2 and unit.kind == OrgKind.PUBLIC_SERVICE_UNIT
    assert finance.aliases == ["Sở TC", "Sở Tài chính tỉnh"] and finance.managed_sectors == ["K64", "K65"]
    assert finance.valid_from == dt.date(2025, 7, 1)
    assert old.valid_to == dt.date(2025, 6, 30) and old.successor == finance and old.kind == OrgKind.DEPARTMENT
    event = AuditEvent.objects.get(action="org.import")
    assert event.changes["created"] == 5


def test_good_xlsx_imports_and_reimport_changes_nothing():
    content = xlsx_bytes(GOOD_ROWS)
    first = org_import_file(actor=SYSTEM, file=io.BytesIO(content), filename="co-quan.xlsx")
    assert first.created == 5
    assert Organization.objects.get(code="UBND").valid_from == dt.date(2025, 7, 1)
    stamps = dict(Organization.objects.values_list("code", "updated_at"))

    second = org_import_file(actor=SYSTEM, file=io.BytesIO(content), filename="co-quan.xlsx")

    assert (second.created, second.updated, second.unchanged) == (0, 0, 5)
    assert dict(Organization.objects.values_list("code", "updated_at")) == stamps


def test_csv_without_bom_and_changed_row_is_an_update():
    org_import_file(actor=SYSTEM, file=io.BytesIO(csv_bytes(GOOD_ROWS, bom=False)), filename="a.csv")
    changed = [*GOOD_ROWS[:4], "X-01,Ủy ban nhân dân xã Cam Lộ,,UBND xã,S-TC,,,,,,,,"]
    result = org_import_file(actor=SYSTEM, file=io.BytesIO(csv_bytes(changed)), filename="a.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 4)
    commune = Organization.objects.get(code="X-01")
    assert commune.path == f"{Organization.objects.get(code='S-TC').path}{commune.pk}/"


def test_bad_file_lists_every_error_and_saves_nothing():
    rows = [
        "A,Cơ quan A,,department,KHONG-CO,,,,,,,,",  # unknown parent
        "B,Cơ quan B,,loại lạ,,,,,,,,,",  # unknown kind
        "C,Cơ quan C,,department,,,31/02/2025,,,,,,",  # malformed date
        "C,Cơ quan C lần hai,,department,,,,,,,,,",  # duplicate code
        "D,,,department,,,,,,,,,",  # missing name
        "E,Cơ quan E,,department,F,,,,,,,,",  # cycle E → F → E
        "F,Cơ quan F,,department,E,,,,,,,,",
    ]
    with pytest.raises(ImportFailed) as exc:
        org_import_file(actor=SYSTEM, file=io.BytesIO(csv_bytes(rows)), filename="loi.csv")

    found = {(error.row, error.field) for error in exc.value.errors}
    assert {(2, "parent_code"), (3, "kind"), (4, "valid_from"), (5, "code"), (6, "name"),
            (7, "parent_code"), (8, "parent_code")} <= found
    assert all(error.file == "loi.csv" for error in exc.value.errors)
    assert "dòng 2" in str(exc.value.errors[0])
    assert Organization.objects.count() == 0
    assert not AuditEvent.objects.filter(action="org.import").exists()


def test_one_bad_row_among_good_ones_saves_nothing():
    rows = [*GOOD_ROWS, "Y,Cơ quan Y,,department,UBND,,2025/13/45,,,,,,"]
    with pytest.raises(ImportFailed) as exc:
        org_import_file(actor=SYSTEM, file=io.BytesIO(csv_bytes(rows)), filename="x.csv")
    assert [(e.row, e.field) for e in exc.value.errors] == [(7, "valid_from")]
    assert Organization.objects.count() == 0


def test_missing_column_and_wrong_extension_are_refused():
    with pytest.raises(ImportFailed):
        org_import_file(actor=SYSTEM, file=io.BytesIO(b"code,short_name\nA,B\n"), filename="x.csv")
    with pytest.raises(ImportFailed):
        org_import_file(actor=SYSTEM, file=io.BytesIO(b"..."), filename="x.pdf")


def test_import_needs_the_manage_permission(make_user, org_tree):
    officer = make_user(Role.INSPECTORATE_OFFICER, org_tree["province"])
    with pytest.raises(PermissionDenied):
        org_import_file(actor=officer, file=io.BytesIO(csv_bytes(GOOD_ROWS)), filename="a.csv")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_round_trips_through_import(fmt):
    org_import_file(actor=SYSTEM, file=io.BytesIO(csv_bytes(GOOD_ROWS)), filename="a.csv")
    content = org_export(actor=SYSTEM, fmt=fmt)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        assert [c.value for c in sheet[1]] == list(COLUMNS)
    else:
        assert content.startswith("\ufeff".encode()) and content.decode("utf-8-sig").startswith(HEADER)

    result = org_import_file(actor=SYSTEM, file=io.BytesIO(content), filename=f"export.{fmt}")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)

    Organization.objects.all().update(successor=None)
    for org in Organization.objects.order_by("-depth"):  # the exported file rebuilds the tree from nothing
        org.delete()
    result = org_import_file(actor=SYSTEM, file=io.BytesIO(content), filename=f"export.{fmt}")
    assert result.created == 5
    old = Organization.objects.get(code="S-KHDT")
    assert old.successor.code == "S-TC" and old.valid_to == dt.date(2025, 6, 30)
    assert Organization.objects.get(code="S-TC").aliases == ["Sở TC", "Sở Tài chính tỉnh"]


def test_commands_import_and_export(tmp_path):
    from django.core.management import CommandError, call_command

    source = tmp_path / "co-quan.csv"
    source.write_bytes(csv_bytes(GOOD_ROWS))
    out = io.StringIO()
    call_command("org_import", str(source), stdout=out)
    assert "Thêm mới 5" in out.getvalue()

    target = tmp_path / "xuat.xlsx"
    call_command("org_export", "--format", "xlsx", "-o", str(target), stdout=io.StringIO())
    assert load_workbook(target).active.max_row == 6

    bad = tmp_path / "loi.csv"
    bad.write_bytes(csv_bytes(["A,,,department,,,,,,,,,"]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("org_import", str(bad), stdout=io.StringIO(), stderr=err)
    assert "dòng 2" in err.getvalue()
