"""Reporting periods opened by the inspectorate and exceptions to the working-day calendar."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    Q1 = "q1", _("Quý I")
    Q2 = "q2", _("Quý II")
    Q3 = "q3", _("Quý III")
    Q4 = "q4", _("Quý IV")
    H1 = "h1", _("6 tháng")
    M9 = "m9", _("9 tháng")
    YEAR = "year", _("Năm")
    AD_HOC = "ad_hoc", _("Đột xuất")


class ReportingPeriod(models.Model):
    kind = models.CharField(_("kỳ báo cáo"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    label = models.CharField(_("tên kỳ"), max_length=120)
    cutoff_start = models.DateField(_("chốt số liệu từ"))
    cutoff_end = models.DateField(_("chốt số liệu đến"))
    due_on = models.DateField(_("hạn gửi báo cáo"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "cutoff_start"]
        constraints = [
            models.CheckConstraint(condition=Q(cutoff_end__gte=F("cutoff_start")), name="period_cutoff_order"),
            models.CheckConstraint(condition=Q(due_on__gte=F("cutoff_end")), name="period_due_after_cutoff"),
            models.UniqueConstraint(
                fields=["kind", "year"], condition=~Q(kind="ad_hoc"), name="period_kind_year_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class CalendarException(models.Model):
    """A day the Government moved: an extra day off, or a weekend day worked in exchange (làm bù)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ngày nghỉ, làm bù")
        verbose_name_plural = _("ngày nghỉ, làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"
