"""The register of gifts received and handed over (Luật PCTN 2018 Điều 22; NĐ 59/2019 Điều 24–28).

One row per gift an official of a body could not refuse: who gave it and why, what it is worth,
when it was reported and handed over, and how the body handled it. The deadlines are stored when
the row is written (rules.GIFT_RULES with the working-day calendar in force then), so that "late"
is a plain column comparison in SQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GiftKind(models.TextChoices):
    CASH = "cash", _("Tiền")
    VALUABLE_PAPERS = "valuable_papers", _("Giấy tờ có giá")
    GOODS = "goods", _("Hiện vật, hàng hóa")
    PERISHABLE = "perishable", _("Hàng hóa dễ hư hỏng")
    SERVICE = "service", _("Dịch vụ")
    OTHER = "other", _("Khác")


class GiftHandling(models.TextChoices):
    BUDGET = "budget", _("Nộp ngân sách nhà nước")
    PUBLIC_SALE = "public_sale", _("Định giá, bán công khai, nộp tiền vào ngân sách")
    SERVICE_DECLINED = "service_declined", _("Thông báo không sử dụng dịch vụ")
    EXHIBIT_RULES = "exhibit_rules", _("Xử lý như tang vật vi phạm hành chính (tiêu hủy, bán ngay…)")
    RETURNED = "returned", _("Trả lại người tặng")


class GiftStatus(models.TextChoices):
    REPORTED = "reported", _("Đã báo cáo, chưa nộp lại")
    HANDED_OVER = "handed_over", _("Đã nộp lại, chờ xử lý")
    SOLD = "sold", _("Đã bán, chờ nộp tiền")
    HANDLED = "handled", _("Đã xử lý xong")


class GiftReport(models.Model):
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="gift_reports"
    )
    register_year = models.PositiveSmallIntegerField(_("năm"), editable=False)
    register_no = models.PositiveIntegerField(_("số thứ tự"), editable=False)

    recipient_name = models.CharField(_("người nhận quà"), max_length=200)
    recipient_position = models.CharField(_("chức vụ người nhận"), max_length=200, blank=True)
    recipient_official = models.ForeignKey(
        "integrity.Official",
        verbose_name=_("cán bộ (sổ liệu)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gift_reports",
    )

    giver_name = models.CharField(_("người tặng"), max_length=200)
    giver_position = models.CharField(_("chức vụ người tặng"), max_length=200, blank=True)
    giver_organization = models.CharField(
        _("cơ quan, tổ chức, doanh nghiệp của người tặng"), max_length=255, blank=True
    )
    relation_to_work = models.TextField(_("mối quan hệ với công việc của người nhận"), blank=True)

    kind = models.CharField(_("loại quà"), max_length=20, choices=GiftKind.choices)
    description = models.TextField(_("mô tả quà tặng"))
    value_vnd = models.BigIntegerField(_("giá trị (đồng)"), null=True, blank=True)
    received_on = models.DateField(_("ngày nhận"))
    circumstances = models.TextField(_("thời gian, địa điểm, hoàn cảnh nhận"), blank=True)

    reported_on = models.DateField(_("ngày báo cáo"))
    report_due_on = models.DateField(_("hạn báo cáo"), null=True, blank=True, editable=False)
    handed_over_on = models.DateField(_("ngày nộp lại"), null=True, blank=True)
    handed_over_to = models.CharField(_("nộp lại cho"), max_length=255, blank=True)
    handover_due_on = models.DateField(_("hạn nộp lại"), null=True, blank=True, editable=False)

    handling = models.CharField(_("hình thức xử lý"), max_length=20, choices=GiftHandling.choices, blank=True)
    handled_on = models.DateField(_("ngày xử lý"), null=True, blank=True)
    handling_decision = models.CharField(_("văn bản xử lý"), max_length=255, blank=True)
    sold_on = models.DateField(_("ngày bán"), null=True, blank=True)
    proceeds_vnd = models.BigIntegerField(_("số tiền thu được (đồng)"), null=True, blank=True)
    proceeds_due_on = models.DateField(_("hạn nộp tiền"), null=True, blank=True, editable=False)
    proceeds_paid_on = models.DateField(_("ngày nộp tiền vào ngân sách"), null=True, blank=True)
    giver_notified_on = models.DateField(
        _("ngày thông báo cơ quan quản lý người tặng"), null=True, blank=True
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    status = models.CharField(
        _("trạng thái"), max_length=20, choices=GiftStatus.choices, default=GiftStatus.REPORTED
    )
    rule_code = models.CharField(_("quy định áp dụng"), max_length=20, blank=True, editable=False)
    attachments = models.ManyToManyField(
        "core.EvidenceFile", verbose_name=_("tệp đính kèm"), blank=True, related_name="+"
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("quà tặng đã nhận")
        verbose_name_plural = _("sổ theo dõi quà tặng")
        indexes = [models.Index(fields=["organization", "register_year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "register_year", "register_no"],
                name="integrity_gift_register_no_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(reported_on__gte=models.F("received_on")),
                name="integrity_gift_reported_after_received",
            ),
            models.CheckConstraint(
                condition=models.Q(handed_over_on__isnull=True)
                | models.Q(handed_over_on__gte=models.F("received_on")),
                name="integrity_gift_handed_over_after_received",
            ),
            models.CheckConstraint(
                condition=models.Q(value_vnd__isnull=True) | models.Q(value_vnd__gte=0),
                name="integrity_gift_value_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(proceeds_vnd__isnull=True) | models.Q(proceeds_vnd__gte=0),
                name="integrity_gift_proceeds_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register_no}/{self.register_year} {self.recipient_name}"

    @property
    def report_late(self) -> bool:
        return self.report_due_on is not None and self.reported_on > self.report_due_on

    @property
    def handover_late(self) -> bool:
        return (
            self.handover_due_on is not None
            and self.handed_over_on is not None
            and (self.handed_over_on > self.handover_due_on)
        )

    @property
    def proceeds_late(self) -> bool:
        return (
            self.proceeds_due_on is not None
            and self.proceeds_paid_on is not None
            and (self.proceeds_paid_on > self.proceeds_due_on)
        )
