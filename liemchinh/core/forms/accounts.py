"""Forms of sign-in, two-factor and the user pages. They parse input; the services validate."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from liemchinh.core.forms.orgs import OrgChoiceField
from liemchinh.core.models import Organization, User
from liemchinh.core.roles import Role


class LoginForm(AuthenticationForm):
    """Django's sign-in form; a locked-out attempt shows the lock-out message (the same whether or
    not the account exists) instead of "wrong password"."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")

    def clean(self):
        from liemchinh.core.services.accounts import client_address, lockout_message, login_lockout_state

        username = self.cleaned_data.get("username")
        if username and login_lockout_state(username=username, client=client_address(self.request)).locked:
            raise forms.ValidationError(lockout_message(), code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "login_locked", False):
                raise forms.ValidationError(lockout_message(), code="locked") from None
            raise


class AccountPasswordResetForm(PasswordResetForm):
    """Also reaches active accounts created without a password: the e-mail sets the first one."""

    def get_users(self, email):
        return (
            user for user in User.objects.filter(email__iexact=email, is_active=True)
            if user.email and user.email.lower() == email.lower()
        )


class OtpTokenForm(forms.Form):
    token = forms.CharField(label=_("Mã xác thực"), max_length=16,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}))


class OtpDisableForm(forms.Form):
    reason = forms.CharField(label=_("Lý do (không bắt buộc)"), max_length=255, required=False)


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên, tên đăng nhập, thư điện tử"), required=False)
    organization = OrgChoiceField(label=_("Cơ quan"), queryset=Organization.objects.none(), required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=[("", _("Tất cả"))] + list(Role.choices), required=False)
    state = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[
        ("", _("Tất cả")), ("active", _("Đang hoạt động")), ("inactive", _("Đã khóa"))])

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (orgs if orgs is not None else Organization.objects.none()).order_by(
            "path")


class UserForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    organization = OrgChoiceField(label=_("Cơ quan"), queryset=Organization.objects.none(), required=False)
    job_title = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    password = forms.CharField(
        label=_("Mật khẩu ban đầu (để trống: người dùng tự đặt qua “Quên mật khẩu?”)"), required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, orgs=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (orgs if orgs is not None else Organization.objects.none()).order_by(
            "path")
        if editing:
            del self.fields["username"]
            del self.fields["password"]

    @classmethod
    def initial_for(cls, user: User) -> dict:
        return {"full_name": user.full_name, "email": user.email, "organization": user.organization_id,
                "job_title": user.job_title, "phone": user.phone}


class RoleAssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    organization = OrgChoiceField(label=_("Cơ quan"), queryset=Organization.objects.none())

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (orgs if orgs is not None else Organization.objects.none()).order_by(
            "path")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False)


class TwoFactorPolicyForm(forms.Form):
    """One checkbox per role: required or not."""

    def __init__(self, *args, policy=(), **kwargs):
        super().__init__(*args, **kwargs)
        for role, label, required in policy:
            self.fields[role] = forms.BooleanField(label=label, required=False, initial=required)
