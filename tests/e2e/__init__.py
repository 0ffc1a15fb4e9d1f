"""Browser tests (Playwright over Debian's Chromium), written with navigators."""
