"""Pages of sign-in, two-factor sign-in, and of people and their roles."""

from __future__ import annotations

import base64
import re

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from liemchinh.core.errors import DomainError
from liemchinh.core.forms.accounts import (
    AccountPasswordResetForm,
    LoginForm,
    OtpDisableForm,
    OtpTokenForm,
    ReasonForm,
    RoleAssignForm,
    TwoFactorPolicyForm,
    UserFilterForm,
    UserForm,
)
from liemchinh.core.models import RoleAssignment, User
from liemchinh.core.permissions import has_perm, orgs_with_perm, require_perm
from liemchinh.core.selectors.accounts import (
    backup_codes_left,
    role_assignments_for,
    twofactor_enabled_for,
    twofactor_policy,
    twofactor_required_for,
    user_get,
    user_search,
)
from liemchinh.core.services import accounts as services

PAGE_SIZE = 50
BACKUP_CODES_SESSION_KEY = "liemchinh_backup_codes"


def _add_domain_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


# --- sign-in -----------------------------------------------------------------------------------------

class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = False

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if twofactor_enabled_for(user):
            return redirect(f"{reverse('core:otp_verify')}?{urlencode({'next': self.get_success_url()})}")
        return response


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:home")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("core:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = AccountPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("core:password_reset_complete")


# --- two-factor sign-in ------------------------------------------------------------------------------

def _qr_svg(data: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    if svg.startswith("<?xml"):
        svg = svg[svg.index("?>") + 2:]
    # a fixed on-screen size that phones scan easily; the viewBox keeps it sharp
    return re.sub(r'^<svg width="[^"]*" height="[^"]*"', '<svg role="img" width="220" height="220"', svg, count=1)


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Scan the QR code (or type the secret), confirm with a code; backup codes are shown once."""
    user = request.user
    if twofactor_enabled_for(user):
        if not user.is_verified():
            return redirect("core:otp_verify")
        return redirect("core:otp_manage")
    device = services.twofactor_setup_begin(actor=user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.twofactor_enable(actor=user, device=device, token=form.cleaned_data["token"])
        except DomainError as error:
            _add_domain_error(form, error)
        else:
            from django_otp import login as otp_login

            otp_login(request, device)
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            messages.success(request, _("Đã bật xác thực hai lớp."))
            target = _safe_next(request, "")
            query = f"?{urlencode({'next': target})}" if target else ""
            return redirect(reverse("core:otp_backup_codes") + query)
    secret = base64.b32encode(device.bin_key).decode("ascii")
    context = {
        "form": form,
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - generated by qrcode from our own URL
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "required": twofactor_required_for(user),
        "next": _safe_next(request, ""),
        "breadcrumbs": [(_("Xác thực hai lớp"), None)],
    }
    return render(request, "core/accounts/otp_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    user = request.user
    if not twofactor_enabled_for(user):
        return redirect("core:otp_setup")
    if user.is_verified():
        return redirect(_safe_next(request, reverse("core:dashboard")))
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from django_otp import login as otp_login
        from django_otp import match_token

        device = match_token(user, form.cleaned_data["token"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request, reverse("core:dashboard")))
        form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(request, "core/accounts/otp_verify.html", {"form": form, "next": _safe_next(request, "")})


@login_required
def otp_backup_codes(request):
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("core:otp_manage")
    return render(request, "core/accounts/otp_backup_codes.html",
                  {"codes": codes, "next": _safe_next(request, reverse("core:otp_manage"))})


@login_required
@require_http_methods(["GET", "POST"])
def otp_manage(request):
    """The person's own two-factor settings: state, new backup codes, turn off (when allowed)."""
    user = request.user
    enabled = twofactor_enabled_for(user)
    required = twofactor_required_for(user)
    form = OtpDisableForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "renew":
                request.session[BACKUP_CODES_SESSION_KEY] = services.twofactor_backup_codes_renew(actor=user)
                return redirect("core:otp_backup_codes")
            if request.POST.get("action") == "disable" and form.is_valid():
                services.twofactor_disable(actor=user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Đã tắt xác thực hai lớp."))
                return redirect("core:otp_manage")
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("core:otp_manage")
    return render(request, "core/accounts/otp_manage.html", {
        "enabled": enabled, "required": required, "form": form,
        "codes_left": backup_codes_left(user) if enabled else 0,
        "breadcrumbs": [(_("Xác thực hai lớp"), None)],
    })


@login_required
@require_http_methods(["GET", "POST"])
def twofactor_policy_page(request):
    require_perm(request.user, "core.twofactor.policy")
    policy = twofactor_policy(request.user)
    form = TwoFactorPolicyForm(request.POST or None, policy=policy)
    if request.method == "POST" and form.is_valid():
        for role, _label, _required in policy:
            services.twofactor_policy_set(actor=request.user, role=role, required=form.cleaned_data[role])
        messages.success(request, _("Đã lưu yêu cầu xác thực hai lớp."))
        return redirect("core:twofactor_policy")
    return render(request, "core/accounts/twofactor_policy.html", {
        "form": form,
        "breadcrumbs": [(_("Người dùng"), reverse("core:user_list")), (_("Xác thực hai lớp"), None)],
    })


# --- people and roles --------------------------------------------------------------------------------

def _visible_user_or_404(actor, pk) -> User:
    try:
        return user_get(actor, pk)
    except User.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def user_list(request):
    require_perm(request.user, "core.user.view")
    form = UserFilterForm(request.GET or None, orgs=orgs_with_perm(request.user, "core.user.view"))
    filters = form.cleaned_data if form.is_valid() else {}
    state = filters.get("state") or ""
    users = user_search(
        request.user, q=filters.get("q") or "", organization=filters.get("organization"),
        role=filters.get("role") or "", active={"active": True, "inactive": False}.get(state),
    ).prefetch_related("role_assignments__organization")
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form, "page_obj": page, "users": page.object_list,
        "can_manage": has_perm(request.user, "core.user.manage"),
        "can_policy": has_perm(request.user, "core.twofactor.policy"),
        "breadcrumbs": [(_("Người dùng"), None)],
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "core/accounts/partials/user_results.html", context)
    return render(request, "core/accounts/user_list.html", context)


@login_required
def user_detail(request, pk: int):
    require_perm(request.user, "core.user.view")
    person = _visible_user_or_404(request.user, pk)
    can_assign = has_perm(request.user, "core.role.assign")
    context = {
        "person": person,
        "assignments": role_assignments_for(request.user, person),
        "twofactor_enabled": twofactor_enabled_for(person),
        "twofactor_required": twofactor_required_for(person),
        "can_manage": has_perm(request.user, "core.user.manage", person.organization),
        "can_assign": can_assign,
        "assign_form": RoleAssignForm(orgs=orgs_with_perm(request.user, "core.role.assign")) if can_assign else None,
        "breadcrumbs": [(_("Người dùng"), reverse("core:user_list")), (str(person), None)],
    }
    return render(request, "core/accounts/user_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def user_create_page(request):
    require_perm(request.user, "core.user.manage")
    orgs = orgs_with_perm(request.user, "core.user.manage")
    form = UserForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.user_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _add_domain_error(form, error)
        else:
            messages.success(request, _("Đã tạo người dùng %(name)s.") % {"name": person})
            return redirect("core:user_detail", pk=person.pk)
    return render(request, "core/accounts/user_form.html", {
        "form": form, "title": _("Thêm người dùng"),
        "breadcrumbs": [(_("Người dùng"), reverse("core:user_list")), (_("Thêm người dùng"), None)],
    })


@login_required
@require_http_methods(["GET", "POST"])
def user_edit_page(request, pk: int):
    require_perm(request.user, "core.user.manage")
    person = _visible_user_or_404(request.user, pk)
    require_perm(request.user, "core.user.manage", person.organization)
    orgs = orgs_with_perm(request.user, "core.user.manage")
    form = UserForm(request.POST or None, orgs=orgs, editing=True,
                    initial=UserForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=person, **form.cleaned_data)
        except DomainError as error:
            _add_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin người dùng."))
            return redirect("core:user_detail", pk=person.pk)
    return render(request, "core/accounts/user_form.html", {
        "form": form, "person": person, "title": _("Sửa thông tin người dùng"),
        "breadcrumbs": [(_("Người dùng"), reverse("core:user_list")),
                        (str(person), reverse("core:user_detail", args=[person.pk])), (_("Sửa"), None)],
    })


def _user_action(request, pk: int, service, done: str):
    require_perm(request.user, "core.user.manage")
    person = _visible_user_or_404(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        service(actor=request.user, user=person, reason=reason)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("core:user_detail", pk=person.pk)


@login_required
@require_POST
def user_deactivate_page(request, pk: int):
    return _user_action(request, pk, services.user_deactivate, _("Đã khóa tài khoản."))


@login_required
@require_POST
def user_reactivate_page(request, pk: int):
    return _user_action(request, pk, services.user_reactivate, _("Đã mở lại tài khoản."))


@login_required
@require_POST
def user_twofactor_reset_page(request, pk: int):
    return _user_action(request, pk, services.twofactor_reset, _("Đã đặt lại xác thực hai lớp của người dùng."))


@login_required
@require_POST
def role_assign_page(request, pk: int):
    require_perm(request.user, "core.role.assign")
    person = _visible_user_or_404(request.user, pk)
    form = RoleAssignForm(request.POST, orgs=orgs_with_perm(request.user, "core.role.assign"))
    if form.is_valid():
        try:
            services.role_assign(actor=request.user, user=person, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã phân quyền."))
    else:
        messages.error(request, _("Phải chọn vai trò và cơ quan."))
    return redirect("core:user_detail", pk=person.pk)


@login_required
@require_POST
def role_revoke_page(request, pk: int, assignment_pk: int):
    require_perm(request.user, "core.role.assign")
    person = _visible_user_or_404(request.user, pk)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=person)
    form = ReasonForm(request.POST)
    try:
        services.role_revoke(actor=request.user, assignment=assignment,
                             reason=form.cleaned_data["reason"] if form.is_valid() else "")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thu hồi vai trò."))
    return redirect("core:user_detail", pk=person.pk)

