"""The scans page: run a scan (integrity.scan), follow its stage and progress (polled by HTMX while
it runs), see its alerts per rule when done."""

from __future__ import annotations

import datetime as dt
import importlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import has_perm, require_perm
from liemchinh.integrity.forms.alerts import ScanForm
from liemchinh.integrity.models import ScanRun
from liemchinh.integrity.permissions import SCAN, VIEW
from liemchinh.integrity.selectors import alerts as alert_selectors

RUNNING = (ScanRun.Status.QUEUED, ScanRun.Status.RUNNING)


def scanning_service():
    """The scan service (services/scanning.py), or None while it is not installed."""
    try:
        return importlib.import_module("liemchinh.integrity.services.scanning")
    except ImportError:
        return None


def _as_of(scan: ScanRun):
    try:
        return dt.date.fromisoformat((scan.params or {}).get("as_of") or "")
    except (TypeError, ValueError):
        return None


def _rows(scans):
    return [
        {
            "scan": s,
            "running": s.status in RUNNING,
            "counts": alert_selectors.scan_rule_counts(s),
            "as_of": _as_of(s),
        }
        for s in scans
    ]


@login_required
@require_GET
def scan_list(request):
    require_perm(request.user, VIEW)
    from liemchinh.integrity.views.alerts import _landing_url

    return render(
        request,
        "integrity/scans/list.html",
        {
            "rows": _rows(alert_selectors.scans_recent(request.user)),
            "may_scan": has_perm(request.user, SCAN) and scanning_service() is not None,
            "scan_available": scanning_service() is not None,
            "form": ScanForm(),
            "breadcrumbs": [(_("Xung đột lợi ích"), _landing_url()), (_("Quét xung đột lợi ích"), None)],
        },
    )


@login_required
@require_POST
def scan_start_view(request):
    require_perm(request.user, SCAN)
    service = scanning_service()
    if service is None:
        messages.error(request, _("Chức năng quét chưa sẵn sàng."))
        return redirect("integrity:scans")
    form = ScanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày xét không hợp lệ (dd/mm/yyyy)."))
        return redirect("integrity:scans")
    try:
        scan = service.scan_start(actor=request.user, as_of=form.cleaned_data["as_of"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã bắt đầu lần quét #%(n)s.") % {"n": scan.pk})
    return redirect("integrity:scans")


@login_required
@require_GET
def scan_status(request, pk):
    """One scan's row (HTMX polls it every two seconds while the scan runs)."""
    try:
        scan = alert_selectors.scan_get(request.user, pk)
    except ScanRun.DoesNotExist as exc:
        raise PermissionDenied(_("Bạn không có quyền xem lần quét này.")) from exc
    return render(
        request,
        "integrity/scans/partials/row.html",
        {"row": _rows([scan])[0], "alerts_url": reverse("integrity:alerts")},
    )
