from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse

from liemchinh.core.errors import DomainError


class DomainErrorMiddleware:
    """Turns a DomainError raised by a service into a page with its Vietnamese message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        if request.path.startswith("/api/"):
            return None  # the API's exception handler answers in JSON
        template = "core/partials/error.html" if getattr(request, "htmx", False) else "core/error.html"
        return render(request, template, {"error": exception}, status=exception.status_code)


class RequireTwoFactorMiddleware:
    """Staff whose role requires two-factor sign-in must verify a TOTP code before anything else."""

    EXEMPT_PREFIXES = ("/static/", "/i18n/", "/api/", "/accounts/logout/", "/accounts/2fa/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and not user.is_verified()
        ):
            from liemchinh.core.selectors.accounts import twofactor_required_for

            if twofactor_required_for(user):
                from django_otp import user_has_device

                target = "core:otp_verify" if user_has_device(user) else "core:otp_setup"
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
