"""Scans and the alerts they raise, with the officers' decisions.

An alert is identified by `key` = sha256 of (rule, official_id, org_code, counterpart), the same
identity as the contract's "an alert for the same rule and the same records is written once", so
a re-scan finds the alert again and its decision stays. An alert a later scan no longer raises
is kept with `active=False` (its decision history must not vanish).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScanRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Chờ chạy")
        RUNNING = "running", _("Đang quét")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(_("bước"), max_length=100, blank=True)  # shown as progress
    progress = models.PositiveSmallIntegerField(default=0)  # 0..100
    params = models.JSONField(default=dict, blank=True)  # thresholds, resolver, as of date
    counts = models.JSONField(default=dict, blank=True)  # alerts per rule, links, timings
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lần quét")
        verbose_name_plural = _("lần quét")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"


class Alert(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xem xét")
        CONFIRMED = "confirmed", _("Xác định có xung đột")
        DISMISSED = "dismissed", _("Bác bỏ")

    key = models.CharField(max_length=64, unique=True, editable=False)
    rule = models.CharField(_("quy tắc"), max_length=60, db_index=True)
    official_id = models.CharField(_("mã cán bộ"), max_length=40, db_index=True)
    org_code = models.CharField(_("mã cơ quan"), max_length=40, db_index=True)
    body = models.ForeignKey("integrity.Body", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="alerts")
    counterpart = models.JSONField(_("đối tượng liên quan"), default=dict)
    score = models.FloatField(_("điểm tin cậy"), db_index=True)
    evidence = models.JSONField(_("chứng cứ"), default=list)  # ["positions.csv row 120", ...]
    explanation = models.TextField(_("giải thích"), blank=True)
    # The chain for the graph: {"nodes": [{"id", "kind", "label"}], "edges": [{"from", "to", "label", "score"}]}
    chain = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    active = models.BooleanField(_("còn phát hiện"), default=True, db_index=True)
    first_scan = models.ForeignKey(ScanRun, null=True, on_delete=models.SET_NULL, related_name="+")
    last_scan = models.ForeignKey(ScanRun, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "rule", "official_id"]
        verbose_name = _("cảnh báo xung đột lợi ích")
        verbose_name_plural = _("cảnh báo xung đột lợi ích")
        indexes = [models.Index(fields=["rule", "status", "-score"], name="integrity_alert_list")]

    def __str__(self) -> str:
        return f"{self.rule} {self.official_id} {self.org_code}"


class AlertDecision(models.Model):
    """An officer's decision on an alert (seed 004: measures of NĐ 59/2019 Đ31–35). History kept."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", _("Xác định có xung đột lợi ích")
        DISMISSED = "dismissed", _("Bác bỏ")
        REOPENED = "reopened", _("Mở lại")

    class Measure(models.TextChoices):
        SUPERVISION = "supervision", _("Giám sát việc thực hiện nhiệm vụ")
        SUSPENSION = "suspension", _("Tạm đình chỉ, đình chỉ công tác")
        TRANSFER = "transfer", _("Tạm thời chuyển sang vị trí công tác khác")
        RECUSAL = "recusal", _("Không giao, thay đổi người thực hiện nhiệm vụ")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("quyết định"), max_length=20, choices=Decision.choices)
    measure = models.CharField(_("biện pháp kiểm soát"), max_length=20, choices=Measure.choices, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("quyết định xử lý cảnh báo")
        verbose_name_plural = _("quyết định xử lý cảnh báo")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="confirmed") | ~models.Q(measure=""),
                name="integrity_confirmed_needs_measure",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="dismissed") | ~models.Q(reason=""),
                name="integrity_dismissed_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.decision}"
