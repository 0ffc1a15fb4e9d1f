"""An inspectorate officer imports a plan through the reader: uploads the file, sees where each
proposal came from, corrects what the reader got wrong, confirms, and lands on the plan."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from liemchinh.demo import DEMO_PASSWORD
from tests.e2e.navigators import StaffNavigator, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SEED = next((Path(__file__).resolve().parents[2] / "liemchinh" / "documents" / "tests" / "fixtures" / "seeds")
            .glob("001_*.txt"))


@dataclass
class ImportNavigator(StaffNavigator):
    """An officer on the pages of a document's import."""

    def open_import(self) -> None:
        self.open_module("Văn bản")
        with self.page.expect_navigation():
            self.page.get_by_role("link", name="Nhập văn bản").click()

    def upload(self, path: Path) -> None:
        self.page.locator('input[type="file"][name="file"]').set_input_files(str(path))
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Đọc văn bản").click()

    def source_marks(self) -> int:
        return self.page.locator("#review-source mark.src").count()

    def focus_field(self, label: str) -> None:
        self.page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$")).focus()

    def active_mark_text(self) -> str:
        mark = self.page.locator("#review-source mark.is-active")
        expect(mark).to_have_count(1)
        return mark.inner_text()

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$")).fill(value)

    def pick_for_unresolved_leads(self, body: str) -> int:
        """Choose `body` for every task whose lead the registry does not know; returns how many."""
        pickers = self.page.locator("fieldset.review-task .unresolved select[name$='-lead_pick']")
        count = pickers.count()
        for index in range(count):
            pickers.nth(index).select_option(label=body)
        return count

    def task_count(self) -> int:
        return self.page.locator("fieldset.review-task textarea[name$='-text']").count() - 1  # minus the blank row

    def errors(self) -> str:
        boxes = self.page.locator("#review-errors, .errorlist")
        return " | ".join(box.inner_text() for box in boxes.all())

    def duplicate_warning(self) -> str:
        box = self.page.locator("#review-duplicate")
        return box.inner_text() if box.count() else ""

    def save_anyway(self) -> None:
        self.page.get_by_label(re.compile(r"^\s*Vẫn lưu")).check()

    def add_task(self, text: str, lead: str) -> None:
        self.page.get_by_role("button", name="Thêm dòng nhiệm vụ").click()
        row = self.page.locator("#task-rows fieldset.review-task").last
        row.locator("textarea[name$='-text']").fill(text)
        row.locator("input[name$='-lead']").fill(lead)

    def confirm(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Lưu văn bản, kế hoạch và nhiệm vụ").click()


@pytest.fixture
def officer(page, demo_site):
    return ImportNavigator(page, demo_site)


def test_officer_imports_a_plan_through_the_reader(officer):
    with step("Given officer_tinh is signed in and opens the import page from the documents list"):
        officer.login_as("officer_tinh", DEMO_PASSWORD)
        officer.open_import()
        assert officer.heading() == "Nhập văn bản"

    with step("When they upload seed 001"):
        officer.upload(SEED)

    with step("Then the review page shows the source with the reader's proposals highlighted"):
        assert officer.heading() == "Kiểm tra văn bản nhập"
        assert officer.source_marks() >= 10
        officer.focus_field("Số hiệu")
        assert officer.active_mark_text() == "262/KH-UBND"
        assert officer.task_count() >= 5

    with step("And a document of the same number already in the demo province is shown as a possible duplicate"):
        from liemchinh.documents.models import Document

        already = Document.objects.filter(number="262/KH-UBND", is_stub=False).exists()
        assert bool(officer.duplicate_warning()) == already
        if already:
            officer.save_anyway()

    with step("When they correct the subject, pick a body for the names the registry does not know, and confirm"):
        officer.fill("Trích yếu", "Kế hoạch tiếp tục thực hiện Chỉ thị số 10/CT-TTg (đã sửa)")
        officer.pick_for_unresolved_leads("Sở Tư pháp")
        officer.add_task("Thanh tra tỉnh tổng hợp kết quả thực hiện kế hoạch, báo cáo Ủy ban nhân dân tỉnh.",
                         "Thanh tra tỉnh")
        officer.confirm()

    with step("Then they land on the plan's page with a success message and the tasks"):
        assert re.search(r"/plans/\d+/$", officer.page.url), officer.errors()
        body = officer.text()
        assert "Đã lưu văn bản, kế hoạch và" in body
        assert "Kế hoạch tiếp tục thực hiện Chỉ thị số 10/CT-TTg (đã sửa)" in body
        assert "Sở Tư pháp phối hợp với các đơn vị" in body
        assert "Thanh tra tỉnh tổng hợp kết quả thực hiện kế hoạch" in body
        officer.assert_no_problems()
