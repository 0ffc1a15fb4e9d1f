"""The tree of bodies of a province, with kinds, names, aliases, validity and succession."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    PEOPLES_COMMITTEE_PROVINCE = "peoples_committee_province", _("UBND tỉnh")
    INSPECTORATE = "inspectorate", _("Thanh tra tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    PEOPLES_COMMITTEE_COMMUNE = "peoples_committee_commune", _("UBND xã, phường, đặc khu")
    POLICE = "police", _("Công an")
    PROCURACY = "procuracy", _("Viện kiểm sát")
    COURT = "court", _("Tòa án")
    JUDGMENT_ENFORCEMENT = "judgment_enforcement", _("Thi hành án dân sự")
    FATHERLAND_FRONT = "fatherland_front", _("Ủy ban MTTQ Việt Nam")
    PARTY_INTERNAL_AFFAIRS = "party_internal_affairs", _("Ban Nội chính Tỉnh ủy")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Đơn vị sự nghiệp công lập")
    STATE_ENTERPRISE = "state_enterprise", _("Doanh nghiệp nhà nước")
    OTHER = "other", _("Khác")


VERTICAL_AGENCY_KINDS = frozenset(
    {OrgKind.POLICE, OrgKind.PROCURACY, OrgKind.COURT, OrgKind.JUDGMENT_ENFORCEMENT}
)


class Organization(models.Model):
    """A body (cơ quan, đơn vị). Bodies are never deleted: a merged or dissolved body gets
    `valid_to` and, when merged, a `successor`, so its history stays reachable."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)
    kind = models.CharField(_("loại"), max_length=40, choices=OrgKind.choices, default=OrgKind.OTHER)
    parent = models.ForeignKey(
        "self", verbose_name=_("cơ quan cấp trên"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    # Materialised path of ids ("/1/7/42/") so that a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("cơ quan kế thừa"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="predecessors",
    )
    managed_sectors = models.JSONField(_("ngành, lĩnh vực quản lý (VSIC)"), default=list, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="org_valid_to_after_valid_from",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="org_code_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_active(self) -> bool:
        return self.valid_to is None or self.valid_to >= dt.date.today()


class OrgGroup(models.Model):
    """A named group of bodies that work can be assigned to ("các sở, ban, ngành").

    Members are the bodies listed explicitly plus every active body whose kind is in
    `member_kinds`; `phrases` are the ways documents name the group."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên nhóm"), max_length=255)
    phrases = models.JSONField(_("cách gọi trong văn bản"), default=list, blank=True)
    member_kinds = models.JSONField(_("gồm các loại cơ quan"), default=list, blank=True)
    members = models.ManyToManyField(Organization, verbose_name=_("thành viên"), blank=True, related_name="org_groups")
    description = models.TextField(_("mô tả"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nhóm cơ quan")
        verbose_name_plural = _("nhóm cơ quan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
