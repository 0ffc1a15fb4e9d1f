"""The public pages: the home page's two entry points, the public portal, the language switch."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _links(html: str) -> dict[str, str]:
    """Link text → href for every <a> of the page (text stripped of inner tags and spaces)."""
    links = {}
    for href, inner in re.findall(r'<a[^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, flags=re.S):
        text = re.sub(r"<[^>]+>", "", inner).strip()
        links.setdefault(text, href)
    return links


def test_home_offers_the_public_portal_and_the_staff_sign_in(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    links = _links(html)
    assert links["Cổng thông tin công khai"] == reverse("portal:public")
    assert links["Đăng nhập"] == reverse("core:login")
    assert "phòng, chống tham nhũng" in html
    assert 'lang="vi"' in html


def test_home_names_the_province(client, settings):
    settings.PROVINCE_NAME = "tỉnh Thử Nghiệm"
    html = client.get("/").content.decode()
    assert "tỉnh Thử Nghiệm" in html


def test_public_pages_show_no_staff_module_even_to_staff(client, make_user, org_tree):
    client.force_login(make_user("inspectorate_officer", org_tree["inspectorate"]))
    html = client.get(reverse("portal:public")).content.decode()
    assert "Lịch báo cáo" not in html  # a staff module
    assert "Tra cứu hồ sơ" in html


def test_public_portal_lists_services_and_greys_those_not_built(client, monkeypatch):
    from liemchinh.portal import views

    monkeypatch.setattr(views, "PUBLIC_SERVICES", (
        ("portal:home", "Dịch vụ đã có", "Mô tả A"),
        ("petitions:not_built_yet", "Dịch vụ sắp có", "Mô tả B"),
    ))
    html = client.get(reverse("portal:public")).content.decode()
    links = _links(html)
    assert links["Dịch vụ đã cóMô tả A"] == "/"
    assert not any(text.startswith("Dịch vụ sắp có") for text in links)
    greyed = re.search(r'<div class="tile is-disabled" aria-disabled="true"[^>]*>(.*?)</div>', html, flags=re.S)
    assert greyed and "Dịch vụ sắp có" in greyed.group(1) and "Sắp có" in greyed.group(1)


def test_public_portal_mentions_what_the_public_can_do(client):
    html = client.get(reverse("portal:public")).content.decode()
    for text in ("Gửi phản ánh, kiến nghị", "Gửi khiếu nại, tố cáo", "Tra cứu hồ sơ", "Kết quả công khai"):
        assert text in html


def test_switching_to_english_changes_the_text(client, compiled_locale):
    assert "Cổng thông tin công khai" in client.get("/").content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    links = _links(html)
    assert 'lang="en"' in html
    assert "Public portal" in links and "Sign in" in links
    assert "Cổng thông tin công khai" not in html
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Cổng thông tin công khai" in client.get("/").content.decode()


def test_language_switch_is_a_post_form_to_set_language(client):
    html = client.get("/").content.decode()
    form = re.search(r'<form class="lang-switch" action="([^"]+)" method="post"(.*?)</form>', html, flags=re.S)
    assert form and form.group(1) == reverse("set_language")
    assert 'name="csrfmiddlewaretoken"' in form.group(2)
    assert 'name="language" value="vi"' in form.group(2) and 'name="language" value="en"' in form.group(2)
