"""The dashboard's single grouped pass and its cached overdue verdicts give exactly the numbers
of a straightforward count: one query per table, the clock of every case computed row by row."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from liemchinh.petitions import selectors, staff_selectors
from liemchinh.petitions.models import Petition, PetitionExtension, PetitionMessage, PetitionSuspension

KINDS = ["feedback", "recommendation", "complaint", "denunciation", "harassment"]
STATUSES = [
    "received",
    "classified",
    "accepted",
    "investigating",
    "resolved",
    "published",
    "closed",
    "returned",
    "forwarded",
]
FIELDS = ["Đất đai", "Xây dựng", "Y tế", ""]
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def petitions(staff, org_tree):
    """240 petitions over 2025–2026 in four bodies, every kind, status and field, some resolved
    and rated, some with an extension, a suspension or a reply (the cases counted one by one)."""
    rng = random.Random(7)
    bodies = [org_tree[k] for k in ("inspectorate", "finance", "justice", "commune")]
    rows = []
    for i in range(240):
        received = dt.date(2025, 1, 2) + dt.timedelta(days=rng.randrange(0, 530))
        status = rng.choice(STATUSES)
        accepted = (
            received + dt.timedelta(days=rng.randrange(1, 12))
            if status in ("accepted", "investigating", "resolved", "published", "closed")
            else None
        )
        resolved = (
            accepted + dt.timedelta(days=rng.randrange(5, 70))
            if accepted and status in ("resolved", "published", "closed")
            else None
        )
        rows.append(
            Petition(
                kind=rng.choice(KINDS),
                channel=rng.choice(["web", "mail", "hotline"]),
                status=status,
                tracking_code=f"{5 * 10**15 + i}",
                secret_hash="-",
                content=f"Đơn {i}",
                field=rng.choice(FIELDS),
                anonymous=rng.random() < 0.2,
                several_places=rng.random() < 0.1,
                remote_area=rng.random() < 0.1,
                organization=rng.choice(bodies),
                received_by=org_tree["inspectorate"],
                received_on=received,
                classified_on=received if status != "received" else None,
                accepted_on=accepted,
                resolved_on=resolved,
                competent=None if status == "received" else status not in ("returned", "forwarded"),
                forwarded_on=received + dt.timedelta(days=3) if status == "forwarded" else None,
                satisfaction=rng.randint(1, 5) if resolved and rng.random() < 0.5 else None,
            )
        )
    Petition.objects.bulk_create(rows)
    open_cases = list(Petition.objects.filter(status__in=["accepted", "investigating"]).order_by("pk"))
    for p in open_cases[:6]:
        PetitionExtension.objects.create(
            petition=p, days=rng.choice([10, 30]), reason="Phức tạp.", decided_on=p.accepted_on
        )
    for p in open_cases[6:10]:
        PetitionSuspension.objects.create(
            petition=p,
            start=p.accepted_on + dt.timedelta(days=2),
            end=None if p.pk % 2 else p.accepted_on + dt.timedelta(days=20),
            reason="Chờ giám định.",
        )
    for p in Petition.objects.filter(status="received").order_by("pk")[:5]:
        PetitionMessage.objects.create(petition=p, direction="to_petitioner", body="Đã nhận đơn.")
    return Petition.objects.count()


def _straightforward(actor, date_from, date_to, today):
    """The numbers as first written: one query per table, the overdue count from every row's clock."""
    qs = selectors.petition_inbox(actor).order_by()
    if date_from:
        qs = qs.filter(received_on__gte=date_from)
    if date_to:
        qs = qs.filter(received_on__lte=date_to)
    counts = {
        "received": Count("pk"),
        "in_handling": Count("pk", filter=Q(status__in=["classified", "accepted", "investigating"])),
        "resolved": Count("pk", filter=Q(status__in=["resolved", "published", "closed"])),
    }
    duration = ExpressionWrapper(F("resolved_on") - F("received_on"), output_field=DurationField())
    avg = qs.filter(resolved_on__isnull=False).aggregate(avg=Avg(duration))["avg"]
    rows = staff_selectors._rows(
        list(qs.order_by("pk")), today=today, calendar=staff_selectors.working_calendar()
    )
    return {
        "totals": {**qs.aggregate(**counts), "overdue": sum(r.overdue for r in rows)},
        "by_kind": list(qs.values("kind").annotate(**counts).order_by("kind")),
        "by_field": list(qs.values("field").annotate(**counts).order_by("field")),
        "by_body": list(
            qs.values("organization_id", "organization__name")
            .annotate(**counts)
            .order_by("organization__name")
        ),
        "average_days": round(avg.total_seconds() / 86400, 1) if avg is not None else None,
    }


def _strip(rows):
    return [{k: v for k, v in r.items() if k != "label"} for r in rows]


@pytest.mark.parametrize("who", ["officer", "finance_head"])
@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        (None, None),
        (dt.date(2026, 1, 1), None),
        (dt.date(2025, 3, 1), dt.date(2025, 9, 30)),
        (dt.date(2030, 1, 1), None),
    ],
)
def test_dashboard_numbers_equal_a_straightforward_count(
    petitions, staff, monkeypatch, who, date_from, date_to
):
    monkeypatch.setattr(staff_selectors.timezone, "localdate", lambda: TODAY)
    actor = staff[who]
    expected = _straightforward(actor, date_from, date_to, TODAY)
    for _run in range(2):  # the second run answers the overdue count from the cached verdicts
        stats = staff_selectors.dashboard_stats(actor, date_from=date_from, date_to=date_to)
        assert stats["totals"] == expected["totals"]
        assert _strip(stats["by_kind"]) == expected["by_kind"]
        assert _strip(stats["by_field"]) == expected["by_field"]
        assert _strip(stats["by_body"]) == expected["by_body"]
        assert stats["average_days"] == expected["average_days"]
    if who == "officer" and date_from is None:
        assert stats["totals"]["received"] == petitions
        assert stats["totals"]["overdue"] > 0 and stats["average_days"] is not None
        assert len(stats["by_body"]) == 4 and len(stats["by_kind"]) == 5 and len(stats["by_field"]) == 4


def test_overdue_verdicts_follow_the_day_and_the_calendar(petitions, staff):
    from liemchinh.core.models import CalendarException

    qs = selectors.petition_inbox(staff["officer"])

    def by_rows(today):
        rows = staff_selectors._rows(
            list(qs.order_by("pk")), today=today, calendar=staff_selectors.working_calendar()
        )
        return sum(r.overdue for r in rows)

    for today in (dt.date(2025, 2, 1), dt.date(2025, 8, 1), TODAY, TODAY + dt.timedelta(days=1)):
        assert staff_selectors.overdue_count(qs, today=today) == by_rows(today)
    # A day off added to the calendar moves due dates: the cached verdicts are not reused.
    for day in range(1, 29):
        CalendarException.objects.create(date=dt.date(2026, 5, day), kind="day_off", name="Nghỉ")
    assert staff_selectors.overdue_count(qs, today=TODAY) == by_rows(TODAY)
