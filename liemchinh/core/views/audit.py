"""Audit log pages: the scoped, filtered list (HTMX pagination, CSV export) and one event."""

from __future__ import annotations

import csv
import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from liemchinh.core.permissions import orgs_with_perm, require_perm
from liemchinh.core.selectors.audit import (
    AUDIT_VIEW,
    audit_event_get,
    audit_events_for,
    audit_object_types,
)
from liemchinh.core.services.audit import audit_log_export, hash_of

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=gettext_lazy("Người thực hiện"), required=False, max_length=150)
    action = forms.CharField(label=gettext_lazy("Hành động"), required=False, max_length=100)
    object_type = forms.ChoiceField(label=gettext_lazy("Loại đối tượng"), required=False)
    organization = forms.ModelChoiceField(label=gettext_lazy("Cơ quan"), required=False, queryset=None)
    date_from = forms.DateField(label=gettext_lazy("Từ ngày (dd/mm/yyyy)"), required=False, input_formats=DATE_INPUTS)
    date_to = forms.DateField(label=gettext_lazy("Đến ngày (dd/mm/yyyy)"), required=False, input_formats=DATE_INPUTS)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", "—"), *((t, t) for t in audit_object_types(user))]
        self.fields["organization"].queryset = orgs_with_perm(user, AUDIT_VIEW).order_by("path")
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs["placeholder"] = "dd/mm/yyyy"

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


def _filtered(request):
    form = AuditFilterForm(request.GET or None, user=request.user)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {"actor_text": data["actor"], "action": data["action"], "object_type": data["object_type"],
                   "organization": data["organization"], "date_from": data["date_from"], "date_to": data["date_to"]}
    return form, filters, audit_events_for(request.user, **filters)


@login_required
@require_GET
def audit_list(request):
    require_perm(request.user, AUDIT_VIEW)
    form, _filters, events = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "events": page.object_list}
    template = "core/audit/partials/table.html" if request.htmx else "core/audit/list.html"
    return render(request, template, context)


def _csv_rows(events):
    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    yield "\ufeff"  # Excel reads UTF-8 with a BOM
    yield writer.writerow([_("Mã"), _("Thời điểm"), _("Người thực hiện"), _("Hành động"), _("Loại đối tượng"),
                           _("Mã đối tượng"), _("Đối tượng"), _("Cơ quan"), _("Lý do"), _("Thay đổi"), "hash"])
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow([
            event.pk, timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M:%S"), event.actor_label, event.action,
            event.object_type, event.object_id, event.object_repr,
            event.organization.name if event.organization_id else "", event.reason,
            json.dumps(event.changes, ensure_ascii=False, sort_keys=True), event.hash,
        ])


@login_required
@require_GET
def audit_export(request):
    require_perm(request.user, AUDIT_VIEW)
    form, filters, events = _filtered(request)
    audit_log_export(actor=request.user,
                     filters={key: (getattr(value, "pk", value)) for key, value in filters.items() if value})
    response = StreamingHttpResponse(_csv_rows(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.csv"'
    return response


def change_rows(changes) -> list[dict]:
    """{field: [old, new]} or {field: value} as table rows."""
    rows = []
    if not isinstance(changes, dict):
        return [{"field": "", "old": "", "new": changes, "pair": False}]
    for field, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            rows.append({"field": field, "old": value[0], "new": value[1], "pair": True})
        else:
            rows.append({"field": field, "old": "", "new": value, "pair": False})
    return rows


@login_required
@require_GET
def audit_detail(request, pk: int):
    event = audit_event_get(request.user, pk)
    return render(request, "core/audit/detail.html", {
        "event": event, "rows": change_rows(event.changes), "hash_ok": hash_of(event) == event.hash,
    })
