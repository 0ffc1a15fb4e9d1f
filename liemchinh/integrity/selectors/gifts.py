"""Reads of the gift register, scoped to the actor (GIFTS_VIEW): a body's focal point and head see
their own body's register, the inspectorate every body below it.

Lateness is SQL over the stored deadlines: a report is late when it came after its due day; a
hand-over when it came after its due day or has not come and the due day is past; proceeds of a
sale when they were paid after their due day or are unpaid past it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from liemchinh.core.errors import NotFoundError
from liemchinh.core.models import Organization
from liemchinh.core.permissions import org_scope_q, orgs_with_perm, require_perm
from liemchinh.integrity.models import GiftReport, GiftStatus
from liemchinh.integrity.permissions import GIFTS_RECORD, GIFTS_VIEW


def _late_q(as_of: dt.date) -> tuple[Q, Q, Q]:
    report = Q(report_due_on__isnull=False, reported_on__gt=F("report_due_on"))
    handover = Q(handover_due_on__isnull=False) & (
        Q(handed_over_on__gt=F("handover_due_on")) | Q(handed_over_on__isnull=True, handover_due_on__lt=as_of)
    )
    proceeds = Q(proceeds_due_on__isnull=False) & (
        Q(proceeds_paid_on__gt=F("proceeds_due_on"))
        | Q(proceeds_paid_on__isnull=True, proceeds_due_on__lt=as_of)
    )
    return report, handover, proceeds


def _flag(q: Q) -> Case:
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


def gift_reports_for(
    actor,
    *,
    as_of: dt.date,
    organization: int | None = None,
    year: int | None = None,
    status: str | None = None,
    late: bool = False,
    q: str | None = None,
) -> QuerySet:
    """The gifts the actor may see, newest first, annotated with `late_report`, `late_handover`,
    `late_proceeds` (as of `as_of`)."""
    require_perm(actor, GIFTS_VIEW)
    report, handover, proceeds = _late_q(as_of)
    qs = (
        GiftReport.objects.filter(org_scope_q(actor, GIFTS_VIEW, "organization"))
        .select_related("organization", "recipient_official")
        .annotate(late_report=_flag(report), late_handover=_flag(handover), late_proceeds=_flag(proceeds))
    )
    if organization:
        qs = qs.filter(organization_id=organization)
    if year:
        qs = qs.filter(register_year=year)
    if status:
        qs = qs.filter(status=status)
    if late:
        qs = qs.filter(report | handover | proceeds)
    if q:
        qs = qs.filter(
            Q(recipient_name__icontains=q)
            | Q(giver_name__icontains=q)
            | Q(description__icontains=q)
            | Q(giver_organization__icontains=q)
        )
    return qs.order_by("-received_on", "-pk")


def gift_report_get(actor, pk: int, *, as_of: dt.date) -> GiftReport:
    gift = gift_reports_for(actor, as_of=as_of).filter(pk=pk).first()
    if gift is None:
        raise NotFoundError("Không tìm thấy quà tặng trong sổ.")
    return gift


def gift_bodies(actor) -> QuerySet:
    """Bodies whose register the actor may read."""
    return orgs_with_perm(actor, GIFTS_VIEW).order_by("path")


def gift_record_bodies(actor) -> QuerySet:
    """Bodies for which the actor may record gifts."""
    return orgs_with_perm(actor, GIFTS_RECORD).order_by("path")


def gift_years(actor) -> list[int]:
    return list(
        GiftReport.objects.filter(org_scope_q(actor, GIFTS_VIEW, "organization"))
        .values_list("register_year", flat=True)
        .distinct()
        .order_by("-register_year")
    )


@dataclass
class GiftSummaryRow:
    organization_id: int
    organization_name: str
    count: int
    value_vnd: int
    unvalued: int
    handled: int
    late: int
    proceeds_vnd: int


def gift_summary(actor, *, year: int, as_of: dt.date) -> tuple[list[GiftSummaryRow], GiftSummaryRow]:
    """Per body, for gifts received in `year`: how many, their declared value, how many have no
    value yet, how many are handled, how many are late somewhere, proceeds of sales. One GROUP BY."""
    require_perm(actor, GIFTS_VIEW)
    report, handover, proceeds = _late_q(as_of)
    rows = (
        GiftReport.objects.filter(org_scope_q(actor, GIFTS_VIEW, "organization"), register_year=year)
        .values("organization_id", "organization__name")
        .annotate(
            count=Count("pk"),
            value=Coalesce(Sum("value_vnd"), 0),
            unvalued=Count("pk", filter=Q(value_vnd__isnull=True)),
            handled=Count("pk", filter=Q(status=GiftStatus.HANDLED)),
            late=Count("pk", filter=report | handover | proceeds),
            proceeds=Coalesce(Sum("proceeds_vnd"), 0),
        )
        .order_by("organization__name")
    )
    result = [
        GiftSummaryRow(
            r["organization_id"],
            r["organization__name"],
            r["count"],
            r["value"],
            r["unvalued"],
            r["handled"],
            r["late"],
            r["proceeds"],
        )
        for r in rows
    ]
    total = GiftSummaryRow(
        0,
        "",
        *(
            sum(getattr(r, f) for r in result)
            for f in ("count", "value_vnd", "unvalued", "handled", "late", "proceeds_vnd")
        ),
    )
    return result, total


def organization_for_record(actor, pk) -> Organization:
    """A body for which the actor may record gifts, or NotFoundError."""
    org = gift_record_bodies(actor).filter(pk=pk).first()
    if org is None:
        raise NotFoundError("Không tìm thấy đơn vị.")
    return org
