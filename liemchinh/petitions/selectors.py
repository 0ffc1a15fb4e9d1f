"""Reads of the petitions app, scoped to what the actor may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from rapidfuzz import fuzz

from liemchinh.core.models import AuditEvent
from liemchinh.core.permissions import org_scope_q, require_perm
from liemchinh.core.selectors.calendar import working_calendar
from liemchinh.petitions import rules
from liemchinh.petitions.models import Petition, PetitionIdentity
from liemchinh.petitions.permissions import INBOX_VIEW, REVEAL_LOG_VIEW

DUPLICATE_THRESHOLD = 85  # rapidfuzz token_set_ratio, 0–100
DUPLICATE_WINDOW_DAYS = 90


def petition_inbox(actor, *, status: str | None = None, kind: str | None = None) -> QuerySet[Petition]:
    """Petitions routed to the bodies the actor reaches with petitions.inbox.view."""
    require_perm(actor, INBOX_VIEW)
    qs = Petition.objects.filter(org_scope_q(actor, INBOX_VIEW, "organization")).select_related("organization",
                                                                                                   "handler")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def petition_get(actor, pk: int) -> Petition:
    return petition_inbox(actor).get(pk=pk)


def case_facts(petition: Petition) -> rules.CaseFacts:
    return rules.CaseFacts(
        kind=petition.kind, received_on=petition.received_on, channel=petition.channel,
        accepted_on=petition.accepted_on, resolved_on=petition.resolved_on,
        several_places=petition.several_places, remote_area=petition.remote_area, anonymous=petition.anonymous,
        extensions=tuple(petition.extensions.values_list("days", flat=True)),
        suspensions=tuple(rules.Suspension(s, e) for s, e in petition.suspensions.values_list("start", "end")),
    )


def petition_clock(petition: Petition, *, calendar=None, today: dt.date | None = None) -> rules.Clock:
    return rules.compute_clock(case_facts(petition), calendar=calendar or working_calendar(),
                               today=today or timezone.localdate())


def _done_steps(petition: Petition) -> set[str]:
    done = set()
    if petition.forwarded_on or petition.competent:
        done.add(rules.STEP_FORWARD)
    if petition.messages.filter(direction="to_petitioner").exists() or petition.status in (
            rules.Status.FORWARDED, rules.Status.RETURNED, rules.Status.ACCEPTED):
        done.add(rules.STEP_REPLY)
    return done


@dataclass(frozen=True)
class OverdueRow:
    petition: Petition
    steps: list[str]
    clock: rules.Clock


def petition_overdue(actor, *, today: dt.date | None = None) -> list[OverdueRow]:
    """Open cases with at least one step past its legal limit."""
    today = today or timezone.localdate()
    calendar = working_calendar()
    rows = []
    open_statuses = [s.value for s in rules.OPEN_STATUSES] + [rules.Status.RESOLVED.value]
    for petition in petition_inbox(actor).filter(status__in=open_statuses).prefetch_related("extensions",
                                                                                             "suspensions"):
        clock = petition_clock(petition, calendar=calendar, today=today)
        steps = rules.overdue_steps(clock, status=petition.status, today=today, done_steps=_done_steps(petition))
        if steps:
            rows.append(OverdueRow(petition, steps, clock))
    return rows


def duplicate_candidates(actor, petition: Petition, *, threshold: int = DUPLICATE_THRESHOLD,
                         window_days: int = DUPLICATE_WINDOW_DAYS) -> list[tuple[Petition, str, int]]:
    """Likely duplicates of `petition` the actor can see: same blind index of id number, phone or
    e-mail (any time), or content similar by token_set_ratio ≥ threshold, received within
    `window_days` by the same body. (petition, reason, score) best first."""
    scope = petition_inbox(actor).exclude(pk=petition.pk).exclude(status=rules.Status.MERGED)
    found: dict[int, tuple[Petition, str, int]] = {}
    identity = PetitionIdentity.objects.filter(petition=petition).first()
    if identity is not None:
        q = Q()
        for field in ("id_number_index", "phone_index", "email_index"):
            value = getattr(identity, field)
            if value:
                q |= Q(**{f"identity__{field}": value})
        if q:
            for other in scope.filter(q):
                found[other.pk] = (other, "identity", 100)
    since = petition.received_on - dt.timedelta(days=window_days)
    until = petition.received_on + dt.timedelta(days=window_days)
    nearby = scope.filter(received_by=petition.received_by_id, received_on__range=(since, until))
    for other in nearby:
        if other.pk in found:
            continue
        score = int(fuzz.token_set_ratio(petition.content.lower(), other.content.lower()))
        if score >= threshold:
            found[other.pk] = (other, "content", score)
    return sorted(found.values(), key=lambda row: (-row[2], row[0].pk))


def identity_reveals(actor) -> QuerySet[AuditEvent]:
    """Every reveal of a petitioner's identity (who, when, which case, why), for the inspectorate
    leader."""
    require_perm(actor, REVEAL_LOG_VIEW)
    return AuditEvent.objects.filter(action__in=["petition.identity_reveal", "petition.identity_file_open"]).filter(
        Q(organization__isnull=True) | Q(org_scope_q(actor, REVEAL_LOG_VIEW, "organization"))).order_by("-at", "-id")


@dataclass(frozen=True)
class Satisfaction:
    organization_id: int
    organization_name: str
    rated: int
    average: float
    satisfied: int  # ratings of 4 or 5


def satisfaction_by_body(actor, *, since: dt.date | None = None) -> list[Satisfaction]:
    """Average rating per handling body of the cases the actor can see."""
    qs = petition_inbox(actor).filter(satisfaction__isnull=False)
    if since:
        qs = qs.filter(resolved_on__gte=since)
    rows = (qs.values("organization_id", "organization__name")
            .annotate(rated=Count("pk"), average=Avg("satisfaction"), satisfied=Count("pk", filter=Q(satisfaction__gte=4)))
            .order_by("organization__name"))
    return [Satisfaction(r["organization_id"], r["organization__name"], r["rated"], round(float(r["average"]), 2),
                         r["satisfied"]) for r in rows]


def harassment_breaches(actor) -> QuerySet[Petition]:
    """Harassment reports where the dossier was sent back for documents more than once (CT 10)."""
    return petition_inbox(actor, kind=rules.Kind.HARASSMENT).filter(supplement_breach=True)
