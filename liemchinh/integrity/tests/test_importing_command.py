"""`liemchinh integrity_import DIR`: progress on stderr, a table of counts, every error as
"file row N, column: message" with exit status 2, --actor and --quiet."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from liemchinh.core.roles import Role
from liemchinh.integrity.models import ImportRun, Official
from liemchinh.integrity.tests.importing_data import GOOD, workbook_bytes, write_dir

pytestmark = pytest.mark.django_db


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("integrity_import", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_a_directory_and_prints_progress_and_counts(tmp_path):
    out, err = _run(write_dir(tmp_path))
    assert "Kiểm tra: 100%" in err and "Ghi: 100%" in err
    lines = out.splitlines()
    assert lines[0].split() == ["tệp", "mới", "cập", "nhật", "không", "đổi", "trùng", "lặp"]
    assert any(line.split()[:2] == ["officials.csv", "3"] for line in lines)
    assert any(
        line.startswith("tổng") and line.split()[1] == str(sum(len(r) for r in GOOD.values()))
        for line in lines
    )
    run = ImportRun.objects.get()
    assert run.actor is None and run.source == ImportRun.Source.COMMAND
    out, err = _run(tmp_path, "--quiet")
    assert err == ""
    assert any(line.split()[:5] == ["officials.csv", "0", "0", "3", "0"] for line in out.splitlines())


def test_bad_input_prints_every_error_and_exits_with_status_2(tmp_path):
    data = dict(GOOD)
    data["officials.csv"] = GOOD["officials.csv"] + [["CB009", "Đỗ Văn Gia", "1980-02-31", "12345"]]
    write_dir(tmp_path, data)
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("integrity_import", str(tmp_path), "--quiet", stdout=io.StringIO(), stderr=err)
    assert failure.value.returncode == 2
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("officials.csv row 5, birth_date: ")
    assert lines[1].startswith("officials.csv row 5, id_number: ")
    assert "2 lỗi" in str(failure.value)
    assert not Official.objects.exists()


def test_the_command_reads_a_workbook_and_runs_as_the_named_user(tmp_path, org_tree, make_user):
    officer = make_user(Role.INSPECTORATE_OFFICER, org_tree["province"], username="thanhtra")
    workbook = tmp_path / "so-lieu.xlsx"
    workbook.write_bytes(workbook_bytes())
    _run(workbook, "--actor", "thanhtra", "--quiet")
    assert ImportRun.objects.get().actor == officer and Official.objects.count() == 3
    with pytest.raises(CommandError):
        _run(workbook, "--actor", "khongco")
    focal = make_user(Role.FOCAL_POINT, org_tree["finance"], username="daumoi")
    assert focal.username == "daumoi"
    with pytest.raises(CommandError):
        _run(workbook, "--actor", "daumoi", "--quiet")
