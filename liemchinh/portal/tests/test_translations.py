"""The translation catalogues and the command that compiles them."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from .conftest import REPO_LOCALE, reset_translation_caches

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def test_every_english_entry_is_translated_with_the_same_placeholders():
    catalogue = polib.pofile(str(REPO_LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 100
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        targets = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if entry.fuzzy or not all(targets):
            problems.append(f"untranslated: {entry.msgid!r}")
            continue
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        for target in targets:
            if sorted(PLACEHOLDER.findall(target)) != expected:
                problems.append(f"placeholders differ: {entry.msgid!r} → {target!r}")
    assert problems == []


def test_vietnamese_catalogue_keeps_the_source_text():
    catalogue = polib.pofile(str(REPO_LOCALE / "vi" / "LC_MESSAGES" / "django.po"))
    english = polib.pofile(str(REPO_LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    assert {e.msgid for e in catalogue if not e.obsolete} == {e.msgid for e in english if not e.obsolete}
    assert all(not e.msgstr for e in catalogue if not e.msgid_plural)


def _write_po(path: Path, entries: list[polib.POEntry]) -> None:
    path.parent.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": path.parent.parent.name,
                   "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.extend(entries)
    po.save(str(path))


def test_compile_translations_writes_mo_files_without_fuzzy_entries(tmp_path, settings):
    po_path = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    _write_po(po_path, [
        polib.POEntry(msgid="Xin chào", msgstr="Hello"),
        polib.POEntry(msgid="Chưa chắc", msgstr="Not sure", flags=["fuzzy"]),
        polib.POEntry(msgid="Chưa dịch", msgstr=""),
    ])
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("compile_translations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(po_path.with_suffix(".mo")))}
    assert compiled.get("Xin chào") == "Hello"
    assert "Chưa chắc" not in compiled and "Chưa dịch" not in compiled


def test_compile_translations_fails_loudly_without_catalogues(tmp_path, settings):
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(CommandError):
        call_command("compile_translations")


def test_compiled_catalogue_is_what_django_uses(compiled_locale):
    assert (compiled_locale / "en" / "LC_MESSAGES" / "django.mo").exists()
    with translation.override("en"):
        assert translation.gettext("Cổng thông tin công khai") == "Public portal"
        assert translation.gettext("Bạn không có quyền truy cập trang này.") == (
            "You do not have permission to access this page.")
    with translation.override("vi"):
        assert translation.gettext("Cổng thông tin công khai") == "Cổng thông tin công khai"


def test_without_compiled_catalogue_english_falls_back_to_the_source(tmp_path, settings):
    settings.LOCALE_PATHS = [tmp_path]
    reset_translation_caches()
    try:
        with translation.override("en"):
            assert translation.gettext("Cổng thông tin công khai") == "Cổng thông tin công khai"
    finally:
        reset_translation_caches()


def test_django_own_vietnamese_translations_are_used():
    with translation.override("vi"):
        assert translation.gettext("Log in") == "Đăng nhập"
        assert translation.gettext("Username") != "Username"


def test_locale_paths_point_at_the_repository_locale():
    assert Path(settings.LOCALE_PATHS[0]).resolve() == REPO_LOCALE.resolve()
