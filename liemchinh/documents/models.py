"""Official documents (văn bản) and their metadata."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    LAW = "law", _("Luật")
    DECREE = "decree", _("Nghị định")
    RESOLUTION = "resolution", _("Nghị quyết")
    CIRCULAR = "circular", _("Thông tư")
    DECISION = "decision", _("Quyết định")
    DIRECTIVE = "directive", _("Chỉ thị")
    PLAN = "plan", _("Kế hoạch")
    OFFICIAL_LETTER = "official_letter", _("Công văn")
    REPORT = "report", _("Báo cáo")
    CONCLUSION = "conclusion", _("Kết luận")
    REGULATION = "regulation", _("Quy định")
    NEWS = "news", _("Bài viết, tin tức")
    OTHER = "other", _("Khác")


class Document(models.Model):
    number = models.CharField(_("số hiệu"), max_length=100, blank=True, db_index=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=30, choices=DocType.choices, default=DocType.OTHER)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    issuer_org = models.ForeignKey(
        "core.Organization", verbose_name=_("cơ quan ban hành (trong danh mục)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="issued_documents",
    )
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"))
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    full_text = models.TextField(_("toàn văn"), blank=True)
    original = models.ForeignKey(
        "core.EvidenceFile", verbose_name=_("tệp gốc"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    source_url = models.URLField(_("nguồn"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}".strip()
