"""A citizen sends a denunciation without giving their name and follows it with the tracking code
and secret they were shown once.

CAPTCHA: a browser cannot read the expected answer from the server's session, and a test-only
deterministic challenge would be a code path that could weaken the real one if it were ever
switched on by mistake. The test therefore turns the CAPTCHA off through the same setting a
deployment uses (PETITIONS_CAPTCHA_ENABLED, through pytest-django's `settings` fixture, which the
live server shares since it runs in this process). The CAPTCHA itself is covered by
liemchinh/petitions/tests/test_public_captcha.py; the rate limits stay on here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from tests.e2e.navigators import PublicNavigator, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@dataclass
class Citizen(PublicNavigator):
    """A citizen on the petition pages."""

    def send_petition(self, *, kind_label: str, content: str, anonymous: bool) -> None:
        self.open("/gui-don/")
        self.page.get_by_label(kind_label, exact=True).check()
        self.page.get_by_label("Nội dung", exact=True).fill(content)
        if anonymous:
            self.page.get_by_label("Gửi không ghi danh tính (nặc danh)").check()
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Gửi đơn").click()

    def receipt(self) -> tuple[str, str]:
        return (self.page.locator("#tracking-code").inner_text().strip(),
                self.page.locator("#tracking-secret").inner_text().strip())

    def confirm_written_down(self) -> None:
        self.page.get_by_label("Tôi đã ghi lại mã tra cứu và mật khẩu").check()
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Tiếp tục").click()

    def track(self, code: str, secret: str) -> None:
        self.page.get_by_label("Mã tra cứu").fill(code)
        self.page.get_by_label("Mật khẩu").fill(secret)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Tra cứu").click()

    def answer(self, text: str) -> None:
        self.page.get_by_label("Trả lời của bạn").fill(text)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Gửi trả lời").click()

    def leave(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Thoát").click()


@pytest.fixture
def citizen(page, demo_site, settings):
    settings.PETITIONS_CAPTCHA_ENABLED = False
    cache.clear()
    yield Citizen(page, demo_site)
    cache.clear()


def test_a_citizen_denounces_anonymously_and_follows_the_case_with_the_code(citizen):
    with step("Given a citizen on the petition form, told what anonymity means for a denunciation"):
        citizen.open("/gui-don/")
        assert "không được xử lý theo thủ tục giải quyết tố cáo" in citizen.text()

    with step("When they send a denunciation without their name"):
        citizen.send_petition(kind_label="Tố cáo", anonymous=True,
                              content="Cán bộ địa chính xã nhận tiền để ký hồ sơ chuyển nhượng đất.")

    with step("Then they see a tracking code and a secret once, with a warning, and no secret in the URL"):
        code, secret = citizen.receipt()
        assert re.fullmatch(r"(\d{4} ){3}\d{4}", code)
        assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", secret)
        assert "chỉ hiện một lần" in citizen.text()
        assert secret not in citizen.page.url and code.replace(" ", "") not in citizen.page.url

    with step("When they confirm they wrote them down and enter them on the tracking page"):
        citizen.confirm_written_down()
        assert citizen.page.url.endswith("/tra-cuu/")
        citizen.track(code, secret)

    with step("Then they see their denunciation, its status and its dates"):
        text = citizen.text()
        assert "Tố cáo" in text and "Đã tiếp nhận" in text and "Hạn xử lý" in text
        assert "Cán bộ địa chính xã nhận tiền" in text

    with step("When they add an answer"):
        citizen.answer("Việc xảy ra vào tháng 3, tại bộ phận một cửa.")

    with step("Then it is on the case, and leaving forgets the case in this browser"):
        assert "Việc xảy ra vào tháng 3, tại bộ phận một cửa." in citizen.text()
        citizen.leave()
        citizen.open("/tra-cuu/ho-so/")
        assert citizen.page.url.endswith("/tra-cuu/")
        citizen.assert_no_problems()
