"""Entity resolution: links between person mentions, and the officers' judgements on them.

Machines propose, people decide (CONVENTIONS 8): `PersonLink` rows are rewritten by every scan;
`MatchJudgement` rows are written only by officers and keyed by the mentions' stable record keys,
so a judgement outlives re-scans and re-imports. The resolver obeys them: "same" joins the pair
with score 1.0, "not_same" never joins it, "unsure" leaves the model's score.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonLink(models.Model):
    """Two mentions the resolver believes are the same person, as of one scan."""

    scan = models.ForeignKey("integrity.ScanRun", on_delete=models.CASCADE, related_name="links")
    left_key = models.CharField(max_length=80, db_index=True)
    right_key = models.CharField(max_length=80, db_index=True)
    probability = models.FloatField(_("xác suất trùng"))
    match_weight = models.FloatField(_("trọng số"), null=True, blank=True)
    # Field by field: [{"field": "full_name", "level": "...", "bayes_factor": 12.3}, ...]
    explanation = models.JSONField(default=list, blank=True)
    judged = models.CharField(max_length=20, blank=True)  # the judgement applied, if any

    class Meta:
        verbose_name = _("liên kết người")
        verbose_name_plural = _("liên kết người")
        constraints = [
            models.UniqueConstraint(fields=["scan", "left_key", "right_key"], name="integrity_link_unique"),
            models.CheckConstraint(condition=models.Q(left_key__lt=models.F("right_key")),
                                   name="integrity_link_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.left_key} ~ {self.right_key} ({self.probability:.2f})"


class MatchJudgement(models.Model):
    class Verdict(models.TextChoices):
        SAME = "same", _("Cùng một người")
        NOT_SAME = "not_same", _("Không phải cùng một người")
        UNSURE = "unsure", _("Chưa chắc chắn")

    left_key = models.CharField(max_length=80)
    right_key = models.CharField(max_length=80)
    verdict = models.CharField(_("kết luận"), max_length=20, choices=Verdict.choices)
    reason = models.TextField(_("lý do"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("thời điểm"), auto_now=True)

    class Meta:
        verbose_name = _("đánh giá trùng người")
        verbose_name_plural = _("đánh giá trùng người")
        constraints = [
            models.UniqueConstraint(fields=["left_key", "right_key"], name="integrity_judgement_unique"),
            models.CheckConstraint(condition=models.Q(left_key__lt=models.F("right_key")),
                                   name="integrity_judgement_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.left_key} {self.verdict} {self.right_key}"
