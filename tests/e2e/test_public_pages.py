"""The public home page: the way in for citizens and for staff, in Vietnamese or English."""

from __future__ import annotations

import pytest

from tests.e2e.navigators import step

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_home_page_offers_the_public_portal_and_the_staff_sign_in(visitor):
    with step("When a visitor opens the home page"):
        response = visitor.open_home()

    with step("Then it is in Vietnamese and leads to the public portal and to the sign-in"):
        assert response is not None and response.status == 200
        assert visitor.language == "vi"
        assert visitor.has_button_or_link("Cổng thông tin công khai")
        assert visitor.has_button_or_link("Đăng nhập")
        visitor.assert_no_problems()


def test_the_public_portal_opens_from_the_home_page(visitor):
    with step("Given a visitor on the home page"):
        visitor.open_home()

    with step("When they follow the public portal"), visitor.page.expect_navigation() as navigation:
        visitor.page.get_by_role("link", name="Cổng thông tin công khai").first.click()

    with step("Then the public portal opens without an error"):
        assert navigation.value.status == 200
        assert visitor.heading()
        visitor.assert_no_problems()


def test_switching_to_english_changes_the_public_navigation(visitor):
    with step("Given a visitor on the home page, in Vietnamese"):
        visitor.open_home()
        vietnamese = [item.label for item in visitor.nav_items()]
        assert "Cổng thông tin công khai" in vietnamese

    with step("When they switch the language to English"):
        visitor.switch_language("English")

    with step("Then the navigation is in English"):
        assert visitor.language == "en"
        english = [item.label for item in visitor.nav_items()]
        assert len(english) == len(vietnamese)
        assert "Cổng thông tin công khai" not in english
        assert not visitor.has_button_or_link("Đăng nhập")
        visitor.assert_no_problems()
