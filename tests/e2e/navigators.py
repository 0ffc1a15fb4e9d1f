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
