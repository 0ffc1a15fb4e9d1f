"""/api/v1/plans/, tasks/, assignments/, progress-updates/: the same services and scopes as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from liemchinh.plans.models import Assignment, ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def late_plan(org_tree, departments, make_plan, today):
    return make_plan([{"text": "Tự kiểm tra", "lead_group": departments, "due_on": today - dt.timedelta(days=2)},
                      {"text": "Công khai", "lead_org": org_tree["finance"], "due_on": today + dt.timedelta(days=9)}])


def _results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_assignments_filter_by_status_body_and_overdue(api, people, org_tree, late_plan):
    api.force_authenticate(people["officer"])
    everything = _results(api.get("/api/v1/assignments/"))
    assert len(everything) == 3
    overdue = _results(api.get("/api/v1/assignments/", {"overdue": "1"}))
    assert {row["organization_name"] for row in overdue} == {"Sở Tài chính", "Sở Tư pháp"}
    assert {row["display_status"] for row in overdue} == {"overdue"}
    assert len(_results(api.get("/api/v1/assignments/", {"status": "not_started"}))) == 1
    finance = _results(api.get("/api/v1/assignments/", {"organization": org_tree["finance"].pk}))
    assert len(finance) == 2
    api.force_authenticate(people["focal_justice"])
    assert [row["organization"] for row in _results(api.get("/api/v1/assignments/"))] == [org_tree["justice"].pk]


def test_progress_through_the_api_and_approval(api, people, org_tree, late_plan):
    assignment = Assignment.objects.get(task__text="Công khai")
    api.force_authenticate(people["focal_finance"])
    response = api.post(f"/api/v1/assignments/{assignment.pk}/progress/",
                        {"text": "Đã công khai", "percent": 100, "proposed_status": "done"}, format="json")
    assert response.status_code == 201, response.content
    update_id = response.json()["id"]
    assert response.json()["approval"] == "pending"
    bad = api.post(f"/api/v1/assignments/{assignment.pk}/progress/",
                   {"text": "x", "percent": 20, "proposed_status": "done"}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "percent"
    assert api.post(f"/api/v1/progress-updates/{update_id}/approve/", {}, format="json").status_code == 403
    api.force_authenticate(people["head_finance"])
    response = api.post(f"/api/v1/progress-updates/{update_id}/approve/", {"comment": "OK"}, format="json")
    assert response.status_code == 200 and response.json()["approval"] == "approved"
    assignment.refresh_from_db()
    assert assignment.status == "done"


def test_progress_on_another_bodys_assignment_is_403(api, people, org_tree, late_plan):
    assignment = Assignment.objects.get(task__text="Công khai")
    api.force_authenticate(people["focal_justice"])
    response = api.post(f"/api/v1/assignments/{assignment.pk}/progress/",
                        {"text": "x", "percent": 10, "proposed_status": "in_progress"}, format="json")
    assert response.status_code == 403
    api.force_authenticate(people["officer"])
    response = api.post(f"/api/v1/assignments/{assignment.pk}/progress/",
                        {"text": "x", "percent": 10, "proposed_status": "in_progress"}, format="json")
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_plans_and_tasks_are_created_through_the_services(api, people, org_tree, departments):
    api.force_authenticate(people["focal_finance"])
    assert api.post("/api/v1/plans/", {"title": "x"}, format="json").status_code == 403
    api.force_authenticate(people["officer"])
    response = api.post("/api/v1/plans/", {"title": "Kế hoạch PCTN 2030", "issuer": org_tree["province"].pk,
                                           "issued_on": "2030-01-03"}, format="json")
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    response = api.post("/api/v1/tasks/", {"plan": plan_id, "text": "Báo cáo quý", "lead_group": departments.pk,
                                           "recurrence": ["quarterly"]}, format="json")
    assert response.status_code == 201, response.content
    assert Assignment.objects.filter(task_id=response.json()["id"]).count() == 8
    assert api.post(f"/api/v1/plans/{plan_id}/activate/").json()["status"] == "active"
    assert [row["id"] for row in _results(api.get("/api/v1/plans/"))] == [plan_id]
    response = api.patch(f"/api/v1/tasks/{response.json()['id']}/", {"recurrence": ["yearly"]}, format="json")
    assert response.status_code == 200 and response.json()["recurrence"] == ["yearly"]


def test_chase_through_the_api(api, people, late_plan):
    _plan, (late, _soon) = late_plan
    api.force_authenticate(people["officer"])
    response = api.post(f"/api/v1/tasks/{late.pk}/chase/", {"text": "Đề nghị khẩn trương"}, format="json")
    assert response.status_code == 201 and len(response.json()["assignments"]) == 2


def test_reader_tasks_are_imported_through_the_api(api, people, org_tree, make_plan):
    plan, _ = make_plan([], activate=False)
    api.force_authenticate(people["officer"])
    response = api.post(f"/api/v1/plans/{plan.pk}/import-tasks/", {"tasks": [
        {"lead": "Sở Tài chính", "partners": ["Sở Tư pháp"], "text": "Công khai", "due_on": "2030-03-20",
         "recurrence": None}]}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()[0]["lead_org"] == org_tree["finance"].pk
    bad = api.post(f"/api/v1/plans/{plan.pk}/import-tasks/", {"tasks": [
        {"lead": "Sở Không Có", "text": "X"}]}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "lead"
