"""Navigation for every module of ARCHITECTURE.md. Modules not built yet are shown greyed out."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from liemchinh.core.permissions import has_perm


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
    Module("plans", _("Kế hoạch, nhiệm vụ"), None, None, "plan"),
    Module("reports", _("Báo cáo định kỳ"), None, None, "report"),
    Module("assessment", _("Đánh giá chỉ số PCTN"), None, None, "score"),
    Module("petitions", _("Phản ánh, khiếu nại, tố cáo"), None, None, "petition"),
    Module("integrity", _("Xung đột lợi ích, tài sản"), None, None, "integrity"),
    Module("calendar", _("Lịch báo cáo"), "core:calendar", "core.calendar.view", "calendar"),
    Module("audit", _("Nhật ký hệ thống"), "core:audit_list", "core.audit.view", "audit"),
    Module("users", _("Người dùng, phân quyền"), "core:user_list", "core.user.view", "users"),
)


def _url(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_modules": []}
    items = []
    for module in MODULES:
        url = _url(module.url_name)
        if module.perm and url and not has_perm(user, module.perm):
            continue
        active = bool(url) and request.path.startswith(url) and (url != "/" or request.path == "/")
        items.append({"key": module.key, "label": module.label, "url": url, "enabled": url is not None,
                      "active": active, "icon": module.icon})
    unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_modules": items, "unread_notifications": unread}
