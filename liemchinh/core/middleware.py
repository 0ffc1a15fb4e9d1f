from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from liemchinh.core.errors import DomainError


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose another language with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a Vietnamese public
    service shows Vietnamese first whatever the browser's settings are."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


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
    """A signed-in person who has an authenticator, or whose role requires one, must verify a TOTP
    code before anything else: pages redirect to verification (or to setup when they have no
    authenticator yet); the API answers 403 to such a session. Token requests are checked by the
    token endpoint, which asks for the code."""

    EXEMPT_PREFIXES = ("/static/", "/i18n/", "/accounts/logout/", "/accounts/2fa/", "/api/v1/auth/token/")

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
            from liemchinh.core.selectors.accounts import twofactor_enabled_for, twofactor_required_for

            has_device = twofactor_enabled_for(user)
            if has_device or twofactor_required_for(user):
                if request.path.startswith("/api/"):
                    from django.http import JsonResponse
                    from django.utils.translation import gettext as _

                    return JsonResponse({"detail": _("Cần xác thực hai lớp trước khi dùng API."),
                                         "code": "otp_required"}, status=403)
                target = "core:otp_verify" if has_device else "core:otp_setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
