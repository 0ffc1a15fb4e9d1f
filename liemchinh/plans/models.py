"""Plans (kế hoạch), their tasks (nhiệm vụ), the assignments each body must carry out, progress
updates with evidence, chase messages (đôn đốc) and the record of reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from liemchinh.core.models.calendar import PeriodKind


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ACTIVE = "active", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")


class Plan(models.Model):
    """A plan: usually an imported document (the source) whose tasks are tracked."""

    document = models.ForeignKey(
        "documents.Document", verbose_name=_("văn bản gốc"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="plans",
    )
    title = models.TextField(_("tên kế hoạch"))
    number = models.CharField(_("số hiệu"), max_length=100, blank=True)
    issuer = models.ForeignKey(
        "core.Organization", verbose_name=_("cơ quan ban hành"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="issued_plans",
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    year_from = models.PositiveSmallIntegerField(_("từ năm"))
    year_to = models.PositiveSmallIntegerField(_("đến năm"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year_from", "-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(year_to__gte=F("year_from")), name="plan_year_order"),
            models.CheckConstraint(condition=~Q(title=""), name="plan_title_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}".strip()

    @property
    def years(self) -> range:
        return range(self.year_from, self.year_to + 1)


class Task(models.Model):
    """One task of a plan: a lead (a body or a group of bodies), partners, and a due date or a
    recurrence. `source_start`/`source_end` locate its words in the document's text."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    ordinal = models.CharField(_("mục"), max_length=40, blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung nhiệm vụ"))
    lead_org = models.ForeignKey(
        "core.Organization", verbose_name=_("cơ quan chủ trì"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="led_tasks",
    )
    lead_group = models.ForeignKey(
        "core.OrgGroup", verbose_name=_("nhóm cơ quan chủ trì"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="led_tasks",
    )
    partner_orgs = models.ManyToManyField("core.Organization", verbose_name=_("cơ quan phối hợp"), blank=True,
                                          related_name="partner_tasks")
    partner_groups = models.ManyToManyField("core.OrgGroup", verbose_name=_("nhóm cơ quan phối hợp"), blank=True,
                                            related_name="partner_tasks")
    due_on = models.DateField(_("thời hạn"), null=True, blank=True)
    recurrence = models.JSONField(_("định kỳ"), default=list, blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~(Q(lead_org__isnull=False) & Q(lead_group__isnull=False)),
                                   name="task_one_lead"),
            models.CheckConstraint(
                condition=Q(source_start__isnull=True) | Q(source_end__isnull=True)
                | Q(source_end__gte=F("source_start")),
                name="task_source_span_order",
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.ordinal} " if self.ordinal else ""
        return f"{label}{self.text[:80]}"

    @property
    def lead(self):
        return self.lead_org or self.lead_group


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    PARTNER = "partner", _("Phối hợp")


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


# Shown in lists: the stored statuses plus the derived one.
DISPLAY_STATUS_LABELS = {**dict(AssignmentStatus.choices), "overdue": _("Quá hạn")}


class Assignment(models.Model):
    """One body's share of a task; for a recurring task, one per body per reporting period.
    "Overdue" is derived (not done and due_on before today), never stored."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey("core.Organization", verbose_name=_("cơ quan"), on_delete=models.PROTECT,
                                     related_name="plan_assignments")
    role = models.CharField(_("vai trò"), max_length=10, choices=AssignmentRole.choices, default=AssignmentRole.LEAD)
    period_kind = models.CharField(_("kỳ"), max_length=10, choices=PeriodKind.choices, blank=True, default="")
    period_year = models.PositiveSmallIntegerField(_("năm của kỳ"), default=0)
    due_on = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "organization", "period_kind", "period_year"],
                                    name="assignment_one_per_body_period"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="assignment_percent_max"),
            models.CheckConstraint(condition=Q(status="done", completed_on__isnull=False) | ~Q(status="done"),
                                   name="assignment_done_has_date"),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "due_on"], name="plans_asg_org_status_due"),
            models.Index(fields=["status", "due_on"], name="plans_asg_status_due"),
        ]

    def __str__(self) -> str:
        period = f" ({self.get_period_kind_display()} {self.period_year})" if self.period_kind else ""
        return f"{self.task} · {self.organization}{period}"

    def display_status(self, today) -> str:
        from liemchinh.plans.rules import display_status

        return display_status(self.status, self.due_on, today)


class ApprovalState(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Không duyệt")


class ProgressUpdate(models.Model):
    """A body's report of progress on an assignment; it changes the assignment only once the
    unit head approves it."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("phân công"), on_delete=models.CASCADE,
                                   related_name="progress_updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("nội dung"))
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    proposed_status = models.CharField(_("trạng thái đề nghị"), max_length=12, choices=AssignmentStatus.choices)
    evidence = models.ManyToManyField("core.EvidenceFile", verbose_name=_("tài liệu minh chứng"), blank=True,
                                      related_name="+")
    approval = models.CharField(_("phê duyệt"), max_length=10, choices=ApprovalState.choices,
                                default=ApprovalState.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max"),
        ]
        indexes = [models.Index(fields=["assignment", "approval"], name="plans_progress_asg_appr")]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.percent}% ({self.get_approval_display()})"


class ChaseMessage(models.Model):
    """An inspectorate officer's chase (văn bản/tin nhắn đôn đốc) to the late bodies of a task."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="chases")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("nội dung đôn đốc"))
    sent_at = models.DateTimeField(auto_now_add=True)
    assignments = models.ManyToManyField(Assignment, verbose_name=_("phân công được đôn đốc"), related_name="chases")

    class Meta:
        verbose_name = _("đôn đốc")
        verbose_name_plural = _("đôn đốc")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_id} · {self.sent_at:%d/%m/%Y}"


class ReminderLog(models.Model):
    """One automatic reminder sent for an assignment: reruns of the same day send nothing twice."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)  # before_7, before_1, overdue
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nhắc hạn đã gửi")
        verbose_name_plural = _("nhắc hạn đã gửi")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind", "sent_on"], name="reminder_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.kind} {self.sent_on:%d/%m/%Y}"
