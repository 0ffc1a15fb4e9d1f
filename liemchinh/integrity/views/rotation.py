"""Pages of periodic position rotation: the list of positions in posts that must rotate (overdue,
due soon, exempt; filters; Excel), the register of posts, the exemptions and the yearly plans.
Views only parse, call one service or selector, and render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import has_perm, require_perm
from liemchinh.integrity import rules
from liemchinh.integrity.exports.gifts_rotation import rotation_response
from liemchinh.integrity.forms.rotation import (
    ExemptionForm,
    PlanForm,
    RevokeForm,
    RotationFilterForm,
    RotationPostForm,
)
from liemchinh.integrity.permissions import ROTATION_MANAGE, ROTATION_VIEW
from liemchinh.integrity.selectors import rotation as selectors
from liemchinh.integrity.services import rotation as services
from liemchinh.integrity.views.gifts import _form_error, _landing_url

PAGE_SIZE = 50


def _crumbs(*tail):
    return [
        (_("Xung đột lợi ích"), _landing_url()),
        (_("Chuyển đổi vị trí công tác"), reverse("integrity:rotation")),
        *tail,
    ]


def _filter_form(request) -> RotationFilterForm:
    return RotationFilterForm(request.GET or None, bodies=selectors.rotation_bodies(request.user))


def _as_of(request) -> dt.date:
    return timezone.localdate()


@login_required
@require_GET
def rotation_list(request):
    """Positions in posts that must rotate, longest tenure first, with counts by state."""
    require_perm(request.user, ROTATION_VIEW)
    form = _filter_form(request)
    as_of = form.as_of_day(_as_of(request))
    filters = form.filters()
    qs = selectors.rotation_positions(request.user, as_of=as_of, **filters)
    unfiltered = selectors.rotation_positions(request.user, as_of=as_of, **{**filters, "state": None})
    counts = selectors.rotation_state_counts(unfiltered)
    by_body = selectors.rotation_counts_by_body(unfiltered) if not filters.get("body") else []
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.rotation_rows(page.object_list, as_of)
    return render(
        request,
        "integrity/rotation/list.html",
        {
            "form": form,
            "page_obj": page,
            "counts": counts,
            "as_of": as_of,
            "by_body": by_body,
            "labels": selectors.STATE_LABELS,
            "warning_months": rules.ROTATION_WARNING_MONTHS,
            "may_manage": has_perm(request.user, ROTATION_MANAGE),
            "has_posts": selectors.rotation_posts_for(request.user).exists(),
            "breadcrumbs": [(_("Xung đột lợi ích"), _landing_url()), (_("Chuyển đổi vị trí công tác"), None)],
        },
    )


@login_required
@require_GET
def rotation_export(request):
    require_perm(request.user, ROTATION_VIEW)
    form = _filter_form(request)
    as_of = form.as_of_day(_as_of(request))
    qs = selectors.rotation_positions(request.user, as_of=as_of, **form.filters())
    return rotation_response(qs, as_of)


@login_required
@require_GET
def rotation_post_list(request):
    require_perm(request.user, ROTATION_VIEW)
    posts = selectors.rotation_posts_for(request.user, include_inactive=True)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "integrity/rotation/posts.html",
        {
            "page_obj": page,
            "may_manage": has_perm(request.user, ROTATION_MANAGE),
            "categories": rules.ROTATION_CATEGORIES,
            "period_rules": rules.ROTATION_PERIOD_RULES,
            "breadcrumbs": _crumbs((_("Danh mục vị trí phải định kỳ chuyển đổi"), None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rotation_post_create(request):
    require_perm(request.user, ROTATION_MANAGE)
    form = RotationPostForm(
        request.POST or None, bodies=selectors.rotation_bodies(request.user, ROTATION_MANAGE)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.rotation_post_create(actor=request.user, **data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã thêm vị trí phải định kỳ chuyển đổi."))
            return redirect("integrity:rotation_posts")
    return render(
        request,
        "integrity/rotation/post_form.html",
        {
            "form": form,
            "title": _("Thêm vị trí phải định kỳ chuyển đổi"),
            "period_rules": rules.ROTATION_PERIOD_RULES,
            "breadcrumbs": _crumbs(
                (_("Danh mục vị trí"), reverse("integrity:rotation_posts")), (_("Thêm"), None)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rotation_post_edit(request, pk: int):
    post = selectors.rotation_post_get(request.user, pk)
    selectors.require_body_perm(request.user, ROTATION_MANAGE, post.body)
    initial = {name: getattr(post, name) for name in services.POST_FIELDS}
    form = RotationPostForm(request.POST or None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rotation_post_update(actor=request.user, post=post, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã cập nhật."))
            return redirect("integrity:rotation_posts")
    return render(
        request,
        "integrity/rotation/post_form.html",
        {
            "form": form,
            "post": post,
            "title": _("Sửa vị trí phải định kỳ chuyển đổi — %(body)s") % {"body": post.body.name},
            "period_rules": rules.ROTATION_PERIOD_RULES,
            "breadcrumbs": _crumbs(
                (_("Danh mục vị trí"), reverse("integrity:rotation_posts")), (_("Sửa"), None)
            ),
        },
    )


@login_required
@require_GET
def exemption_list(request):
    require_perm(request.user, ROTATION_VIEW)
    as_of = _as_of(request)
    rows = selectors.exemptions_for(request.user, as_of=as_of)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "integrity/rotation/exemptions.html",
        {
            "page_obj": page,
            "as_of": as_of,
            "may_manage": has_perm(request.user, ROTATION_MANAGE),
            "reasons": rules.ROTATION_EXEMPTION_REASONS,
            "breadcrumbs": _crumbs((_("Trường hợp chưa chuyển đổi"), None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exemption_create(request, official_pk: int):
    official, position = selectors.official_for_rotation(request.user, official_pk)
    selectors.require_body_perm(request.user, ROTATION_MANAGE, position.body)
    form = ExemptionForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.rotation_exemption_create(
                actor=request.user, official=official, body=position.body, **form.cleaned_data
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận trường hợp chưa chuyển đổi vị trí công tác."))
            return redirect("integrity:rotation_exemptions")
    return render(
        request,
        "integrity/rotation/exemption_form.html",
        {
            "form": form,
            "official": official,
            "position": position,
            "reasons": rules.ROTATION_EXEMPTION_REASONS,
            "breadcrumbs": _crumbs(
                (_("Trường hợp chưa chuyển đổi"), reverse("integrity:rotation_exemptions")),
                (official.full_name, None),
            ),
        },
    )


@login_required
@require_POST
def exemption_revoke(request, pk: int):
    exemption = selectors.exemption_get(request.user, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.rotation_exemption_revoke(
                actor=request.user, exemption=exemption, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã hủy trường hợp chưa chuyển đổi."))
    else:
        messages.error(request, _("Vui lòng nhập lý do hủy."))
    return redirect("integrity:rotation_exemptions")


@login_required
@require_GET
def plan_list(request):
    require_perm(request.user, ROTATION_VIEW)
    plans = selectors.rotation_plans_for(request.user)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    may_manage = has_perm(request.user, ROTATION_MANAGE)
    return render(
        request,
        "integrity/rotation/plans.html",
        {
            "page_obj": page,
            "may_manage": may_manage,
            "next_year": timezone.localdate().year + 1,
            "bodies": selectors.rotation_bodies(request.user, ROTATION_MANAGE) if may_manage else [],
            "breadcrumbs": _crumbs((_("Kế hoạch chuyển đổi vị trí công tác"), None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, body_pk: int, year: int):
    """A body's plan for a year: the current positions of the body in posts that must rotate, those
    whose period ends by the end of the year ticked by default."""
    body = selectors.body_get(request.user, body_pk)
    may_manage = selectors.may_on_body(request.user, ROTATION_MANAGE, body)
    plan = selectors.rotation_plans_for(request.user, body=body.pk, year=year).first()
    end_of_year = dt.date(year, 12, 31)
    positions = list(selectors.rotation_positions(request.user, as_of=end_of_year, body=body.pk))
    planned = (
        set(plan.positions.values_list("pk", flat=True))
        if plan
        else {p.pk for p in positions if p.rotation_state == selectors.OVERDUE}
    )
    form = PlanForm(
        request.POST or None,
        initial={"number": plan.number if plan else "", "issued_on": plan.issued_on if plan else None},
    )
    if request.method == "POST":
        selectors.require_body_perm(request.user, ROTATION_MANAGE, body)
        chosen = {int(v) for v in request.POST.getlist("positions") if v.isdigit()}
        if form.is_valid():
            try:
                services.rotation_plan_save(
                    actor=request.user,
                    body=body,
                    year=year,
                    number=form.cleaned_data["number"],
                    issued_on=form.cleaned_data["issued_on"],
                    positions=[p for p in positions if p.pk in chosen],
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Đã lưu kế hoạch chuyển đổi vị trí công tác."))
                return redirect("integrity:rotation_plans")
        planned = chosen
    return render(
        request,
        "integrity/rotation/plan_form.html",
        {
            "form": form,
            "body": body,
            "year": year,
            "plan": plan,
            "may_manage": may_manage,
            "rows": selectors.rotation_rows(positions, end_of_year),
            "planned": planned,
            "breadcrumbs": _crumbs(
                (_("Kế hoạch"), reverse("integrity:rotation_plans")), (f"{body.name} — {year}", None)
            ),
        },
    )
