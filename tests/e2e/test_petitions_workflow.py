"""A citizen sends two denunciations (one anonymous, one with their name about a body), follows
both with their codes; an inspector classifies, accepts, resolves and publishes the named one; the
citizen sees the result and rates it.

The CAPTCHA is switched off through PETITIONS_CAPTCHA_ENABLED, as in test_petitions_public.py
(see there why); the rate limits stay on. The officer works in a browser profile of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.navigators import StaffNavigator, step
from tests.e2e.test_petitions_public import Citizen

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ANONYMOUS_CONTENT = ("Cán bộ bộ phận một cửa xã Tân Biên đòi 300.000 đồng mỗi hồ sơ để giải quyết nhanh việc "
                     "cấp giấy chứng nhận quyền sử dụng đất, vào sáng thứ Hai hằng tuần.")
NAMED_CONTENT = ("Tố cáo việc Sở Tài chính chia nhỏ gói thầu mua sắm máy tính năm 2026 để chỉ định thầu cho "
                 "một công ty quen biết.")
RESULT = "Đã xác minh hồ sơ các gói thầu mua sắm năm 2026 và làm việc với Sở Tài chính."
CONCLUSION = "Tố cáo đúng một phần: có chia nhỏ gói thầu; đã kiến nghị kiểm điểm trách nhiệm."
SUMMARY = "Tố cáo về mua sắm máy tính năm 2026 đúng một phần; đã kiến nghị kiểm điểm trách nhiệm người đứng đầu."


@dataclass
class Petitioner(Citizen):
    """A citizen who may give their name and pick the body the petition is about."""

    def send_named_petition(self, *, kind_label: str, content: str, name: str, phone: str, body: str) -> None:
        self.open("/gui-don/")
        self.page.get_by_label(kind_label, exact=True).check()
        self.page.get_by_label("Cơ quan được phản ánh, kiến nghị, khiếu nại, tố cáo").select_option(label=body)
        self.page.get_by_label("Nội dung", exact=True).fill(content)
        self.page.get_by_label("Họ và tên", exact=True).fill(name)
        self.page.get_by_label("Số điện thoại", exact=True).fill(phone)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Gửi đơn").click()

    def track_from_start(self, code: str, secret: str) -> None:
        self.open("/tra-cuu/")
        self.track(code, secret)

    def status(self) -> str:
        return self.page.locator("#petition-status").inner_text().strip()

    def rate(self, stars: int, comment: str) -> None:
        self.page.get_by_role("radio", name=str(stars), exact=True).check()
        self.page.get_by_label("Ý kiến của bạn").fill(comment)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Gửi đánh giá").click()


@dataclass
class Inspector(StaffNavigator):
    """An inspectorate officer handling petitions on the case page."""

    def open_inbox(self) -> None:
        self.open_module("Phản ánh, khiếu nại, tố cáo")

    def open_case(self, code: str) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=code, exact=True).click()

    def _action(self, name: str):
        """The action's fold-out on the case page, opened."""
        section = self.page.locator(f"#action-{name}")
        if section.get_attribute("open") is None:
            section.locator("summary").click()
        return section

    def _run(self, section) -> None:
        with self.page.expect_navigation():
            section.get_by_role("button", name="Thực hiện").click()

    def classify_as_competent(self, field: str) -> None:
        section = self._action("classify")
        section.get_by_label("Lĩnh vực").fill(field)
        section.get_by_label("Thẩm quyền").select_option(label="Thuộc thẩm quyền")
        self._run(section)

    def accept(self) -> None:
        self._run(self._action("accept"))

    def resolve(self, result: str, conclusion: str) -> None:
        section = self._action("resolve")
        section.get_by_label("Kết quả giải quyết").fill(result)
        section.get_by_label("Kết luận nội dung tố cáo").fill(conclusion)
        self._run(section)

    def publish(self, summary: str) -> None:
        section = self._action("publish")
        section.get_by_label("Nội dung công khai (không chứa thông tin cá nhân)").fill(summary)
        self._run(section)

    def case_status(self) -> str:
        return self.page.locator(".page-header .badge").first.inner_text().strip()

    def actions(self) -> list[str]:
        return [el.get_attribute("id").removeprefix("action-") for el in self.page.locator("details[id^=action-]").all()]


@pytest.fixture
def petitioner(page, demo_site, settings):
    settings.PETITIONS_CAPTCHA_ENABLED = False
    cache.clear()
    yield Petitioner(page, demo_site)
    cache.clear()


@pytest.fixture
def inspector(browser, demo_site):
    context = browser.new_context(locale="vi-VN", base_url=demo_site)
    try:
        yield Inspector(context.new_page(), demo_site)
    finally:
        context.close()


def test_denunciations_are_followed_handled_published_and_rated(petitioner, inspector):
    with step("When a citizen sends a concrete denunciation without their name"):
        petitioner.send_petition(kind_label="Tố cáo", anonymous=True, content=ANONYMOUS_CONTENT)

    with step("Then the receipt shows its tracking code and secret"):
        anon_code, anon_secret = petitioner.receipt()
        assert re.fullmatch(r"(\d{4} ){3}\d{4}", anon_code)
        assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", anon_secret)
        petitioner.confirm_written_down()

    with step("When they send another denunciation with their name and phone, about the Sở Tài chính"):
        petitioner.send_named_petition(kind_label="Tố cáo", content=NAMED_CONTENT, name="Nguyễn Hữu Phước",
                                       phone="0987654321", body="Sở Tài chính")

    with step("Then that receipt shows another code and secret"):
        code, secret = petitioner.receipt()
        assert re.fullmatch(r"(\d{4} ){3}\d{4}", code) and code != anon_code
        assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", secret)
        petitioner.confirm_written_down()

    with step("When they track both; Then each shows as received, with its own content"):
        petitioner.track(anon_code, anon_secret)
        assert petitioner.status() == "Đã tiếp nhận"
        assert "Cán bộ bộ phận một cửa xã Tân Biên" in petitioner.text()
        petitioner.leave()
        petitioner.track_from_start(code, secret)
        assert petitioner.status() == "Đã tiếp nhận"
        assert "chia nhỏ gói thầu mua sắm máy tính" in petitioner.text()
        assert "Nguyễn Hữu Phước" not in petitioner.text()
        petitioner.leave()

    with step("When the provincial inspector signs in, opens the inbox and the named denunciation"):
        inspector.login_as("officer_tinh", "LiemChinh@2026")
        inspector.open_inbox()
        inspector.open_case(code)

    with step("Then the case shows the content, the body and a protected sender"):
        text = inspector.text()
        assert "chia nhỏ gói thầu mua sắm máy tính" in text and "Sở Tài chính" in text
        assert "Nguyễn Hữu Phước" not in text and "0987654321" not in text
        assert inspector.case_status() == "Đã tiếp nhận"
        assert {"classify", "forward", "return"} <= set(inspector.actions())

    with step("When they classify it as within their competence; Then it may be accepted"):
        inspector.classify_as_competent("Đấu thầu")
        assert inspector.case_status() == "Đã phân loại"
        assert "accept" in inspector.actions()

    with step("When they accept it; Then a result may be recorded"):
        inspector.accept()
        assert inspector.case_status() == "Đã thụ lý"
        assert "resolve" in inspector.actions()

    with step("When they record the result and the conclusion; Then it is resolved"):
        inspector.resolve(RESULT, CONCLUSION)
        assert inspector.case_status() == "Đã giải quyết"
        assert CONCLUSION in inspector.text()

    with step("When they publish a summary without personal data; Then it is published"):
        inspector.publish(SUMMARY)
        assert inspector.case_status() == "Đã công khai kết quả"
        inspector.assert_no_problems()

    with step("When the citizen tracks the named denunciation again; Then the result and summary show"):
        petitioner.track_from_start(code, secret)
        assert petitioner.status() == "Đã công khai kết quả"
        text = petitioner.text()
        assert SUMMARY in text and RESULT in text

    with step("When they rate it 4 of 5; Then their rating is acknowledged and cannot be given twice"):
        petitioner.rate(4, "Giải quyết đúng hạn, rõ ràng.")
        expect(petitioner.page.get_by_text("Bạn đã đánh giá: 4/5.")).to_be_visible()
        assert petitioner.page.get_by_role("button", name="Gửi đánh giá").count() == 0

    with step("And the anonymous denunciation is still received, untouched"):
        petitioner.leave()
        petitioner.track_from_start(anon_code, anon_secret)
        assert petitioner.status() == "Đã tiếp nhận"
        petitioner.assert_no_problems()
