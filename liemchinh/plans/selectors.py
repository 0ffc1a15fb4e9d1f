"""Reads of the plans app, already scoped to what the actor may see.

A person sees the assignments of the bodies their roles reach with plans.task.view: a focal point
or unit head their own body, an inspectorate officer the bodies below the body they are assigned
on. Bodies see only plans in force (active or closed); drafts are for the plan's managers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from liemchinh.core.models import Organization
from liemchinh.core.permissions import has_perm, org_scope_q, require_perm
from liemchinh.plans import rules
from liemchinh.plans.models import (
    Assignment,
    AssignmentStatus,
    ChaseMessage,
    Plan,
    PlanStatus,
    ProgressUpdate,
    Task,
)
from liemchinh.plans.permissions import PLAN_MANAGE, TASK_VIEW

STATUS_FILTERS = ("not_started", "in_progress", "done", "overdue", "open")


def display_status_expr(today: dt.date):
    """The derived status as an SQL expression ("overdue" when not done and past due)."""
    return Case(
        When(Q(due_on__lt=today) & ~Q(status=AssignmentStatus.DONE), then=Value(rules.OVERDUE)),
        default=F("status"), output_field=CharField(),
    )


OPEN_STATUSES = (AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS)


def _live_q(actor) -> Q:
    """Plans in force; drafts too for those who manage plans. (A NOT IN over the few tasks of
    draft plans, so that lists need no join to the plan.)"""
    if has_perm(actor, PLAN_MANAGE):
        return Q()
    return ~Q(task_id__in=Task.objects.filter(plan__status=PlanStatus.DRAFT).values("pk"))


def _scope_q(actor, perm: str = TASK_VIEW) -> Q:
    """Assignments of the bodies the actor reaches, as `organization_id IN (subquery)`: the
    database then walks the (organization, status, due_on) index body by body instead of joining
    every assignment to its body."""
    q = org_scope_q(actor, perm)
    if not q:  # reaches every body
        return Q()
    return Q(organization_id__in=Organization.objects.filter(q).values("pk"))


def visible_assignments(actor, today: dt.date | None = None) -> QuerySet:
    """Every assignment the actor may see, with `display_status` annotated."""
    require_perm(actor, TASK_VIEW)
    today = today or timezone.localdate()
    return (Assignment.objects.filter(_scope_q(actor)).filter(_live_q(actor))
            .annotate(display_status=display_status_expr(today)))


def filter_status(qs: QuerySet, status: str | None, today: dt.date) -> QuerySet:
    """Filter by a stored status, by the derived "overdue", or "open" (not done)."""
    if not status:
        return qs
    # "Not done" is written as status IN (not started, in progress) so the indexes serve it.
    if status == rules.OVERDUE:
        return qs.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    if status == "open":
        return qs.filter(status__in=OPEN_STATUSES)
    if status in (AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS):
        return qs.filter(status=status).filter(Q(due_on__isnull=True) | Q(due_on__gte=today))
    if status == AssignmentStatus.DONE:
        return qs.filter(status=status)
    return qs.none()


def _search(qs: QuerySet, q: str | None) -> QuerySet:
    q = (q or "").strip()
    if not q:
        return qs
    cond = Q()
    for word in q.split():
        cond &= (Q(task__text__icontains=word) | Q(task__ordinal__icontains=word) | Q(task__plan__title__icontains=word)
                 | Q(task__plan__number__icontains=word) | Q(organization__name__icontains=word))
    return qs.filter(cond)


def _list_related(qs: QuerySet) -> QuerySet:
    return qs.select_related("task", "task__plan", "organization")


def my_bodies(actor) -> list[int]:
    """The bodies the actor works for (where they hold a role), within what they may see."""
    if not getattr(actor, "is_authenticated", False):
        return []
    return sorted(set(actor.role_assignments.values_list("organization_id", flat=True)))


def my_body_assignments(actor, status: str | None = None, q: str | None = None, *, today: dt.date | None = None,
                        organization: int | None = None) -> QuerySet:
    """The assignments of the actor's own bodies (those they hold a role on), most urgent first."""
    today = today or timezone.localdate()
    bodies = my_bodies(actor)
    if organization is not None:
        bodies = [b for b in bodies if b == organization]
    qs = visible_assignments(actor, today).filter(organization_id__in=bodies)
    qs = _search(filter_status(qs, status, today), q)
    return _list_related(qs).order_by(F("due_on").asc(nulls_last=True), "id")


def overdue_assignments(actor, today: dt.date | None = None, *, organization: int | None = None,
                        q: str | None = None) -> QuerySet:
    """Late assignments (not done, due date passed) of every body the actor reaches — the whole
    province for an inspectorate officer assigned on the province — the longest late first."""
    today = today or timezone.localdate()
    qs = filter_status(visible_assignments(actor, today), rules.OVERDUE, today)
    if organization is not None:
        qs = qs.filter(organization_id=organization)
    return _list_related(_search(qs, q)).order_by("due_on", "id")


def plans_visible(actor) -> QuerySet:
    """Plans the actor may open: those issued by a body they manage plans for, and those with an
    assignment they may see."""
    require_perm(actor, TASK_VIEW)
    seen = Assignment.objects.filter(org_scope_q(actor, TASK_VIEW, "organization")).values("task__plan_id")
    q = Q(pk__in=seen)
    if has_perm(actor, PLAN_MANAGE):
        q |= Q(issuer__isnull=True) | Q(org_scope_q(actor, PLAN_MANAGE, "issuer"))
    else:
        q &= ~Q(status=PlanStatus.DRAFT)
    return Plan.objects.filter(q).select_related("issuer", "document")


def plan_list(actor, *, status: str | None = None, year: int | None = None, q: str | None = None) -> QuerySet:
    qs = plans_visible(actor)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year_from__lte=year, year_to__gte=year)
    for word in (q or "").split():
        qs = qs.filter(Q(title__icontains=word) | Q(number__icontains=word))
    return qs.annotate(task_count=Count("tasks", distinct=True)).order_by("-year_from", "-issued_on", "-id")


def plan_get(actor, pk) -> Plan:
    """One visible plan, or Plan.DoesNotExist (404)."""
    return plans_visible(actor).get(pk=pk)


def may_manage(actor, plan: Plan) -> bool:
    return has_perm(actor, PLAN_MANAGE, plan.issuer_id) if plan.issuer_id else has_perm(actor, PLAN_MANAGE)


@dataclass
class MatrixCell:
    status: str  # display status summarised over the body's assignments of the task
    done: int
    total: int
    assignment_ids: list[int]

    @property
    def first_id(self) -> int:
        return self.assignment_ids[0]


@dataclass
class PlanMatrix:
    plan: Plan
    tasks: list[Task]
    orgs: list[Organization]
    cells: dict[tuple[int, int], MatrixCell] = field(default_factory=dict)

    def rows(self):
        """[(task, [cell or None per body])] in table order."""
        return [(task, [self.cells.get((task.pk, org.pk)) for org in self.orgs]) for task in self.tasks]


def _summarise(statuses: list[str]) -> str:
    if rules.OVERDUE in statuses:
        return rules.OVERDUE
    if all(s == AssignmentStatus.DONE for s in statuses):
        return AssignmentStatus.DONE
    if any(s in (AssignmentStatus.IN_PROGRESS, AssignmentStatus.DONE) for s in statuses):
        return AssignmentStatus.IN_PROGRESS
    return AssignmentStatus.NOT_STARTED


def plan_matrix(actor, plan: Plan, today: dt.date | None = None) -> PlanMatrix:
    """Tasks (rows) × bodies (columns) of a plan, each cell the status of the body's assignments
    of the task (for a recurring task: overdue if any period is late, done when all are)."""
    today = today or timezone.localdate()
    tasks = list(plan.tasks.select_related("lead_org", "lead_group").order_by("position", "id"))
    rows = (visible_assignments(actor, today).filter(task__plan=plan)
            .values_list("pk", "task_id", "organization_id", "display_status").order_by("due_on", "pk"))
    grouped: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    for pk, task_id, org_id, status in rows:
        grouped[(task_id, org_id)].append((pk, status))
    org_ids = {org_id for _task, org_id in grouped}
    orgs = sorted(Organization.objects.filter(pk__in=org_ids), key=lambda o: (o.path.count("/"), o.name))
    from liemchinh.core.selectors.orgs import display_order

    orgs.sort(key=display_order)
    matrix = PlanMatrix(plan=plan, tasks=tasks, orgs=orgs)
    for key, items in grouped.items():
        statuses = [s for _pk, s in items]
        matrix.cells[key] = MatrixCell(status=_summarise(statuses), done=statuses.count(AssignmentStatus.DONE),
                                       total=len(statuses), assignment_ids=[pk for pk, _s in items])
    return matrix


def assignment_get(actor, pk) -> Assignment:
    """One visible assignment, or Assignment.DoesNotExist (404)."""
    return _list_related(visible_assignments(actor)).select_related("task__lead_org", "task__lead_group").get(pk=pk)


def assignment_org_id(pk) -> int:
    """The body of an assignment, for a permission check before anything is shown (404 if none)."""
    from django.http import Http404

    org_id = Assignment.objects.filter(pk=pk).values_list("organization_id", flat=True).first()
    if org_id is None:
        raise Http404
    return org_id


def assignment_progress(assignment: Assignment) -> QuerySet:
    return (ProgressUpdate.objects.filter(assignment=assignment).select_related("author", "reviewed_by")
            .prefetch_related("evidence").order_by("-created_at", "-id"))


def progress_get(actor, pk) -> ProgressUpdate:
    update = ProgressUpdate.objects.select_related("assignment").get(pk=pk)
    assignment_get(actor, update.assignment_id)  # scope check (404 when out of reach)
    return update


def task_get(actor, pk) -> Task:
    task = Task.objects.select_related("plan", "plan__issuer", "lead_org", "lead_group").get(pk=pk)
    plan_get(actor, task.plan_id)
    return task


def task_chases(task: Task) -> QuerySet:
    return ChaseMessage.objects.filter(task=task).select_related("sender").prefetch_related(
        "assignments__organization")


def task_late_assignments(actor, task: Task, today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return overdue_assignments(actor, today).filter(task=task)


@dataclass
class MonthRow:
    month: int
    total: int = 0
    done: int = 0
    overdue: int = 0
    open: int = 0


def assignment_timeline(actor, year: int, today: dt.date | None = None, *, organization: int | None = None
                        ) -> list[MonthRow]:
    """Assignments due in `year`, counted by month of the due date: total, done, overdue, open
    (not done and not yet due). One aggregate query."""
    today = today or timezone.localdate()
    qs = visible_assignments(actor, today).filter(due_on__year=year)
    if organization is not None:
        qs = qs.filter(organization_id=organization)
    months = {m: MonthRow(month=m) for m in range(1, 13)}
    for month, status, count in (qs.annotate(month=ExtractMonth("due_on")).values_list("month", "display_status")
                                 .annotate(n=Count("pk")).order_by()):
        row = months[month]
        row.total += count
        if status == AssignmentStatus.DONE:
            row.done += count
        elif status == rules.OVERDUE:
            row.overdue += count
        else:
            row.open += count
    return list(months.values())


def timeline_month_assignments(actor, year: int, month: int, today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return _list_related(visible_assignments(actor, today).filter(due_on__year=year, due_on__month=month)).order_by(
        "due_on", "organization__name", "id")


@dataclass(frozen=True)
class OnTimeRate:
    organization_id: int
    total: int  # assignments due in the year
    on_time: int  # of them, done on or before the due date
    rate: Decimal | None  # on_time / total, 4 decimals; None when nothing was due

    @property
    def percent(self) -> Decimal | None:
        return None if self.rate is None else (self.rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def on_time_completion_rate(actor, org_ids, year: int) -> dict[int, OnTimeRate]:
    """{body id: OnTimeRate} for the bodies asked that the actor may see: of the assignments due in
    `year` (plans in force), the share done on or before their due date. Read by the assessment."""
    org_ids = list(org_ids)
    require_perm(actor, TASK_VIEW)
    qs = (Assignment.objects.filter(_scope_q(actor))
          .filter(organization_id__in=org_ids, due_on__year=year).exclude(task__plan__status=PlanStatus.DRAFT))
    counts = {row["organization_id"]: row for row in qs.values("organization_id").annotate(
        total=Count("pk"),
        on_time=Count("pk", filter=Q(status=AssignmentStatus.DONE, completed_on__lte=F("due_on")))).order_by()}
    result = {}
    visible = set(Organization.objects.filter(org_scope_q(actor, TASK_VIEW), pk__in=org_ids).values_list("pk",
                                                                                                          flat=True))
    for org_id in org_ids:
        if org_id not in visible:
            continue
        row = counts.get(org_id)
        total = row["total"] if row else 0
        on_time = row["on_time"] if row else 0
        rate = (Decimal(on_time) / Decimal(total)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) if total else None
        result[org_id] = OnTimeRate(organization_id=org_id, total=total, on_time=on_time, rate=rate)
    return result
