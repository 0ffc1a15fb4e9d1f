"""Template context for every page: the site's identity, the navigation and the signed-in person.

Navigation lists every module of ARCHITECTURE.md. Modules not built yet (no URL) are shown greyed
out and are not links; modules the person may not use are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from liemchinh.core.permissions import has_perm
from liemchinh.core.selectors.notifications import unread_count


@dataclass(frozen=True)
class Module:
    key: str
    label: str
    url_name: str | None  # None: not built yet (greyed out)
    perm: str | None = None
    icon: str = ""


MODULES: tuple[Module, ...] = (
    Module("dashboard", _("Tổng quan"), "core:dashboard", None, "home"),
    Module("orgs", _("Cơ quan, đơn vị"), "core:org_list", "core.org.view", "org"),
    Module("documents", _("Văn bản"), "documents:document_list", "documents.document.view", "doc"),
    Module("plans", _("Kế hoạch, nhiệm vụ"), "plans:assignment_list", "plans.task.view", "plan"),
    Module("reports", _("Báo cáo định kỳ"), None, None, "report"),
    Module("assessment", _("Đánh giá chỉ số PCTN"), None, None, "score"),
    Module("petitions", _("Phản ánh, khiếu nại, tố cáo"), "petitions:inbox", "petitions.inbox.view", "petition"),
    # The widest of the module's permissions (gifts reach focal points); the landing page shows what each may use.
    Module("integrity", _("Xung đột lợi ích, tài sản"), "integrity:home", "integrity.gifts.view", "integrity"),
    Module("calendar", _("Lịch báo cáo"), "core:calendar", "core.calendar.view", "calendar"),
    Module("audit", _("Nhật ký hệ thống"), "core:audit_list", "core.audit.view", "audit"),
    Module("users", _("Người dùng, phân quyền"), "core:user_list", "core.user.view", "users"),
)

# The public portal's navigation: no staff module, and open to everyone. An entry lights up as
# soon as its URL name exists (the same names as portal.views.PUBLIC_SERVICES).
PUBLIC_MODULES: tuple[Module, ...] = (
    Module("home", _("Trang chủ"), "portal:home"),
    Module("public", _("Cổng thông tin công khai"), "portal:public"),
    Module("submit", _("Gửi phản ánh, kiến nghị"), "petitions:public_submit"),
    Module("track", _("Tra cứu hồ sơ"), "petitions:public_track"),
    Module("results", _("Kết quả công khai"), "portal:results"),
)


def _url(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _may_use(user, perm: str | None) -> bool:
    if not perm:
        return True
    try:
        return has_perm(user, perm)
    except LookupError:  # the module's app has not registered its permissions: show nothing
        return False


def _is_active(request, url: str | None) -> bool:
    if not url:
        return False
    if url == "/":
        return request.path == "/"
    return request.path.startswith(url)


def _items(request, modules, user=None) -> list[dict]:
    items = []
    for module in modules:
        url = _url(module.url_name)
        if user is not None and url and not _may_use(user, module.perm):
            continue
        items.append({"key": module.key, "label": module.label, "url": url, "enabled": url is not None,
                      "active": _is_active(request, url), "icon": module.icon})
    # Only the deepest match is the current page: the dashboard (/staff/) must not stay lit on /staff/orgs/.
    active = [item for item in items if item["active"]]
    if len(active) > 1:
        deepest = max(active, key=lambda item: len(item["url"]))
        for item in active:
            item["active"] = item is deepest
    return items


def navigation(request) -> dict:
    """nav_modules (staff), public_nav (everyone) and unread_notifications (signed-in)."""
    public_nav = _items(request, PUBLIC_MODULES)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_modules": [], "public_nav": public_nav, "unread_notifications": 0}
    unread = unread_count(user)
    return {"nav_modules": _items(request, MODULES, user), "public_nav": public_nav,
            "unread_notifications": unread}


def site(request) -> dict:
    """SITE_NAME, PROVINCE_NAME and, for a signed-in person, their roles on bodies (for the header)."""
    context = {
        "SITE_NAME": getattr(settings, "SITE_NAME", "Liêm Chính"),
        "PROVINCE_NAME": getattr(settings, "PROVINCE_NAME", ""),
        "user_roles": [],
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["user_roles"] = [
            {"role": a.get_role_display(), "organization": a.organization}
            for a in user.role_assignments.select_related("organization").order_by("role", "organization__name")
        ]
    return context
