"""An asset-control officer imports registry files through the page "Nhập sổ liệu": a file with
bad rows is refused with every error listed (nothing imported), the corrected file is imported
while the run page follows the job's progress, and the new official is found by a name typed
without diacritics.

The upload's job is handed to the transaction's commit; the browser test's transaction never
commits, so the test runs the job as the worker would, while the run page polls its status.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.e2e.navigators import StaffNavigator, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "LiemChinh@2026"
OFFICIALS_HEADER = "official_id,full_name,birth_date,id_number\n"
RELATIVES_HEADER = "official_id,relation,full_name,birth_date,id_number\n"


@dataclass
class RegistryImporter(StaffNavigator):
    """Someone who loads the registries of conflict-of-interest control."""

    def open_integrity(self) -> None:
        self.open_module("Xung đột lợi ích, tài sản")

    def registry_count(self, label: str) -> int:
        tile = self.page.locator("#registry-counts .stat").filter(has_text=label).first
        return int(tile.locator(".stat-value").inner_text().replace(".", ""))

    def open_imports(self) -> None:
        with self.page.expect_navigation():
            self.page.locator(".page-header").get_by_role("link", name="Nhập sổ liệu").click()

    def upload(self, files: dict[str, str]) -> None:
        self.page.locator("#id_files").set_input_files(
            [
                {"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}
                for name, text in files.items()
            ]
        )
        with self.page.expect_navigation():
            self.page.locator("#upload-form").get_by_role("button", name="Nhập").click()

    def wait_for_outcome(self, status: str) -> None:
        """The run's block refreshes itself (HTMX) until the job has ended."""
        expect(self.page.locator("#import-status")).to_have_attribute("data-status", status, timeout=30_000)

    def errors(self) -> list[list[str]]:
        return [
            [cell.inner_text().strip() for cell in row.locator("td").all()]
            for row in self.page.locator("#import-errors tbody tr").all()
        ]

    def counts(self) -> dict[str, list[str]]:
        rows = {}
        for row in self.page.locator("#import-counts tbody tr").all():
            cells = [cell.inner_text().strip() for cell in row.locator("td").all()]
            rows[cells[0]] = cells[1:]
        return rows

    def find_official(self, text: str) -> list[str]:
        self.open("/kiem-soat-xung-dot/officials/?q=" + text.replace(" ", "+"))
        return [row.inner_text() for row in self.page.locator("#officials-table tbody tr").all()]


@pytest.fixture
def importer(page, demo_site):
    return RegistryImporter(page, demo_site)


def test_a_bad_file_is_refused_row_by_row_then_the_corrected_file_is_imported(
    importer, django_capture_on_commit_callbacks
):
    with step("Given asset_officer is signed in and sees the demo registries on the module's page"):
        importer.login_as("asset_officer", PASSWORD)
        importer.open_integrity()
        assert importer.heading() == "Kiểm soát xung đột lợi ích"
        officials_before = importer.registry_count("Cán bộ, công chức")
        assert officials_before >= 40

    with step(
        "When they upload an officials file with a bad date and a relatives file with a relation "
        "outside the list"
    ):
        importer.open_imports()
        with django_capture_on_commit_callbacks(execute=True):
            importer.upload(
                {
                    "officials.csv": OFFICIALS_HEADER + "TN9001,Nguyễn Văn Mới,17/05/1990,\n",
                    "relatives.csv": RELATIVES_HEADER + "TN0001,cousin,Lê Văn Họ,,\n",
                }
            )

    with step("Then the run is refused and every error names its file, row and column"):
        importer.wait_for_outcome("failed")
        errors = importer.errors()
        assert [e[:3] for e in errors] == [
            ["officials.csv", "2", "birth_date"],
            ["relatives.csv", "2", "relation"],
        ]
        importer.open_integrity()
        assert importer.registry_count("Cán bộ, công chức") == officials_before

    with step("When they upload the corrected officials file"):
        importer.open_imports()
        with django_capture_on_commit_callbacks(execute=True):
            importer.upload({"officials.csv": OFFICIALS_HEADER + "TN9001,Nguyễn Văn Mới,1990-05-17,\n"})

    with step("Then the run ends with one new official, found by a name typed without diacritics"):
        importer.wait_for_outcome("done")
        assert importer.counts()["officials.csv"] == ["1", "0", "0", "0"]
        rows = importer.find_official("nguyen van moi")
        assert len(rows) == 1 and "TN9001" in rows[0]
        importer.assert_no_problems()
