"""The registry import: every bad row reported with file, row and column and nothing imported;
idempotent re-import with stable record keys; changed rows updated with their new provenance;
duplicates counted; Excel workbooks; references to stored rows; permissions; one audit event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liemchinh.core.errors import ImportFailed
from liemchinh.core.models import AuditEvent
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.integrity import keys
from liemchinh.integrity.importing import Source
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
from liemchinh.integrity.services.importing import registry_import
from liemchinh.integrity.tests.importing_data import GOOD, csv_bytes, sources, workbook_bytes

pytestmark = pytest.mark.django_db

REGISTRY_MODELS = (Body, Official, Position, Relative, Enterprise, EnterprisePerson, Contract)


def _nothing_imported() -> bool:
    return all(not model.objects.exists() for model in REGISTRY_MODELS)


def _refused(source_list) -> list[dict]:
    with pytest.raises(ImportFailed) as failure:
        registry_import(actor=SYSTEM, sources=source_list)
    assert _nothing_imported()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.errors
    return [error.as_dict() for error in failure.value.errors]


def test_good_files_are_imported_with_provenance_and_clean_names():
    run = registry_import(actor=SYSTEM, sources=sources())
    assert run.status == ImportRun.Status.DONE and run.finished_at
    assert run.counts["officials.csv"] == {"created": 3, "updated": 0, "unchanged": 0, "duplicates": 0}
    assert run.rows_total == run.rows_done == sum(len(rows) for rows in GOOD.values())
    assert [f["name"] for f in run.files] == list(GOOD)
    assert all(len(f["sha256"]) == 64 for f in run.files)
    binh = Official.objects.get(official_id="CB002")
    assert binh.full_name == "trần thị BÌNH" and binh.name_folded == "tran thi binh"
    assert binh.birth_date is None and binh.birth_year == 1982
    assert (binh.source_file, binh.source_row, binh.import_run_id) == ("officials.csv", 3, run.pk)
    assert binh.record_key == "officials:CB002"
    an = Official.objects.get(official_id="CB001")
    assert an.birth_date == dt.date(1970, 5, 17) and an.birth_year == 1970 and an.id_number == "038070000001"
    head = Position.objects.get(role="head")
    assert head.natural_key == keys.position_key("CB001", "T-SXD", "head", "Giám đốc", "2020-01-01")
    assert (head.official, head.body.org_code, head.source_row) == (an, "T-SXD", 2)
    assert Body.objects.get(org_code="T-SXD").managed_sectors == ["41", "42", "43"]
    child = Relative.objects.get(relation="child")
    assert child.record_key == keys.relative_key("CB001", "child", "Nguyen Van Cuong", "1995", "")
    owner = EnterprisePerson.objects.get()
    assert owner.capital_share == Decimal("0.6") and owner.enterprise.tax_code == "0312345678"
    assert owner.record_key == keys.enterprise_person_key(
        "0312345678", "owner", "Phạm Thị Dung", "1972-02-02", ""
    )
    contract = Contract.objects.get()
    assert (contract.buyer.org_code, contract.supplier.tax_code, contract.signer, contract.value_vnd) == (
        "T-SXD",
        "0312345678",
        an,
        1_500_000_000,
    )
    assert contract.source_file == "contracts.csv" and contract.source_row == 2
    events = AuditEvent.objects.filter(action="integrity.registry_import")
    assert events.count() == 1 and events.get().changes["counts"]["contracts.csv"]["created"] == 1


def test_bodies_are_linked_to_the_organisation_tree_when_the_code_is_known(org_tree):
    registry_import(actor=SYSTEM, sources=sources())
    assert Body.objects.get(org_code="T-UBND").organization == org_tree["province"]
    assert Body.objects.get(org_code="T-SXD").organization is None


def test_reimport_of_the_same_files_writes_nothing_and_keeps_record_keys():
    registry_import(actor=SYSTEM, sources=sources())
    keys_before = sorted(Relative.objects.values_list("record_key", flat=True))
    ids_before = sorted(Official.objects.values_list("pk", "record_key"))
    with CaptureQueriesContext(connection) as queries:
        run = registry_import(actor=SYSTEM, sources=sources())
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "integrity_importrun" not in q["sql"]
        and "core_auditevent" not in q["sql"]
    ]
    assert writes == []
    assert all(c["created"] == c["updated"] == 0 for c in run.counts.values())
    assert sum(c["unchanged"] for c in run.counts.values()) == sum(len(rows) for rows in GOOD.values())
    assert sorted(Relative.objects.values_list("record_key", flat=True)) == keys_before
    assert sorted(Official.objects.values_list("pk", "record_key")) == ids_before


def test_a_changed_row_is_updated_with_its_new_provenance_and_others_stay():
    first = registry_import(actor=SYSTEM, sources=sources())
    officials = [["CB000", "Hồ Văn Mới", "", ""]] + [list(row) for row in GOOD["officials.csv"]]
    officials[2][3] = "038082000009"  # CB002 gains an id number (and moves down one row)
    second = registry_import(actor=SYSTEM, sources=sources(officials__csv=officials))
    assert second.counts["officials.csv"] == {"created": 1, "updated": 3, "unchanged": 0, "duplicates": 0}
    binh = Official.objects.get(official_id="CB002")
    assert (binh.id_number, binh.source_row, binh.import_run_id) == ("038082000009", 4, second.pk)
    assert Position.objects.filter(import_run=first).count() == 2  # untouched rows keep their run


def test_identical_duplicate_lines_are_counted_not_refused_and_conflicting_ones_are_refused():
    run = registry_import(
        actor=SYSTEM,
        sources=sources(
            relatives__csv=GOOD["relatives.csv"] + [["CB001", "child", "Nguyen  Van Cuong", "1995", ""]]
        ),
    )
    assert run.counts["relatives.csv"]["duplicates"] == 1 and Relative.objects.count() == 2
    Relative.objects.all().delete()
    errors = _refused_again(
        sources(officials__csv=GOOD["officials.csv"] + [["CB001", "Nguyễn Văn Ân", "", ""]])
    )
    assert errors == [
        {
            "file": "officials.csv",
            "row": 5,
            "field": "official_id",
            "message": "Trùng khóa với dòng 2 nhưng khác nội dung.",
        }
    ]


def _refused_again(source_list) -> list[dict]:
    with pytest.raises(ImportFailed) as failure:
        registry_import(actor=SYSTEM, sources=source_list)
    return [error.as_dict() for error in failure.value.errors]


def test_a_missing_column_is_reported_with_file_and_column():
    bad = csv_bytes(
        "positions.csv", [], header=("official_id", "org_code", "title", "start_date", "end_date")
    )
    errors = _refused([s for s in sources() if s.name != "positions.csv"] + [Source("positions.csv", bad)])
    assert errors == [
        {"file": "positions.csv", "row": 1, "field": "role", "message": "Thiếu cột bắt buộc “role”."}
    ]


def test_an_unknown_org_code_is_reported_row_by_row():
    positions = GOOD["positions.csv"] + [["CB002", "T-KHONGCO", "Thủ quỹ", "treasurer", "2022-01-01", ""]]
    errors = _refused(sources(positions__csv=positions))
    assert len(errors) == 1
    assert errors[0]["file"] == "positions.csv" and errors[0]["row"] == 4 and errors[0]["field"] == "org_code"
    assert "T-KHONGCO" in errors[0]["message"]


def test_malformed_dates_and_id_numbers_and_relations_are_all_reported_together():
    officials = [list(row) for row in GOOD["officials.csv"]]
    officials[1][3] = "03808200000"  # 11 digits
    officials[2][2] = "17/05/1970"
    relatives = GOOD["relatives.csv"] + [["CB001", "cousin", "Lê Văn Họ", "", ""]]
    positions = [list(row) for row in GOOD["positions.csv"]]
    positions[0][4] = "2020-13-01"
    errors = _refused(sources(officials__csv=officials, relatives__csv=relatives, positions__csv=positions))
    where = [(e["file"], e["row"], e["field"]) for e in errors]
    assert where == [
        ("officials.csv", 3, "id_number"),
        ("officials.csv", 4, "birth_date"),
        ("positions.csv", 2, "start_date"),
        ("relatives.csv", 4, "relation"),
    ]
    assert "12 chữ số" in errors[0]["message"]
    assert "spouse, father, mother, child, sibling, other" in errors[3]["message"]
    run = ImportRun.objects.get()
    assert run.errors[0] == {
        "file": "officials.csv",
        "row": 3,
        "column": "id_number",
        "message": errors[0]["message"],
    }
    assert AuditEvent.objects.filter(action="integrity.registry_import_refused").count() == 1


def test_values_outside_their_range_are_refused():
    people = [["0312345678", "shareholder", "Võ Văn Em", "", "", "1.5"]]
    contracts = [["HD-2", "T-SXD", "0312345678", "-5", "2023-04-05", ""]]
    positions = [["CB001", "T-SXD", "Giám đốc", "head", "2020-01-01", "2019-01-01"]]
    errors = _refused(
        sources(enterprise_people__csv=people, contracts__csv=contracts, positions__csv=positions)
    )
    assert [(e["file"], e["field"]) for e in errors] == [
        ("positions.csv", "end_date"),
        ("enterprise_people.csv", "capital_share"),
        ("contracts.csv", "value_vnd"),
    ]


def test_references_may_point_to_rows_already_stored():
    registry_import(actor=SYSTEM, sources=sources())
    later = [["CB003", "T-SXD", "Thủ quỹ", "treasurer", "2025-01-01", ""]]
    run = registry_import(actor=SYSTEM, sources=sources({"positions.csv": later}))
    assert run.counts == {"positions.csv": {"created": 1, "updated": 0, "unchanged": 0, "duplicates": 0}}
    assert Position.objects.count() == 3


def test_a_bad_row_is_reported_once_not_again_by_the_rows_that_refer_to_it():
    officials = [list(row) for row in GOOD["officials.csv"]]
    officials[0][2] = "1970-02-30"
    errors = _refused(sources(officials__csv=officials))
    assert [(e["file"], e["row"], e["field"]) for e in errors] == [("officials.csv", 2, "birth_date")]


def test_an_excel_workbook_with_one_sheet_per_file_is_imported_like_the_csv_files():
    run = registry_import(actor=SYSTEM, sources=[Source("so-lieu.xlsx", workbook_bytes())])
    assert run.status == ImportRun.Status.DONE
    assert run.files[0]["name"] == "so-lieu.xlsx" and run.files[0]["sheets"][0] == "organizations.csv"
    assert Official.objects.get(official_id="CB002").source_file == "officials.csv"
    assert Official.objects.get(official_id="CB001").source_row == 2
    assert EnterprisePerson.objects.get().capital_share == Decimal("0.6")
    again = registry_import(actor=SYSTEM, sources=sources())  # the same rows as CSV change nothing
    assert all(c["created"] == c["updated"] == 0 for c in again.counts.values())


def test_a_bom_and_missing_files_are_accepted_and_unknown_file_names_refused():
    run = registry_import(
        actor=SYSTEM,
        sources=[
            Source("organizations.csv", csv_bytes("organizations.csv", GOOD["organizations.csv"], bom=True))
        ],
    )
    assert list(run.counts) == ["organizations.csv"] and Body.objects.count() == 2
    with pytest.raises(ImportFailed) as failure:
        registry_import(actor=SYSTEM, sources=[Source("nguoi.csv", b"a,b\n1,2\n")])
    assert failure.value.errors[0].file == "nguoi.csv"


def test_importing_needs_the_import_permission(org_tree, make_user):
    focal = make_user(Role.FOCAL_POINT, org_tree["finance"])
    with pytest.raises(PermissionDenied):
        registry_import(actor=focal, sources=sources())
    officer = make_user(Role.INSPECTORATE_OFFICER, org_tree["province"])
    run = registry_import(actor=officer, sources=sources())
    assert run.actor == officer and run.status == ImportRun.Status.DONE


def test_progress_is_reported_through_the_callback():
    seen = []
    registry_import(
        actor=SYSTEM, sources=sources(), progress=lambda stage, done, total: seen.append((stage, done, total))
    )
    total = sum(len(rows) for rows in GOOD.values())
    assert ("check", 0, total) in seen and ("check", total, total) in seen and ("write", total, total) in seen


def test_changed_references_and_dates_are_updated_in_place():
    registry_import(actor=SYSTEM, sources=sources())
    contract = Contract.objects.get()
    position = Position.objects.get(role="accounting")
    contracts = [["HD-2023-001", "T-SXD", "0312345678", "1600000000", "2023-04-06", "CB003"]]
    positions = [list(row) for row in GOOD["positions.csv"]]
    positions[1][5] = "2025-06-30"
    run = registry_import(actor=SYSTEM, sources=sources(contracts__csv=contracts, positions__csv=positions))
    assert run.counts["contracts.csv"]["updated"] == 1 and run.counts["positions.csv"]["updated"] == 1
    contract.refresh_from_db()
    position.refresh_from_db()
    assert (contract.value_vnd, contract.signed_on, contract.signer.official_id) == (
        1_600_000_000,
        dt.date(2023, 4, 6),
        "CB003",
    )
    assert position.end_date == dt.date(2025, 6, 30) and position.import_run == run


def test_a_synthetic_province_imports_and_reimports_without_change(tmp_path):
    from liemchinh.integrity.importing import sources_from_path
    from liemchinh.integrity.synth.generator import SynthOptions, generate

    generate(tmp_path, SynthOptions(officials=400, seed=3))
    first = registry_import(actor=SYSTEM, sources=sources_from_path(tmp_path))
    assert first.status == ImportRun.Status.DONE and Official.objects.count() == 400
    again = registry_import(actor=SYSTEM, sources=sources_from_path(tmp_path))
    assert all(c["created"] == c["updated"] == 0 for c in again.counts.values())
    assert sum(c["unchanged"] + c["duplicates"] for c in again.counts.values()) == again.rows_total
