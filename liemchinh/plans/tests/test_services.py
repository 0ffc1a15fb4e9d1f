"""Behaviour of plans/services.py: assignments from groups and recurrences, the progress approval
flow, chasing and reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.core import rules as core_rules
from liemchinh.core.errors import DomainError
from liemchinh.core.models import AuditEvent, Notification
from liemchinh.core.permissions import SYSTEM
from liemchinh.plans.models import ApprovalState, Assignment, ChaseMessage, ReminderLog
from liemchinh.plans.services import (
    assignment_progress_post,
    chase_send,
    progress_approve,
    progress_reject,
    reminders_run,
    task_update,
)

pytestmark = pytest.mark.django_db


def test_a_task_given_to_a_group_becomes_one_assignment_per_member_body(org_tree, departments, make_plan):
    _plan, (task,) = make_plan([{"text": "Rà soát văn bản", "lead_group": departments,
                                 "partner_orgs": [org_tree["inspectorate"], org_tree["finance"]],
                                 "due_on": dt.date(2030, 6, 30)}])
    rows = dict(task.assignments.values_list("organization__code", "role"))
    # both departments lead; the inspectorate partners; finance is lead, not also partner
    assert rows == {"T-STC": "lead", "T-STP": "lead", "T-TTR": "partner"}
    assert set(task.assignments.values_list("due_on", flat=True)) == {dt.date(2030, 6, 30)}


def test_a_recurring_task_gets_one_assignment_per_body_and_period_due_on_the_calendar_date(org_tree, make_plan):
    _plan, (task,) = make_plan([{"text": "Báo cáo công tác PCTN", "lead_org": org_tree["finance"],
                                 "recurrence": ["quarterly", "yearly"]}],
                               issued_on=dt.date(2025, 1, 10))
    got = {(a.period_kind, a.period_year): a.due_on for a in task.assignments.all()}
    assert set(got) == {("q1", 2025), ("q2", 2025), ("q3", 2025), ("q4", 2025), ("year", 2025)}
    for (kind, year), due in got.items():
        assert due == core_rules.period_window(kind, year)[2]
    assert got[("q1", 2025)] < got[("q2", 2025)] < got[("q3", 2025)] < got[("q4", 2025)]


def test_periods_already_due_when_the_plan_is_issued_are_not_assigned(org_tree, make_plan):
    _plan, (task,) = make_plan([{"text": "Báo cáo 6 tháng, năm", "lead_org": org_tree["justice"],
                                 "recurrence": ["half_yearly", "yearly"]}],
                               issued_on=dt.date(2025, 8, 1), year_to=2026)
    assert sorted(task.assignments.values_list("period_kind", "period_year")) == [
        ("h1", 2026), ("year", 2025), ("year", 2026)]


def test_a_task_needs_one_lead(org_tree, departments, make_plan):
    with pytest.raises(DomainError) as error:
        make_plan([{"text": "x", "lead_org": org_tree["finance"], "lead_group": departments}])
    assert error.value.field == "lead"
    with pytest.raises(DomainError):
        make_plan([{"text": "x"}])
    with pytest.raises(DomainError) as error:
        make_plan([{"text": "x", "lead_org": org_tree["finance"], "recurrence": ["monthly"]}])
    assert error.value.field == "recurrence"


def test_task_update_follows_the_new_lead_and_refuses_to_drop_reported_work(org_tree, people, make_plan):
    _plan, (task,) = make_plan([{"text": "Công khai tài chính", "lead_org": org_tree["finance"],
                                 "due_on": dt.date(2030, 1, 31)}])
    task_update(actor=SYSTEM, task=task, partner_orgs=[org_tree["justice"]], due_on=dt.date(2030, 2, 28))
    assert dict(task.assignments.values_list("organization__code", "due_on")) == {
        "T-STC": dt.date(2030, 2, 28), "T-STP": dt.date(2030, 2, 28)}
    finance = task.assignments.get(organization=org_tree["finance"])
    assignment_progress_post(actor=people["focal_finance"], assignment=finance, text="Đang làm", percent=10,
                             proposed_status="in_progress")
    with pytest.raises(DomainError):
        task_update(actor=SYSTEM, task=task, lead_org=org_tree["commune"])
    assert task.assignments.filter(organization=org_tree["finance"]).exists()


def test_progress_changes_the_assignment_only_when_the_unit_head_approves(org_tree, people, make_plan, today):
    _plan, (task,) = make_plan([{"text": "Kê khai tài sản", "lead_org": org_tree["finance"],
                                 "due_on": today + dt.timedelta(days=30)}])
    assignment = task.assignments.get()
    update = assignment_progress_post(actor=people["focal_finance"], assignment=assignment, text="Đã hoàn thành",
                                      percent=100, proposed_status="done")
    assignment.refresh_from_db()
    assert (assignment.status, assignment.percent, update.approval) == ("not_started", 0, "pending")
    assert Notification.objects.filter(recipient=people["head_finance"], title="Báo cáo tiến độ chờ duyệt").exists()

    with pytest.raises(PermissionDenied):  # a focal point cannot approve
        progress_approve(actor=people["focal_finance"], update=update)
    progress_approve(actor=people["head_finance"], update=update, comment="Đồng ý")
    assignment.refresh_from_db()
    update.refresh_from_db()
    assert (assignment.status, assignment.percent, assignment.completed_on) == ("done", 100, today)
    assert update.approval == ApprovalState.APPROVED and update.reviewed_by == people["head_finance"]
    assert AuditEvent.objects.filter(action="plan.progress_approve").count() == 1
    with pytest.raises(DomainError):  # already decided
        progress_reject(actor=people["head_finance"], update=update, comment="x")


def test_a_rejected_update_leaves_the_assignment_and_needs_a_reason(org_tree, people, make_plan, today):
    _plan, (task,) = make_plan([{"text": "Kê khai", "lead_org": org_tree["finance"], "due_on": today}])
    assignment = task.assignments.get()
    update = assignment_progress_post(actor=people["focal_finance"], assignment=assignment, text="Đang làm",
                                      percent=40, proposed_status="in_progress")
    with pytest.raises(DomainError) as error:
        progress_reject(actor=people["head_finance"], update=update, comment="  ")
    assert error.value.field == "comment"
    progress_reject(actor=people["head_finance"], update=update, comment="Thiếu minh chứng")
    assignment.refresh_from_db()
    assert (assignment.status, assignment.percent) == ("not_started", 0)
    assert Notification.objects.filter(recipient=people["focal_finance"], kind="warning").exists()


def test_another_body_cannot_post_or_approve_progress(org_tree, people, make_plan, today):
    _plan, (task,) = make_plan([{"text": "Kê khai", "lead_org": org_tree["finance"], "due_on": today}])
    assignment = task.assignments.get()
    with pytest.raises(PermissionDenied):
        assignment_progress_post(actor=people["focal_justice"], assignment=assignment, text="x", percent=10,
                                 proposed_status="in_progress")
    with pytest.raises(PermissionDenied):  # inspectorate officers follow, they do not report for a body
        assignment_progress_post(actor=people["officer"], assignment=assignment, text="x", percent=10,
                                 proposed_status="in_progress")
    update = assignment_progress_post(actor=people["focal_finance"], assignment=assignment, text="x", percent=10,
                                      proposed_status="in_progress")
    with pytest.raises(PermissionDenied):
        progress_approve(actor=people["head_justice"], update=update)


def test_progress_is_validated(org_tree, people, make_plan, today):
    _plan, (task,) = make_plan([{"text": "Kê khai", "lead_org": org_tree["finance"], "due_on": today}])
    assignment = task.assignments.get()
    for kwargs, field in (({"percent": 101, "proposed_status": "in_progress"}, "percent"),
                          ({"percent": 90, "proposed_status": "done"}, "percent"),
                          ({"percent": 10, "proposed_status": "finished"}, "proposed_status")):
        with pytest.raises(DomainError) as error:
            assignment_progress_post(actor=people["focal_finance"], assignment=assignment, text="x", **kwargs)
        assert error.value.field == field
    draft, (draft_task,) = make_plan([{"text": "Dự thảo", "lead_org": org_tree["finance"], "due_on": today}],
                                     activate=False)
    with pytest.raises(DomainError):
        assignment_progress_post(actor=people["focal_finance"], assignment=draft_task.assignments.get(), text="x",
                                 percent=10, proposed_status="in_progress")


def test_progress_attaches_uploaded_evidence_of_the_body(org_tree, people, make_plan, today, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    _plan, (task,) = make_plan([{"text": "Kê khai", "lead_org": org_tree["finance"], "due_on": today}])
    upload = SimpleUploadedFile("bien-ban.txt", "Biên bản họp triển khai".encode(), content_type="text/plain")
    update = assignment_progress_post(actor=people["focal_finance"], assignment=task.assignments.get(), text="x",
                                      percent=50, proposed_status="in_progress", files=[upload])
    (evidence,) = update.evidence.all()
    assert evidence.organization == org_tree["finance"] and evidence.original_name == "bien-ban.txt"


def test_chase_targets_the_late_bodies_records_the_message_and_notifies_them(org_tree, people, departments,
                                                                            make_plan, today):
    _plan, (task,) = make_plan([{"text": "Tự kiểm tra", "lead_group": departments,
                                 "due_on": today - dt.timedelta(days=3)}])
    justice = task.assignments.get(organization=org_tree["justice"])
    finance = task.assignments.get(organization=org_tree["finance"])
    update = assignment_progress_post(actor=people["focal_justice"], assignment=justice, text="Xong", percent=100,
                                      proposed_status="done")
    progress_approve(actor=people["head_justice"], update=update)

    with pytest.raises(PermissionDenied):
        chase_send(actor=people["focal_finance"], task=task, text="Đề nghị khẩn trương")
    chase = chase_send(actor=people["officer"], task=task, text="Đề nghị khẩn trương thực hiện")
    assert list(chase.assignments.all()) == [finance]  # justice is done: not chased
    assert ChaseMessage.objects.filter(task=task).count() == 1
    chased = Notification.objects.filter(title__startswith="Đôn đốc")
    assert set(chased.values_list("recipient__username", flat=True)) == {"focal_so_tai_chinh", "head_so_tai_chinh"}
    assert AuditEvent.objects.filter(action="plan.chase_send").exists()


def test_chase_with_no_late_body_is_refused(org_tree, people, make_plan, today):
    _plan, (task,) = make_plan([{"text": "Tự kiểm tra", "lead_org": org_tree["finance"],
                                 "due_on": today + dt.timedelta(days=3)}])
    with pytest.raises(DomainError):
        chase_send(actor=people["officer"], task=task, text="Đôn đốc")
    assert not ChaseMessage.objects.exists()


def test_reminders_are_sent_once_per_day_and_per_threshold(org_tree, people, make_plan, today):
    make_plan([{"text": "Sắp đến hạn", "lead_org": org_tree["finance"], "due_on": today + dt.timedelta(days=7)},
               {"text": "Đã quá hạn", "lead_org": org_tree["justice"], "due_on": today - dt.timedelta(days=1)},
               {"text": "Còn xa", "lead_org": org_tree["commune"], "due_on": today + dt.timedelta(days=30)}])
    first = reminders_run(actor=SYSTEM, today=today)
    assert first["assignments"] == 2 and first["bodies"] == 2
    assert Notification.objects.filter(recipient=people["focal_finance"],
                                       title__contains="sắp đến hạn").count() == 1
    assert Notification.objects.filter(recipient=people["head_justice"], title__contains="quá hạn").count() == 1
    assert not Notification.objects.filter(recipient=people["focal_commune"]).exclude(
        title__startswith="Nhiệm vụ mới").exists()
    count = Notification.objects.count()

    again = reminders_run(actor=SYSTEM, today=today)
    assert again["assignments"] == 0 and Notification.objects.count() == count
    # the next day: the 7-day reminder is not repeated, the overdue one waits a week
    assert reminders_run(actor=SYSTEM, today=today + dt.timedelta(days=1))["assignments"] == 0
    # six days later: one day left → the 1-day reminder; a week after the overdue one → again
    later = reminders_run(actor=SYSTEM, today=today + dt.timedelta(days=7))
    kinds = sorted(ReminderLog.objects.filter(sent_on=today + dt.timedelta(days=7)).values_list("kind", flat=True))
    assert later["assignments"] == 2 and kinds == ["before_1", "overdue"]


def test_reminders_skip_done_work_and_draft_plans(org_tree, people, make_plan, today):
    make_plan([{"text": "Dự thảo", "lead_org": org_tree["finance"], "due_on": today}], activate=False)
    _plan, (task,) = make_plan([{"text": "Xong", "lead_org": org_tree["justice"], "due_on": today}])
    assignment = task.assignments.get()
    update = assignment_progress_post(actor=people["focal_justice"], assignment=assignment, text="Xong",
                                      percent=100, proposed_status="done")
    progress_approve(actor=people["head_justice"], update=update)
    assert reminders_run(actor=SYSTEM, today=today)["assignments"] == 0


def test_reminders_job_runs_the_service(org_tree, people, make_plan, today):
    from liemchinh.plans.tasks import send_plan_reminders

    make_plan([{"text": "Đã quá hạn", "lead_org": org_tree["justice"], "due_on": today - dt.timedelta(days=2)}])
    result = send_plan_reminders.enqueue(today.isoformat())
    assert result.return_value["assignments"] == 1
    assert Assignment.objects.get().reminders.count() == 1


def test_tasks_proposed_by_the_reader_are_created_with_names_resolved(org_tree, departments, make_plan):
    from liemchinh.plans.services import plan_tasks_import

    plan, _ = make_plan([], activate=False, issued_on=dt.date(2025, 1, 8))
    tasks = plan_tasks_import(actor=SYSTEM, plan=plan, tasks=[
        {"lead": "Sở TC", "partners": ["Thanh tra tỉnh", "Sở Tư pháp"], "text": "Công khai ngân sách",
         "due_on": "2025-03-20", "recurrence": None, "ordinal": "II.1"},
        {"lead": "các sở, ban, ngành", "partners": [], "text": "Báo cáo định kỳ",
         "due_on": None, "recurrence": ["half_yearly", "yearly"]}])
    first, second = tasks
    assert first.lead_org == org_tree["finance"] and first.ordinal == "II.1"
    assert set(first.partner_orgs.values_list("code", flat=True)) == {"T-TTR", "T-STP"}
    assert first.assignments.count() == 3
    assert second.lead_group == departments and second.assignments.count() == 4  # 2 bodies × (h1, year)


def test_a_reader_proposal_with_unknown_names_creates_nothing_and_lists_every_problem(org_tree, make_plan):
    from liemchinh.core.errors import ImportFailed
    from liemchinh.plans.models import Task
    from liemchinh.plans.services import plan_tasks_import

    plan, _ = make_plan([], activate=False)
    with pytest.raises(ImportFailed) as failed:
        plan_tasks_import(actor=SYSTEM, plan=plan, tasks=[
            {"lead": "Sở Tài chính", "partners": ["Sở Không Tồn Tại"], "text": "A", "due_on": "20/3/2025"},
            {"lead": None, "partners": [], "text": "B"},
            {"lead": "Sở Tư pháp", "partners": [], "text": "C"}])
    problems = {(e.row, e.field) for e in failed.value.errors}
    assert problems == {(1, "partners"), (1, "due_on"), (2, "lead")}
    assert not Task.objects.exists()


def test_reminders_command_reports_what_it_sent(org_tree, people, make_plan, today):
    from io import StringIO

    from django.core.management import call_command

    make_plan([{"text": "Quá hạn", "lead_org": org_tree["justice"], "due_on": today - dt.timedelta(days=1)}])
    out = StringIO()
    call_command("plans_reminders", "--day", today.isoformat(), stdout=out)
    assert "1 nhiệm vụ, 1 đơn vị, 2 thông báo" in out.getvalue()
    out = StringIO()
    call_command("plans_reminders", "--day", today.isoformat(), stdout=out)
    assert "0 nhiệm vụ" in out.getvalue()
