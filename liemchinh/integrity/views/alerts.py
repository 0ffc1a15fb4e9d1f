"""Alert pages: the list (filters, counts per rule, chart, Excel export), the alert page (chain
graph, source rows, person links with same/not-same buttons, decision form and history) and the
list of same/not-same judgements. Views only parse, call one service or selector, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import has_perm, require_perm
from liemchinh.integrity import chain_graph
from liemchinh.integrity.exports import alerts as alert_exports
from liemchinh.integrity.forms.alerts import AlertFilterForm, DecisionForm, JudgeForm
from liemchinh.integrity.models import Alert
from liemchinh.integrity.permissions import DECIDE, JUDGE, SCAN, VIEW
from liemchinh.integrity.selectors import alerts as alert_selectors
from liemchinh.integrity.services.alerts import alert_decide, alert_org, match_judge

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 100_000


def _crumbs(*tail):
    return [(_("Xung đột lợi ích"), _landing_url()), (_("Cảnh báo"), reverse("integrity:alerts")), *tail]


def _landing_url() -> str | None:
    from django.urls import NoReverseMatch

    for name in ("integrity:home", "integrity:index", "integrity:landing"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _filter_form(request) -> AlertFilterForm:
    return AlertFilterForm(request.GET or None, bodies=alert_selectors.alert_filter_bodies(request.user))


@login_required
@require_GET
def alert_list(request):
    """The visible alerts, highest score first, 50 to a page, with the counts per rule."""
    require_perm(request.user, VIEW)
    form = _filter_form(request)
    filters = form.filters()
    page = Paginator(alert_selectors.alert_list(request.user, filters), alert_selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    labels = alert_selectors.rule_labels()
    page.object_list = list(page.object_list)
    for a in page.object_list:
        a.rule_label = labels.get(a.rule, a.rule)
    counts = alert_selectors.alert_counts_by_rule(request.user, filters)
    return render(
        request,
        "integrity/alerts/list.html",
        {
            "form": form,
            "page_obj": page,
            "counts": counts,
            "chart": {"labels": [c["label"] for c in counts], "counts": [c["count"] for c in counts]},
            "total": sum(c["count"] for c in counts),
            "may_scan": has_perm(request.user, SCAN),
            "breadcrumbs": [(_("Xung đột lợi ích"), _landing_url()), (_("Cảnh báo"), None)],
        },
    )


@login_required
@require_GET
def alert_export(request):
    require_perm(request.user, VIEW)
    alerts = alert_selectors.alert_list(request.user, _filter_form(request).filters()).defer("chain")[
        :EXPORT_LIMIT
    ]
    response = HttpResponse(alert_exports.alerts_xlsx(alerts), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="canh-bao-xung-dot-loi-ich-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response


def _alert_or_403(actor, pk) -> Alert:
    try:
        return alert_selectors.alert_get(actor, pk)
    except Alert.DoesNotExist as exc:
        raise PermissionDenied(_("Bạn không có quyền xem cảnh báo này.")) from exc


def _alert_context(request, alert: Alert, *, form: DecisionForm | None = None) -> dict:
    actor = request.user
    sources = alert_selectors.alert_source_rows(alert)
    may_decide = has_perm(actor, DECIDE, alert_org(alert))
    return {
        "alert": alert,
        "rule_label": alert_selectors.rule_label(alert.rule),
        "counterpart": alert_exports.counterpart_text(alert.counterpart),
        "graph": chain_graph.chain_svg(
            alert.chain,
            title=_("Chuỗi liên kết: %(rule)s") % {"rule": alert_selectors.rule_label(alert.rule)},
        ),
        "steps": chain_graph.chain_steps(alert.chain),
        "score_text": chain_graph.score_text(alert.score),
        "sources": sources,
        "links": alert_selectors.alert_links(alert, sources),
        "history": alert_selectors.alert_history(alert),
        "may_decide": may_decide,
        "may_judge": has_perm(actor, JUDGE),
        "form": form or (DecisionForm(status=alert.status) if may_decide else None),
        "breadcrumbs": _crumbs((f"{alert.official_id} · {alert_selectors.rule_label(alert.rule)}", None)),
    }


@login_required
@require_GET
def alert_detail(request, pk):
    alert = _alert_or_403(request.user, pk)
    return render(request, "integrity/alerts/detail.html", _alert_context(request, alert))


@login_required
@require_POST
def alert_decide_view(request, pk):
    alert = _alert_or_403(request.user, pk)
    require_perm(request.user, DECIDE, alert_org(alert))
    form = DecisionForm(request.POST, status=alert.status)
    if form.is_valid():
        d = form.cleaned_data
        try:
            alert_decide(
                actor=request.user,
                alert=alert,
                decision=d["decision"],
                measure=d.get("measure") or "",
                reason=d["reason"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã ghi nhận quyết định."))
            return redirect("integrity:alert", pk=alert.pk)
    return render(
        request, "integrity/alerts/detail.html", _alert_context(request, alert, form=form), status=400
    )


@login_required
@require_POST
def match_judge_view(request):
    """Same / not same / unsure on two mentions; back to the alert (or the judgements list)."""
    require_perm(request.user, JUDGE)
    form = JudgeForm(request.POST)
    back = reverse("integrity:judgements")
    if form.is_valid() and form.cleaned_data.get("alert"):
        back = reverse("integrity:alert", args=[form.cleaned_data["alert"]])
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("integrity:judgements")
    if not form.is_valid():
        messages.error(
            request, _("Vui lòng chọn: cùng một người, không phải cùng một người hoặc chưa chắc chắn.")
        )
        return redirect(back)
    d = form.cleaned_data
    try:
        judgement = match_judge(
            actor=request.user,
            left_key=d["left_key"],
            right_key=d["right_key"],
            verdict=d["verdict"],
            reason=d["reason"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã ghi nhận đánh giá: %(verdict)s. Lần quét sau sẽ áp dụng đánh giá này.")
            % {"verdict": judgement.get_verdict_display()},
        )
    return redirect(back)


@login_required
@require_GET
def judgement_list(request):
    """Who judged which pair of records, what and when: for the inspectorate's review."""
    require_perm(request.user, VIEW)
    page = Paginator(alert_selectors.judgements_list(request.user), alert_selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    judgements = list(page.object_list)
    labels = alert_selectors.mention_labels([k for j in judgements for k in (j.left_key, j.right_key)])
    rows = [(j, labels[j.left_key], labels[j.right_key]) for j in judgements]
    return render(
        request,
        "integrity/alerts/judgements.html",
        {
            "page_obj": page,
            "rows": rows,
            "breadcrumbs": [(_("Xung đột lợi ích"), _landing_url()), (_("Đánh giá trùng người"), None)],
        },
    )
