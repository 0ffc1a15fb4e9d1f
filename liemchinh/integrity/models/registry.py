"""The registries of the integrity contract (contracts/integrity-data.md), one table per file.

Every row keeps where it came from (`source_file`, `source_row`: 1-based line number, the header
is row 1, as the alert evidence quotes it) and the import run that last wrote it. Natural keys
make re-import idempotent: a row whose content did not change (`row_hash`) is not touched.

Person mentions (officials, relatives, enterprise people) carry a stable `record_key`
("officials:<official_id>", "relatives:<sha1 of the natural key>", ...) so that an officer's
same/not-same judgement (resolution.MatchJudgement) survives re-runs and re-imports.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PositionRole(models.TextChoices):
    HEAD = "head", _("Người đứng đầu")
    DEPUTY_HEAD = "deputy_head", _("Cấp phó")
    HR = "hr", _("Tổ chức nhân sự")
    ACCOUNTING = "accounting", _("Kế toán")
    TREASURER = "treasurer", _("Thủ quỹ")
    WAREHOUSE = "warehouse", _("Thủ kho")
    PROCUREMENT = "procurement", _("Mua sắm, giao dịch, ký hợp đồng")
    OTHER = "other", _("Khác")


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Vợ hoặc chồng")
    FATHER = "father", _("Bố")
    MOTHER = "mother", _("Mẹ")
    CHILD = "child", _("Con")
    SIBLING = "sibling", _("Anh, chị, em ruột")
    OTHER = "other", _("Khác")


class EnterpriseRole(models.TextChoices):
    OWNER = "owner", _("Chủ sở hữu")
    SHAREHOLDER = "shareholder", _("Cổ đông, thành viên góp vốn")
    LEGAL_REPRESENTATIVE = "legal_representative", _("Người đại diện theo pháp luật")
    MANAGER = "manager", _("Người quản lý")


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Bị từ chối")

    class Source(models.TextChoices):
        COMMAND = "command", _("Dòng lệnh")
        UPLOAD = "upload", _("Tải lên")

    started_at = models.DateTimeField(_("bắt đầu"), auto_now_add=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    source = models.CharField(_("nguồn"), max_length=20, choices=Source.choices, default=Source.COMMAND)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    files = models.JSONField(_("tệp"), default=list, blank=True)  # [{"name", "sha256", "rows"}]
    # {"officials.csv": {"created": n, "updated": n, "unchanged": n}, ...}
    counts = models.JSONField(_("số dòng"), default=dict, blank=True)
    # [{"file", "row", "column", "message"}]: every bad row, when the run was refused
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("lần nhập sổ liệu")
        verbose_name_plural = _("lần nhập sổ liệu")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"


class SourceRow(models.Model):
    """Provenance of an imported row."""

    source_file = models.CharField(_("tệp nguồn"), max_length=100)
    source_row = models.PositiveIntegerField(_("dòng"))
    row_hash = models.CharField(max_length=64, editable=False)
    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    @property
    def evidence(self) -> str:
        return f"{self.source_file} row {self.source_row}"


class PersonMention(SourceRow):
    """A person as one registry typed them. `birth_date` when the day is known, else `birth_year`."""

    record_key = models.CharField(max_length=80, unique=True, editable=False)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True, db_index=True)

    class Meta:
        abstract = True


class Body(SourceRow):
    """A body of organizations.csv. Linked to the organisation tree when the code is known there."""

    org_code = models.CharField(_("mã cơ quan"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    parent_code = models.CharField(_("mã cơ quan cấp trên"), max_length=40, blank=True)
    managed_sectors = models.JSONField(_("ngành quản lý (VSIC)"), default=list, blank=True)
    organization = models.ForeignKey("core.Organization", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="integrity_bodies")

    class Meta:
        ordering = ["org_code"]
        verbose_name = _("cơ quan (sổ liệu)")
        verbose_name_plural = _("cơ quan (sổ liệu)")

    def __str__(self) -> str:
        return f"{self.org_code} {self.name}"


class Official(PersonMention):
    official_id = models.CharField(_("mã cán bộ"), max_length=40, unique=True)

    class Meta:
        ordering = ["official_id"]
        verbose_name = _("cán bộ, công chức")
        verbose_name_plural = _("cán bộ, công chức")

    def __str__(self) -> str:
        return f"{self.official_id} {self.full_name}"


class Position(SourceRow):
    natural_key = models.CharField(max_length=64, unique=True, editable=False)
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="positions")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(_("chức danh"), max_length=200, blank=True)
    role = models.CharField(_("vị trí"), max_length=20, choices=PositionRole.choices)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["official_id", "start_date"]
        verbose_name = _("chức vụ, vị trí công tác")
        verbose_name_plural = _("chức vụ, vị trí công tác")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="integrity_position_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.official_id} {self.role} @ {self.body_id}"


class Relative(PersonMention):
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="relatives")
    relation = models.CharField(_("quan hệ"), max_length=20, choices=Relation.choices)

    class Meta:
        ordering = ["official_id", "relation"]
        verbose_name = _("người thân")
        verbose_name_plural = _("người thân")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.relation} of {self.official_id})"


class Enterprise(SourceRow):
    tax_code = models.CharField(_("mã số thuế"), max_length=14, unique=True)
    name = models.CharField(_("tên doanh nghiệp"), max_length=255)
    sector_code = models.CharField(_("ngành nghề (VSIC)"), max_length=10, blank=True, db_index=True)
    registered_on = models.DateField(_("ngày đăng ký"), null=True, blank=True)

    class Meta:
        ordering = ["tax_code"]
        verbose_name = _("doanh nghiệp")
        verbose_name_plural = _("doanh nghiệp")

    def __str__(self) -> str:
        return f"{self.tax_code} {self.name}"


class EnterprisePerson(PersonMention):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("vai trò"), max_length=30, choices=EnterpriseRole.choices)
    capital_share = models.DecimalField(_("tỷ lệ vốn góp"), max_digits=7, decimal_places=6, null=True,
                                        blank=True)

    class Meta:
        ordering = ["enterprise_id", "role"]
        verbose_name = _("người của doanh nghiệp")
        verbose_name_plural = _("người của doanh nghiệp")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.role})"


class Contract(SourceRow):
    contract_id = models.CharField(_("số hợp đồng"), max_length=60, unique=True)
    buyer = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="contracts")
    supplier = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="contracts")
    value_vnd = models.BigIntegerField(_("giá trị (đồng)"), null=True, blank=True)
    signed_on = models.DateField(_("ngày ký"))
    signer = models.ForeignKey(Official, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="signed_contracts")

    class Meta:
        ordering = ["-signed_on", "contract_id"]
        verbose_name = _("hợp đồng")
        verbose_name_plural = _("hợp đồng")

    def __str__(self) -> str:
        return self.contract_id
