"""Navigators: what a person does on the site, in their words, over Playwright.

Tests read as Given/When/Then steps on these objects and never touch selectors themselves, so a
change of markup is fixed here once. Every navigator watches the page for what a person would
call an error: an uncaught script error, or a request of ours answered with a 4xx/5xx status.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from playwright.sync_api import Page, Response, expect

SITE_SUFFIX = " · Liêm Chính"


@contextlib.contextmanager
def step(text: str) -> Iterator[None]:
    """A Given/When/Then step: a failure inside it names the step."""
    try:
        yield
    except AssertionError as exc:
        raise AssertionError(f"{text}: {exc}") from exc
    except Exception as exc:  # Playwright's timeouts and errors
        raise AssertionError(f"{text}: {type(exc).__name__}: {exc}") from exc


@dataclass
class NavItem:
    label: str
    enabled: bool  # a link; otherwise greyed out ("Sắp có") and not a link


@dataclass
class PublicNavigator:
    """A visitor of the public site: home page, public portal, language switch."""

    page: Page
    base_url: str
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.set_default_timeout(15_000)
        self.page.on("pageerror", lambda exc: self.problems.append(f"script error: {exc}"))
        self.page.on("response", self._watch_response)

    _expected_error: bool = False

    def _watch_response(self, response: Response) -> None:
        if not response.url.startswith(self.base_url) or response.status < 400 or self._expected_error:
            return
        if response.url.endswith("/favicon.ico"):  # asked for by the browser itself, not by our pages
            return
        self.problems.append(f"{response.status} {response.request.method} {response.url}")

    # -- going places -------------------------------------------------------------------------
    def open(self, path: str = "/") -> Response | None:
        return self.page.goto(self.base_url + path)

    def open_home(self) -> Response | None:
        return self.open("/")

    def switch_language(self, button_label: str) -> None:
        """Press a button of the header's language switch ("English", "Tiếng Việt")."""
        with self.page.expect_navigation():
            self.page.locator("form.lang-switch").get_by_role("button", name=button_label).click()

    # -- what the page shows ------------------------------------------------------------------
    @property
    def language(self) -> str:
        return self.page.locator("html").get_attribute("lang") or ""

    def title(self) -> str:
        """The page's own title, without the site suffix."""
        return self.page.title().removesuffix(SITE_SUFFIX)

    def heading(self) -> str:
        h1 = self.page.locator("main h1").first
        expect(h1).to_be_visible()
        return h1.inner_text().strip()

    def nav_items(self) -> list[NavItem]:
        """The navigation, in order: links are enabled, greyed entries are not links."""
        items = []
        for entry in self.page.locator("#site-nav .nav-list > li").all():
            link = entry.locator("a.nav-link")
            if link.count():
                items.append(NavItem(link.inner_text().strip(), enabled=True))
            else:
                greyed = entry.locator(".nav-link.is-disabled")
                label = greyed.evaluate("el => el.firstChild ? el.firstChild.textContent : ''").strip()
                items.append(NavItem(label, enabled=False))
        return items

    def active_nav_labels(self) -> list[str]:
        """The navigation entries marked as the current page (there should be exactly one)."""
        return [link.inner_text().strip() for link in self.page.locator('#site-nav a.nav-link[aria-current="page"]').all()]

    def has_button_or_link(self, name: str) -> bool:
        exact = re.compile(rf"^\s*{re.escape(name)}\s*$")
        return (
            self.page.get_by_role("link", name=exact).count() + self.page.get_by_role("button", name=exact).count()
        ) > 0

    def text(self) -> str:
        return self.page.locator("body").inner_text()

    def assert_no_problems(self) -> None:
        problems, self.problems = self.problems, []
        assert problems == [], "errors while browsing: " + "; ".join(problems)


@dataclass
class StaffNavigator(PublicNavigator):
    """A civil servant: signs in, moves between modules, signs out."""

    def login_as(self, username: str, password: str, *, expect_failure: bool = False) -> None:
        self.open("/")
        with self.page.expect_navigation():
            self.page.locator("header").get_by_role("link", name="Đăng nhập").click()
        form = self.page.locator("form").filter(has=self.page.locator('input[name="password"]'))
        form.locator('input[name="username"]').fill(username)
        form.locator('input[name="password"]').fill(password)
        self._expected_error = expect_failure  # a refused sign-in may answer 200 or 4xx
        try:
            with self.page.expect_navigation():
                form.get_by_role("button", name="Đăng nhập").click()
        finally:
            self._expected_error = False

    def is_signed_in(self) -> bool:
        return self.page.locator("header").get_by_role("button", name="Đăng xuất").count() > 0

    def login_error(self) -> str:
        error = self.page.locator(".alert-error, .errorlist, .form-errors, [role=alert]").first
        expect(error).to_be_visible()
        return error.inner_text().strip()

    def open_module(self, label: str) -> Response | None:
        """Follow the navigation link of a module; returns the page's HTTP response."""
        link = self.page.locator("#site-nav a.nav-link", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
        with self.page.expect_navigation() as navigation:
            link.click()
        return navigation.value

    def logout(self) -> None:
        with self.page.expect_navigation():
            self.page.locator("header").get_by_role("button", name="Đăng xuất").click()


@dataclass
class IntegrityOfficer(StaffNavigator):
    """An inspectorate officer in conflict-of-interest control: runs a scan, reads an alert's chain
    and source rows, decides on it, exports the list."""

    def open_integrity(self) -> None:
        self.open_module("Xung đột lợi ích, tài sản")

    def open_scans(self) -> None:
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("link", name="Quét xung đột lợi ích").first.click()

    def run_scan(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Chạy quét").click()

    def mark_page(self) -> None:
        """Leave a mark on the page; `page_is_marked` tells whether it is still the same page."""
        self.page.evaluate("window.__integrityMark = true")

    def page_is_marked(self) -> bool:
        return bool(self.page.evaluate("window.__integrityMark === true"))

    def latest_scan_status(self) -> str:
        return self.page.locator("#scans-table .scan-row").first.locator(".scan-status").inner_text().strip()

    def wait_for_latest_scan(self, status: str = "Hoàn tất", timeout_ms: int = 120_000) -> None:
        """The row of the latest scan refreshes itself (HTMX) until the scan ends."""
        expect(self.page.locator("#scans-table .scan-row").first.locator(".scan-status")).to_have_text(
            status, timeout=timeout_ms)

    def latest_scan_counts(self) -> str:
        return self.page.locator("#scans-table .scan-row").first.locator("td").nth(4).inner_text().strip()

    def open_alerts(self) -> None:
        """From the scans page."""
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("link", name="Xem cảnh báo").first.click()

    def open_alert_list(self) -> None:
        """From the module's home page."""
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("link", name="Cảnh báo xung đột lợi ích").first.click()

    def rule_counts(self) -> dict[str, int]:
        counts = {}
        for tile in self.page.locator("#alert-counts .stat").all():
            counts[tile.locator(".stat-label").inner_text().strip()] = int(tile.locator(".stat-value").inner_text())
        return counts

    def filter_alerts(self, *, rule: str | None = None, status: str | None = None, active: str | None = None) -> None:
        form = self.page.locator("form.filters")
        if rule is not None:
            form.get_by_label("Quy tắc").select_option(label=rule)
        if status is not None:
            form.get_by_label("Trạng thái").select_option(label=status)
        if active is not None:
            form.get_by_label("Phạm vi").select_option(label=active)
        with self.page.expect_navigation():
            form.get_by_role("button", name="Lọc").click()

    def alert_rows(self) -> list[str]:
        return [row.inner_text() for row in self.page.locator("#alerts-table tbody tr").all()]

    def open_alert(self, index: int = 0) -> None:
        with self.page.expect_navigation():
            self.page.locator("#alerts-table tbody tr").nth(index).get_by_role("link").first.click()

    def chain_graph_text(self) -> str:
        """What the chain graph says (its accessible description), after checking it is drawn."""
        graph = self.page.locator("#alert-chain svg.chain-graph")
        expect(graph).to_be_visible()
        return graph.locator("desc").text_content() or ""

    def chain_node_count(self) -> int:
        return self.page.locator("#alert-chain svg.chain-graph .chain-node").count()

    def source_rows(self) -> list[str]:
        return [row.inner_text() for row in self.page.locator("#source-rows tbody tr").all()]

    def alert_status(self) -> str:
        return self.page.locator("#alert-status").inner_text().strip()

    def decide(self, decision: str, *, measure: str | None = None, reason: str = "") -> None:
        form = self.page.locator("#alert-decision form")
        form.get_by_label(decision, exact=True).check()
        if measure is not None:
            form.get_by_label("Biện pháp kiểm soát", exact=False).select_option(label=measure)
        if reason:
            form.get_by_label("Lý do, ghi chú").fill(reason)
        with self.page.expect_navigation():
            form.get_by_role("button", name="Ghi quyết định").click()

    def decision_history(self) -> str:
        return self.page.locator("#decision-history").inner_text()

    def flash(self) -> str:
        return self.page.locator(".messages").inner_text().strip()

    def person_links(self) -> list[str]:
        return [row.inner_text() for row in self.page.locator("#alert-links tbody tr").all()]

    def judge_link(self, verdict: str, *, index: int = 0, reason: str = "") -> None:
        """Press "Cùng một người", "Không phải" or "Chưa chắc" on a person link of the alert page."""
        row = self.page.locator("#alert-links tbody tr").nth(index)
        if reason:
            row.get_by_label("Lý do").fill(reason)
        with self.page.expect_navigation():
            row.get_by_role("button", name=verdict, exact=True).click()

    def open_judgements(self) -> None:
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("link", name="Đánh giá trùng người").first.click()

    def judgement_rows(self) -> list[str]:
        return [row.inner_text() for row in self.page.locator("#judgements-table tbody tr").all()]

    def export_alerts(self):
        """Press "Xuất Excel" on the alert list; returns Playwright's Download."""
        with self.page.expect_download() as download:
            self.page.locator("#alerts-export").click()
        return download.value
