"""People, their roles on bodies, and the sign-in safeguards."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from liemchinh.core.roles import Role


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("cơ quan công tác"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="staff",
    )
    job_title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    failed_login_count = models.PositiveIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username


class RoleAssignment(models.Model):
    """A role held by a person on a body. Subtree roles reach the body's subtree (see roles.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=40, choices=Role.choices)
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organization"], name="role_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class RoleTwoFactorRequirement(models.Model):
    """An administrator's choice that every holder of `role` must sign in with TOTP."""

    role = models.CharField(_("vai trò"), max_length=40, choices=Role.choices, unique=True)
    required = models.BooleanField(_("bắt buộc xác thực hai lớp"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("yêu cầu xác thực hai lớp")
        verbose_name_plural = _("yêu cầu xác thực hai lớp")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.required}"


class LoginFailure(models.Model):
    """A failed sign-in, kept to lock out guessing by account and by client address."""

    username = models.CharField(max_length=150, db_index=True)
    client = models.CharField(max_length=64, db_index=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("đăng nhập không thành công")
        verbose_name_plural = _("đăng nhập không thành công")

    def __str__(self) -> str:
        return f"{self.username} {self.client} {self.at:%d/%m/%Y %H:%M}"
