"""The import pages: upload of CSV files or one workbook runs the background job, the run page
and its HTMX progress block, every error in a table and as CSV/Excel, past runs; the landing page
and navigation; the registry pages with folded name search; 403 for a focal point."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from liemchinh.core.roles import Role
from liemchinh.integrity.models import Enterprise, ImportRun, Official
from liemchinh.integrity.services.importing import UPLOAD_DIR
from liemchinh.integrity.tests.importing_data import GOOD, csv_bytes, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(org_tree, make_user):
    return make_user(Role.INSPECTORATE_OFFICER, org_tree["province"], full_name="Nguyễn Thị Thu Hà")


@pytest.fixture
def focal(org_tree, make_user):
    return make_user(Role.FOCAL_POINT, org_tree["finance"])


def _uploads(data=None):
    return [
        SimpleUploadedFile(name, csv_bytes(name, rows), content_type="text/csv")
        for name, rows in (data or GOOD).items()
    ]


def _upload(client, files, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("integrity:imports"), {"files": files})


def test_uploading_csv_files_runs_the_import_job_and_shows_the_counts(
    client, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    page = client.get(reverse("integrity:imports"))
    assert page.status_code == 200 and 'type="file"' in page.content.decode()
    response = _upload(client, _uploads(), django_capture_on_commit_callbacks)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "integrity:import_detail", args=[run.pk]
    )
    assert (
        run.status == ImportRun.Status.DONE and run.actor == officer and run.source == ImportRun.Source.UPLOAD
    )
    assert Official.objects.count() == 3
    assert not default_storage.exists(f"{UPLOAD_DIR}/{run.pk}/officials.csv")  # the uploaded copy is gone
    body = client.get(response["Location"]).content.decode()
    assert 'id="import-counts"' in body and "officials.csv" in body
    assert reverse("integrity:import_progress", args=[run.pk]) not in body  # no more polling
    listing = client.get(reverse("integrity:imports")).content.decode()
    assert f"#{run.pk}" in listing and "Nguyễn Thị Thu Hà" in listing


def test_a_running_import_is_polled_and_shows_its_progress(client, officer):
    client.force_login(officer)
    run = ImportRun.objects.create(
        actor=officer, source=ImportRun.Source.UPLOAD, rows_total=200, rows_done=50
    )
    body = client.get(reverse("integrity:import_detail", args=[run.pk])).content.decode()
    progress_url = reverse("integrity:import_progress", args=[run.pk])
    assert f'hx-get="{progress_url}"' in body and 'value="25"' in body
    partial = client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "50/200" in partial and 'hx-trigger="every 2s"' in partial
    ImportRun.objects.filter(pk=run.pk).update(rows_done=200)
    assert "đang ghi vào cơ sở dữ liệu" in client.get(progress_url).content.decode()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.DONE, counts={})
    assert progress_url not in client.get(progress_url).content.decode()


def test_a_refused_upload_lists_every_error_exportable_as_csv_and_excel(
    client, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    data = dict(GOOD)
    data["relatives.csv"] = GOOD["relatives.csv"] + [["CB001", "cousin", "Lê Văn Họ", "", ""]]
    data["positions.csv"] = GOOD["positions.csv"] + [["CB002", "T-KHONGCO", "", "hr", "2022-01-01", ""]]
    response = _upload(client, _uploads(data), django_capture_on_commit_callbacks)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and not Official.objects.exists()
    body = client.get(response["Location"]).content.decode()
    assert 'id="import-errors"' in body and "T-KHONGCO" in body and "cousin" in body
    export = client.get(reverse("integrity:import_errors_export", args=[run.pk]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0] == ["Tệp", "Dòng", "Cột", "Lỗi"]
    assert [r[:3] for r in rows[1:]] == [
        ["positions.csv", "4", "org_code"],
        ["relatives.csv", "4", "relation"],
    ]
    workbook = load_workbook(
        io.BytesIO(
            client.get(reverse("integrity:import_errors_export", args=[run.pk]), {"format": "xlsx"}).content
        )
    )
    assert [list(r)[:3] for r in workbook.active.iter_rows(min_row=2, values_only=True)] == [
        ["positions.csv", 4, "org_code"],
        ["relatives.csv", 4, "relation"],
    ]


def test_one_workbook_can_be_uploaded_but_not_mixed_with_csv_files(
    client, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    book = SimpleUploadedFile("so-lieu.xlsx", workbook_bytes())
    _upload(client, [book], django_capture_on_commit_callbacks)
    assert ImportRun.objects.get().status == ImportRun.Status.DONE and Enterprise.objects.count() == 1
    mixed = [SimpleUploadedFile("so-lieu.xlsx", workbook_bytes()), *_uploads()[:1]]
    response = client.post(reverse("integrity:imports"), {"files": mixed}, follow=True)
    assert "không trộn lẫn" in response.content.decode() and ImportRun.objects.count() == 1
    response = client.post(
        reverse("integrity:imports"), {"files": [SimpleUploadedFile("x.csv", b"a\n")]}, follow=True
    )
    assert "không thuộc sổ liệu" in response.content.decode()


def test_a_focal_point_may_not_import_nor_browse_the_registries(client, focal):
    client.force_login(focal)
    assert client.get(reverse("integrity:imports")).status_code == 403
    assert client.post(reverse("integrity:imports"), {"files": _uploads()}).status_code == 403
    assert client.get(reverse("integrity:officials")).status_code == 403
    assert client.get(reverse("integrity:enterprises")).status_code == 403
    home = client.get(reverse("integrity:home"))  # the gift register is theirs: the landing page opens
    assert home.status_code == 200 and 'id="registry-counts"' not in home.content.decode()
    assert not ImportRun.objects.exists()


def test_the_landing_page_counts_the_registries_and_the_module_is_in_the_navigation(
    client, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    _upload(client, _uploads(), django_capture_on_commit_callbacks)
    response = client.get(reverse("integrity:home"))
    body = response.content.decode()
    assert response.status_code == 200 and 'id="registry-counts"' in body
    assert reverse("integrity:imports") in body and reverse("integrity:officials") in body
    item = next(m for m in response.context["nav_modules"] if m["key"] == "integrity")
    assert item["enabled"] and item["url"] == reverse("integrity:home") and item["active"]


def test_registry_pages_search_folded_names_and_show_positions_relatives_and_contracts(
    client, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    _upload(client, _uploads(), django_capture_on_commit_callbacks)
    found = client.get(reverse("integrity:officials"), {"q": "TRAN thi binh"}).content.decode()
    assert "trần thị BÌNH" in found and "Nguyễn Văn An" not in found
    an = Official.objects.get(official_id="CB001")
    page = client.get(reverse("integrity:official", args=[an.pk])).content.decode()
    assert (
        "Giám đốc" in page
        and "Nguyen Van Cuong" in page
        and "HD-2023-001" in page
        and "officials.csv" in page
    )
    listing = client.get(reverse("integrity:enterprises"), {"q": "pham thi dung"}).content.decode()
    assert "An Phát" in listing
    company = Enterprise.objects.get()
    page = client.get(reverse("integrity:enterprise", args=[company.pk])).content.decode()
    assert "Phạm Thị Dung" in page and "1.500.000.000" in page and "contracts.csv" in page
