"""Reads of periodic position rotation, scoped to the actor (ROTATION_VIEW).

A registry body is reached through the organisation tree when it is linked to it; a registry body
outside the tree is the province's (integrity/permissions.py): readable by anyone holding the
permission, writable only by people who reach the top of the tree.

`rotation_positions` is one SQL query: the current positions (no end date) of the registry that
match a registered post (same body; same role when the post names one; title containing the post's
pattern when it has one), annotated with the post's category and period, the exemption in force
and the state as of a day (overdue, due soon, exempt, ok). The period thresholds are computed once
per distinct period (a handful of values), never row by row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.db.models.lookups import IContains
from django.utils.translation import gettext as _

from liemchinh.core.errors import NotFoundError
from liemchinh.core.models import Organization
from liemchinh.core.permissions import has_perm, org_scope_q, require_perm
from liemchinh.core.text import fold
from liemchinh.integrity import rules
from liemchinh.integrity.models import Body, Official, Position, RotationExemption, RotationPlan, RotationPost
from liemchinh.integrity.permissions import ROTATION_VIEW

OVERDUE, DUE_SOON, EXEMPT, OK = "overdue", "due_soon", "exempt", "ok"
STATE_LABELS = {
    OVERDUE: "Quá thời hạn chuyển đổi",
    DUE_SOON: "Sắp đến hạn",
    EXEMPT: "Chưa chuyển đổi (có lý do)",
    OK: "Trong thời hạn",
}


def body_scope_q(actor, perm: str, prefix: str = "body") -> Q:
    """Rows whose registry body (at `prefix`) the actor reaches with `perm`."""
    return _with_loose_bodies(
        org_scope_q(actor, perm, f"{prefix}__organization"),
        Q(**{f"{prefix}__organization__isnull": True}),
        has_perm(actor, perm),
    )


def _with_loose_bodies(scope: Q, loose: Q, allowed: bool) -> Q:
    """`scope` widened to the registry bodies outside the tree when `allowed`. An empty `scope`
    means "everything" (system, administrators) and must stay so: Q() | x would be x alone."""
    if not scope or not allowed:
        return scope
    return scope | loose


def may_on_body(actor, perm: str, body: Body) -> bool:
    if body.organization_id:
        return has_perm(actor, perm, body.organization_id)
    roots = Organization.objects.filter(parent__isnull=True).values_list("pk", flat=True)
    return any(has_perm(actor, perm, root) for root in roots)


def require_body_perm(actor, perm: str, body: Body) -> None:
    if not may_on_body(actor, perm, body):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def rotation_bodies(actor, perm: str = ROTATION_VIEW) -> QuerySet:
    """Registry bodies the actor reaches (to read, or with ROTATION_MANAGE to write)."""
    require_perm(actor, perm)
    allowed = (
        has_perm(actor, perm) if perm == ROTATION_VIEW else may_on_body(actor, perm, Body(organization=None))
    )
    qs = Body.objects.filter(
        _with_loose_bodies(org_scope_q(actor, perm, "organization"), Q(organization__isnull=True), allowed)
    )
    return qs.order_by("org_code")


def body_get(actor, pk, perm: str = ROTATION_VIEW) -> Body:
    body = rotation_bodies(actor, perm).filter(pk=pk).first()
    if body is None:
        raise NotFoundError(_("Không tìm thấy cơ quan."))
    return body


def rotation_posts_for(
    actor, *, body: int | None = None, category: str | None = None, include_inactive: bool = False
) -> QuerySet:
    require_perm(actor, ROTATION_VIEW)
    qs = RotationPost.objects.filter(body_scope_q(actor, ROTATION_VIEW)).select_related("body")
    if not include_inactive:
        qs = qs.filter(active=True)
    if body:
        qs = qs.filter(body_id=body)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("body__org_code", "category", "pk")


def rotation_post_get(actor, pk: int) -> RotationPost:
    post = rotation_posts_for(actor, include_inactive=True).filter(pk=pk).first()
    if post is None:
        raise NotFoundError(_("Không tìm thấy vị trí."))
    return post


def _matching_posts():
    """Active posts matching the outer Position row, shortest period first."""
    return (
        RotationPost.objects.filter(active=True, body=OuterRef("body_id"))
        .filter(Q(role="") | Q(role=OuterRef("role")))
        .filter(Q(title_pattern="") | IContains(OuterRef("title"), F("title_pattern")))
        .order_by("period_years", "pk")
    )


def exemption_in_force_q(as_of: dt.date, official_ref="official_id") -> QuerySet:
    return RotationExemption.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=as_of),
        official=OuterRef(official_ref),
        revoked_at__isnull=True,
        valid_from__lte=as_of,
    )


def rotation_positions(
    actor,
    *,
    as_of: dt.date,
    body: int | None = None,
    category: str | None = None,
    state: str | None = None,
    q: str | None = None,
    warning_months: int = rules.ROTATION_WARNING_MONTHS,
) -> QuerySet:
    """Current positions in posts that must rotate, annotated with `post_id`, `post_category`,
    `post_period_years`, `exempt` and `rotation_state`; longest tenure first."""
    require_perm(actor, ROTATION_VIEW)
    # The day before which a start makes the period complete (overdue) or complete within the
    # warning window (due soon), per distinct period: computed here, picked in SQL by the post.
    periods = sorted(set(RotationPost.objects.filter(active=True).values_list("period_years", flat=True)))

    def threshold(months_back):
        if not periods:  # no post at all: a typed NULL (PostgreSQL would read a bare one as text)
            return Cast(Value(None), output_field=DateField())
        return Case(
            *[
                When(period_years=years, then=Value(rules.add_months(as_of, months_back(years))))
                for years in periods
            ],
            default=Value(None),
            output_field=DateField(),
        )

    posts = _matching_posts().annotate(
        overdue_from=threshold(lambda y: -12 * y), due_from=threshold(lambda y: -12 * y + warning_months)
    )
    qs = (
        Position.objects.filter(
            body_scope_q(actor, ROTATION_VIEW), end_date__isnull=True, start_date__lte=as_of
        )
        .exclude(role__in=rules.ROTATION_EXCLUDED_ROLES)
        .annotate(post_id=Subquery(posts.values("pk")[:1]))
        .filter(post_id__isnull=False)
        .annotate(
            post_category=Subquery(posts.values("category")[:1]),
            post_period_years=Subquery(posts.values("period_years")[:1]),
            post_overdue_from=Subquery(posts.values("overdue_from")[:1]),
            post_due_from=Subquery(posts.values("due_from")[:1]),
            exempt=Exists(exemption_in_force_q(as_of)),
        )
    )
    if body:
        qs = qs.filter(body_id=body)
    if category:
        qs = qs.filter(post_category=category)
    if q:
        qs = qs.filter(Q(official__name_folded__contains=fold(q)) | Q(official__official_id=q.strip()))
    overdue = Q(start_date__lte=F("post_overdue_from"))
    due_soon = Q(start_date__lte=F("post_due_from"))
    qs = qs.annotate(
        rotation_state=Case(
            When(exempt=True, then=Value(EXEMPT)),
            When(overdue, then=Value(OVERDUE)),
            When(due_soon, then=Value(DUE_SOON)),
            default=Value(OK),
            output_field=CharField(),
        )
    )
    # Filter on the conditions themselves rather than on the CASE: the database evaluates less.
    not_exempt = Q(exempt=False)
    by_state = {
        "flagged": not_exempt & due_soon,
        OVERDUE: not_exempt & overdue,
        DUE_SOON: not_exempt & due_soon & ~overdue,
        EXEMPT: Q(exempt=True),
        OK: not_exempt & ~due_soon,
    }
    if state in by_state:
        qs = qs.filter(by_state[state])
    return qs.select_related("official", "body").order_by("start_date", "pk")


def rotation_state_counts(qs: QuerySet) -> dict[str, int]:
    counts = dict(qs.order_by().values_list("rotation_state").annotate(n=Count("pk")))
    return {key: counts.get(key, 0) for key in (OVERDUE, DUE_SOON, EXEMPT, OK)}


def rotation_counts_by_body(qs: QuerySet, limit: int = 15) -> list[dict]:
    """Per registry body of an annotated rotation_positions queryset: positions, overdue, due soon,
    exempt; the bodies with most overdue positions first (one GROUP BY)."""
    return list(
        qs.order_by()
        .values("body_id", "body__name")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(rotation_state=OVERDUE)),
            due_soon=Count("pk", filter=Q(rotation_state=DUE_SOON)),
            exempt=Count("pk", filter=Q(rotation_state=EXEMPT)),
        )
        .order_by("-overdue", "-due_soon", "body__name")[:limit]
    )


@dataclass
class RotationRow:
    """One position as the page and the export show it."""

    position: Position
    category_label: str
    period_years: int
    due_on: dt.date
    tenure: str
    state: str
    state_label: str


def rotation_rows(positions, as_of: dt.date) -> list[RotationRow]:
    """Decorate a page of annotated positions (at most a page: a Python pass over it is cheap)."""
    rows = []
    for p in positions:
        cat = rules.ROTATION_CATEGORY_BY_KEY.get(p.post_category)
        rows.append(
            RotationRow(
                p,
                _(cat.label) if cat else p.post_category,
                p.post_period_years,
                rules.rotation_due_on(p.start_date, p.post_period_years),
                rules.tenure_text(p.start_date, as_of),
                p.rotation_state,
                _(STATE_LABELS[p.rotation_state]),
            )
        )
    return rows


def exemptions_for(
    actor, *, as_of: dt.date, body: int | None = None, in_force_only: bool = False
) -> QuerySet:
    require_perm(actor, ROTATION_VIEW)
    qs = RotationExemption.objects.filter(body_scope_q(actor, ROTATION_VIEW)).select_related(
        "official", "body"
    )
    if body:
        qs = qs.filter(body_id=body)
    if in_force_only:
        qs = qs.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=as_of), revoked_at__isnull=True, valid_from__lte=as_of
        )
    return qs.order_by("-valid_from", "-pk")


def exemption_get(actor, pk: int) -> RotationExemption:
    row = (
        RotationExemption.objects.filter(body_scope_q(actor, ROTATION_VIEW), pk=pk)
        .select_related("official", "body")
        .first()
    )
    if row is None:
        raise NotFoundError(_("Không tìm thấy trường hợp."))
    return row


def official_for_rotation(actor, pk: int) -> tuple[Official, Position | None]:
    """An official with a current position in a body the actor reaches, and that position."""
    require_perm(actor, ROTATION_VIEW)
    position = (
        Position.objects.filter(body_scope_q(actor, ROTATION_VIEW), official_id=pk, end_date__isnull=True)
        .select_related("official", "body")
        .order_by("-start_date")
        .first()
    )
    if position is None:
        raise NotFoundError(_("Không tìm thấy cán bộ."))
    return position.official, position


def rotation_plans_for(actor, *, body: int | None = None, year: int | None = None) -> QuerySet:
    require_perm(actor, ROTATION_VIEW)
    qs = RotationPlan.objects.filter(body_scope_q(actor, ROTATION_VIEW)).select_related("body")
    if body:
        qs = qs.filter(body_id=body)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "body__org_code")
