"""Evidence files: stored under generated names, identified by their SHA-256."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def evidence_upload_to(instance: EvidenceFile, filename: str) -> str:  # noqa: ARG001
    # The stored name never carries the user's file name: it is a random id under a date folder.
    return f"evidence/{instance.uploaded_at_or_now():%Y/%m}/{instance.uuid.hex}"


class EvidenceFile(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64, db_index=True)
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("cơ quan"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="evidence_files",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    is_identifying = models.BooleanField(_("có thông tin nhận diện người gửi"), default=False)
    metadata_stripped = models.BooleanField(_("đã xóa siêu dữ liệu"), default=False)

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["-uploaded_at"]
        constraints = [models.CheckConstraint(condition=models.Q(size__gte=0), name="evidence_size_positive")]

    def __str__(self) -> str:
        return self.original_name

    def uploaded_at_or_now(self):
        from django.utils import timezone

        return self.uploaded_at or timezone.now()
