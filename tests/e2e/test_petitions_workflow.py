"""A citizen sends two denunciations in the browser (one anonymous, about a commune's one-stop
desk; one with their name, about a department) and follows both with their codes. The provincial
inspector classifies both: the anonymous one is outside the inspectorate's competence and is
forwarded to the commune, whose officer takes it in, accepts it for checking and resolves it; the
named one is accepted, resolved and published. The citizen sees where the first went and the
result of both, rates the named one and is thanked; the published result is on the public results
page without personal data.

The CAPTCHA is switched off through PETITIONS_CAPTCHA_ENABLED, as in test_petitions_public.py
(see there why); the rate limits stay on. Each officer works in a browser profile of their own.
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
ANON_RESULT = "Đã kiểm tra bộ phận một cửa xã Tân Biên; đã nhắc nhở công chức và niêm yết công khai phí, lệ phí."
COMMUNE = "Ủy ban nhân dân xã Tân Biên"
NAME = "Nguyễn Hữu Phước"
PHONE = "0987654321"


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

    def forwards(self) -> str:
        """What the tracking page says about where the petition was forwarded."""
        return self.page.locator("#petition-forwards").inner_text()

    def thanks(self) -> str:
        return self.page.locator("#rating-thanks").inner_text().strip()

    def rate(self, stars: int, comment: str) -> None:
        self.page.get_by_role("radio", name=str(stars), exact=True).check()
        self.page.get_by_label("Ý kiến của bạn").fill(comment)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Gửi đánh giá").click()


@dataclass
class Inspector(StaffNavigator):
    """An officer handling petitions on the case page (the inspectorate's or a body's focal point)."""

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
        self._classify(field, "Thuộc thẩm quyền")

    def classify_as_not_competent(self, field: str) -> None:
        self._classify(field, "Không thuộc thẩm quyền")

    def _classify(self, field: str, competence: str) -> None:
        section = self._action("classify")
        section.get_by_label("Lĩnh vực").fill(field)
        section.get_by_label("Thẩm quyền").select_option(label=competence)
        self._run(section)

    def forward_to(self, body: str, note: str) -> None:
        """Forward the case to a body of the system, picked by its name."""
        section = self._action("forward")
        section.get_by_label("Chuyển đến cơ quan trong hệ thống").select_option(label=body)
        section.get_by_label("Ghi chú").fill(note)
        self._run(section)

    def receive_forwarded(self) -> None:
        self._run(self._action("receive"))

    def accept(self, *, concrete: bool = False) -> None:
        section = self._action("accept")
        if concrete:
            section.get_by_label("Tố cáo nặc danh có nội dung cụ thể: kiểm tra, xác minh").check()
        self._run(section)

    def resolve(self, result: str, conclusion: str = "") -> None:
        section = self._action("resolve")
        section.get_by_label("Kết quả giải quyết").fill(result)
        if conclusion:
            section.get_by_label("Kết luận nội dung tố cáo").fill(conclusion)
        self._run(section)

    def flash(self) -> str:
        return self.page.locator(".alert").first.inner_text().strip()

    def forward_chain(self) -> str:
        return self.page.locator("#forward-chain").inner_text()

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


@pytest.fixture
def commune_officer(browser, demo_site):
    """The petitions focal point of the Ủy ban nhân dân xã Tân Biên, in a browser of their own."""
    context = browser.new_context(locale="vi-VN", base_url=demo_site)
    try:
        yield Inspector(context.new_page(), demo_site)
    finally:
        context.close()


def test_denunciations_are_followed_forwarded_handled_published_and_rated(petitioner, inspector, commune_officer):
    with step("When a citizen sends a concrete denunciation without their name"):
        petitioner.send_petition(kind_label="Tố cáo", anonymous=True, content=ANONYMOUS_CONTENT)

    with step("Then the receipt shows its tracking code and secret"):
        anon_code, anon_secret = petitioner.receipt()
        assert re.fullmatch(r"(\d{4} ){3}\d{4}", anon_code)
        assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", anon_secret)
        petitioner.confirm_written_down()

    with step("When they send another denunciation with their name and phone, about the Sở Tài chính"):
        petitioner.send_named_petition(kind_label="Tố cáo", content=NAMED_CONTENT, name=NAME,
                                       phone=PHONE, body="Sở Tài chính")

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
        assert NAME not in petitioner.text()
        petitioner.leave()

    with step("When the provincial inspector signs in and opens the anonymous denunciation"):
        inspector.login_as("officer_tinh", "LiemChinh@2026")
        inspector.open_inbox()
        inspector.open_case(anon_code)
        assert inspector.case_status() == "Đã tiếp nhận"

    with step("And classifies it as outside the inspectorate's competence; Then it may be forwarded"):
        inspector.classify_as_not_competent("Thủ tục hành chính")
        assert inspector.case_status() == "Đã phân loại"
        assert "forward" in inspector.actions() and "accept" in inspector.actions()

    with step("When they forward it to the commune; Then it waits there for receipt, the chain shown"):
        inspector.forward_to(COMMUNE, "Người bị tố cáo là công chức do Chủ tịch UBND xã quản lý.")
        assert "Đã chuyển đơn đến Ủy ban nhân dân xã Tân Biên" in inspector.flash()
        assert inspector.case_status() == "Đã chuyển cơ quan có thẩm quyền"
        assert inspector.actions() == ["receive"]
        chain = inspector.forward_chain()
        assert "Thanh tra tỉnh" in chain and COMMUNE in chain and "Chờ tiếp nhận" in chain

    with step("When the citizen tracks the anonymous denunciation; Then they read where it went"):
        petitioner.track_from_start(anon_code, anon_secret)
        assert petitioner.status() == "Đã chuyển cơ quan có thẩm quyền"
        assert f"chuyển đến {COMMUNE}" in petitioner.forwards()
        assert "chờ tiếp nhận" in petitioner.forwards()
        assert f"đã chuyển đơn của bạn đến {COMMUNE}" in petitioner.text()
        petitioner.leave()

    with step("When the commune's officer signs in; Then the forwarded case is in their inbox"):
        commune_officer.login_as("focal_xa_tan_bien", "LiemChinh@2026")
        commune_officer.open_inbox()
        commune_officer.open_case(anon_code)
        assert commune_officer.case_status() == "Đã chuyển cơ quan có thẩm quyền"
        assert commune_officer.actions() == ["receive"]

    with step("When they take it in; Then it is received there and may be classified"):
        commune_officer.receive_forwarded()
        assert commune_officer.case_status() == "Đã tiếp nhận"
        assert "classify" in commune_officer.actions()
        assert "Chờ tiếp nhận" not in commune_officer.forward_chain()

    with step("When they classify it as theirs, accept it for checking and resolve it"):
        commune_officer.classify_as_competent("Thủ tục hành chính")
        commune_officer.accept(concrete=True)
        assert commune_officer.case_status() == "Đã thụ lý"
        commune_officer.resolve(ANON_RESULT)
        assert commune_officer.case_status() == "Đã giải quyết"
        commune_officer.assert_no_problems()

    with step("When the provincial inspector opens the named denunciation"):
        inspector.open_inbox()
        inspector.open_case(code)

    with step("Then the case shows the content, the body and a protected sender"):
        text = inspector.text()
        assert "chia nhỏ gói thầu mua sắm máy tính" in text and "Sở Tài chính" in text
        assert NAME not in text and PHONE not in text
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

    with step("When the citizen tracks the anonymous denunciation; Then the commune's result shows"):
        petitioner.track_from_start(anon_code, anon_secret)
        assert petitioner.status() == "Đã giải quyết"
        assert ANON_RESULT in petitioner.text()
        assert "tiếp nhận ngày" in petitioner.forwards()
        petitioner.leave()

    with step("When they track the named denunciation again; Then the result and summary show"):
        petitioner.track_from_start(code, secret)
        assert petitioner.status() == "Đã công khai kết quả"
        text = petitioner.text()
        assert SUMMARY in text and RESULT in text

    with step("When they rate it 4 of 5; Then they are thanked and the rating shows as recorded"):
        petitioner.rate(4, "Giải quyết đúng hạn, rõ ràng.")
        assert petitioner.thanks().startswith("Cảm ơn bạn đã đánh giá kết quả giải quyết.")
        expect(petitioner.page.get_by_text("Bạn đã đánh giá: 4/5.")).to_be_visible()
        assert "Mỗi vụ việc chỉ được đánh giá một lần." in petitioner.text()
        assert petitioner.page.get_by_role("button", name="Gửi đánh giá").count() == 0

    with step("And when they come back, the thanks are not repeated and the rating stays"):
        petitioner.leave()
        petitioner.track_from_start(code, secret)
        assert petitioner.page.locator("#rating-thanks").count() == 0
        expect(petitioner.page.get_by_text("Bạn đã đánh giá: 4/5.")).to_be_visible()
        petitioner.assert_no_problems()

    with step("When anyone opens the public results; Then the summary is there without personal data"):
        petitioner.open("/cong-khai/ket-qua/")
        text = petitioner.text()
        assert SUMMARY in text
        for personal in (NAME, PHONE, code, code.replace(" ", ""), secret, NAMED_CONTENT):
            assert personal not in text
        petitioner.assert_no_problems()
