"""Staff pages of petitions: the inbox (filters, "next page" pagination, Excel export), the intake
of a petition received off the web, the case page with its action forms, the audited identity
reveal, the reveal log and the dashboard. Views only parse, call one service or selector, and
render; the petitioner's identity appears on no page but the reveal's answer."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import has_perm, orgs_with_perm, require_perm
from liemchinh.petitions import exports, rules, selectors, services, staff_selectors
from liemchinh.petitions.models import Petition, PetitionFile
from liemchinh.petitions.permissions import HANDLE, INBOX_VIEW, PUBLISH, REVEAL_LOG_VIEW
from liemchinh.petitions.staff_forms import (
    ACTION_FORMS,
    ACTION_TARGETS,
    AssignForm,
    InboxFilterForm,
    IntakeForm,
    PeriodForm,
    RevealForm,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _filter_form(request) -> InboxFilterForm:
    bodies = orgs_with_perm(request.user, INBOX_VIEW).filter(valid_to__isnull=True).order_by("path")
    return InboxFilterForm(request.GET or None, bodies=bodies)


@login_required
@require_GET
def inbox(request):
    """The petitions routed to the bodies the officer reaches, newest first, 50 to a page."""
    require_perm(request.user, INBOX_VIEW)
    form = _filter_form(request)
    try:
        after = int(request.GET.get("after") or 0) or None
    except ValueError:
        after = None
    page = staff_selectors.inbox_page(request.user, form.filters(), after=after)
    context = {
        "form": form, "page": page, "after": after,
        "may_create": has_perm(request.user, HANDLE),
        "may_reveal_log": has_perm(request.user, REVEAL_LOG_VIEW),
        "breadcrumbs": [(_("Phản ánh, khiếu nại, tố cáo"), None)],
    }
    return render(request, "petitions/staff/inbox.html", context)


@login_required
@require_GET
def inbox_export(request):
    require_perm(request.user, INBOX_VIEW)
    rows = staff_selectors.inbox_export_rows(request.user, _filter_form(request).filters())
    return _xlsx(exports.inbox_xlsx(rows), f"don-thu-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request):
    """An officer records a petition received by hotline, mail, e-mail, press or at a citizen
    reception; the tracking code and the secret are shown once, to be handed to the petitioner."""
    require_perm(request.user, HANDLE)
    bodies = orgs_with_perm(request.user, HANDLE).filter(valid_to__isnull=True).order_by("path")
    form = IntakeForm(request.POST or None, request.FILES or None, bodies=bodies,
                      initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            petition, code, secret = services.petition_submit(
                actor=request.user, kind=d["kind"], content=d["content"], anonymous=d["anonymous"],
                name=d["name"], id_number=d["id_number"], phone=d["phone"], email=d["email"],
                address=d["address"], org_code=d["body"].code, field=d["field"] or None, channel=d["channel"],
                files=request.FILES.getlist("files"), accused_name=d["accused_name"],
                received_on=d["received_on"], strip_metadata=d["strip_metadata"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            return render(request, "petitions/staff/created.html",
                          {"petition": petition, "code": petition.display_code, "secret": secret})
    return render(request, "petitions/staff/create.html", {
        "form": form,
        "breadcrumbs": [(_("Phản ánh, khiếu nại, tố cáo"), reverse("petitions:inbox")), (_("Nhập đơn"), None)],
    })


def _case_or_403(actor, pk) -> Petition:
    """The case when the actor's inbox holds it; 403 otherwise (whether or not it exists)."""
    try:
        return selectors.petition_get(actor, pk)
    except Petition.DoesNotExist as exc:
        raise PermissionDenied(_("Bạn không có quyền xem đơn này.")) from exc


def _allowed_actions(actor, petition: Petition) -> list[str]:
    """The action forms the page shows: the actor may handle (or publish) and the status allows it."""
    handle = has_perm(actor, HANDLE, petition.organization_id)
    status = petition.status
    allowed = []
    for name, target in ACTION_TARGETS.items():
        if not rules.can_transition(status, target):
            continue
        if status == rules.Status.FORWARDED and name != "receive":
            continue  # handed over: the receiving body records its receipt, nothing else
        if name == "publish":
            if has_perm(actor, PUBLISH, petition.organization_id):
                allowed.append(name)
        elif handle:
            allowed.append(name)
    if handle:
        open_ = status in (rules.Status.ACCEPTED, rules.Status.INVESTIGATING)
        suspended = petition.suspensions.filter(end__isnull=True).exists()
        if open_ and not suspended:
            allowed += ["extend", "suspend"]
        if suspended:
            allowed.append("resume")
            allowed = [a for a in allowed if a != "resolve"]
        if status == rules.Status.FORWARDED:
            allowed.append("message")
        elif status not in rules.FINAL_STATUSES:
            allowed += ["assign", "message"]
    return allowed


def _case_context(request, petition: Petition, *, forms: dict | None = None, identity: dict | None = None) -> dict:
    actor = request.user
    allowed = _allowed_actions(actor, petition)
    forms = dict(forms or {})
    for name in allowed:
        if name in forms:
            continue
        if name == "assign":
            forms[name] = AssignForm(candidates=staff_selectors.handler_candidates(actor, petition))
        elif name == "classify":
            forms[name] = ACTION_FORMS[name](initial={"kind": petition.kind, "field": petition.field,
                                                      "complexity": petition.complexity,
                                                      "accused_name": petition.accused_name})
        elif name == "extend":
            forms[name] = ACTION_FORMS[name](initial={"complexity": petition.complexity})
        else:
            forms[name] = ACTION_FORMS[name]()
    history = [(e, staff_selectors.ACTION_LABELS.get(e.action, e.action))
               for e in staff_selectors.case_history(actor, petition)]
    return {
        "petition": petition,
        "kind_label": rules.KIND_LABELS[rules.Kind(petition.kind)],
        "status_label": rules.STATUS_LABELS[rules.Status(petition.status)],
        "channel_label": rules.CHANNEL_LABELS[rules.Channel(petition.channel)],
        "clock": staff_selectors.case_clock(petition),
        "history": history,
        "messages_list": petition.messages.all(),
        "files": petition.files.all(),
        "extensions": petition.extensions.all(),
        "suspensions": petition.suspensions.all(),
        "forwards": petition.forwards.select_related("from_org", "to_org", "forwarded_by", "received_by"),
        "allowed": allowed,
        "forms": forms,
        "may_reveal": services.may_reveal(actor, petition),
        "reveal_form": RevealForm(),
        "identity": identity,
        "breadcrumbs": [(_("Phản ánh, khiếu nại, tố cáo"), reverse("petitions:inbox")),
                        (petition.display_code, None)],
    }


@login_required
@require_GET
def case(request, pk):
    petition = _case_or_403(request.user, pk)
    return render(request, "petitions/staff/case.html", _case_context(request, petition))


def _run_action(actor, petition: Petition, name: str, d: dict) -> str:
    """Call the service of an action; returns the success message."""
    if name == "classify":
        services.petition_classify(actor=actor, petition=petition, kind=d["kind"], field=d["field"],
                                   competent=d["competent"], several_places=d["several_places"],
                                   remote_area=d["remote_area"], complexity=d["complexity"],
                                   accused_name=d["accused_name"], supplement_requests=d["supplement_requests"])
        return _("Đã phân loại đơn.")
    if name == "accept":
        services.petition_accept(actor=actor, petition=petition, on=d["on"], concrete=d["concrete"])
        return _("Đã thụ lý đơn.")
    if name == "forward":
        petition = services.petition_forward(actor=actor, petition=petition, to_org=d["to_org"],
                                             to_name=d["to_name"], reason=d["reason"], on=d["on"])
        if petition.status == rules.Status.CLOSED:
            return _("Đã chuyển đơn đến %(to)s (ngoài hệ thống) và kết thúc vụ việc tại cơ quan; người gửi đơn "
                     "đã được thông báo.") % {"to": petition.forwards.last().to_name}
        return _("Đã chuyển đơn đến %(to)s; người gửi đơn đã được thông báo.") % {"to": petition.organization.name}
    if name == "receive":
        services.petition_receive_forwarded(actor=actor, petition=petition, on=d["on"])
        return _("Đã tiếp nhận đơn được chuyển đến; thời hạn giải quyết tính từ ngày tiếp nhận.")
    if name == "return":
        services.petition_return(actor=actor, petition=petition, reason=d["reason"])
        return _("Đã trả lại đơn.")
    if name == "extend":
        services.petition_extend(actor=actor, petition=petition, days=d["days"], reason=d["reason"],
                                 complexity=d["complexity"])
        return _("Đã gia hạn giải quyết.")
    if name == "suspend":
        services.petition_suspend(actor=actor, petition=petition, reason=d["reason"])
        return _("Đã tạm đình chỉ giải quyết.")
    if name == "resume":
        services.petition_resume(actor=actor, petition=petition)
        return _("Đã tiếp tục giải quyết.")
    if name == "assign":
        services.petition_assign_handler(actor=actor, petition=petition, handler=d["handler"])
        return _("Đã giao người xử lý.")
    if name == "resolve":
        services.petition_resolve(actor=actor, petition=petition, result=d["result"], conclusion=d["conclusion"],
                                  apology=d["apology"], apology_text=d["apology_text"])
        return _("Đã ghi kết quả giải quyết.")
    if name == "publish":
        services.petition_publish(actor=actor, petition=petition, summary=d["summary"])
        return _("Đã công khai kết quả.")
    if name == "close":
        services.petition_close(actor=actor, petition=petition)
        return _("Đã kết thúc vụ việc.")
    if name == "merge":
        try:
            into = selectors.petition_get(actor, d["into"])
        except Petition.DoesNotExist as exc:
            raise DomainError(_("Không tìm thấy đơn đích trong phạm vi của bạn."), field="into") from exc
        services.petition_merge(actor=actor, petition=petition, into=into, reason=d["reason"])
        return _("Đã gộp đơn.")
    if name == "message":
        services.petition_message_post(actor=actor, petition=petition, body=d["body"])
        return _("Đã gửi tin nhắn cho người gửi đơn.")
    raise Http404


DUPLICATES_SHOWN = 20


@login_required
@require_GET
def case_duplicates(request, pk):
    """The proposed duplicates of a case with their scores (loaded when the merge form is opened:
    comparing contents costs more than the rest of the page)."""
    petition = _case_or_403(request.user, pk)
    require_perm(request.user, HANDLE, petition.organization_id)
    found = selectors.duplicate_candidates(request.user, petition)
    return render(request, "petitions/staff/partials/duplicates.html",
                  {"petition": petition, "duplicates": found[:DUPLICATES_SHOWN], "more": len(found) > DUPLICATES_SHOWN})


@login_required
@require_POST
def case_action(request, pk, action):
    petition = _case_or_403(request.user, pk)
    if action not in ACTION_FORMS:
        raise Http404
    if action not in _allowed_actions(request.user, petition):
        raise PermissionDenied(_("Thao tác này không được phép với đơn ở trạng thái hiện tại."))
    if action == "assign":
        form = AssignForm(request.POST, candidates=staff_selectors.handler_candidates(request.user, petition))
    else:
        form = ACTION_FORMS[action](request.POST)
    if form.is_valid():
        try:
            messages.success(request, _run_action(request.user, petition, action, form.cleaned_data))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            if not selectors.petition_inbox(request.user).filter(pk=petition.pk).exists():
                return redirect("petitions:inbox")  # forwarded out of the officer's reach
            return redirect("petitions:case", pk=petition.pk)
    petition.refresh_from_db()
    context = _case_context(request, petition, forms={action: form})
    context["failed_action"] = action
    return render(request, "petitions/staff/case.html", context, status=400)


@login_required
@require_POST
def identity_reveal(request, pk):
    """Show the petitioner's identity once, for a stated reason (audited by the service)."""
    petition = _case_or_403(request.user, pk)
    if not services.may_reveal(request.user, petition):
        raise PermissionDenied(_("Chỉ người xử lý vụ việc và lãnh đạo Thanh tra được xem danh tính người gửi đơn."))
    form = RevealForm(request.POST)
    identity = None
    if form.is_valid():
        try:
            identity = services.identity_reveal(actor=request.user, petition=petition, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error("reason" if exc.field == "reason" else None, str(exc))
    context = _case_context(request, petition, identity=identity)
    context["reveal_form"] = form
    response = render(request, "petitions/staff/case.html", context, status=200 if identity is not None else 400)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def file_download(request, uuid):
    record = get_object_or_404(PetitionFile.objects.select_related("petition"), uuid=uuid)
    _case_or_403(request.user, record.petition_id)
    name, data = services.petition_file_read(actor=request.user, record=record)
    response = HttpResponse(data, content_type=record.content_type or "application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    response["Cache-Control"] = "no-store"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


@login_required
@require_GET
def reveal_log(request):
    """Every reveal of a petitioner's identity, for the inspectorate leader."""
    page = Paginator(selectors.identity_reveals(request.user).select_related("actor"), 50).get_page(
        request.GET.get("page"))
    return render(request, "petitions/staff/reveal_log.html", {
        "page_obj": page,
        "breadcrumbs": [(_("Phản ánh, khiếu nại, tố cáo"), reverse("petitions:inbox")),
                        (_("Nhật ký xem danh tính"), None)],
    })


def _period(request) -> tuple[PeriodForm, dt.date | None, dt.date | None]:
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    today = timezone.localdate()
    return form, dt.date(today.year, 1, 1), None


@login_required
@require_GET
def dashboard(request):
    require_perm(request.user, INBOX_VIEW)
    form, date_from, date_to = _period(request)
    stats = staff_selectors.dashboard_stats(request.user, date_from=date_from, date_to=date_to)
    chart = {"labels": [str(r["label"]) for r in stats["by_kind"]],
             "received": [r["received"] for r in stats["by_kind"]],
             "in_handling": [r["in_handling"] for r in stats["by_kind"]],
             "resolved": [r["resolved"] for r in stats["by_kind"]]}
    return render(request, "petitions/staff/dashboard.html", {
        "form": form, "stats": stats, "chart": chart, "date_from": date_from, "date_to": date_to,
        "breadcrumbs": [(_("Phản ánh, khiếu nại, tố cáo"), reverse("petitions:inbox")), (_("Thống kê"), None)],
    })


@login_required
@require_GET
def dashboard_export(request):
    require_perm(request.user, INBOX_VIEW)
    _form, date_from, date_to = _period(request)
    stats = staff_selectors.dashboard_stats(request.user, date_from=date_from, date_to=date_to)
    return _xlsx(exports.dashboard_xlsx(stats), f"thong-ke-don-thu-{timezone.localdate():%Y%m%d}.xlsx")
