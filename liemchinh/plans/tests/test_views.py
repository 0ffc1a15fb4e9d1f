"""The plans pages: lists with derived status, matrix, progress forms, 403 for another body,
chasing, and Excel exports that open with openpyxl."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from liemchinh.plans.models import ChaseMessage, ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_with_late_task(org_tree, departments, make_plan, today):
    return make_plan([{"text": "Tự kiểm tra việc thực hiện quy tắc ứng xử", "ordinal": "II.2.a",
                       "lead_group": departments, "due_on": today - dt.timedelta(days=2)},
                      {"text": "Công khai minh bạch", "ordinal": "II.3", "lead_org": org_tree["finance"],
                       "due_on": today + dt.timedelta(days=20)}])


def _sheet_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_body_task_list_shows_its_tasks_with_status_and_filters(client, people, plan_with_late_task):
    client.force_login(people["focal_finance"])
    response = client.get(reverse("plans:assignment_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tự kiểm tra việc thực hiện" in body and "Công khai minh bạch" in body
    assert "badge-danger" in body  # the late one shows as overdue
    filtered = client.get(reverse("plans:assignment_list"), {"status": "overdue"}, HTTP_HX_REQUEST="true")
    assert "Công khai minh bạch" not in filtered.content.decode()
    assert "<html" not in filtered.content.decode()  # HTMX gets the table only


def test_task_list_exports_to_excel(client, people, plan_with_late_task):
    client.force_login(people["focal_finance"])
    rows = _sheet_rows(client.get(reverse("plans:assignment_list"), {"format": "xlsx"}))
    assert rows[0][:3] == ["Kế hoạch", "Mục", "Nhiệm vụ"]
    assert sorted(row[1] for row in rows[1:]) == ["II.2.a", "II.3"]
    assert {row[3] for row in rows[1:]} == {"Sở Tài chính"}
    assert "Quá hạn" in {row[7] for row in rows[1:]}


def test_overdue_page_is_province_wide_for_the_inspectorate(client, people, plan_with_late_task):
    client.force_login(people["officer"])
    response = client.get(reverse("plans:overdue"))
    body = response.content.decode()
    assert response.status_code == 200 and "Sở Tài chính" in body and "Sở Tư pháp" in body
    rows = _sheet_rows(client.get(reverse("plans:overdue"), {"format": "xlsx"}))
    assert len(rows) == 3 and {row[3] for row in rows[1:]} == {"Sở Tài chính", "Sở Tư pháp"}
    client.force_login(people["focal_justice"])
    assert "Sở Tài chính" not in client.get(reverse("plans:overdue")).content.decode()


def test_plan_list_and_matrix(client, people, plan_with_late_task):
    plan, _tasks = plan_with_late_task
    client.force_login(people["officer"])
    assert plan.title in client.get(reverse("plans:plan_list")).content.decode()
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "II.2.a" in body and "Đôn đốc" in body
    rows = _sheet_rows(client.get(reverse("plans:plan_detail", args=[plan.pk]), {"format": "xlsx"}))
    assert rows[0][:2] == ["Mục", "Nhiệm vụ"] and len(rows) == 3
    plans_rows = _sheet_rows(client.get(reverse("plans:plan_list"), {"format": "xlsx"}))
    assert plans_rows[1][0] == "12/KH-UBND"


def test_timeline_page(client, people, plan_with_late_task, today):
    client.force_login(people["officer"])
    response = client.get(reverse("plans:timeline"), {"year": today.year})
    assert response.status_code == 200
    due = today - dt.timedelta(days=2)
    detail = client.get(reverse("plans:timeline"), {"year": due.year, "month": due.month})
    assert "Tự kiểm tra việc thực hiện" in detail.content.decode()
    rows = _sheet_rows(client.get(reverse("plans:timeline"), {"year": today.year, "format": "xlsx"}))
    assert len(rows) == 13


def test_progress_form_then_head_approves(client, people, plan_with_late_task, org_tree):
    _plan, (late, _soon) = plan_with_late_task
    assignment = late.assignments.get(organization=org_tree["finance"])
    client.force_login(people["focal_finance"])
    page = client.get(reverse("plans:assignment_detail", args=[assignment.pk]))
    assert "Gửi báo cáo" in page.content.decode()
    response = client.post(reverse("plans:progress_post", args=[assignment.pk]),
                           {"text": "Đã tổ chức tự kiểm tra", "percent": 100, "proposed_status": "done"})
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    client.force_login(people["head_finance"])
    assert "Duyệt" in client.get(reverse("plans:assignment_detail", args=[assignment.pk])).content.decode()
    client.post(reverse("plans:progress_approve", args=[update.pk]), {"comment": "Đồng ý"})
    assignment.refresh_from_db()
    assert assignment.status == "done"


def test_progress_on_another_bodys_task_is_403(client, people, plan_with_late_task, org_tree):
    _plan, (late, _soon) = plan_with_late_task
    finance = late.assignments.get(organization=org_tree["finance"])
    client.force_login(people["focal_justice"])
    # the page is out of reach, posting to it is refused
    assert client.get(reverse("plans:assignment_detail", args=[finance.pk])).status_code == 404
    response = client.post(reverse("plans:progress_post", args=[finance.pk]),
                           {"text": "x", "percent": 10, "proposed_status": "in_progress"})
    assert response.status_code == 403
    # an inspectorate officer sees it but may not report for the body: 403
    client.force_login(people["officer"])
    assert client.get(reverse("plans:assignment_detail", args=[finance.pk])).status_code == 200
    response = client.post(reverse("plans:progress_post", args=[finance.pk]),
                           {"text": "x", "percent": 10, "proposed_status": "in_progress"})
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_invalid_progress_shows_the_error_on_the_form(client, people, plan_with_late_task, org_tree):
    _plan, (late, _soon) = plan_with_late_task
    finance = late.assignments.get(organization=org_tree["finance"])
    client.force_login(people["focal_finance"])
    response = client.post(reverse("plans:progress_post", args=[finance.pk]),
                           {"text": "x", "percent": 50, "proposed_status": "done"})
    assert response.status_code == 400 and "100%" in response.content.decode()


def test_chase_form_sends_to_late_bodies(client, people, plan_with_late_task):
    _plan, (late, _soon) = plan_with_late_task
    client.force_login(people["officer"])
    page = client.get(reverse("plans:task_chase", args=[late.pk]))
    assert "Sở Tài chính" in page.content.decode()
    client.post(reverse("plans:task_chase", args=[late.pk]), {"text": "Đề nghị báo cáo trước thứ Sáu"})
    chase = ChaseMessage.objects.get()
    assert chase.assignments.count() == 2
    client.force_login(people["focal_finance"])
    assert client.get(reverse("plans:task_chase", args=[late.pk])).status_code == 403


def test_officer_creates_a_plan_and_a_task_then_activates(client, people, org_tree, departments):
    client.force_login(people["officer"])
    response = client.post(reverse("plans:plan_create"), {"title": "Kế hoạch PCTN năm 2030", "number": "5/KH-UBND",
                                                          "issuer": org_tree["province"].pk,
                                                          "issued_on": "05/01/2030"})
    assert response.status_code == 302
    from liemchinh.plans.models import Plan

    plan = Plan.objects.get(number="5/KH-UBND")
    assert plan.year_from == 2030
    client.post(reverse("plans:task_create", args=[plan.pk]),
                {"text": "Báo cáo công tác PCTN", "lead_group": departments.pk, "recurrence": ["half_yearly"]})
    assert plan.tasks.get().assignments.count() == 2
    client.post(reverse("plans:plan_activate", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "active"
    client.force_login(people["focal_finance"])
    assert client.get(reverse("plans:plan_create")).status_code == 403


def test_the_inspectorate_lands_on_the_plan_list_and_a_body_on_its_tasks(client, people):
    client.force_login(people["officer"])
    response = client.get(reverse("plans:assignment_list"))
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan_list")
    # Asking for the list explicitly (a filter) still shows it.
    assert client.get(reverse("plans:assignment_list"), {"status": "overdue"}).status_code == 200
    client.force_login(people["focal_finance"])
    assert client.get(reverse("plans:assignment_list")).status_code == 200
