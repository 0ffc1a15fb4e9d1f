"""The module's landing page, the registry import pages (upload, a run's progress polled by HTMX,
its counts or every error with CSV/Excel export, past runs) and the registry browsing pages
(officials with positions and relatives, enterprises with people and contracts)."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import has_perm, require_perm
from liemchinh.core.templatetags.liemchinh import reverse_or_empty
from liemchinh.integrity.models import Enterprise, ImportRun, Official
from liemchinh.integrity.permissions import GIFTS_VIEW, IMPORT, ROTATION_VIEW, SCAN, VIEW
from liemchinh.integrity.selectors import registry as selectors
from liemchinh.integrity.services.importing import registry_upload_start
from liemchinh.plans.exports import workbook_response

ERROR_HEADER = ["Tệp", "Dòng", "Cột", "Lỗi"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _home_crumb():
    return (_("Xung đột lợi ích"), reverse("integrity:home"))


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@login_required
@require_GET
def home(request):
    """The module's overview: registry counts, last import, links to what the person may use."""
    user = request.user
    if not any(has_perm(user, perm) for perm in (VIEW, IMPORT, GIFTS_VIEW, ROTATION_VIEW)):
        raise PermissionDenied(_("Bạn không có quyền xem phân hệ này."))
    may_view = has_perm(user, VIEW)
    context = {
        "counts": selectors.registry_counts(user) if may_view else None,
        "may_view": may_view,
        "may_import": has_perm(user, IMPORT),
        "last_run": selectors.import_runs(user).first() if has_perm(user, IMPORT) else None,
        "links": [
            (label, url)
            for label, url in (
                (_("Cảnh báo xung đột lợi ích"), reverse_or_empty("integrity:alerts") if may_view else ""),
                (
                    _("Quét xung đột lợi ích"),
                    reverse_or_empty("integrity:scans") if has_perm(user, SCAN) else "",
                ),
                (
                    _("Đánh giá trùng người (cùng một người hay không)"),
                    reverse_or_empty("integrity:judgements") if may_view else "",
                ),
                (
                    _("Tặng quà, nhận quà"),
                    reverse_or_empty("integrity:gifts") if has_perm(user, GIFTS_VIEW) else "",
                ),
                (
                    _("Chuyển đổi vị trí công tác"),
                    reverse_or_empty("integrity:rotation") if has_perm(user, ROTATION_VIEW) else "",
                ),
            )
            if url
        ],
        "breadcrumbs": [(_("Xung đột lợi ích"), None)],
    }
    return render(request, "integrity/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request):
    """Upload registry files (several CSV files or one workbook) and the list of past runs."""
    require_perm(request.user, IMPORT)
    if request.method == "POST":
        try:
            run = registry_upload_start(actor=request.user, files=request.FILES.getlist("files"))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã nhận tệp; lần nhập #%(n)s đang chạy.") % {"n": run.pk})
            return redirect("integrity:import_detail", pk=run.pk)
    page = Paginator(selectors.import_runs(request.user), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "integrity/imports/list.html",
        {
            "page_obj": page,
            "files": [
                "organizations.csv",
                "officials.csv",
                "positions.csv",
                "relatives.csv",
                "enterprises.csv",
                "enterprise_people.csv",
                "contracts.csv",
            ],
            "breadcrumbs": [_home_crumb(), (_("Nhập sổ liệu"), None)],
        },
    )


def _run_or_404(request, pk) -> ImportRun:
    try:
        return selectors.import_run_get(request.user, pk)
    except ImportRun.DoesNotExist as exc:
        raise Http404 from exc


def _run_context(run: ImportRun) -> dict:
    total = run.rows_total or 0
    percent = min(100, 100 * run.rows_done // total) if total else 0
    counts = run.counts if run.status == ImportRun.Status.DONE else {}
    totals = {
        key: sum(c.get(key, 0) for c in counts.values())
        for key in ("created", "updated", "unchanged", "duplicates")
    }
    return {
        "run": run,
        "percent": percent,
        "running": run.status == ImportRun.Status.RUNNING,
        "writing": run.status == ImportRun.Status.RUNNING and total and run.rows_done >= total,
        "counts": counts,
        "totals": totals,
        "errors_total": (run.counts or {}).get("errors_total", len(run.errors or [])),
    }


@login_required
@require_GET
def import_detail(request, pk):
    """A run: progress while it runs, then its counts per file or every error."""
    run = _run_or_404(request, pk)
    context = _run_context(run)
    context["breadcrumbs"] = [
        _home_crumb(),
        (_("Nhập sổ liệu"), reverse("integrity:imports")),
        (_("Lần nhập #%(n)s") % {"n": run.pk}, None),
    ]
    return render(request, "integrity/imports/detail.html", context)


@login_required
@require_GET
def import_progress(request, pk):
    """The run's status block (HTMX polls it every two seconds while the run is running)."""
    run = _run_or_404(request, pk)
    return render(request, "integrity/imports/partials/status.html", _run_context(run))


@login_required
@require_GET
def import_errors_export(request, pk):
    """Every error of a refused run, as CSV (UTF-8 with BOM) or Excel (?format=xlsx)."""
    run = _run_or_404(request, pk)
    rows = [
        [
            _safe(e.get("file") or ""),
            e.get("row") or "",
            _safe(e.get("column") or ""),
            _safe(e.get("message")),
        ]
        for e in run.errors or []
    ]
    header = [_(h) for h in ERROR_HEADER]
    filename = f"loi-nhap-so-lieu-{run.pk}"
    if request.GET.get("format") == "xlsx":
        return workbook_response(_("Lỗi nhập sổ liệu"), header, rows, filename)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    return response


# --- registry browsing ------------------------------------------------------------------------


def _registry_crumbs(*tail):
    return [_home_crumb(), *tail]


@login_required
@require_GET
def official_list(request):
    q = request.GET.get("q", "").strip()
    qs = selectors.officials_list(request.user, q or None)
    page = Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "integrity/registry/officials.html",
        {"page_obj": page, "q": q, "breadcrumbs": _registry_crumbs((_("Cán bộ, công chức"), None))},
    )


@login_required
@require_GET
def official_detail(request, pk):
    try:
        official = selectors.official_get(request.user, pk)
    except Official.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "integrity/registry/official.html",
        {
            "official": official,
            "positions": selectors.official_positions(request.user, official),
            "relatives": selectors.official_relatives(request.user, official),
            "contracts": selectors.official_contracts(request.user, official)[:200],
            "breadcrumbs": _registry_crumbs(
                (_("Cán bộ, công chức"), reverse("integrity:officials")), (official.full_name, None)
            ),
        },
    )


@login_required
@require_GET
def enterprise_list(request):
    q = request.GET.get("q", "").strip()
    qs = selectors.enterprises_list(request.user, q or None)
    page = Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "integrity/registry/enterprises.html",
        {"page_obj": page, "q": q, "breadcrumbs": _registry_crumbs((_("Doanh nghiệp"), None))},
    )


@login_required
@require_GET
def enterprise_detail(request, pk):
    try:
        enterprise = selectors.enterprise_get(request.user, pk)
    except Enterprise.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "integrity/registry/enterprise.html",
        {
            "enterprise": enterprise,
            "people": selectors.enterprise_people(request.user, enterprise),
            "contracts": selectors.enterprise_contracts(request.user, enterprise)[:200],
            "breadcrumbs": _registry_crumbs(
                (_("Doanh nghiệp"), reverse("integrity:enterprises")), (enterprise.name, None)
            ),
        },
    )
