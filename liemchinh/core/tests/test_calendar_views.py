"""The reporting calendar page, its calculator, its forms and its exports."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from liemchinh.core.models import CalendarException, ReportingPeriod
from liemchinh.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, org_tree, make_user):
    client.force_login(make_user(Role.INSPECTORATE_OFFICER, org_tree["inspectorate"]))
    return client


@pytest.fixture
def focal_client(client, org_tree, make_user):
    client.force_login(make_user(Role.FOCAL_POINT, org_tree["finance"]))
    return client


def test_page_renders_periods_holidays_and_grid(focal_client):
    response = focal_client.get(reverse("core:calendar"), {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lịch báo cáo năm 2026" in html
    assert "15/12/2025 – 14/03/2026" in html  # Q1 cut-off
    assert "Giỗ Tổ Hùng Vương" in html and "26/04/2026" in html
    assert html.count('<table class="calendar-month">') == 12
    assert '<time datetime="2026-02-17">17</time>' in html
    assert "cần đối chiếu" in html  # TT 06/2025 flagged
    # A focal point sees the calendar but not the management forms.
    assert "Mở kỳ báo cáo" not in html


def test_officer_sees_management_forms(officer_client):
    html = officer_client.get(reverse("core:calendar"), {"year": 2026}).content.decode()
    assert "Mở kỳ báo cáo" in html and "Ghi ngày nghỉ, ngày làm bù theo thông báo" in html


def test_user_without_role_gets_403(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("core:calendar")).status_code == 403


def test_calculator_over_htmx_lists_skipped_days(focal_client):
    response = focal_client.get(
        reverse("core:calendar_calculate"), {"start": "13/02/2026", "days": "1"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "23/02/2026" in html and "Thứ Hai" in html
    assert "Tết Âm lịch (mùng 1)" in html
    assert "<html" not in html  # a fragment


def test_calculator_reports_bad_input(focal_client):
    response = focal_client.get(
        reverse("core:calendar_calculate"), {"start": "31/02/2026", "days": "x"}, HTTP_HX_REQUEST="true"
    )
    assert "Kiểm tra lại dữ liệu nhập" in response.content.decode()


def test_officer_opens_a_period(officer_client):
    response = officer_client.post(reverse("core:calendar_period_open"), {"kind": "h1", "year": "2026"})
    assert response.status_code == 302 and response.url.endswith("?year=2026")
    period = ReportingPeriod.objects.get()
    assert (period.cutoff_start, period.cutoff_end) == (dt.date(2025, 12, 15), dt.date(2026, 6, 14))
    duplicate = officer_client.post(reverse("core:calendar_period_open"), {"kind": "h1", "year": "2026"})
    assert duplicate.status_code == 400 and "đã được mở" in duplicate.content.decode()


def test_focal_point_cannot_open_a_period_or_set_exceptions(focal_client):
    assert focal_client.post(reverse("core:calendar_period_open"), {"kind": "h1", "year": "2026"}).status_code == 403
    response = focal_client.post(
        reverse("core:calendar_exception_set"),
        {"date": "31/08/2026", "kind": "day_off", "name": "Nghỉ", "source": "CV"},
    )
    assert response.status_code == 403
    assert not ReportingPeriod.objects.exists() and not CalendarException.objects.exists()


def test_officer_sets_and_deletes_an_exception(officer_client):
    response = officer_client.post(
        reverse("core:calendar_exception_set"),
        {"date": "31/08/2026", "kind": "day_off", "name": "Nghỉ hoán đổi dịp Quốc khánh", "source": "CV VPCP"},
    )
    assert response.status_code == 302
    assert CalendarException.objects.get().date == dt.date(2026, 8, 31)
    html = officer_client.get(reverse("core:calendar"), {"year": 2026}).content.decode()
    assert "Nghỉ hoán đổi dịp Quốc khánh" in html
    response = officer_client.post(reverse("core:calendar_exception_delete"), {"date": "31/08/2026"})
    assert response.status_code == 302 and not CalendarException.objects.exists()


def test_csv_export(focal_client):
    response = focal_client.get(reverse("core:calendar_export_csv"), {"year": 2026})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Loại"
    assert rows[1][:4] == ["Quý I", "Quý I năm 2026", "15/12/2025", "14/03/2026"]
    assert any(r[1] == "Tết Âm lịch (mùng 1)" and r[2] == "17/02/2026" for r in rows)


def test_xlsx_export(focal_client):
    response = focal_client.get(reverse("core:calendar_export_xlsx"), {"year": 2026})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Lịch báo cáo và ngày nghỉ năm 2026"
    assert values[1][0] == "Loại"
    assert any(r[1] == "Giỗ Tổ Hùng Vương (10/3 âm lịch)" and r[2] == "26/04/2026" for r in values[2:])


def test_year_out_of_range_is_clamped(focal_client):
    html = focal_client.get(reverse("core:calendar"), {"year": "1990"}).content.decode()
    assert "Lịch báo cáo năm 2014" in html
    assert "16/12/2013 – 15/03/2014" in html  # TT 03/2013 windows
    assert "cần đối chiếu" not in html.split('id="calc-title"')[0]


def test_calculator_without_htmx_renders_a_full_page(focal_client):
    response = focal_client.get(reverse("core:calendar_calculate"), {"start": "24/04/2026", "days": "1"})
    html = response.content.decode()
    assert "<html" in html and "28/04/2026" in html  # skips Sat, Sun 26/4 (Giỗ Tổ) and Mon 27/4 (nghỉ bù)
    assert "Nghỉ bù Giỗ Tổ Hùng Vương" in html
