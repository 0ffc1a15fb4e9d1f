"""Pages of the gift register: the list (filters, Excel export), a gift with its hand-over and
handling forms, the report form, and the yearly summary per body with a chart. Views only parse,
call one service or selector, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liemchinh.core.errors import DomainError
from liemchinh.core.models import Organization
from liemchinh.core.permissions import has_perm, require_perm
from liemchinh.integrity import rules
from liemchinh.integrity.exports.gifts_rotation import gift_summary_response, gifts_response
from liemchinh.integrity.forms.gifts import GiftFilterForm, GiftReportForm, HandleForm, HandOverForm
from liemchinh.integrity.models import GiftStatus
from liemchinh.integrity.permissions import GIFTS_RECORD, GIFTS_VIEW
from liemchinh.integrity.selectors import gifts as selectors
from liemchinh.integrity.services import gifts as services

PAGE_SIZE = 50


def _landing_url() -> str | None:
    for name in ("integrity:home", "integrity:index", "integrity:landing"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _crumbs(*tail):
    return [
        (_("Xung đột lợi ích"), _landing_url()),
        (_("Sổ theo dõi quà tặng"), reverse("integrity:gifts")),
        *tail,
    ]


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _filter_form(request) -> GiftFilterForm:
    return GiftFilterForm(
        request.GET or None,
        organizations=selectors.gift_bodies(request.user),
        years=selectors.gift_years(request.user),
    )


@login_required
@require_GET
def gift_list(request):
    require_perm(request.user, GIFTS_VIEW)
    today = timezone.localdate()
    form = _filter_form(request)
    qs = selectors.gift_reports_for(request.user, as_of=today, **form.filters())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "integrity/gifts/list.html",
        {
            "form": form,
            "page_obj": page,
            "today": today,
            "may_record": has_perm(request.user, GIFTS_RECORD),
            "breadcrumbs": [(_("Xung đột lợi ích"), _landing_url()), (_("Sổ theo dõi quà tặng"), None)],
        },
    )


@login_required
@require_GET
def gift_export(request):
    require_perm(request.user, GIFTS_VIEW)
    qs = selectors.gift_reports_for(
        request.user, as_of=timezone.localdate(), **_filter_form(request).filters()
    )
    return gifts_response(qs)


def _report_kwargs(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in ("organization", "files")}


@login_required
@require_http_methods(["GET", "POST"])
def gift_create(request):
    require_perm(request.user, GIFTS_RECORD)
    bodies = selectors.gift_record_bodies(request.user)
    initial = {"reported_on": timezone.localdate()}
    if bodies.count() == 1:
        initial["organization"] = bodies.first()
    # On POST any body parses: the service decides whether the actor may record for it (403 if not).
    form = GiftReportForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        organizations=Organization.objects.all() if request.method == "POST" else bodies,
    )
    if request.method == "POST" and form.is_valid():
        files = request.FILES.getlist("files")
        try:
            gift = services.gift_report_create(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                files=files,
                **_report_kwargs(form.cleaned_data),
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã vào sổ quà tặng số %(no)s.") % {"no": str(gift)})
            return redirect("integrity:gift", pk=gift.pk)
    form.fields["organization"].queryset = bodies
    rule = rules.gift_rule_on(timezone.localdate())
    return render(
        request,
        "integrity/gifts/form.html",
        {
            "form": form,
            "rule": rule,
            "title": _("Vào sổ quà tặng"),
            "breadcrumbs": _crumbs((_("Vào sổ quà tặng"), None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def gift_edit(request, pk: int):
    gift = selectors.gift_report_get(request.user, pk, as_of=timezone.localdate())
    require_perm(request.user, GIFTS_RECORD, gift.organization_id)
    fields = [
        "recipient_name",
        "recipient_position",
        "giver_name",
        "giver_position",
        "giver_organization",
        "relation_to_work",
        "kind",
        "description",
        "value_vnd",
        "received_on",
        "circumstances",
        "reported_on",
        "notes",
    ]
    initial = {name: getattr(gift, name) for name in fields}
    initial["recipient_official_code"] = (
        gift.recipient_official.official_id if gift.recipient_official else ""
    )
    form = GiftReportForm(request.POST or None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.gift_report_update(actor=request.user, gift=gift, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã cập nhật."))
            return redirect("integrity:gift", pk=gift.pk)
    return render(
        request,
        "integrity/gifts/form.html",
        {
            "form": form,
            "gift": gift,
            "title": _("Sửa thông tin quà tặng %(no)s") % {"no": str(gift)},
            "rule": rules.gift_rule_on(gift.received_on),
            "breadcrumbs": _crumbs((str(gift), reverse("integrity:gift", args=[gift.pk])), (_("Sửa"), None)),
        },
    )


def _detail(request, gift, *, handover_form=None, handle_form=None, status=200):
    may_record = has_perm(request.user, GIFTS_RECORD, gift.organization_id)
    if may_record and handover_form is None and gift.status == GiftStatus.REPORTED:
        handover_form = HandOverForm(initial={"handed_over_on": timezone.localdate()})
    if may_record and handle_form is None and gift.status in (GiftStatus.HANDED_OVER, GiftStatus.SOLD):
        initial = {
            "handled_on": gift.handled_on or timezone.localdate(),
            "handling": gift.handling,
            "handling_decision": gift.handling_decision,
            "sold_on": gift.sold_on,
            "proceeds_vnd": gift.proceeds_vnd,
            "proceeds_paid_on": gift.proceeds_paid_on,
            "giver_notified_on": gift.giver_notified_on,
        }
        handle_form = HandleForm(initial=initial)
    handling_rules = [(h.key, h) for h in rules.GIFT_HANDLINGS if gift.kind in h.kinds]
    return render(
        request,
        "integrity/gifts/detail.html",
        {
            "gift": gift,
            "may_record": may_record,
            "handover_form": handover_form,
            "handle_form": handle_form,
            "rule": rules.gift_rule_on(gift.received_on),
            "handling_rules": handling_rules,
            "attachments": gift.attachments.all(),
            "breadcrumbs": _crumbs((_("Quà tặng số %(no)s") % {"no": str(gift)}, None)),
        },
        status=status,
    )


@login_required
@require_GET
def gift_detail(request, pk: int):
    return _detail(request, selectors.gift_report_get(request.user, pk, as_of=timezone.localdate()))


@login_required
@require_POST
def gift_hand_over_view(request, pk: int):
    gift = selectors.gift_report_get(request.user, pk, as_of=timezone.localdate())
    require_perm(request.user, GIFTS_RECORD, gift.organization_id)
    form = HandOverForm(request.POST)
    if form.is_valid():
        try:
            services.gift_hand_over(actor=request.user, gift=gift, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận nộp lại quà tặng."))
            return redirect("integrity:gift", pk=gift.pk)
    return _detail(request, gift, handover_form=form, status=400)


@login_required
@require_POST
def gift_handle_view(request, pk: int):
    gift = selectors.gift_report_get(request.user, pk, as_of=timezone.localdate())
    require_perm(request.user, GIFTS_RECORD, gift.organization_id)
    form = HandleForm(request.POST)
    if form.is_valid():
        try:
            services.gift_handle(actor=request.user, gift=gift, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận việc xử lý quà tặng."))
            return redirect("integrity:gift", pk=gift.pk)
    return _detail(request, gift, handle_form=form, status=400)


@login_required
@require_GET
def gift_summary(request):
    """Per body, for one year: gifts, declared value, handled, late; table, chart and Excel."""
    require_perm(request.user, GIFTS_VIEW)
    today = timezone.localdate()
    years = selectors.gift_years(request.user)
    try:
        year = int(request.GET.get("year") or (years[0] if years else today.year))
    except ValueError:
        year = today.year
    rows, total = selectors.gift_summary(request.user, year=year, as_of=today)
    if request.GET.get("format") == "xlsx":
        return gift_summary_response(rows, total, year)
    chart = {
        "labels": [r.organization_name for r in rows],
        "counts": [r.count for r in rows],
        "values": [r.value_vnd for r in rows],
    }
    return render(
        request,
        "integrity/gifts/summary.html",
        {
            "rows": rows,
            "total": total,
            "year": year,
            "years": sorted(set(years) | {today.year}, reverse=True),
            "chart": chart,
            "breadcrumbs": _crumbs((_("Tổng hợp năm %(year)s") % {"year": year}, None)),
        },
    )
