"""The demo's plans: the seed plans read, imported, put into force and carried through the stages
by the demo people; loading twice creates nothing new."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from liemchinh.core.models import User
from liemchinh.demo import load_demo
from liemchinh.documents.models import Document
from liemchinh.plans.models import (
    ApprovalState,
    Assignment,
    AssignmentStatus,
    ChaseMessage,
    Plan,
    PlanStatus,
    ProgressUpdate,
    Task,
)
from liemchinh.plans.selectors import display_status_expr

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def _counts() -> dict[str, int]:
    return {"plans": Plan.objects.count(), "tasks": Task.objects.count(), "assignments": Assignment.objects.count(),
            "progress": ProgressUpdate.objects.count(), "chases": ChaseMessage.objects.count()}


def test_every_seed_plan_becomes_an_active_plan_linked_to_its_document(demo):
    plans = Plan.objects.select_related("document")
    assert plans.count() == 4
    assert all(plan.status == PlanStatus.ACTIVE and plan.document is not None for plan in plans)
    assert all(plan.tasks.exists() for plan in plans)
    news = Document.objects.get(doc_type="news")
    assert not news.plans.exists()
    strategy = Plan.objects.get(number="1238/KH-UBND")
    assert (strategy.year_from, strategy.year_to) == (2025, 2030)  # "đến năm 2030"
    finance_task = strategy.tasks.get(lead_org__code="T-STC")
    assert finance_task.text.startswith("Sở Tài chính chủ trì")


def test_loading_twice_creates_nothing_new(demo):
    before = _counts()
    assert before["plans"] == 4 and before["tasks"] > 30 and before["progress"] > 10 and before["chases"] == 1
    load_demo()
    assert _counts() == before


def test_assignments_are_at_every_stage(demo):
    today = timezone.localdate()
    shown = set(Assignment.objects.annotate(shown=display_status_expr(today)).values_list("shown", flat=True))
    assert {"not_started", "in_progress", "done", "overdue"} <= shown
    assert ProgressUpdate.objects.filter(approval=ApprovalState.PENDING).exists()


def test_finance_department_reports_and_its_director_approves(demo):
    focal = User.objects.get(username="focal_so_tai_chinh")
    head = User.objects.get(username="head_so_tai_chinh")
    updates = ProgressUpdate.objects.filter(assignment__organization__code="T-STC")
    assert set(updates.values_list("author", flat=True)) == {focal.pk}
    done = updates.get(approval=ApprovalState.APPROVED, proposed_status=AssignmentStatus.DONE)
    assert done.reviewed_by == head
    assert done.assignment.status == AssignmentStatus.DONE and done.assignment.completed_on == timezone.localdate()
    going = updates.get(approval=ApprovalState.APPROVED, proposed_status=AssignmentStatus.IN_PROGRESS)
    assert going.assignment.status == AssignmentStatus.IN_PROGRESS and going.assignment.percent == 60
    waiting = updates.get(approval=ApprovalState.PENDING)
    assert waiting.assignment.status == AssignmentStatus.NOT_STARTED
    # The commune's report waits: the demo has no head of the commune to approve it.
    assert ProgressUpdate.objects.get(assignment__organization__code="X-TANBIEN").approval == ApprovalState.PENDING


def test_the_officer_chased_late_bodies_of_one_task(demo):
    chase = ChaseMessage.objects.get()
    assert chase.sender.username == "officer_tinh"
    today = timezone.localdate()
    targets = list(chase.assignments.all())
    assert targets and all(a.task_id == chase.task_id and a.due_on < today for a in targets)
    assert all(a.status != AssignmentStatus.DONE for a in targets)
    assert any(a.organization.code == "X-TANBIEN" for a in targets)


def test_focal_point_sees_the_departments_tasks(demo, client):
    client.force_login(User.objects.get(username="focal_so_tai_chinh"))
    response = client.get(reverse("plans:assignment_list"))
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count == Assignment.objects.filter(organization__code="T-STC").count() > 0
    assert {a.organization.code for a in page.object_list} == {"T-STC"}
    assert "Sở Tài chính chủ trì" in response.content.decode()
