"""Every demo user signs in, sees the modules their role may use, opens each of them, signs out."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from liemchinh.core.context_processors import MODULES
from liemchinh.core.permissions import has_perm
from liemchinh.core.roles import INSPECTORATE_ROLES
from liemchinh.demo import DEMO_USERS
from tests.e2e.navigators import NavItem, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Modules only the inspectorate (and the system administrator) may see, whatever else changes.
INSPECTORATE_ONLY = {"audit": "Nhật ký hệ thống", "users": "Người dùng, phân quyền"}


def module_url(url_name: str | None) -> str | None:
    if url_name is None:
        return None
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def may_use(user, perm: str) -> bool:
    try:
        return has_perm(user, perm)
    except LookupError:  # a permission no app has registered grants nothing
        return False


def expected_nav(username: str) -> list[NavItem]:
    """What the navigation must show this person: built modules they may use are links, modules
    not built yet are greyed out for everyone, the rest is left out."""
    from liemchinh.core.models import User

    user = User.objects.get(username=username)
    items = []
    with translation.override("vi"):
        for module in MODULES:
            url = module_url(module.url_name)
            if url is not None and module.perm and not may_use(user, module.perm):
                continue
            items.append(NavItem(str(module.label), enabled=url is not None))
    return items


@pytest.mark.parametrize("demo_user", DEMO_USERS, ids=lambda u: f"{u.role}-{u.username}")
def test_a_demo_user_sees_and_opens_the_modules_of_their_role(staff, demo_user):
    with step(f"Given {demo_user.username} ({demo_user.role}) signs in"):
        staff.login_as(demo_user.username, demo_user.password)
        assert staff.is_signed_in()
        assert staff.language == "vi"

    with step("Then the navigation lists exactly the modules the role may see, greyed ones not as links"):
        shown = staff.nav_items()
        assert shown == expected_nav(demo_user.username)
        assert shown[0] == NavItem("Tổng quan", enabled=True)
        labels = {item.label for item in shown}
        for key, label in INSPECTORATE_ONLY.items():
            built = any(m.key == key and module_url(m.url_name) for m in MODULES)
            if built:
                assert (label in labels) == (demo_user.role in INSPECTORATE_ROLES), label

    for item in [i for i in shown if i.enabled]:
        with step(f"When they open the module {item.label!r}"):
            response = staff.open_module(item.label)
        with step(f"Then {item.label!r} opens in Vietnamese, with its heading and no error"):
            assert response is not None and response.status == 200, response and response.status
            assert staff.language == "vi"
            assert staff.active_nav_labels() == [item.label]
            assert staff.heading()
            assert staff.title()
            staff.assert_no_problems()

    with step("When they sign out"):
        staff.logout()
    with step("Then they are signed out and offered to sign in again"):
        assert not staff.is_signed_in()
        assert staff.has_button_or_link("Đăng nhập")
        staff.assert_no_problems()


def test_a_wrong_password_is_refused_with_a_vietnamese_message(staff):
    user = DEMO_USERS[0]

    with step(f"When {user.username} signs in with a wrong password"):
        staff.login_as(user.username, user.password + "-sai", expect_failure=True)

    with step("Then they are not signed in and the message says so in Vietnamese"):
        assert not staff.is_signed_in()
        assert "mật khẩu" in staff.login_error().lower()
        assert staff.language == "vi"


def test_switching_to_english_changes_the_staff_navigation(staff):
    officer = next(u for u in DEMO_USERS if u.role in INSPECTORATE_ROLES)

    with step(f"Given {officer.username} is signed in, in Vietnamese"):
        staff.login_as(officer.username, officer.password)
        vietnamese = [item.label for item in staff.nav_items()]
        assert "Tổng quan" in vietnamese

    with step("When they switch the language to English"):
        staff.switch_language("English")

    with step("Then the page and its navigation are in English"):
        assert staff.language == "en"
        english = [item.label for item in staff.nav_items()]
        assert len(english) == len(vietnamese)
        with translation.override("en"):
            assert english[0] == str(MODULES[0].label)
        assert english[0] != vietnamese[0]
        assert "Tổng quan" not in english

    with step("When they switch back to Vietnamese"):
        staff.switch_language("Tiếng Việt")
    with step("Then the navigation is Vietnamese again"):
        assert [item.label for item in staff.nav_items()] == vietnamese
        staff.assert_no_problems()
