"""The interface shell: layout, navigation, header, staff dashboard, error pages, date formats."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from liemchinh.core import context_processors
from liemchinh.core.context_processors import Module
from liemchinh.core.models import Notification
from liemchinh.core.roles import Role
from liemchinh.core.services.audit import audit_record
from liemchinh.core.templatetags import liemchinh as tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user, org_tree):
    return make_user(Role.INSPECTORATE_OFFICER, org_tree["inspectorate"], full_name="Nguyễn Thị Hương")


@pytest.fixture
def focal(make_user, org_tree):
    return make_user(Role.FOCAL_POINT, org_tree["finance"], full_name="Trần Văn Bình")


def _nav(html: str) -> str:
    match = re.search(r'<nav id="site-nav".*?</nav>', html, flags=re.S)
    assert match, "the page has no main navigation"
    return match.group(0)


def test_modules_not_built_are_greyed_and_not_links(client, officer):
    client.force_login(officer)
    html = client.get(reverse("core:dashboard")).content.decode()
    nav = _nav(html)
    unbuilt = [m for m in context_processors.MODULES if m.url_name is None]
    assert unbuilt
    for module in unbuilt:
        label = str(module.label)
        assert re.search(r'<span class="nav-link is-disabled" aria-disabled="true" title="Sắp có">\s*'
                         + re.escape(label), nav), label
        assert not re.search(r"<a[^>]*>\s*" + re.escape(label) + r"\s*</a>", nav), label
    # The page itself is a link, marked as current.
    assert re.search(r'<a class="nav-link" href="/staff/" aria-current="page">Tổng quan</a>', nav)


def test_modules_follow_permissions_and_unknown_permissions_hide(client, officer, focal, monkeypatch):
    monkeypatch.setattr(context_processors, "MODULES", (
        Module("audit_like", "Mục kiểm tra quyền", "portal:public", "core.audit.view"),
        Module("unknown", "Mục chưa đăng ký quyền", "portal:home", "nosuchapp.thing.view"),
        Module("open", "Mục ai cũng dùng", "core:dashboard"),
    ))
    client.force_login(officer)
    nav = _nav(client.get(reverse("core:dashboard")).content.decode())
    assert "Mục kiểm tra quyền" in nav and "Mục ai cũng dùng" in nav
    assert "Mục chưa đăng ký quyền" not in nav
    client.force_login(focal)
    nav = _nav(client.get(reverse("core:dashboard")).content.decode())
    assert "Mục kiểm tra quyền" not in nav and "Mục ai cũng dùng" in nav


def test_header_shows_province_person_roles_bell_and_post_logout(client, officer, settings):
    settings.PROVINCE_NAME = "tỉnh Thử Nghiệm"
    Notification.objects.create(recipient=officer, title="Việc mới 1")
    Notification.objects.create(recipient=officer, title="Việc mới 2")
    Notification.objects.create(recipient=officer, title="Đã đọc", read_at=dt.datetime.now(dt.UTC))
    client.force_login(officer)
    html = client.get(reverse("core:dashboard")).content.decode()
    header = re.search(r'<header class="site-header">.*?</header>', html, flags=re.S).group(0)
    assert "Liêm Chính" in header and "tỉnh Thử Nghiệm" in header
    assert "Nguyễn Thị Hương" in header
    assert "Cán bộ Thanh tra tỉnh · Thanh tra tỉnh" in header
    assert re.search(r'<span class="bell-count" data-count="2">2</span>', header)
    logout = re.search(r'<form action="([^"]+)" method="post">.*?Đăng xuất', header, flags=re.S)
    assert logout and logout.group(1)


def test_page_has_htmx_csrf_header_skip_link_and_styles(client, officer):
    client.force_login(officer)
    response = client.get(reverse("core:dashboard"))
    html = response.content.decode()
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', html)
    assert token and len(token.group(1)) >= 32
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert "/static/vendor/htmx/htmx.min.js" in html and "/static/css/app.css" in html
    assert "cdn" not in html.lower()


def test_bell_polls_the_badge_only_when_that_page_exists(client, officer, monkeypatch):
    client.force_login(officer)
    html = client.get(reverse("core:dashboard")).content.decode()
    badge_exists = bool(tags.reverse_or_empty("core:notification_badge"))
    assert ('hx-trigger="every 60s"' in html) is badge_exists

    real_reverse = tags.reverse

    def fake_reverse(name, *args, **kwargs):
        if name == "core:notification_badge":
            return "/thong-bao/huy-hieu/"
        return real_reverse(name, *args, **kwargs)

    monkeypatch.setattr(tags, "reverse", fake_reverse)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert re.search(r'hx-get="/thong-bao/huy-hieu/" hx-trigger="every 60s" hx-swap="innerHTML"', html)


def test_dashboard_greets_and_lists_roles_unread_and_audit(client, officer, org_tree):
    Notification.objects.create(recipient=officer, title="Kỳ báo cáo quý IV đã mở")
    Notification.objects.create(recipient=officer, title="Thông báo đã đọc", read_at=dt.datetime.now(dt.UTC))
    audit_record(actor=officer, action="org.update", obj=org_tree["inspectorate"],
                 organization=org_tree["inspectorate"], changes={"name": ["a", "b"]})
    client.force_login(officer)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Xin chào, Nguyễn Thị Hương" in html
    assert "Vai trò và cơ quan" in html and "Cán bộ Thanh tra tỉnh" in html
    assert "Kỳ báo cáo quý IV đã mở" in html and "Thông báo đã đọc" not in html
    assert "Hoạt động gần đây" in html and "org.update" in html


def test_dashboard_hides_audit_from_those_who_may_not_see_it(client, focal, org_tree):
    audit_record(actor=focal, action="org.update", obj=org_tree["finance"], organization=org_tree["finance"],
                 changes={})
    client.force_login(focal)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Hoạt động gần đây" not in html and "org.update" not in html
    assert "Cán bộ đầu mối" in html and "Sở Tài chính" in html


def test_dashboard_tiles_grey_unbuilt_modules(client, officer):
    client.force_login(officer)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert re.search(r'<div class="tile is-disabled" aria-disabled="true"[^>]*><span class="tile-title">'
                     r"Đánh giá chỉ số PCTN</span>", html)
    assert not re.search(r'<a class="tile"[^>]*><span class="tile-title">Đánh giá chỉ số PCTN', html)
    assert re.search(r'<a class="tile"[^>]*><span class="tile-title">Phản ánh, khiếu nại, tố cáo', html)


def test_messages_render_as_alerts(client, officer):
    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().get("/staff/")
    request.user = officer
    request.session = client.session
    request._messages = FallbackStorage(request)
    messages.success(request, "Đã lưu kế hoạch.")
    messages.error(request, "Không lưu được.")
    html = Template('{% include "includes/messages.html" %}').render(
        Context({"messages": messages.get_messages(request)}))
    assert '<li class="alert alert-success">Đã lưu kế hoạch.</li>' in html
    assert '<li class="alert alert-error" role="alert">Không lưu được.</li>' in html


def test_breadcrumbs_from_context(client):
    html = Template('{% include "includes/breadcrumbs.html" %}').render(
        Context({"breadcrumbs": [("Trang chủ", "/"), ("Kế hoạch", "/ke-hoach/"), ("Kế hoạch số 12", None)]}))
    assert '<a href="/">Trang chủ</a>' in html and '<a href="/ke-hoach/">Kế hoạch</a>' in html
    assert '<span aria-current="page">Kế hoạch số 12</span>' in html


def test_404_page_is_vietnamese(client):
    response = client.get("/trang-khong-ton-tai/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and 'lang="vi"' in html


def _request(user=None):
    request = RequestFactory().get("/mot-trang/")
    request.user = user or AnonymousUser()
    return request


def test_403_page_explains_the_refusal(officer):
    response = defaults.permission_denied(_request(officer), PermissionDenied("Bạn không có quyền thực hiện thao tác này."))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Bạn không có quyền truy cập trang này" in html
    assert "Bạn không có quyền thực hiện thao tác này." in html


def test_403_from_a_view_uses_the_template(client, officer, monkeypatch):
    from liemchinh.core.views import dashboard as dashboard_view

    def refuse(*args, **kwargs):
        raise PermissionDenied

    monkeypatch.setattr(dashboard_view, "has_perm", refuse)
    client.force_login(officer)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 403
    assert "Bạn không có quyền truy cập trang này" in response.content.decode()


def test_500_and_400_pages_need_no_request_context():
    response = defaults.server_error(_request())
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.content.decode()
    response = defaults.bad_request(_request(), Exception("x"))
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_dd_mm_yyyy_in_both_languages(language):
    day = dt.date(2025, 1, 5)
    with translation.override(language):
        html = Template('{{ d }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d|date:"DATE_FORMAT" }}').render(Context({"d": day}))
        assert html == "05/01/2025|05/01/2025|05/01/2025"

        class DayForm(forms.Form):
            day = forms.DateField()

        form = DayForm({"day": "05/01/2025"})
        assert form.is_valid() and form.cleaned_data["day"] == day


def test_vietnamese_numbers_use_dot_thousands():
    with translation.override("vi"):
        html = Template("{% load humanize %}{{ n|intcomma }}").render(Context({"n": 1234567}))
    assert html == "1.234.567"


def test_pagination_keeps_query_parameters():
    from django.core.paginator import Paginator

    request = RequestFactory().get("/danh-sach/", {"q": "Sở Tài chính", "page": "2"})
    page = Paginator(list(range(2500)), 1000).page(2)
    html = Template('{% include "includes/pagination.html" %}').render(RequestContext(request, {"page_obj": page}))
    assert "Trang 2/3" in html and "Dòng 1.001–2.000 trong 2.500" in html
    assert 'href="?q=S%E1%BB%9F+T%C3%A0i+ch%C3%ADnh&amp;page=1" rel="prev"' in html
    assert 'href="?q=S%E1%BB%9F+T%C3%A0i+ch%C3%ADnh&amp;page=3" rel="next"' in html


def test_dashboard_asks_strangers_to_sign_in(client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_logout_is_a_post_to_the_logout_page(client, officer):
    client.force_login(officer)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert re.search(r'<form action="' + re.escape(reverse("core:logout")) + r'" method="post">', html)
