"""Reads of the staff pages that the domain selectors do not offer: the filtered inbox with
"next page" (keyset) pagination, the clock of the rows shown, dashboard aggregates and the public
statistics with small counts suppressed. Every staff read starts from selectors.petition_inbox,
so it is scoped to the actor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import Count, Func, IntegerField, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liemchinh.core.selectors.calendar import working_calendar
from liemchinh.petitions import rules, selectors
from liemchinh.petitions.models import Petition

PAGE_SIZE = 50
# The overdue filter needs each case's clock (computed in Python from rules.py): a page request
# examines at most this many candidate rows and offers to continue from where it stopped.
OVERDUE_SCAN_LIMIT = 5000
_SCAN_CHUNK = 500

# The step whose due date a list shows, by status (the next thing the body owes the petitioner).
_NEXT_STEP = {
    rules.Status.RECEIVED: (rules.STEP_CLASSIFY, rules.STEP_ACCEPT),
    rules.Status.CLASSIFIED: (rules.STEP_ACCEPT,),
    rules.Status.ACCEPTED: (rules.STEP_RESOLVE,),
    rules.Status.INVESTIGATING: (rules.STEP_RESOLVE,),
    rules.Status.RESOLVED: (rules.STEP_PUBLISH,),
}
STEP_LABELS = {
    rules.STEP_CLASSIFY: _("Vào sổ, phân loại đơn"),
    rules.STEP_FORWARD: _("Chuyển đơn đến cơ quan có thẩm quyền"),
    rules.STEP_ACCEPT: _("Thụ lý"),
    rules.STEP_NOTIFY_ACCEPT: _("Thông báo thụ lý"),
    rules.STEP_RESOLVE: _("Giải quyết"),
    rules.STEP_REPLY: _("Trả lời người gửi đơn"),
    rules.STEP_PUBLISH: _("Công khai kết luận"),
    rules.STEP_PRESS_RESULT: _("Báo kết quả cho cơ quan, báo chí chuyển đơn"),
}
_CLOCK_STATUSES = [s.value for s in rules.OPEN_STATUSES] + [rules.Status.RESOLVED.value]


@dataclass
class InboxFilters:
    kind: str = ""
    status: str = ""
    field: str = ""
    body: int | None = None
    overdue: bool = False
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    text: str = ""


def inbox_queryset(actor, filters: InboxFilters) -> QuerySet[Petition]:
    """The actor's petitions matching the filters, newest recorded first (ordered by the primary
    key, so every page is an index range scan). Only the columns lists show are loaded."""
    qs = selectors.petition_inbox(actor, status=filters.status or None, kind=filters.kind or None)
    if filters.field:
        qs = qs.filter(field__icontains=filters.field)
    if filters.body:
        qs = qs.filter(organization_id=filters.body)
    if filters.received_from:
        qs = qs.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_on__lte=filters.received_to)
    if filters.text:
        qs = qs.filter(content__icontains=filters.text)
    if filters.overdue:
        qs = qs.filter(status__in=_CLOCK_STATUSES, received_on__lt=timezone.localdate())
    return qs.only(
        "pk", "kind", "field", "status", "tracking_code", "received_on", "accepted_on", "resolved_on", "channel",
        "several_places", "remote_area", "anonymous", "forwarded_on", "competent",
        "organization__id", "organization__name", "organization__short_name",
        "handler__id", "handler__username", "handler__full_name",
    ).order_by("-pk")


@dataclass
class InboxRow:
    petition: Petition
    due_on: dt.date | None = None
    days_left: int | None = None
    overdue_steps: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return bool(self.overdue_steps)


def _done_steps(petition: Petition, replied: set[int]) -> set[str]:
    done = set()
    if petition.forwarded_on or petition.competent:
        done.add(rules.STEP_FORWARD)
    if petition.pk in replied or petition.status in (rules.Status.FORWARDED, rules.Status.RETURNED,
                                                     rules.Status.ACCEPTED):
        done.add(rules.STEP_REPLY)
    return done


def _rows(petitions: list[Petition], *, today: dt.date, calendar) -> list[InboxRow]:
    """The clock of each petition (extensions, suspensions and replies loaded in three queries)."""
    ids = [p.pk for p in petitions if p.status in _CLOCK_STATUSES and p.pk is not None]
    ext: dict[int, list[int]] = {}
    sus: dict[int, list[rules.Suspension]] = {}
    replied: set[int] = set()
    if ids:
        from liemchinh.petitions.models import PetitionExtension, PetitionMessage, PetitionSuspension

        for pid, days in PetitionExtension.objects.filter(petition_id__in=ids).order_by("pk").values_list(
                "petition_id", "days"):
            ext.setdefault(pid, []).append(days)
        for pid, start, end in PetitionSuspension.objects.filter(petition_id__in=ids).values_list(
                "petition_id", "start", "end"):
            sus.setdefault(pid, []).append(rules.Suspension(start, end))
        replied = set(PetitionMessage.objects.filter(petition_id__in=ids, direction="to_petitioner")
                      .values_list("petition_id", flat=True).distinct())
    rows = []
    for p in petitions:
        row = InboxRow(p)
        if p.status in _CLOCK_STATUSES:
            facts = rules.CaseFacts(
                kind=p.kind, received_on=p.received_on, channel=p.channel, accepted_on=p.accepted_on,
                resolved_on=p.resolved_on, several_places=p.several_places, remote_area=p.remote_area,
                anonymous=p.anonymous, extensions=tuple(ext.get(p.pk, ())), suspensions=tuple(sus.get(p.pk, ())))
            clock = rules.compute_clock(facts, calendar=calendar, today=today)
            row.overdue_steps = rules.overdue_steps(clock, status=p.status, today=today,
                                                    done_steps=_done_steps(p, replied))
            for step in _NEXT_STEP.get(rules.Status(p.status), ()):
                if clock.on(step):
                    row.due_on = clock.on(step)
                    row.days_left = (row.due_on - today).days
                    break
        rows.append(row)
    return rows


@dataclass
class InboxPage:
    rows: list[InboxRow]
    next_after: int | None  # the pk to continue after; None on the last page
    scanned_out: bool = False  # the overdue scan stopped at its limit before filling the page


def inbox_page(actor, filters: InboxFilters, *, after: int | None = None, size: int = PAGE_SIZE,
               today: dt.date | None = None) -> InboxPage:
    """One page of the inbox after the row `after` (keyset pagination: no COUNT, no OFFSET)."""
    today = today or timezone.localdate()
    calendar = working_calendar()
    qs = inbox_queryset(actor, filters)
    if after:
        qs = qs.filter(pk__lt=after)
    if not filters.overdue:
        petitions = list(qs.select_related("organization", "handler")[:size + 1])
        more = len(petitions) > size
        petitions = petitions[:size]
        return InboxPage(_rows(petitions, today=today, calendar=calendar),
                         petitions[-1].pk if more and petitions else None)
    found: list[InboxRow] = []
    scanned = 0
    last = after
    while scanned < OVERDUE_SCAN_LIMIT:
        chunk_qs = qs.filter(pk__lt=last) if last else qs
        chunk = list(chunk_qs.select_related("organization", "handler")[:_SCAN_CHUNK])
        if not chunk:
            return InboxPage(found, None)
        for row in _rows(chunk, today=today, calendar=calendar):
            last = row.petition.pk
            if row.overdue:
                found.append(row)
                if len(found) == size:
                    return InboxPage(found, last)
        scanned += len(chunk)
        if len(chunk) < _SCAN_CHUNK:
            return InboxPage(found, None)
    return InboxPage(found, last, scanned_out=True)


def inbox_export_rows(actor, filters: InboxFilters, *, limit: int = 100_000) -> list[InboxRow]:
    """Every row of the filtered list (up to `limit`) with its clock, for the Excel export."""
    today = timezone.localdate()
    calendar = working_calendar()
    rows: list[InboxRow] = []
    after = None
    qs = inbox_queryset(actor, filters).select_related("organization", "handler")
    while len(rows) < limit:
        chunk = list((qs.filter(pk__lt=after) if after else qs)[:2000])
        if not chunk:
            break
        after = chunk[-1].pk
        for row in _rows(chunk, today=today, calendar=calendar):
            if not filters.overdue or row.overdue:
                rows.append(row)
    return rows[:limit]


def case_clock(petition: Petition, *, today: dt.date | None = None) -> dict:
    """The legal clock of a case for its page: due dates by step, extensions used and allowed,
    overdue steps."""
    today = today or timezone.localdate()
    clock = selectors.petition_clock(petition, today=today)
    replied = set(petition.messages.filter(direction="to_petitioner").values_list("petition_id", flat=True)[:1])
    late = rules.overdue_steps(clock, status=petition.status, today=today,
                               done_steps=_done_steps(petition, replied))
    ext_rule = rules.extension_rule_for(petition.kind, petition.accepted_on or petition.received_on)
    allowed = None
    if ext_rule is not None:
        allowed = ext_rule.max_by_complexity.get(rules.Complexity(petition.complexity), 0)
    return {
        "clock": clock,
        "steps": [{"step": step, "label": STEP_LABELS.get(step, step), "due": due, "overdue": step in late, "days_left": (due.on - today).days}
                  for step, due in clock.due.items()],
        "overdue": late,
        "extensions_used": petition.extensions.count(),
        "extension_rule": ext_rule,
        "extensions_allowed": allowed,
    }


# --- dashboards -------------------------------------------------------------------------------

def _period_qs(actor, *, date_from: dt.date | None, date_to: dt.date | None) -> QuerySet[Petition]:
    qs = selectors.petition_inbox(actor).order_by()
    if date_from:
        qs = qs.filter(received_on__gte=date_from)
    if date_to:
        qs = qs.filter(received_on__lte=date_to)
    return qs


_IN_HANDLING = [rules.Status.CLASSIFIED, rules.Status.ACCEPTED, rules.Status.INVESTIGATING]
_RESOLVED = [rules.Status.RESOLVED, rules.Status.PUBLISHED, rules.Status.CLOSED]


def _counts():
    return {
        "received": Count("pk"),
        "in_handling": Count("pk", filter=Q(status__in=_IN_HANDLING)),
        "resolved": Count("pk", filter=Q(status__in=_RESOLVED)),
    }


def _dashboard_qs(actor, *, date_from: dt.date | None, date_to: dt.date | None) -> QuerySet[Petition]:
    """The petitions of _period_qs, with the actor's scope given as the list of its bodies rather
    than a join on their paths: the database then answers from petition_dashboard_idx alone."""
    from liemchinh.core.models import Organization
    from liemchinh.core.permissions import org_scope_q, require_perm
    from liemchinh.petitions.permissions import INBOX_VIEW

    require_perm(actor, INBOX_VIEW)
    qs = Petition.objects.order_by()
    scope = org_scope_q(actor, INBOX_VIEW)
    if scope:  # Q() means every body
        qs = qs.filter(organization_id__in=list(Organization.objects.filter(scope).values_list("pk", flat=True)))
    if date_from:
        qs = qs.filter(received_on__gte=date_from)
    if date_to:
        qs = qs.filter(received_on__lte=date_to)
    return qs


class _DaysBetween(Func):
    """Whole days from the second date to the first, in the database's own arithmetic (SQLite:
    julianday, not Django's Python function for durations, which is called once per row)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)",
                           arg_joiner=") - julianday(", **extra_context)


def _dashboard_cells(actor, *, date_from: dt.date | None, date_to: dt.date | None) -> list[dict]:
    """The period's petitions in the actor's scope in ONE grouped pass, by (body, kind, field): the
    counts received / in handling / resolved and the handling days of the resolved ones. Every
    table of the dashboard is a roll-up of these cells (at most bodies × kinds × fields rows),
    instead of one scan of the petitions per table. The index petition_dashboard_idx covers the
    columns read, so the pass reads the index only (PostgreSQL: index-only scan; SQLite: covering
    index)."""
    from django.db.models import Sum

    qs = _dashboard_qs(actor, date_from=date_from, date_to=date_to)
    return list(qs.values("organization_id", "kind", "field").annotate(
        received=Count("*"),
        in_handling=Count("received_on", filter=Q(status__in=_IN_HANDLING)),
        resolved=Count("received_on", filter=Q(status__in=_RESOLVED)),
        dated=Count("resolved_on"),
        days=Sum(_DaysBetween("resolved_on", "received_on"), filter=Q(resolved_on__isnull=False)),
    ).order_by())


def _roll_up(cells: list[dict], key) -> dict:
    out: dict = {}
    for cell in cells:
        row = out.setdefault(key(cell), {"received": 0, "in_handling": 0, "resolved": 0})
        for name in ("received", "in_handling", "resolved"):
            row[name] += cell[name]
    return out


def dashboard_stats(actor, *, date_from: dt.date | None = None, date_to: dt.date | None = None) -> dict:
    """Counts received / in handling / resolved by kind, field and body, the number overdue, the
    average handling time (days from receipt to resolution) and satisfaction per body."""
    from liemchinh.core.models import Organization

    cells = _dashboard_cells(actor, date_from=date_from, date_to=date_to)
    totals = _roll_up(cells, lambda c: None).get(None, {"received": 0, "in_handling": 0, "resolved": 0})
    by_kind = [{"kind": kind, **row, "label": rules.KIND_LABELS[rules.Kind(kind)]}
               for kind, row in sorted(_roll_up(cells, lambda c: c["kind"]).items())]
    by_field = [{"field": name, **row, "label": name or "—"}
                for name, row in sorted(_roll_up(cells, lambda c: c["field"]).items())]
    bodies = _roll_up(cells, lambda c: c["organization_id"])
    names = dict(Organization.objects.filter(pk__in=list(bodies)).values_list("pk", "name"))
    by_body = [{"organization_id": pk, "organization__name": names[pk], **row, "label": names[pk]}
               for pk, row in sorted(bodies.items(), key=lambda item: (names[item[0]], item[0]))]
    dated = sum(c["dated"] for c in cells)
    days = sum(c["days"] for c in cells if c["days"] is not None)
    totals["overdue"] = overdue_count(_dashboard_qs(actor, date_from=date_from, date_to=date_to))
    return {
        "totals": totals,
        "by_kind": by_kind,
        "by_field": by_field,
        "by_body": by_body,
        "average_days": round(days / dated, 1) if dated else None,
        "satisfaction": selectors.satisfaction_by_body(actor, since=date_from),
    }


_FACTS = ("kind", "status", "channel", "received_on", "accepted_on", "resolved_on", "several_places",
          "remote_area", "anonymous", "competent", "forwarded_on")


class _Facts:
    """A stand-in petition built from one group of identical clock facts."""

    def __init__(self, row: dict) -> None:
        self.pk = None
        for name in _FACTS:
            setattr(self, name, row[name])


# Whether a case without extensions, suspensions or replies is overdue depends only on its facts
# (_FACTS), today and the working calendar: the verdict of each combination of facts is kept for
# the process, for the day and the calendar it was computed with (the clock's rules are code).
_VERDICT_CACHE: dict = {"key": None, "verdicts": {}}
_VERDICT_CACHE_MAX = 500_000


def _verdicts(today: dt.date, calendar) -> dict:
    key = (today, tuple(sorted(calendar.exceptions.items())))
    if _VERDICT_CACHE["key"] != key or len(_VERDICT_CACHE["verdicts"]) > _VERDICT_CACHE_MAX:
        _VERDICT_CACHE.update(key=key, verdicts={})
    return _VERDICT_CACHE["verdicts"]


# In a fixed order (OPEN_STATUSES is a set), so that the query's text is the same in every process.
_CLOCK_STATUS_LIST = sorted(_CLOCK_STATUSES)


def _verdict(verdicts: dict, facts: tuple, *, today: dt.date, calendar) -> bool:
    """Whether a case with these facts (as the database returns them, or as Python values) is
    overdue, computed once per combination."""
    late = verdicts.get(facts)
    if late is None:
        fields = [Petition._meta.get_field(name) for name in _FACTS]
        values = {f.name: f.to_python(v) for f, v in zip(fields, facts, strict=True)}
        late = verdicts[facts] = _rows([_Facts(values)], today=today, calendar=calendar)[0].overdue
    return late


def overdue_count(qs: QuerySet[Petition], *, today: dt.date | None = None) -> int:
    """How many petitions of `qs` are overdue, set-based: the clock depends only on a few facts,
    so the open cases are grouped by those facts in SQL (read from the covering index
    petition_clock_facts_idx) and each group's verdict is computed once (and kept, _verdicts).
    Cases with an extension, a suspension or a reply have a clock of their own: each is taken out
    of its group's count and computed one by one."""
    from liemchinh.petitions.models import PetitionExtension, PetitionMessage, PetitionSuspension

    today = today or timezone.localdate()
    calendar = working_calendar()
    candidates = qs.filter(status__in=_CLOCK_STATUS_LIST, received_on__lt=today).order_by()
    special = (Q(pk__in=PetitionExtension.objects.values("petition_id"))
               | Q(pk__in=PetitionSuspension.objects.values("petition_id"))
               | Q(pk__in=PetitionMessage.objects.filter(direction="to_petitioner").values("petition_id")))
    total = 0
    verdicts = _verdicts(today, calendar)
    # The groups are read with a plain cursor: with the verdicts cached, converting every group's
    # dates and booleans to Python would cost more than the rest of the count.
    sql, params = candidates.values_list(*_FACTS).annotate(n=Count("*")).order_by().query.sql_with_params()
    with connections[candidates.db].cursor() as cursor:
        cursor.execute(sql, params)
        groups = cursor.fetchall()
    for row in groups:
        if _verdict(verdicts, tuple(row[:-1]), today=today, calendar=calendar):
            total += row[-1]
    one_by_one = list(candidates.filter(special).select_related(None).only("pk", *_FACTS))
    for start in range(0, len(one_by_one), 500):
        chunk = one_by_one[start:start + 500]
        for petition, row in zip(chunk, _rows(chunk, today=today, calendar=calendar), strict=True):
            grouped = _verdict(verdicts, tuple(getattr(petition, f) for f in _FACTS), today=today,
                               calendar=calendar)
            total += int(row.overdue) - int(grouped)
    return total


# --- public statistics ------------------------------------------------------------------------

def _suppress(n: int, minimum: int) -> int | str:
    return n if n >= minimum else f"<{minimum}"


def public_statistics(year: int) -> dict:
    """The portal's yearly statistics of every body (no actor: public). A cell below
    settings.PETITIONS_PUBLIC_MIN_COUNT (default 5) is shown as "<5" so that no petitioner can be
    singled out from a small count; totals are suppressed the same way."""
    minimum = int(getattr(settings, "PETITIONS_PUBLIC_MIN_COUNT", 5))
    qs = Petition.objects.filter(received_on__year=year).exclude(status=rules.Status.MERGED).order_by()

    def cells(row: dict) -> dict:
        return {k: _suppress(row[k], minimum) for k in ("received", "in_handling", "resolved")}

    totals = qs.aggregate(**_counts())
    return {
        "year": year,
        "minimum": minimum,
        "totals": cells(totals),
        "by_kind": [{"label": str(rules.KIND_LABELS[rules.Kind(r["kind"])]), **cells(r)}
                    for r in qs.values("kind").annotate(**_counts()).order_by("kind")],
        "by_field": [{"label": r["field"] or "—", **cells(r)}
                     for r in qs.values("field").annotate(**_counts()).order_by("field")],
        "by_body": [{"label": r["organization__name"], **cells(r)}
                    for r in qs.values("organization__name").annotate(**_counts()).order_by("organization__name")],
    }


def handler_candidates(actor, petition: Petition) -> QuerySet:
    """People holding a role with petitions.handle on the case's body or a body above it (the
    service still refuses anyone with a conflict of interest, with its reason)."""
    from django.contrib.auth import get_user_model

    from liemchinh.core.permissions import require_perm, roles_granting
    from liemchinh.petitions.permissions import HANDLE

    require_perm(actor, HANDLE, petition.organization_id)
    ancestors = [int(x) for x in petition.organization.path.strip("/").split("/") if x]
    return (get_user_model().objects.filter(
        is_active=True, role_assignments__role__in=roles_granting(HANDLE),
        role_assignments__organization_id__in=ancestors or [petition.organization_id])
        .distinct().order_by("full_name", "username"))


ACTION_LABELS = {
    "petition.submit": _("Tiếp nhận đơn"), "petition.classify": _("Phân loại"), "petition.accept": _("Thụ lý"),
    "petition.forward": _("Chuyển đơn"), "petition.receive_forwarded": _("Tiếp nhận đơn được chuyển đến"),
    "petition.return": _("Trả lại đơn"), "petition.extend": _("Gia hạn"),
    "petition.suspend": _("Tạm đình chỉ"), "petition.resume": _("Tiếp tục giải quyết"),
    "petition.assign_handler": _("Giao người xử lý"), "petition.exclude_handler": _("Loại khỏi danh sách xử lý"),
    "petition.resolve": _("Ghi kết quả giải quyết"), "petition.publish": _("Công khai kết quả"),
    "petition.close": _("Kết thúc vụ việc"), "petition.merge": _("Gộp đơn"), "petition.message": _("Tin nhắn"),
    "petition.rate": _("Người gửi đánh giá kết quả"), "petition.retention_purge": _("Xóa dữ liệu cá nhân hết hạn lưu"),
}


def case_history(actor, petition: Petition) -> QuerySet:
    """The audit trail of a case (status changes and actions), without the identity reveals,
    which only the reveal log shows."""
    from liemchinh.core.models import AuditEvent

    selectors.petition_get(actor, petition.pk)  # scoped: raises DoesNotExist outside the inbox
    return (AuditEvent.objects.filter(object_type=Petition._meta.label_lower, object_id=str(petition.pk))
            .exclude(action__startswith="petition.identity").select_related("actor").order_by("at", "id"))
