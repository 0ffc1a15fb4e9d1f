"""Every write of the plans app: one function per use case, in one transaction, in the order
permission → validation → write → audit → side effects.

Notifications (core notify) are written inside the same transaction as the change they announce,
so a rolled-back write leaves no notice behind; their e-mails go out only after the commit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core import rules as core_rules
from liemchinh.core.errors import DomainError
from liemchinh.core.models import EvidenceFile, Organization, OrgGroup, ReportingPeriod, RoleAssignment, User
from liemchinh.core.permissions import SYSTEM, org_scope_q, require_perm
from liemchinh.core.roles import Role
from liemchinh.core.selectors.calendar import working_calendar
from liemchinh.core.selectors.orgs import group_members
from liemchinh.core.services.audit import audit_record, diff, snapshot
from liemchinh.core.services.notifications import notify
from liemchinh.plans import rules
from liemchinh.plans.models import (
    ApprovalState,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    ChaseMessage,
    Plan,
    PlanStatus,
    ProgressUpdate,
    ReminderLog,
    Task,
)
from liemchinh.plans.permissions import (
    CHASE_SEND,
    PLAN_MANAGE,
    PROGRESS_APPROVE,
    PROGRESS_POST,
)

UNIT_CONTACT_ROLES = (Role.FOCAL_POINT, Role.UNIT_HEAD)


# --- helpers ----------------------------------------------------------------------------------

def unit_contacts(org_ids: Iterable[int], roles=UNIT_CONTACT_ROLES) -> dict[int, list[User]]:
    """{body id: [active users holding one of `roles` on it]}: who hears about a body's tasks."""
    contacts: dict[int, list[User]] = defaultdict(list)
    pairs = (RoleAssignment.objects.filter(organization_id__in=list(org_ids), role__in=[str(r) for r in roles],
                                           user__is_active=True)
             .select_related("user").order_by("organization_id", "user_id"))
    for pair in pairs:
        if pair.user not in contacts[pair.organization_id]:
            contacts[pair.organization_id].append(pair.user)
    return contacts


def _require_manage(actor, plan: Plan) -> None:
    if plan.issuer_id is None:
        require_perm(actor, PLAN_MANAGE)
    else:
        require_perm(actor, PLAN_MANAGE, plan.issuer_id)


def _clean_text(value: str | None, *, field: str, message: str) -> str:
    text = " ".join((value or "").split()) if field != "text" else (value or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text


def _period_dues(years: Iterable[int], kinds: list[str]) -> dict[tuple[str, int], dt.date]:
    """Due date of each (period kind, year): the opened period's own due date, else the one the
    calendar rules compute for the regime in force (core/rules.py period_window)."""
    years = list(years)
    opened = {(p.kind, p.year): p.due_on
              for p in ReportingPeriod.objects.filter(year__in=years, kind__in=kinds)}
    calendar = working_calendar()
    dues = {}
    for year in years:
        for kind in kinds:
            due = opened.get((kind, year))
            if due is None:
                due = core_rules.period_window(kind, year, exceptions=calendar.exceptions)[2]
            dues[(kind, year)] = due
    return dues


def _bodies(org: Organization | None, group: OrgGroup | None, on: dt.date) -> list[Organization]:
    if org is not None:
        return [org]
    if group is not None:
        return list(group_members(group, on))
    return []


def _desired_assignments(task: Task) -> dict[tuple[int, str, int], dict]:
    """{(body id, period kind, period year): {"role", "due_on"}} the task should have: one per body
    (a group gives one per member body; a body both lead and partner is lead), and for a
    recurring task one per body per reporting period of the plan's years whose due date is not
    before the plan was issued."""
    plan = task.plan
    on = plan.issued_on or timezone.localdate()
    roles: dict[int, str] = {}
    for org in _bodies(task.lead_org, task.lead_group, on):
        roles[org.pk] = AssignmentRole.LEAD
    for org in task.partner_orgs.all():
        roles.setdefault(org.pk, AssignmentRole.PARTNER)
    for group in task.partner_groups.all():
        for org in group_members(group, on):
            roles.setdefault(org.pk, AssignmentRole.PARTNER)
    kinds = rules.recurrence_periods(task.recurrence)
    if kinds:
        dues = _period_dues(plan.years, kinds)
        occurrences = [(kind, year, dues[(kind, year)]) for year in plan.years for kind in kinds
                       if plan.issued_on is None or dues[(kind, year)] >= plan.issued_on]
    else:
        occurrences = [("", 0, task.due_on)]
    return {(org_id, kind, year): {"role": role, "due_on": due}
            for org_id, role in roles.items() for kind, year, due in occurrences}


def _sync_assignments(task: Task) -> dict:
    """Bring the task's assignments to what its lead, partners and deadline say. Assignments with
    progress reported are never deleted (the change is refused instead)."""
    desired = _desired_assignments(task)
    existing = {(a.organization_id, a.period_kind, a.period_year): a for a in task.assignments.all()}
    to_create = [Assignment(task=task, organization_id=org_id, period_kind=kind, period_year=year,
                            role=values["role"], due_on=values["due_on"])
                 for (org_id, kind, year), values in desired.items() if (org_id, kind, year) not in existing]
    to_update = []
    for key, assignment in existing.items():
        values = desired.get(key)
        if values and (assignment.role != values["role"] or assignment.due_on != values["due_on"]):
            assignment.role, assignment.due_on = values["role"], values["due_on"]
            to_update.append(assignment)
    stale = [a.pk for key, a in existing.items() if key not in desired]
    if stale:
        if ProgressUpdate.objects.filter(assignment_id__in=stale).exists() or Assignment.objects.filter(
                pk__in=stale).exclude(status=AssignmentStatus.NOT_STARTED).exists():
            raise DomainError(_("Không thể bỏ cơ quan hoặc kỳ đã có báo cáo tiến độ khỏi nhiệm vụ."), field="lead")
        Assignment.objects.filter(pk__in=stale).delete()
    Assignment.objects.bulk_create(to_create, batch_size=1000)
    Assignment.objects.bulk_update(to_update, ["role", "due_on"], batch_size=1000)
    return {"created": len(to_create), "updated": len(to_update), "deleted": len(stale)}


def _notify_bodies(org_ids: Iterable[int], *, title: str, body: str = "", url: str = "", kind: str = "info",
                   email: bool = False) -> int:
    contacts = unit_contacts(org_ids)
    users = {user.pk: user for members in contacts.values() for user in members}
    if not users:
        return 0
    return len(notify(recipients=list(users.values()), title=title, body=body, url=url, kind=kind, email=email))


# --- plans ------------------------------------------------------------------------------------

def plan_create(*, actor, title: str, issuer: Organization | None = None, document=None, number: str = "",
                issued_on: dt.date | None = None, year_from: int | None = None, year_to: int | None = None) -> Plan:
    """Create a plan in draft. Who: plans.plan.manage on the issuing body (any body when none)."""
    with transaction.atomic():
        if issuer is None:
            require_perm(actor, PLAN_MANAGE)
        else:
            require_perm(actor, PLAN_MANAGE, issuer)
        title = _clean_text(title, field="title", message=_("Chưa nhập tên kế hoạch."))
        default_year = (issued_on or timezone.localdate()).year
        year_from = year_from or default_year
        year_to = year_to or year_from
        if year_to < year_from:
            raise DomainError(_("Năm kết thúc phải không trước năm bắt đầu."), field="year_to")
        if year_to - year_from > 10:
            raise DomainError(_("Kế hoạch kéo dài tối đa 10 năm."), field="year_to")
        if document is not None and not number:
            number = document.number or ""
        plan = Plan.objects.create(
            title=title, issuer=issuer, document=document, number=(number or "").strip()[:100], issued_on=issued_on,
            year_from=year_from, year_to=year_to, created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(actor=actor, action="plan.create", obj=plan, organization=issuer,
                     changes={"title": title, "number": plan.number, "issued_on": issued_on,
                              "years": [year_from, year_to], "document": getattr(document, "pk", None)})
    return plan


def plan_activate(*, actor, plan: Plan) -> Plan:
    """Put a draft plan into force: its assignments become visible to the bodies, are reminded
    and counted; every assigned body's focal points and head are notified."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        _require_manage(actor, plan)
        if plan.status != PlanStatus.DRAFT:
            raise DomainError(_("Chỉ kế hoạch đang dự thảo mới triển khai được."), field="status")
        if not Assignment.objects.filter(task__plan=plan).exists():
            raise DomainError(_("Kế hoạch chưa có nhiệm vụ nào được giao."), field="tasks")
        plan.status = PlanStatus.ACTIVE
        plan.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="plan.activate", obj=plan, organization=plan.issuer_id,
                     changes={"status": [PlanStatus.DRAFT, PlanStatus.ACTIVE]})
        org_ids = set(Assignment.objects.filter(task__plan=plan).values_list("organization_id", flat=True))
        _notify_bodies(org_ids, title=_("Nhiệm vụ mới: %(plan)s") % {"plan": str(plan)[:200]},
                       body=_("Đơn vị được giao nhiệm vụ trong kế hoạch này."), url=reverse("plans:assignment_list"),
                       email=True)
    return plan


def plan_close(*, actor, plan: Plan) -> Plan:
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        _require_manage(actor, plan)
        if plan.status != PlanStatus.ACTIVE:
            raise DomainError(_("Chỉ kế hoạch đang thực hiện mới kết thúc được."), field="status")
        plan.status = PlanStatus.CLOSED
        plan.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="plan.close", obj=plan, organization=plan.issuer_id,
                     changes={"status": [PlanStatus.ACTIVE, PlanStatus.CLOSED]})
    return plan


# --- tasks ------------------------------------------------------------------------------------

def _validate_task(*, lead_org, lead_group, recurrence, source_start, source_end) -> list[str]:
    """Checks shared by create and update; returns the normalised recurrence."""
    if lead_org is not None and lead_group is not None:
        raise DomainError(_("Chỉ chọn một cơ quan hoặc một nhóm cơ quan chủ trì."), field="lead")
    if lead_org is None and lead_group is None:
        raise DomainError(_("Chưa chọn cơ quan chủ trì."), field="lead")
    try:
        recurrence = rules.normalise_recurrence(recurrence)
    except ValueError as exc:
        raise DomainError(str(exc), field="recurrence") from exc
    if (source_start is None) != (source_end is None) or (
            source_start is not None and (source_start < 0 or source_end < source_start)):
        raise DomainError(_("Vị trí trong văn bản không hợp lệ."), field="source_start")
    return recurrence


def task_create(*, actor, plan: Plan, text: str, ordinal: str = "", lead_org: Organization | None = None,
                lead_group: OrgGroup | None = None, partner_orgs: Iterable[Organization] = (),
                partner_groups: Iterable[OrgGroup] = (), due_on: dt.date | None = None, recurrence=None,
                source_start: int | None = None, source_end: int | None = None,
                position: int | None = None) -> Task:
    """Add a task to a plan and create its assignments: one per body (groups expanded into their
    member bodies on the plan's date), and for a recurring task one per body per reporting period
    of the plan's years, due on the calendar's due date. Who: plans.plan.manage on the plan's
    issuer."""
    with transaction.atomic():
        _require_manage(actor, plan)
        if plan.status == PlanStatus.CLOSED:
            raise DomainError(_("Kế hoạch đã kết thúc."), field="plan")
        text = _clean_text(text, field="text", message=_("Chưa nhập nội dung nhiệm vụ."))
        recurrence = _validate_task(lead_org=lead_org, lead_group=lead_group, recurrence=recurrence,
                                    source_start=source_start, source_end=source_end)
        if position is None:
            position = (plan.tasks.aggregate(m=Max("position"))["m"] or 0) + 1
        task = Task.objects.create(
            plan=plan, text=text, ordinal=(ordinal or "").strip()[:40], position=position, lead_org=lead_org,
            lead_group=lead_group, due_on=due_on, recurrence=recurrence, source_start=source_start,
            source_end=source_end, created_by=actor if getattr(actor, "pk", None) else None,
        )
        task.partner_orgs.set(list(partner_orgs))
        task.partner_groups.set(list(partner_groups))
        counts = _sync_assignments(task)
        if not task.assignments.exists():
            raise DomainError(_("Nhóm cơ quan được chọn không có cơ quan nào hoặc không có kỳ nào còn hạn."),
                              field="lead")
        audit_record(actor=actor, action="plan.task_create", obj=task, organization=plan.issuer_id,
                     changes={"plan": plan.pk, "ordinal": task.ordinal, "text": text[:500],
                              "lead_org": getattr(lead_org, "pk", None), "lead_group": getattr(lead_group, "pk", None),
                              "partner_orgs": sorted(o.pk for o in task.partner_orgs.all()),
                              "partner_groups": sorted(g.pk for g in task.partner_groups.all()),
                              "due_on": due_on, "recurrence": recurrence, "assignments": counts["created"]})
        if plan.status == PlanStatus.ACTIVE:
            org_ids = set(task.assignments.values_list("organization_id", flat=True))
            _notify_bodies(org_ids, title=_("Nhiệm vụ mới: %(task)s") % {"task": str(task)[:200]},
                           url=reverse("plans:assignment_list"), email=True)
    return task


_UNSET = object()


def task_update(*, actor, task: Task, text=_UNSET, ordinal=_UNSET, lead_org=_UNSET, lead_group=_UNSET,
                partner_orgs=_UNSET, partner_groups=_UNSET, due_on=_UNSET, recurrence=_UNSET) -> Task:
    """Change a task; its assignments follow (bodies or periods added get an assignment, those
    removed lose theirs unless progress was reported on them, which refuses the change)."""
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
        _require_manage(actor, task.plan)
        if task.plan.status == PlanStatus.CLOSED:
            raise DomainError(_("Kế hoạch đã kết thúc."), field="plan")
        fields = ["text", "ordinal", "lead_org_id", "lead_group_id", "due_on", "recurrence"]
        before = snapshot(task, fields)
        before["partner_orgs"] = sorted(task.partner_orgs.values_list("pk", flat=True))
        before["partner_groups"] = sorted(task.partner_groups.values_list("pk", flat=True))
        if text is not _UNSET:
            task.text = _clean_text(text, field="text", message=_("Chưa nhập nội dung nhiệm vụ."))
        if ordinal is not _UNSET:
            task.ordinal = (ordinal or "").strip()[:40]
        if lead_org is not _UNSET:
            task.lead_org = lead_org
        if lead_group is not _UNSET:
            task.lead_group = lead_group
        if due_on is not _UNSET:
            task.due_on = due_on
        if recurrence is not _UNSET:
            task.recurrence = recurrence
        task.recurrence = _validate_task(lead_org=task.lead_org, lead_group=task.lead_group,
                                         recurrence=task.recurrence, source_start=task.source_start,
                                         source_end=task.source_end)
        task.save()
        if partner_orgs is not _UNSET:
            task.partner_orgs.set(list(partner_orgs))
        if partner_groups is not _UNSET:
            task.partner_groups.set(list(partner_groups))
        counts = _sync_assignments(task)
        after = snapshot(task, fields)
        after["partner_orgs"] = sorted(task.partner_orgs.values_list("pk", flat=True))
        after["partner_groups"] = sorted(task.partner_groups.values_list("pk", flat=True))
        audit_record(actor=actor, action="plan.task_update", obj=task, organization=task.plan.issuer_id,
                     changes={**diff(before, after), "assignments": counts})
    return task


# --- progress ---------------------------------------------------------------------------------

def assignment_progress_post(*, actor, assignment: Assignment, text: str, percent: int,
                             proposed_status: str, files: Iterable = (),
                             evidence: Iterable[EvidenceFile] = ()) -> ProgressUpdate:
    """A focal point or the head OF THE ASSIGNED BODY reports progress, with evidence files
    (uploaded here or already stored for the body). It waits for the unit head's approval."""
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("task__plan", "organization").get(
            pk=assignment.pk)
        require_perm(actor, PROGRESS_POST, assignment.organization)
        if assignment.task.plan.status != PlanStatus.ACTIVE:
            raise DomainError(_("Kế hoạch chưa được triển khai hoặc đã kết thúc."), field="plan")
        if assignment.status == AssignmentStatus.DONE:
            raise DomainError(_("Nhiệm vụ này đã hoàn thành."), field="status")
        text = _clean_text(text, field="text", message=_("Chưa nhập nội dung báo cáo tiến độ."))
        try:
            percent = int(percent)
        except (TypeError, ValueError):
            raise DomainError(_("Tiến độ phải là số từ 0 đến 100."), field="percent") from None
        if not 0 <= percent <= 100:
            raise DomainError(_("Tiến độ phải là số từ 0 đến 100."), field="percent")
        if proposed_status not in AssignmentStatus.values:
            raise DomainError(_("Trạng thái đề nghị không hợp lệ."), field="proposed_status")
        if proposed_status == AssignmentStatus.DONE and percent != 100:
            raise DomainError(_("Nhiệm vụ hoàn thành phải có tiến độ 100%."), field="percent")
        attached = list(evidence)
        for record in attached:
            if record.organization_id != assignment.organization_id:
                raise DomainError(_("Tệp minh chứng không thuộc đơn vị được giao."), field="evidence")
        from liemchinh.core.services.files import evidence_upload

        for upload in files:
            attached.append(evidence_upload(actor=actor, file=upload, organization=assignment.organization,
                                            description=_("Minh chứng nhiệm vụ %(task)s")
                                            % {"task": str(assignment.task)[:150]}))
        update = ProgressUpdate.objects.create(assignment=assignment, author=actor if getattr(actor, "pk", None)
                                               else None, text=text, percent=percent,
                                               proposed_status=proposed_status)
        update.evidence.set(attached)
        audit_record(actor=actor, action="plan.progress_post", obj=update, organization=assignment.organization_id,
                     changes={"assignment": assignment.pk, "percent": percent, "proposed_status": proposed_status,
                              "evidence": [r.pk for r in attached]})
        heads = unit_contacts([assignment.organization_id], roles=(Role.UNIT_HEAD,)).get(assignment.organization_id, [])
        heads = [user for user in heads if user.pk != getattr(actor, "pk", None)]
        if heads:
            notify(recipients=heads, title=_("Báo cáo tiến độ chờ duyệt"), body=str(assignment.task)[:500],
                   url=reverse("plans:assignment_detail", args=[assignment.pk]))
    return update


def _review(actor, update: ProgressUpdate) -> ProgressUpdate:
    update = ProgressUpdate.objects.select_for_update().select_related("assignment__organization").get(pk=update.pk)
    require_perm(actor, PROGRESS_APPROVE, update.assignment.organization)
    if update.approval != ApprovalState.PENDING:
        raise DomainError(_("Báo cáo tiến độ này đã được xử lý."), field="approval")
    return update


def progress_approve(*, actor, update: ProgressUpdate, comment: str = "") -> ProgressUpdate:
    """The unit head of the assigned body approves a progress update: the assignment takes its
    status and percent; a "done" update completes it on the day it was reported."""
    with transaction.atomic():
        update = _review(actor, update)
        assignment = Assignment.objects.select_for_update().get(pk=update.assignment_id)
        before = snapshot(assignment, ["status", "percent", "completed_on"])
        assignment.status = update.proposed_status
        assignment.percent = update.percent
        assignment.completed_on = (timezone.localtime(update.created_at).date()
                                   if update.proposed_status == AssignmentStatus.DONE else None)
        assignment.save(update_fields=["status", "percent", "completed_on", "updated_at"])
        update.approval = ApprovalState.APPROVED
        update.reviewed_by = actor if getattr(actor, "pk", None) else None
        update.reviewed_at = timezone.now()
        update.review_comment = (comment or "").strip()
        update.save(update_fields=["approval", "reviewed_by", "reviewed_at", "review_comment"])
        audit_record(actor=actor, action="plan.progress_approve", obj=update, organization=assignment.organization_id,
                     changes={"assignment": diff(before, snapshot(assignment, ["status", "percent", "completed_on"])),
                              "comment": update.review_comment})
        if update.author_id and update.author_id != getattr(actor, "pk", None):
            notify(recipients=[update.author], title=_("Báo cáo tiến độ đã được duyệt"),
                   body=str(assignment.task)[:500], url=reverse("plans:assignment_detail", args=[assignment.pk]),
                   kind="success")
    return update


def progress_reject(*, actor, update: ProgressUpdate, comment: str) -> ProgressUpdate:
    """The unit head sends a progress update back, with the reason; the assignment is unchanged."""
    with transaction.atomic():
        update = _review(actor, update)
        comment = _clean_text(comment, field="comment", message=_("Cần ghi rõ lý do không duyệt."))
        update.approval = ApprovalState.REJECTED
        update.reviewed_by = actor if getattr(actor, "pk", None) else None
        update.reviewed_at = timezone.now()
        update.review_comment = comment
        update.save(update_fields=["approval", "reviewed_by", "reviewed_at", "review_comment"])
        audit_record(actor=actor, action="plan.progress_reject", obj=update,
                     organization=update.assignment.organization_id, changes={"comment": comment})
        if update.author_id and update.author_id != getattr(actor, "pk", None):
            notify(recipients=[update.author], title=_("Báo cáo tiến độ không được duyệt"), body=comment[:500],
                   url=reverse("plans:assignment_detail", args=[update.assignment_id]), kind="warning")
    return update


# --- chasing and reminders --------------------------------------------------------------------

def late_assignments_q(today: dt.date) -> Q:
    return Q(due_on__lt=today) & ~Q(status=AssignmentStatus.DONE)


def chase_send(*, actor, task: Task, text: str, assignments: Iterable[Assignment] | None = None,
               today: dt.date | None = None) -> ChaseMessage:
    """An inspectorate officer chases (đôn đốc) the late bodies of a task: the message is recorded
    on the task with the assignments it targeted, and their focal points and heads are notified.
    Only late assignments of bodies the officer reaches are targeted."""
    today = today or timezone.localdate()
    with transaction.atomic():
        require_perm(actor, CHASE_SEND)
        text = _clean_text(text, field="text", message=_("Chưa nhập nội dung đôn đốc."))
        late = (Assignment.objects.filter(task=task).filter(late_assignments_q(today))
                .filter(org_scope_q(actor, CHASE_SEND, "organization")))
        if assignments is not None:
            late = late.filter(pk__in=[a.pk for a in assignments])
        targets = list(late.select_related("organization"))
        if not targets:
            raise DomainError(_("Không có đơn vị nào chậm thực hiện nhiệm vụ này để đôn đốc."), field="assignments")
        chase = ChaseMessage.objects.create(task=task, sender=actor if getattr(actor, "pk", None) else None, text=text)
        chase.assignments.set(targets)
        org_ids = sorted({a.organization_id for a in targets})
        audit_record(actor=actor, action="plan.chase_send", obj=chase, organization=task.plan.issuer_id,
                     changes={"task": task.pk, "assignments": [a.pk for a in targets], "organizations": org_ids,
                              "text": text[:500]})
        chase.notified = _notify_bodies(
            org_ids, title=_("Đôn đốc thực hiện nhiệm vụ: %(task)s") % {"task": str(task)[:180]}, body=text,
            url=reverse("plans:assignment_list") + "?status=overdue", kind="warning", email=True)
    return chase


def reminders_run(*, actor=SYSTEM, today: dt.date | None = None) -> dict:
    """Remind bodies of unfinished assignments of plans in force: before the due date (the
    schedule's days, e.g. 7 and 1) and every n days while overdue. One notification per body and
    kind; what was sent is recorded, so running twice on a day sends nothing more."""
    today = today or timezone.localdate()
    schedule = rules.reminder_schedule(
        today, days_before=getattr(settings, "PLANS_REMINDER_DAYS_BEFORE", None),
        overdue_every_days=getattr(settings, "PLANS_REMINDER_OVERDUE_EVERY_DAYS", None))
    horizon = today + dt.timedelta(days=max(schedule.days_before or (0,)))
    with transaction.atomic():
        require_perm(actor, PLAN_MANAGE)
        candidates = list(
            Assignment.objects.filter(task__plan__status=PlanStatus.ACTIVE, due_on__isnull=False, due_on__lte=horizon)
            .exclude(status=AssignmentStatus.DONE).values_list("pk", "organization_id", "due_on"))
        sent: dict[int, set[str]] = defaultdict(set)
        last_overdue: dict[int, dt.date] = {}
        for assignment_id, kind, sent_on in ReminderLog.objects.filter(
                assignment__in=Assignment.objects.filter(task__plan__status=PlanStatus.ACTIVE, due_on__lte=horizon)
                .exclude(status=AssignmentStatus.DONE)).values_list("assignment_id", "kind", "sent_on"):
            sent[assignment_id].add(kind)
            if kind == "overdue" and (assignment_id not in last_overdue or sent_on > last_overdue[assignment_id]):
                last_overdue[assignment_id] = sent_on
            if sent_on == today:
                sent[assignment_id].add("today")
        to_send: dict[tuple[int, str], list[int]] = defaultdict(list)
        for pk, org_id, due_on in candidates:
            if "today" in sent[pk]:
                continue
            kind = rules.reminder_due(schedule, due_on=due_on, today=today, sent_kinds=sent[pk],
                                      last_overdue=last_overdue.get(pk))
            if kind:
                to_send[(org_id, kind)].append(pk)
        contacts = unit_contacts({org_id for org_id, _kind in to_send})
        logs = []
        notifications = 0
        for (org_id, kind), ids in sorted(to_send.items()):
            users = contacts.get(org_id, [])
            if users:
                if kind == "overdue":
                    title = _("%(n)s nhiệm vụ của đơn vị đã quá hạn") % {"n": len(ids)}
                    url = reverse("plans:assignment_list") + "?status=overdue"
                else:
                    title = _("%(n)s nhiệm vụ của đơn vị sắp đến hạn (còn %(days)s ngày)") % {
                        "n": len(ids), "days": kind.removeprefix("before_")}
                    url = reverse("plans:assignment_list")
                notifications += len(notify(recipients=users, title=title, url=url,
                                            kind="danger" if kind == "overdue" else "warning", email=True))
            logs.extend(ReminderLog(assignment_id=pk, kind=kind, sent_on=today, recipients=len(users)) for pk in ids)
        ReminderLog.objects.bulk_create(logs, batch_size=1000, ignore_conflicts=True)
        summary = {"day": today.isoformat(), "assignments": len(logs), "bodies": len({o for o, _k in to_send}),
                   "notifications": notifications}
        if logs:
            audit_record(actor=actor, action="plan.reminders_run", object_type="plans.reminderlog",
                         object_repr=f"Nhắc hạn {today:%d/%m/%Y}", changes=summary)
    return summary


# --- tasks proposed by the document reader ------------------------------------------------------

def _parse_due(value, errors, row: int) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.add(row, "due_on", _("Thời hạn “%(value)s” không phải ngày (yyyy-mm-dd).") % {"value": value})
        return None


def plan_tasks_import(*, actor, plan: Plan, tasks: list[dict]) -> list[Task]:
    """Create the tasks an officer confirmed from the document reader's proposal (the `tasks` of
    contracts/document-extraction.md: lead, partners, text, due_on, recurrence; optionally
    ordinal, source_start, source_end). Names of bodies and groups are resolved as on the plan's
    date of issue. Every problem (a name that matches no body or group, a missing lead, a bad
    date) is listed with its task number and nothing is created."""
    from liemchinh.core.errors import ValidationCollector
    from liemchinh.core.selectors.orgs import NameIndex

    with transaction.atomic():
        _require_manage(actor, plan)
        index = NameIndex(plan.issued_on)
        errors = ValidationCollector()
        prepared = []
        for row, item in enumerate(tasks, start=1):
            kwargs: dict = {"text": (item.get("text") or "").strip(), "ordinal": item.get("ordinal") or "",
                            "source_start": item.get("source_start"), "source_end": item.get("source_end")}
            if not kwargs["text"]:
                errors.add(row, "text", _("Nhiệm vụ không có nội dung."))
            lead_name = (item.get("lead") or "").strip()
            lead = index.resolve(lead_name) if lead_name else None
            if not lead_name:
                errors.add(row, "lead", _("Chưa xác định cơ quan chủ trì."))
            elif lead is None:
                errors.add(row, "lead", _("Không tìm thấy cơ quan hoặc nhóm “%(name)s”.") % {"name": lead_name})
            elif isinstance(lead, OrgGroup):
                kwargs["lead_group"] = lead
            else:
                kwargs["lead_org"] = lead
            partner_orgs, partner_groups = [], []
            for name in item.get("partners") or []:
                found = index.resolve(name)
                if found is None:
                    errors.add(row, "partners", _("Không tìm thấy cơ quan hoặc nhóm “%(name)s”.") % {"name": name})
                elif isinstance(found, OrgGroup):
                    partner_groups.append(found)
                elif found != lead:
                    partner_orgs.append(found)
            kwargs["partner_orgs"], kwargs["partner_groups"] = partner_orgs, partner_groups
            kwargs["due_on"] = _parse_due(item.get("due_on"), errors, row)
            try:
                kwargs["recurrence"] = rules.normalise_recurrence(item.get("recurrence"))
            except ValueError as exc:
                errors.add(row, "recurrence", str(exc))
            prepared.append((row, kwargs))
        errors.raise_if_any()
        created = []
        for row, kwargs in prepared:
            try:
                created.append(task_create(actor=actor, plan=plan, **kwargs))
            except DomainError as error:
                errors.add(row, error.field, error.message)
        errors.raise_if_any()
    return created
