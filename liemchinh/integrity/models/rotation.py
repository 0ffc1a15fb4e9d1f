"""Periodic position rotation (Luật PCTN 2018 Điều 24–26; NĐ 59/2019 Điều 36–39; TT 03/2021/TT-TTCP).

RotationPost: a post of a registry body that must rotate, matched against the registry's positions
by role and/or by a piece of the title, with its category and period. RotationExemption: an
official whose rotation is deferred (or who is not rotated), with the reason and how long it
holds. RotationPlan: a body's yearly rotation plan and the positions it plans to rotate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from liemchinh.integrity import rules
from liemchinh.integrity.models.registry import PositionRole

RotationCategory = models.TextChoices(
    "RotationCategory", [(c.key, (c.key, _(c.label))) for c in rules.ROTATION_CATEGORIES]
)
ExemptionReason = models.TextChoices(
    "ExemptionReason", [(r.key, (r.key, _(r.label))) for r in rules.ROTATION_EXEMPTION_REASONS]
)


class RotationPost(models.Model):
    body = models.ForeignKey(
        "integrity.Body", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="rotation_posts"
    )
    category = models.CharField(_("nhóm vị trí"), max_length=30, choices=RotationCategory.choices)
    role = models.CharField(
        _("vị trí (sổ liệu)"),
        max_length=20,
        choices=PositionRole.choices,
        blank=True,
        help_text=_("Để trống: mọi vị trí có chức danh khớp."),
    )
    title_pattern = models.CharField(
        _("chức danh chứa"),
        max_length=200,
        blank=True,
        help_text=_("Để trống: mọi chức danh của vị trí đã chọn."),
    )
    period_years = models.PositiveSmallIntegerField(_("thời hạn định kỳ chuyển đổi (năm)"))
    basis = models.CharField(_("căn cứ (văn bản quy định danh mục)"), max_length=255, blank=True)
    active = models.BooleanField(_("đang áp dụng"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["body__org_code", "category", "pk"]
        verbose_name = _("vị trí phải định kỳ chuyển đổi")
        verbose_name_plural = _("danh mục vị trí phải định kỳ chuyển đổi")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="", title_pattern=""), name="integrity_rotation_post_role_or_title"
            ),
            models.CheckConstraint(
                condition=models.Q(period_years__gte=1, period_years__lte=10),
                name="integrity_rotation_post_period_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.get_category_display()} ({self.period_years})"


class RotationExemption(models.Model):
    official = models.ForeignKey(
        "integrity.Official",
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="rotation_exemptions",
    )
    body = models.ForeignKey(
        "integrity.Body",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="rotation_exemptions",
    )
    reason = models.CharField(_("lý do"), max_length=30, choices=ExemptionReason.choices)
    detail = models.TextField(_("nội dung, văn bản xác nhận"), blank=True)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    revoked_reason = models.TextField(_("lý do hủy"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("trường hợp chưa chuyển đổi vị trí")
        verbose_name_plural = _("trường hợp chưa chuyển đổi vị trí")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="integrity_rotation_exemption_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.official_id} {self.reason}"


class RotationPlan(models.Model):
    """A body's yearly rotation plan (kế hoạch chuyển đổi vị trí công tác), issued and published by
    its head: the positions planned for rotation that year."""

    body = models.ForeignKey(
        "integrity.Body", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="rotation_plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số hiệu kế hoạch"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    positions = models.ManyToManyField(
        "integrity.Position",
        verbose_name=_("vị trí dự kiến chuyển đổi"),
        blank=True,
        related_name="rotation_plans",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "body__org_code"]
        verbose_name = _("kế hoạch chuyển đổi vị trí công tác")
        verbose_name_plural = _("kế hoạch chuyển đổi vị trí công tác")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="integrity_rotation_plan_unique")
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.year}"
