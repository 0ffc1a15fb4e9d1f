"""Compile the project's translation catalogues (.po → .mo) with polib: no gettext tools needed.

    liemchinh compile_translations            # every locale/<lang>/LC_MESSAGES/*.po in LOCALE_PATHS
    liemchinh compile_translations -l en      # one language

The .mo files are build products (not committed); `make` runs this command on a fresh machine.
Fuzzy and obsolete entries are left out, as msgfmt does.
"""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogues(locale_dirs, languages=None) -> list[Path]:
    found = []
    for locale_dir in locale_dirs:
        base = Path(locale_dir)
        if not base.is_dir():
            continue
        for po in sorted(base.glob("*/LC_MESSAGES/*.po")):
            language = po.parent.parent.name
            if languages and language not in languages:
                continue
            found.append(po)
    return found


def compile_catalogue(po_path: Path) -> tuple[Path, int]:
    """Write the .mo next to the .po; returns (mo path, number of translated messages)."""
    catalogue = polib.pofile(str(po_path))
    mo_path = po_path.with_suffix(".mo")
    catalogue.save_as_mofile(str(mo_path))
    return mo_path, len(catalogue.translated_entries())


class Command(BaseCommand):
    help = "Compile translation catalogues (.po) into .mo files with polib."

    def add_arguments(self, parser):
        parser.add_argument("-l", "--locale", action="append", dest="languages", default=[],
                            help="Only this language (repeatable), e.g. -l en.")

    def handle(self, *args, **options):
        languages = set(options["languages"])
        paths = catalogues(settings.LOCALE_PATHS, languages)
        if not paths:
            raise CommandError("No .po file found in LOCALE_PATHS" + (f" for {sorted(languages)}" if languages else ""))
        for po_path in paths:
            try:
                mo_path, count = compile_catalogue(po_path)
            except (OSError, ValueError) as exc:
                raise CommandError(f"{po_path}: {exc}") from exc
            self.stdout.write(f"{mo_path}: {count} messages")
