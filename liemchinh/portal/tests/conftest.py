"""Fixtures of the portal's tests: an English catalogue compiled from the committed .po file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.translation.reloader import translation_file_changed

REPO_LOCALE = Path(settings.BASE_DIR) / "locale"


def reset_translation_caches() -> None:
    translation_file_changed(sender=None, file_path=Path("catalogue.mo"))


@pytest.fixture
def compiled_locale(tmp_path, settings):
    """A copy of locale/ compiled by `compile_translations` into a temporary directory, used as
    LOCALE_PATHS: tests see the committed translations without writing into the repository."""
    locale = tmp_path / "locale"
    shutil.copytree(REPO_LOCALE, locale, ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [locale]
    call_command("compile_translations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    reset_translation_caches()
    yield locale
    reset_translation_caches()
