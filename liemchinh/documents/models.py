"""Official documents (văn bản) and their metadata."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from liemchinh.core.text import fold


def number_key(number: str) -> str:
    """The matching key of a document number as written: folded (no diacritics, lower case, "Đ" →
    "d"), without spaces, "/" and "-" kept. "59/2019/NĐ-CP", "59/2019/ND-CP" and "59 / 2019 / NĐ-CP"
    share the key "59/2019/nd-cp"."""
    return fold(number or "").replace(" ", "")


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
    # A stub stands for a document only known because another one cites it (its number as written,
    # its type guessed from the number); it is completed later or taken over by the real record.
    is_stub = models.BooleanField(_("chưa có toàn văn"), default=False, db_index=True)
    # Maintained by the services: number_key(number) (for a law cited by name, the name's key), and
    # the folded number, title and full text that search looks into.
    number_key = models.CharField(_("khóa số hiệu"), max_length=255, blank=True, db_index=True, editable=False)
    search_text = models.TextField(_("nội dung tìm kiếm"), blank=True, default="", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}".strip()


class DocumentCitation(models.Model):
    """A legal basis (căn cứ) or other reference of `citing` to `cited`, with the number or name as
    the citing document writes it and its position in that document's list."""

    citing = models.ForeignKey(Document, verbose_name=_("văn bản trích dẫn"), on_delete=models.CASCADE,
                               related_name="citations")
    cited = models.ForeignKey(Document, verbose_name=_("văn bản được trích dẫn"), on_delete=models.PROTECT,
                              related_name="cited_by_links")
    text = models.CharField(_("số hiệu hoặc tên như được viết"), max_length=255)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("trích dẫn văn bản")
        verbose_name_plural = _("trích dẫn văn bản")
        ordering = ["citing_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["citing", "cited"], name="documents_citation_once"),
            models.CheckConstraint(condition=~models.Q(citing=models.F("cited")), name="documents_citation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.citing_id} → {self.text}"
