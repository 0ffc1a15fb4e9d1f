"""The demo's plans: each seed plan read by the document reader, its tasks imported, the plan put
into force, and its assignments carried to the stages a province sees in practice — done, in
progress, a progress report awaiting the head's approval, late ones and one chase (đôn đốc).

Everything goes through the plans services with the demo people (or SYSTEM for bodies that have
no demo user), so the demo obeys the same rules as real work. Idempotent: a plan is built only for
a document that has none yet, an assignment that already has a progress report is left alone and
a chase is sent only once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

# Names the reader finds in the seeds that the demo registry does not know, mapped to the nearest
# demo body or group (folded text contained in the name → body or group code). A name may match
# several rules: the first target is the lead, the others partner. Targets not valid on the plan's
# date are skipped; a name left without a target is dropped (and the task with it when it led).
NAME_RULES: list[tuple[str, str]] = [
    ("so, ban, nganh", "SO-BAN-NGANH"),
    ("cac so", "SO-BAN-NGANH"),
    ("cap huyen", "UBND-XA-PHUONG"),  # the districts' work passed to the communes on 01/7/2025
    ("cac huyen", "UBND-XA-PHUONG"),
    ("cap xa", "UBND-XA-PHUONG"),
    ("don vi su nghiep cong lap", "DVSNCL"),
    ("doanh nghiep nha nuoc", "DNNN"),
    ("mat tran to quoc", "T-MTTQ"),
    ("thanh tra tinh", "T-TTR"),
    ("noi vu", "T-SNV"),
]

DEMO_SECTION_HEAD = "T-STC"  # the body whose focal point and head are demo people
OTHERS_PER_PLAN = 15


@dataclass
class DemoPlanCounts:
    plans: int = 0
    tasks: int = 0
    dropped: int = 0
    updates: int = 0
    chases: int = 0


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _user(username: str):
    from liemchinh.core.models import User

    return User.objects.get(username__iexact=username)


class _Mapper:
    """Resolves the reader's names as the import will (on the plan's date), falling back to
    NAME_RULES; records what it could not place."""

    def __init__(self, on: dt.date | None) -> None:
        from liemchinh.core.selectors.orgs import NameIndex

        self.day = on or timezone.localdate()
        self.index = NameIndex(on)
        self.notes: list[str] = []

    def _valid(self, target) -> bool:
        from liemchinh.core.models import Organization
        from liemchinh.core.selectors.orgs import active_on_q, group_members

        if isinstance(target, Organization):
            return Organization.objects.filter(pk=target.pk).filter(active_on_q(self.day)).exists()
        return group_members(target, self.day).exists()

    def _label(self, target) -> str:
        """A label the import resolves back to `target`: its code, else its name."""
        for label in (target.code, target.name):
            if self.index.resolve(label) == target:
                return label
        return target.name

    def targets(self, name: str, *, note: bool = True) -> list[str]:
        """Labels the import resolves, for one name of the reader's output (possibly empty)."""
        from liemchinh.core.models import Organization, OrgGroup
        from liemchinh.core.text import fold

        found = self.index.resolve(name)
        if found is not None:
            return [self._label(found)]
        key = fold(name)
        result, seen = [], set()
        for needle, code in NAME_RULES:
            if needle not in key or code in seen:
                continue
            seen.add(code)
            target = (OrgGroup.objects.filter(code=code).first()
                      or Organization.objects.filter(code=code).first())
            if target is not None and self._valid(target):
                result.append(self._label(target))
        if note and result:
            self.notes.append(f"“{name}” → {', '.join(result)}")
        elif note:
            self.notes.append(f"“{name}”: không có cơ quan hoặc nhóm tương ứng vào ngày ban hành "
                              "trong dữ liệu dùng thử, bỏ qua")
        return result


def _plan_years(title: str, issued_on: dt.date | None, tasks: list[dict]) -> tuple[int | None, int | None]:
    dues = sorted(t["due_on"] for t in tasks if t.get("due_on"))
    year_from = issued_on.year if issued_on else (int(dues[0][:4]) if dues else None)
    match = re.search(r"đến năm (\d{4})", title or "")
    year_to = int(match.group(1)) if match and year_from and 0 <= int(match.group(1)) - year_from <= 10 else None
    return year_from, year_to


def _import_rows(extracted: dict, recipients: list[str], mapper: _Mapper) -> tuple[list[dict], int]:
    """The reader's tasks with every name replaced by a label the import resolves. A task with no
    lead goes to the document's recipients (the first that resolves leads, the others partner)."""
    recipient_labels: list[str] = []
    if any(not task.get("lead") for task in extracted["tasks"]):
        for name in recipients:
            for label in mapper.targets(name, note=False):
                if label not in recipient_labels:
                    recipient_labels.append(label)
    rows, dropped = [], 0
    for position, task in enumerate(extracted["tasks"], start=1):
        if task.get("lead"):
            leads = mapper.targets(task["lead"])
        else:
            leads = list(recipient_labels)
            mapper.notes.append(f"nhiệm vụ {position} không nêu cơ quan chủ trì: giao cho nơi nhận "
                                f"({', '.join(leads) or '—'})")
        if not leads:
            dropped += 1
            mapper.notes.append(f"nhiệm vụ {position} bỏ qua (không xác định được cơ quan chủ trì)")
            continue
        partners = []
        for name in [*leads[1:], *(task.get("partners") or [])]:
            for label in mapper.targets(name) if name not in leads else [name]:
                if label != leads[0] and label not in partners:
                    partners.append(label)
        rows.append({"text": task["text"], "ordinal": task.get("ordinal") or str(position), "lead": leads[0],
                     "partners": partners, "due_on": task.get("due_on"), "recurrence": task.get("recurrence")})
    return rows, dropped


def _build_plan(actor, entry: dict, document, stdout, counts: DemoPlanCounts):
    from liemchinh.core.models import Organization
    from liemchinh.demo import PROVINCE_CODE, SEEDS_DIR
    from liemchinh.documents.extraction import extract_text
    from liemchinh.plans.services import plan_activate, plan_create, plan_tasks_import

    extracted = extract_text((SEEDS_DIR / entry["file"]).read_text(encoding="utf-8"))
    issued_on = document.issued_on
    year_from, year_to = _plan_years(document.title, issued_on, extracted["tasks"])
    mapper = _Mapper(issued_on)
    rows, dropped = _import_rows(extracted, document.recipients or extracted.get("recipients") or [], mapper)
    plan = plan_create(actor=actor, title=document.title, issuer=Organization.objects.get(code=PROVINCE_CODE),
                       document=document, issued_on=issued_on, year_from=year_from, year_to=year_to)
    tasks = plan_tasks_import(actor=actor, plan=plan, tasks=rows)
    plan_activate(actor=actor, plan=plan)
    counts.plans += 1
    counts.tasks += len(tasks)
    counts.dropped += dropped
    label = document.number or f"“{document.title}”"
    _say(stdout, f"  Kế hoạch {label}: {len(tasks)} nhiệm vụ.")
    for note in dict.fromkeys(mapper.notes):
        _say(stdout, f"    ghi chú: {note}")
    return plan


def _post(actor, assignment, *, percent: int, status: str, text: str):
    from liemchinh.plans.services import assignment_progress_post

    return assignment_progress_post(actor=actor, assignment=assignment, text=text, percent=percent,
                                    proposed_status=status)


def _approve(actor, update, comment: str = "") -> None:
    from liemchinh.plans.services import progress_approve

    progress_approve(actor=actor, update=update, comment=comment)


def _stages(plans, counts: DemoPlanCounts) -> None:
    """Carry a share of the assignments through the stages. Assignments are taken in a fixed order
    and any that already has a progress report is left as it is."""
    from liemchinh.core.permissions import SYSTEM
    from liemchinh.plans.models import Assignment, AssignmentRole, AssignmentStatus, PlanStatus

    today = timezone.localdate()
    live = (Assignment.objects.filter(task__plan__in=plans, task__plan__status=PlanStatus.ACTIVE)
            .select_related("organization", "task")
            .order_by("task__plan_id", "task__position", "organization__code", "period_year", "period_kind", "pk"))

    def step(actor, assignment, *, percent, status, text, approver=None, comment=""):
        update = _post(actor, assignment, percent=percent, status=status, text=text)
        counts.updates += 1
        if approver is not None:
            _approve(approver, update, comment)

    # Sở Tài chính: its focal point reports, its director approves.
    body = list(live.filter(organization__code=DEMO_SECTION_HEAD))
    if body and not any(a.progress_updates.exists() for a in body):
        focal, head = _user("focal_so_tai_chinh"), _user("head_so_tai_chinh")
        chosen: list = []

        def pick(test):
            match = next((a for a in body if a not in chosen and test(a)), None) or next(
                (a for a in body if a not in chosen), None)
            if match is not None:
                chosen.append(match)
            return match

        done = pick(lambda a: a.period_kind and a.due_on and a.due_on < today)
        going = pick(lambda a: a.task.lead_org_id == a.organization_id and not a.period_kind)
        waiting = pick(lambda a: not a.period_kind and a.due_on and a.due_on < today)
        if done is not None:
            step(focal, done, percent=100, status=AssignmentStatus.DONE,
                 text="Sở đã ban hành kế hoạch triển khai thực hiện và gửi về Thanh tra tỉnh theo đúng thời hạn.",
                 approver=head, comment="Đồng ý, hoàn thành đúng nội dung yêu cầu.")
        if going is not None:
            step(focal, going, percent=60, status=AssignmentStatus.IN_PROGRESS,
                 text="Đã kiểm tra việc thực hiện chế độ, định mức, tiêu chuẩn tại 6/10 đơn vị; đang tổng hợp kết quả.",
                 approver=head)
        if waiting is not None:
            step(focal, waiting, percent=100, status=AssignmentStatus.DONE,
                 text="Đã gửi hồ sơ, tài liệu minh chứng theo Bộ chỉ số về Tổ công tác đánh giá của tỉnh.")

    # The commune of Tân Biên: its focal point reports; there is no demo head, so it waits.
    if not live.filter(organization__code="X-TANBIEN", progress_updates__isnull=False).exists():
        commune = live.filter(organization__code="X-TANBIEN", due_on__isnull=False).first()
        if commune is not None:
            step(_user("focal_xa_tan_bien"), commune, percent=80, status=AssignmentStatus.IN_PROGRESS,
                 text="UBND xã đã xây dựng dự thảo kế hoạch, đang trình Chủ tịch UBND xã ký ban hành.")

    # Bodies without a demo person: the operator records a share of their reported work, so the
    # province's overview shows realistic figures: of the first lead shares already due in each
    # plan, one in three done and one in three half-way; the rest stay late.
    for plan in plans:
        due = list(live.filter(task__plan=plan, role=AssignmentRole.LEAD, due_on__lt=today)
                   .exclude(organization__code__in=[DEMO_SECTION_HEAD, "X-TANBIEN"])[:OTHERS_PER_PLAN])
        for i, assignment in enumerate(due):
            if assignment.progress_updates.exists():
                continue
            if i % 3 == 0:
                step(SYSTEM, assignment, percent=100, status=AssignmentStatus.DONE,
                     text="Đơn vị đã hoàn thành và gửi báo cáo kết quả về Thanh tra tỉnh.", approver=SYSTEM)
            elif i % 3 == 1:
                step(SYSTEM, assignment, percent=50, status=AssignmentStatus.IN_PROGRESS,
                     text="Đơn vị đang triển khai, đã hoàn thành một phần nội dung.", approver=SYSTEM)


def _chase(plans, counts: DemoPlanCounts) -> None:
    """One chase from the inspectorate officer to the late bodies of the task with the most late
    bodies still in existence (so the chase reaches people of today's province)."""
    from django.db.models import Count

    from liemchinh.core.selectors.orgs import active_on_q
    from liemchinh.plans.models import AssignmentStatus, ChaseMessage, Task
    from liemchinh.plans.services import chase_send

    if ChaseMessage.objects.filter(task__plan__in=plans).exists():
        return
    today = timezone.localdate()
    task = (Task.objects.filter(plan__in=plans)
            .annotate(late=Count("assignments__organization", distinct=True, filter=Q(assignments__due_on__lt=today)
                                 & ~Q(assignments__status=AssignmentStatus.DONE)
                                 & active_on_q(today, "assignments__organization")))
            .filter(late__gt=0).order_by("-late", "plan_id", "position").first())
    if task is None:
        return
    chase_send(actor=_user("officer_tinh"), task=task, today=today,
               text="Đề nghị các đơn vị khẩn trương thực hiện nhiệm vụ được giao, báo cáo kết quả về "
                    "Thanh tra tỉnh trước ngày 15 của tháng tới; quá hạn sẽ tổng hợp báo cáo Chủ tịch UBND tỉnh.")
    counts.chases += 1


def load_demo_plans(stdout=None) -> DemoPlanCounts:
    """Build the plans of the seed documents (all but the news article) and their progress."""
    from liemchinh.core.permissions import SYSTEM
    from liemchinh.demo import DOCUMENTS_FILE
    from liemchinh.documents.services import document_duplicate
    from liemchinh.plans.models import Plan

    counts = DemoPlanCounts()
    plans = []
    for entry in json.loads(DOCUMENTS_FILE.read_text(encoding="utf-8")):
        if entry.get("doc_type") != "plan":
            continue
        issued_on = dt.date.fromisoformat(entry["issued_on"]) if entry.get("issued_on") else None
        document = document_duplicate(number=entry["number"], issuer=entry["issuer"], title=entry["title"],
                                      issued_on=issued_on)
        if document is None:
            _say(stdout, f"  Không thấy văn bản {entry['number'] or entry['title'][:60]}, bỏ qua kế hoạch.")
            continue
        plan = Plan.objects.filter(document=document).order_by("pk").first()
        if plan is None:
            plan = _build_plan(SYSTEM, entry, document, stdout, counts)
        plans.append(plan)
    _stages(plans, counts)
    _chase(plans, counts)
    _say(stdout, f"Kế hoạch mẫu: {counts.plans} mới, {len(plans) - counts.plans} đã có; "
                 f"{counts.tasks} nhiệm vụ, {counts.updates} báo cáo tiến độ, {counts.chases} đôn đốc.")
    return counts
