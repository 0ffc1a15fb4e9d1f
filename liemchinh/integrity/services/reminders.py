"""Reminders of the gift register and of position rotation, sent by the daily scheduled job
(gift_rotation_tasks.send_gift_rotation_reminders).

- A gift not handed over by its due day, or sold with the proceeds not paid to the budget by their
  due day: the body's focal points and head are told once per gift and kind of lateness.
- On the first day of each month, each body's head hears how many of its positions in posts that
  must rotate are over their period or due within the warning window (rules.ROTATION_WARNING_MONTHS),
  once per body and month.

Idempotent: what was already sent (same title and link) is not sent again, so running the job
twice on a day sends nothing more. Who may call: the system (scheduled job) or the inspectorate.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core.models import Notification, RoleAssignment
from liemchinh.core.permissions import SYSTEM, require_perm
from liemchinh.core.roles import Role
from liemchinh.core.services.notifications import notify
from liemchinh.integrity.models import GiftReport
from liemchinh.integrity.permissions import GIFTS_RECORD, ROTATION_MANAGE
from liemchinh.integrity.selectors import rotation as rotation_selectors

GIFT_CONTACT_ROLES = (Role.FOCAL_POINT, Role.UNIT_HEAD)
ROTATION_CONTACT_ROLES = (Role.UNIT_HEAD,)


def _contacts(org_ids, roles) -> dict[int, list]:
    contacts: dict[int, list] = defaultdict(list)
    for pair in (
        RoleAssignment.objects.filter(
            organization_id__in=list(org_ids), role__in=[str(r) for r in roles], user__is_active=True
        )
        .select_related("user")
        .order_by("organization_id", "user_id")
    ):
        if pair.user not in contacts[pair.organization_id]:
            contacts[pair.organization_id].append(pair.user)
    return contacts


def _already_sent(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    if not pairs:
        return set()
    urls = {url for url, _title in pairs}
    return {
        (url, title)
        for url, title in Notification.objects.filter(url__in=urls).values_list("url", "title")
        if (url, title) in pairs
    }


def gift_reminders_run(*, actor=SYSTEM, today: dt.date | None = None) -> dict:
    """Tell bodies about gifts whose hand-over or proceeds are late (once per gift and kind)."""
    today = today or timezone.localdate()
    require_perm(actor, GIFTS_RECORD)
    late = GiftReport.objects.filter(
        Q(handed_over_on__isnull=True, handover_due_on__lt=today)
        | Q(proceeds_paid_on__isnull=True, proceeds_due_on__lt=today)
    ).values_list(
        "pk",
        "organization_id",
        "register_no",
        "register_year",
        "recipient_name",
        "handed_over_on",
        "handover_due_on",
        "proceeds_due_on",
    )
    messages = []
    for pk, org_id, no, year, recipient, handed_over_on, handover_due, proceeds_due in late:
        url = reverse("integrity:gift", args=[pk])
        if handed_over_on is None:
            title = _("Quà tặng số %(no)s/%(year)s (%(name)s) chưa được nộp lại, hạn %(due)s") % {
                "no": no,
                "year": year,
                "name": recipient,
                "due": handover_due.strftime("%d/%m/%Y"),
            }
        else:
            title = _("Tiền bán quà tặng số %(no)s/%(year)s chưa nộp ngân sách, hạn %(due)s") % {
                "no": no,
                "year": year,
                "due": proceeds_due.strftime("%d/%m/%Y"),
            }
        messages.append((org_id, url, title[:255]))
    sent = _already_sent({(url, title) for _org, url, title in messages})
    contacts = _contacts({org for org, _url, _title in messages}, GIFT_CONTACT_ROLES)
    count = 0
    with transaction.atomic():
        for org_id, url, title in messages:
            if (url, title) in sent or not contacts.get(org_id):
                continue
            count += len(
                notify(recipients=contacts[org_id], title=title, url=url, kind="warning", email=True)
            )
    return {"late_gifts": len(messages), "notifications": count}


def rotation_reminders_run(*, actor=SYSTEM, today: dt.date | None = None, force: bool = False) -> dict:
    """On the first day of a month (or when forced), tell each body's head how many of its
    positions are over their rotation period or due soon."""
    today = today or timezone.localdate()
    require_perm(actor, ROTATION_MANAGE)
    if today.day != 1 and not force:
        return {"bodies": 0, "notifications": 0}
    positions = rotation_selectors.rotation_positions(SYSTEM, as_of=today).filter(
        body__organization__isnull=False
    )
    per_org = (
        positions.order_by()
        .values("body__organization_id")
        .annotate(
            overdue=Count("pk", filter=Q(rotation_state=rotation_selectors.OVERDUE)),
            due_soon=Count("pk", filter=Q(rotation_state=rotation_selectors.DUE_SOON)),
        )
    )
    rows = [
        (r["body__organization_id"], r["overdue"], r["due_soon"])
        for r in per_org
        if r["overdue"] or r["due_soon"]
    ]
    url = reverse("integrity:rotation") + "?state=flagged"
    messages = [
        (
            org_id,
            _("Tháng %(month)s: %(overdue)s vị trí quá thời hạn chuyển đổi, %(due)s vị trí sắp đến hạn")
            % {"month": today.strftime("%m/%Y"), "overdue": overdue, "due": due_soon},
        )
        for org_id, overdue, due_soon in rows
    ]
    contacts = _contacts({org for org, _title in messages}, ROTATION_CONTACT_ROLES)
    sent = {
        (recipient, title)
        for recipient, title in Notification.objects.filter(
            url=url, title__in=[t for _o, t in messages]
        ).values_list("recipient_id", "title")
    }
    count = 0
    with transaction.atomic():
        for org_id, title in messages:
            users = [u for u in contacts.get(org_id, []) if (u.pk, title) not in sent]
            if users:
                count += len(notify(recipients=users, title=title, url=url, kind="warning", email=True))
    return {"bodies": len(messages), "notifications": count}
