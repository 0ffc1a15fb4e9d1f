"""Browser tests: the demo province in the test database, one live server, headless Chromium.

The demo province is loaded once per session by the same code as `make run` (liemchinh.demo) and
served by a live Django server for every browser test. Each test runs in a transaction that is
rolled back at its end (sessions, failed sign-ins and whatever the server wrote during the test
go away), so every test starts from the same demo province. That works because the test database
is SQLite in memory and the live server shares the test's connection. Chromium is Debian's /usr/bin/chromium (scripts/ensure-chromium.sh);
Playwright never downloads a browser here.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (reading the demo users' permissions) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The demo province in the test database, served live; yields the server's base URL."""
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    from liemchinh.demo import load_demo

    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert connection.vendor == "sqlite" and connection.is_in_memory_db(), (
            f"browser tests need the in-memory SQLite test database, not {name}"
        )
        load_demo(stdout=io.StringIO())
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, demo_site):
    """A fresh browser profile per test (no cookies), as a Vietnamese user's browser."""
    context = browser.new_context(locale="vi-VN", base_url=demo_site)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def visitor(page, demo_site):
    from tests.e2e.navigators import PublicNavigator

    return PublicNavigator(page, demo_site)


@pytest.fixture
def staff(page, demo_site):
    from tests.e2e.navigators import StaffNavigator

    return StaffNavigator(page, demo_site)
