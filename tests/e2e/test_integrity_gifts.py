"""A department's focal point enters a gift that could not be refused in the register, late
across the Tết holidays, hands it over; the inspectorate sees it in the province's yearly summary.

Navigators of the gift register are kept here (the pages are the integrity module's).
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.navigators import StaffNavigator, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "LiemChinh@2026"


class GiftRegister(StaffNavigator):
    """Someone using the gift register: the list, the report form, a gift's page, the summary."""

    def open_gifts(self) -> None:
        self.open("/kiem-soat-xung-dot/")
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("link", name="Tặng quà, nhận quà").click()

    def start_report(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("link", name="Vào sổ quà tặng").click()

    def fill_report(self, **fields: str) -> None:
        form = self.page.locator("#gift-form")
        for name, value in fields.items():
            field = form.locator(f'[name="{name}"]')
            if field.evaluate("el => el.tagName") == "SELECT":
                field.select_option(label=value)
            else:
                field.fill(value)
        with self.page.expect_navigation():
            form.get_by_role("button", name="Lưu").click()

    def deadlines(self) -> str:
        return self.page.locator("#gift-deadlines").inner_text()

    def hand_over(self, day: str, to: str) -> None:
        form = self.page.locator("#handover-form")
        form.locator('[name="handed_over_on"]').fill(day)
        form.locator('[name="handed_over_to"]').fill(to)
        with self.page.expect_navigation():
            form.get_by_role("button", name="Ghi nhận").click()

    def search_gifts(self, text: str) -> None:
        self.open("/kiem-soat-xung-dot/gifts/")
        form = self.page.locator("form.filters")
        form.locator('[name="q"]').fill(text)
        with self.page.expect_navigation():
            form.get_by_role("button", name="Lọc").click()

    def gift_rows(self) -> list[str]:
        return [row.inner_text() for row in self.page.locator("#gifts-table tbody tr").all()]

    def open_summary(self, year: int) -> None:
        self.open(f"/kiem-soat-xung-dot/gifts/summary/?year={year}")

    def summary_row(self, body: str) -> list[str]:
        row = self.page.locator("#gift-summary-table tbody tr").filter(has_text=body)
        return [cell.inner_text().strip() for cell in row.locator("td").all()]


@pytest.fixture
def register(page, demo_site):
    return GiftRegister(page, demo_site)


def test_focal_point_reports_a_gift_late_across_tet_and_the_inspectorate_sums_it_up(register):
    with step("Given focal_so_tai_chinh is signed in and on the gift register"):
        register.login_as("focal_so_tai_chinh", PASSWORD)
        register.open_gifts()
        assert register.heading() == "Sổ theo dõi quà tặng"

    with step("When they enter a gift received on 12/02/2026 and reported on 27/02/2026"):
        register.start_report()
        register.fill_report(
            recipient_name="Đinh Thị Ngọc",
            recipient_position="Chuyên viên phòng Tin học - Thống kê",
            giver_name="Tô Văn Hải",
            giver_organization="Công ty TNHH Phần mềm Hải Đăng",
            relation_to_work="Nhà thầu đang chào giá phần mềm kế toán",
            kind="Hiện vật, hàng hóa",
            description="Bộ ấm chén sứ",
            value_vnd="2500000",
            received_on="12/02/2026",
            reported_on="27/02/2026",
        )

    with step("Then the report was due on 26/02/2026 (five working days, Tết skipped) and is late"):
        assert re.fullmatch(r"Quà tặng số \d+/2026 .*", register.heading().replace("\n", " ")), (
            register.heading()
        )
        deadlines = register.deadlines()
        assert "26/02/2026" in deadlines and "Chậm" in deadlines

    with step("When they record the hand-over"):
        register.hand_over("27/02/2026", "Phòng Kế hoạch - Tài chính")
        assert "Phòng Kế hoạch - Tài chính" in register.deadlines()
        register.assert_no_problems()
        register.logout()

    with step("Then officer_tinh finds the gift in the register and counts it in the 2026 summary"):
        register.login_as("officer_tinh", PASSWORD)
        register.search_gifts("Hải Đăng")
        rows = register.gift_rows()
        assert len(rows) == 1 and "Đinh Thị Ngọc" in rows[0] and "chậm" in rows[0], rows
        register.open_summary(2026)
        row = register.summary_row("Sở Tài chính")
        assert int(row[1]) >= 1 and int(row[5]) >= 1, row
        register.assert_no_problems()
