"""Citizens' petitions: feedback, recommendations, complaints, denunciations and harassment reports.

The petitioner's identity never sits in these tables in plain text: `PetitionIdentity` holds it
encrypted under keys kept outside the database (crypto.py), with blind indexes to find duplicates.
No IP address is stored with a petition; tracking attempts are throttled on keyed hashes.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liemchinh.petitions import rules

KIND_CHOICES = [(k.value, rules.KIND_LABELS[k]) for k in rules.Kind]
CHANNEL_CHOICES = [(c.value, rules.CHANNEL_LABELS[c]) for c in rules.Channel]
STATUS_CHOICES = [(s.value, rules.STATUS_LABELS[s]) for s in rules.Status]
COMPLEXITY_CHOICES = [(c.value, rules.COMPLEXITY_LABELS[c]) for c in rules.Complexity]


class Petition(models.Model):
    kind = models.CharField(_("loại đơn"), max_length=20, choices=KIND_CHOICES)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=20, choices=CHANNEL_CHOICES, default="web")
    status = models.CharField(_("trạng thái"), max_length=20, choices=STATUS_CHOICES, default="received",
                              db_index=True)
    tracking_code = models.CharField(_("mã tra cứu"), max_length=32, unique=True, editable=False)
    secret_hash = models.CharField(max_length=255, editable=False)
    content = models.TextField(_("nội dung"))
    field = models.CharField(_("lĩnh vực"), max_length=100, blank=True)
    anonymous = models.BooleanField(_("không ghi danh tính"), default=False)
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("cơ quan xử lý"), on_delete=models.PROTECT, related_name="petitions",
    )
    received_by = models.ForeignKey(
        "core.Organization", verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT, related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xử lý"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="handled_petitions",
    )
    # The official the petition is about (denunciation, harassment): free text and optional links.
    accused_name = models.CharField(_("người bị tố cáo, bị phản ánh"), max_length=255, blank=True)
    accused_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản người bị tố cáo"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    accused_org = models.ForeignKey(
        "core.Organization", verbose_name=_("cơ quan của người bị tố cáo"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    complexity = models.CharField(_("mức độ phức tạp"), max_length=20, choices=COMPLEXITY_CHOICES,
                                  default="normal")
    several_places = models.BooleanField(_("xác minh ở nhiều địa điểm"), default=False)
    remote_area = models.BooleanField(_("vùng sâu, vùng xa"), default=False)
    competent = models.BooleanField(_("thuộc thẩm quyền"), null=True, blank=True)
    # Harassment about an administrative procedure (Chỉ thị 10/CT-TTg).
    procedure_name = models.CharField(_("thủ tục hành chính"), max_length=255, blank=True)
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64, blank=True)
    supplement_requests = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung hồ sơ"), null=True, blank=True)
    supplement_breach = models.BooleanField(_("yêu cầu bổ sung hồ sơ quá 01 lần"), default=False)
    # The clock's events.
    received_on = models.DateField(_("ngày nhận"))
    classified_on = models.DateField(_("ngày phân loại"), null=True, blank=True)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    forwarded_on = models.DateField(_("ngày chuyển đơn"), null=True, blank=True)
    returned_on = models.DateField(_("ngày trả đơn"), null=True, blank=True)
    resolved_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    published_on = models.DateField(_("ngày công khai"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    return_reason = models.TextField(_("lý do trả đơn"), blank=True)
    handling_basis = models.CharField(_("căn cứ xử lý"), max_length=255, blank=True)
    result = models.TextField(_("kết quả giải quyết"), blank=True)
    conclusion = models.TextField(_("kết luận nội dung tố cáo"), blank=True)
    public_summary = models.TextField(_("nội dung công khai"), blank=True)
    apology = models.BooleanField(_("xin lỗi công khai"), default=False)
    apology_text = models.TextField(_("lời xin lỗi"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("mức độ hài lòng"), null=True, blank=True)
    satisfaction_comment = models.TextField(_("ý kiến về kết quả"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("gộp vào đơn"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged_petitions",
    )
    identity_purged_at = models.DateTimeField(_("đã xóa dữ liệu cá nhân lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đơn phản ánh, kiến nghị, khiếu nại, tố cáo")
        verbose_name_plural = _("đơn phản ánh, kiến nghị, khiếu nại, tố cáo")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="petition_satisfaction_1_5"),
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="petition_not_merged_into_self"),
            models.CheckConstraint(condition=Q(apology=False) | ~Q(apology_text=""),
                                   name="petition_apology_has_text"),
            models.CheckConstraint(condition=~Q(status="merged") | Q(merged_into__isnull=False),
                                   name="petition_merged_has_target"),
        ]
        indexes = [
            models.Index(fields=["organization", "status"]),
            # The dashboard's one grouped pass over a period reads only these columns
            # (staff_selectors._dashboard_cells), for a list of bodies: the index covers it.
            models.Index(fields=["organization", "received_on", "status", "kind", "field", "resolved_on"],
                         name="petition_dashboard_idx"),
            # The overdue count groups the open cases by the facts of their clock
            # (staff_selectors.overdue_count): status first (the few open statuses), then the
            # bodies and the period, then every column it reads, so the index alone answers it.
            models.Index(fields=["status", "organization", "received_on", "kind", "channel", "accepted_on",
                                 "resolved_on", "several_places", "remote_area", "anonymous", "competent",
                                 "forwarded_on"], name="petition_clock_facts_idx"),
            # Satisfaction per body: only the rated cases, by resolution date.
            models.Index(fields=["resolved_on", "organization", "satisfaction"], name="petition_rated_idx",
                         condition=Q(satisfaction__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{rules.KIND_LABELS[rules.Kind(self.kind)]} {self.display_code}"

    @property
    def display_code(self) -> str:
        code = self.tracking_code
        return " ".join(code[i:i + 4] for i in range(0, len(code), 4))


class PetitionIdentity(models.Model):
    """The petitioner's identity, encrypted (a Fernet token of a JSON object), and blind indexes."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="identity")
    ciphertext = models.TextField()
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    email_index = models.CharField(max_length=64, blank=True, db_index=True)
    encrypted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("danh tính người gửi (mã hóa)")
        verbose_name_plural = _("danh tính người gửi (mã hóa)")

    def __str__(self) -> str:
        return f"#{self.petition_id}"


def petition_file_upload_to(instance: PetitionFile, filename: str) -> str:  # noqa: ARG001
    return f"petitions/{instance.uuid.hex}"


class PetitionFile(models.Model):
    """A file sent with a petition. A file marked identifying is stored encrypted, name included."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=petition_file_upload_to, max_length=255)
    original_name = models.TextField(_("tên tệp"))  # a Fernet token when encrypted
    content_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    is_identifying = models.BooleanField(_("có thông tin nhận diện người gửi"), default=False)
    encrypted = models.BooleanField(default=False)
    # The petitioner asked to remove hidden metadata (EXIF, Office core properties, PDF info) and
    # it was removed (core.services.files.strip_metadata_bytes).
    metadata_stripped = models.BooleanField(_("đã xóa thông tin ẩn trong tệp"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp kèm đơn")
        verbose_name_plural = _("tệp kèm đơn")
        constraints = [models.CheckConstraint(condition=Q(is_identifying=False) | Q(encrypted=True),
                                              name="petition_identifying_file_encrypted")]

    def __str__(self) -> str:
        return "(tệp được bảo vệ)" if self.encrypted else self.original_name


class PetitionForward(models.Model):
    """One link of the chain of forwards of a petition (Luật Tố cáo 2018 Điều 24 khoản 3; NĐ
    20/2008/NĐ-CP; TT 05/2021/TT-TTCP): from the body that had it, to a body of the system
    (`to_org`, which then records the day it received it) or to a body outside the system
    (`to_name` only; the case is then closed on this side)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="forwards")
    from_org = models.ForeignKey("core.Organization", verbose_name=_("cơ quan chuyển"), on_delete=models.PROTECT,
                                 related_name="+")
    to_org = models.ForeignKey("core.Organization", verbose_name=_("cơ quan nhận"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    to_name = models.CharField(_("tên cơ quan nhận"), max_length=255)
    reason = models.TextField(_("ghi chú"), blank=True)
    sender_received_on = models.DateField(_("ngày cơ quan chuyển nhận đơn"))
    forwarded_on = models.DateField(_("ngày chuyển"))
    forwarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    received_on = models.DateField(_("ngày cơ quan nhận tiếp nhận"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["forwarded_on", "pk"]
        verbose_name = _("chuyển đơn")
        verbose_name_plural = _("chuyển đơn")
        constraints = [
            models.CheckConstraint(condition=~Q(to_name=""), name="petition_forward_has_recipient"),
            models.CheckConstraint(condition=Q(received_on__isnull=True) | Q(to_org__isnull=False),
                                   name="petition_forward_received_in_system"),
            models.CheckConstraint(condition=Q(received_on__isnull=True) | Q(received_on__gte=models.F("forwarded_on")),
                                   name="petition_forward_received_after_sent"),
        ]

    def __str__(self) -> str:
        return f"#{self.petition_id} → {self.to_name}"

    @property
    def outside(self) -> bool:
        return self.to_org_id is None


class PetitionExtension(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("số ngày gia hạn"))
    reason = models.TextField(_("lý do"))
    decided_on = models.DateField(_("ngày quyết định"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("gia hạn giải quyết")
        verbose_name_plural = _("gia hạn giải quyết")

    def __str__(self) -> str:
        return f"+{self.days}"


class PetitionSuspension(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="suspensions")
    start = models.DateField(_("tạm đình chỉ từ"))
    end = models.DateField(_("tiếp tục từ"), null=True, blank=True)
    reason = models.TextField(_("lý do"))

    class Meta:
        ordering = ["start", "pk"]
        constraints = [models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                              name="petition_suspension_end_after_start")]

    def __str__(self) -> str:
        return f"{self.start}–{self.end or ''}"


class PetitionMessage(models.Model):
    TO_PETITIONER = "to_petitioner"
    FROM_PETITIONER = "from_petitioner"
    DIRECTIONS = [(TO_PETITIONER, _("Cơ quan gửi người gửi đơn")), (FROM_PETITIONER, _("Người gửi đơn trả lời"))]

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=20, choices=DIRECTIONS)
    body = models.TextField(_("nội dung"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.direction} {self.at:%d/%m/%Y}"


class HandlerExclusion(models.Model):
    """A user who must never handle this petition (conflict of interest declared or found)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("lý do"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "user"], name="petition_exclusion_unique")]

    def __str__(self) -> str:
        return f"#{self.petition_id} ≠ {self.user_id}"


class TrackFailure(models.Model):
    """A wrong tracking code/secret pair, counted per keyed hash of the code and of the caller key
    (never the raw code, never an IP address), to slow and then lock guessing."""

    key_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.key_hash[:8]
