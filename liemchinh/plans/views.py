"""Pages of the plans app: a body's tasks, plans with their matrix, the overdue list, the
timeline, an assignment with its progress history, and the forms that call the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liemchinh.core.errors import DomainError
from liemchinh.core.models import Organization
from liemchinh.core.permissions import has_perm, orgs_with_perm, require_perm, user_roles
from liemchinh.core.roles import LOCAL_ROLES
from liemchinh.plans import selectors, services
from liemchinh.plans.exports import assignments_response, workbook_response
from liemchinh.plans.forms import (
    AssignmentFilterForm,
    ChaseForm,
    OverdueFilterForm,
    PlanFilterForm,
    PlanForm,
    ProgressForm,
    ReviewForm,
    TaskForm,
)
from liemchinh.plans.models import (
    DISPLAY_STATUS_LABELS,
    ApprovalState,
    Assignment,
    Plan,
    PlanStatus,
    ProgressUpdate,
    Task,
)
from liemchinh.plans.permissions import CHASE_SEND, PLAN_MANAGE, PROGRESS_APPROVE, PROGRESS_POST, TASK_VIEW

PAGE_SIZE = 50


def _wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def _domain_error(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _assignment_page(request, qs):
    """Paginate on the ids alone (an index-only sort), then load the page's 50 rows with their task,
    plan and body: a list of 200,000 assignments stays fast."""
    page = Paginator(qs.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = {a.pk: a for a in qs.filter(pk__in=ids).order_by()}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def _get_or_404(getter, actor, pk):
    try:
        return getter(actor, pk)
    except (Assignment.DoesNotExist, Plan.DoesNotExist, Task.DoesNotExist, ProgressUpdate.DoesNotExist) as exc:
        raise Http404 from exc


@login_required
@require_GET
def assignment_list(request):
    """The tasks of the person's own bodies, with status filters. The module's landing page: people
    who manage plans and hold no role of their own body (the inspectorate) land on the plan list."""
    require_perm(request.user, TASK_VIEW)
    if not request.GET and has_perm(request.user, PLAN_MANAGE) and not (user_roles(request.user) & LOCAL_ROLES):
        return redirect("plans:plan_list")
    form = AssignmentFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    qs = selectors.my_body_assignments(request.user, data.get("status") or None, data.get("q") or None, today=today)
    if _wants_xlsx(request):
        return assignments_response(qs, title=_("Nhiệm vụ của đơn vị"), filename="nhiem-vu-don-vi")
    context = {"form": form, "page_obj": _assignment_page(request, qs), "today": today,
               "labels": DISPLAY_STATUS_LABELS, "list_url": reverse("plans:assignment_list")}
    template = "plans/partials/assignment_table.html" if request.htmx else "plans/assignment_list.html"
    return render(request, template, context)


@login_required
@require_GET
def overdue(request):
    """Late assignments of every body the person reaches (the province for the inspectorate)."""
    require_perm(request.user, TASK_VIEW)
    organizations = orgs_with_perm(request.user, TASK_VIEW).order_by("path")
    form = OverdueFilterForm(request.GET or None, organizations=organizations)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    org = data.get("organization")
    today = timezone.localdate()
    qs = selectors.overdue_assignments(request.user, today, organization=org.pk if org else None,
                                       q=data.get("q") or None)
    if _wants_xlsx(request):
        return assignments_response(qs, title=_("Nhiệm vụ quá hạn"), filename="nhiem-vu-qua-han")
    context = {"form": form, "page_obj": _assignment_page(request, qs), "today": today,
               "labels": DISPLAY_STATUS_LABELS, "list_url": reverse("plans:overdue"),
               "may_chase": has_perm(request.user, CHASE_SEND),
               # hundreds of bodies: a plain loop renders far faster than the select widget's templates
               "org_choices": list(organizations.values_list("pk", "name")), "org_selected": org.pk if org else None}
    template = "plans/partials/assignment_table.html" if request.htmx else "plans/overdue.html"
    return render(request, template, context)


@login_required
@require_GET
def plan_list(request):
    form = PlanFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.plan_list(request.user, status=data.get("status") or None, year=data.get("year"),
                             q=data.get("q") or None)
    if _wants_xlsx(request):
        rows = ([p.number, p.title, p.issuer.name if p.issuer_id else "",
                 p.issued_on.strftime("%d/%m/%Y") if p.issued_on else "", f"{p.year_from}–{p.year_to}",
                 str(p.get_status_display()), p.task_count] for p in qs)
        return workbook_response(_("Kế hoạch"), [_("Số hiệu"), _("Tên kế hoạch"), _("Cơ quan ban hành"),
                                                 _("Ngày ban hành"), _("Năm"), _("Trạng thái"), _("Số nhiệm vụ")],
                                 rows, "ke-hoach")
    context = {"form": form, "page_obj": _page(request, qs), "may_create": has_perm(request.user, PLAN_MANAGE)}
    return render(request, "plans/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    require_perm(request.user, PLAN_MANAGE)
    form = PlanForm(request.POST or None, issuers=orgs_with_perm(request.user, PLAN_MANAGE).order_by("path"))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("Đã tạo kế hoạch."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form})


@login_required
@require_GET
def plan_detail(request, pk: int):
    """The plan and its matrix: rows are tasks, columns are bodies, a cell the body's status."""
    plan = _get_or_404(selectors.plan_get, request.user, pk)
    today = timezone.localdate()
    matrix = selectors.plan_matrix(request.user, plan, today)
    if _wants_xlsx(request):
        header = [_("Mục"), _("Nhiệm vụ"), *[org.name for org in matrix.orgs]]
        rows = ([task.ordinal, task.text, *[str(DISPLAY_STATUS_LABELS[c.status]) if c else "" for c in cells]]
                for task, cells in matrix.rows())
        return workbook_response(_("Ma trận nhiệm vụ"), header, rows, f"ke-hoach-{plan.pk}")
    context = {"plan": plan, "matrix": matrix, "labels": DISPLAY_STATUS_LABELS,
               "may_manage": selectors.may_manage(request.user, plan), "may_chase": has_perm(request.user, CHASE_SEND)}
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_POST
def plan_activate(request, pk: int):
    plan = _get_or_404(selectors.plan_get, request.user, pk)
    services.plan_activate(actor=request.user, plan=plan)
    messages.success(request, _("Đã triển khai kế hoạch; các đơn vị đã được thông báo."))
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request, pk: int):
    plan = _get_or_404(selectors.plan_get, request.user, pk)
    if not selectors.may_manage(request.user, plan):
        require_perm(request.user, PLAN_MANAGE, plan.issuer_id)
    organizations = Organization.objects.filter(valid_to__isnull=True).order_by("path")
    form = TaskForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_create(actor=request.user, plan=plan, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("Đã thêm nhiệm vụ và giao cho các đơn vị."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan})


@login_required
@require_GET
def timeline(request):
    """Assignments due in a year, month by month; a month opens its list."""
    require_perm(request.user, TASK_VIEW)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
        month = int(request.GET["month"]) if request.GET.get("month") else None
    except ValueError as exc:
        raise Http404 from exc
    if month is not None and not 1 <= month <= 12:
        raise Http404
    if month is not None:
        qs = selectors.timeline_month_assignments(request.user, year, month, today)
        if _wants_xlsx(request):
            return assignments_response(qs, title=f"{month:02d}-{year}", filename=f"nhiem-vu-{year}-{month:02d}")
        context = {"page_obj": _assignment_page(request, qs), "today": today, "labels": DISPLAY_STATUS_LABELS,
                   "list_url": reverse("plans:timeline")}
        if request.htmx:
            return render(request, "plans/partials/assignment_table.html", context)
    months = selectors.assignment_timeline(request.user, year, today)
    if _wants_xlsx(request):
        rows = ([f"{m.month:02d}/{year}", m.total, m.done, m.overdue, m.open] for m in months)
        return workbook_response(str(year), [_("Tháng"), _("Tổng số"), _("Hoàn thành"), _("Quá hạn"),
                                             _("Chưa đến hạn")], rows, f"tien-do-{year}")
    context = {"year": year, "months": months, "month": month, "prev_year": year - 1, "next_year": year + 1,
               "totals": {k: sum(getattr(m, k) for m in months) for k in ("total", "done", "overdue", "open")}}
    if month is not None:
        context.update({"page_obj": _assignment_page(request, selectors.timeline_month_assignments(
                            request.user, year, month, today)),
                        "today": today, "labels": DISPLAY_STATUS_LABELS, "list_url": reverse("plans:timeline")})
    return render(request, "plans/timeline.html", context)


@login_required
@require_GET
def assignment_detail(request, pk: int):
    assignment = _get_or_404(selectors.assignment_get, request.user, pk)
    return _render_detail(request, assignment)


def _render_detail(request, assignment, *, form=None, status=200):
    user = request.user
    may_post = has_perm(user, PROGRESS_POST, assignment.organization_id)
    context = {
        "assignment": assignment, "today": timezone.localdate(), "labels": DISPLAY_STATUS_LABELS,
        "updates": selectors.assignment_progress(assignment),
        "may_post": may_post and assignment.status != "done" and assignment.task.plan.status == PlanStatus.ACTIVE,
        "may_approve": has_perm(user, PROGRESS_APPROVE, assignment.organization_id),
        "form": form or ProgressForm(), "review_form": ReviewForm(), "pending": ApprovalState.PENDING,
        "chases": assignment.chases.select_related("sender").order_by("-sent_at"),
    }
    return render(request, "plans/assignment_detail.html", context, status=status)


@login_required
@require_POST
def progress_post(request, pk: int):
    # Reporting for another body is refused outright (403), before the body's page is looked up.
    require_perm(request.user, PROGRESS_POST, selectors.assignment_org_id(pk))
    assignment = _get_or_404(selectors.assignment_get, request.user, pk)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assignment_progress_post(
                actor=request.user, assignment=assignment, text=data["text"], percent=data["percent"],
                proposed_status=data["proposed_status"], files=request.FILES.getlist("files"))
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("Đã gửi báo cáo tiến độ; chờ thủ trưởng đơn vị duyệt."))
            return redirect("plans:assignment_detail", pk=assignment.pk)
    return _render_detail(request, assignment, form=form, status=400)


def _review(request, pk: int, approve: bool):
    update = _get_or_404(selectors.progress_get, request.user, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if approve:
            services.progress_approve(actor=request.user, update=update, comment=comment)
            messages.success(request, _("Đã duyệt báo cáo tiến độ."))
        else:
            services.progress_reject(actor=request.user, update=update, comment=comment)
            messages.success(request, _("Đã trả lại báo cáo tiến độ."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("plans:assignment_detail", pk=update.assignment_id)


@login_required
@require_POST
def progress_approve(request, pk: int):
    return _review(request, pk, True)


@login_required
@require_POST
def progress_reject(request, pk: int):
    return _review(request, pk, False)


@login_required
@require_http_methods(["GET", "POST"])
def task_chase(request, pk: int):
    """Chase (đôn đốc) the late bodies of a task; earlier chases are listed."""
    require_perm(request.user, CHASE_SEND)
    task = _get_or_404(selectors.task_get, request.user, pk)
    today = timezone.localdate()
    late = list(selectors.task_late_assignments(request.user, task, today))
    form = ChaseForm(request.POST or None, late=late)
    if request.method == "POST" and form.is_valid():
        chosen = {int(pk) for pk in form.cleaned_data["assignments"]}
        targets = [a for a in late if a.pk in chosen] if chosen else None
        try:
            chase = services.chase_send(actor=request.user, task=task, text=form.cleaned_data["text"],
                                        assignments=targets, today=today)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("Đã gửi đôn đốc tới %(n)s đơn vị.") % {
                "n": len({a.organization_id for a in chase.assignments.all()})})
            return redirect("plans:task_chase", pk=task.pk)
    context = {"task": task, "late": late, "form": form, "chases": selectors.task_chases(task), "today": today}
    return render(request, "plans/task_chase.html", context)
