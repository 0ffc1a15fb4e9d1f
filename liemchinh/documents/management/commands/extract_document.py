"""`liemchinh extract_document PATH --json`: read one official document and print what it says."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from liemchinh.documents.extraction import ExtractionError, extract_file


def registry_resolver():
    """resolve(name) → the registry's name of the body or group, when the registry is there."""
    try:
        from liemchinh.core.selectors.orgs import NameIndex
    except ImportError:
        return None
    try:
        index = NameIndex()
    except Exception:  # noqa: BLE001 - no database, or not migrated: read without the registry
        return None

    def resolve(name: str) -> str | None:
        found = index.resolve(name)
        return getattr(found, "name", None) if found is not None else None

    return resolve


class Command(BaseCommand):
    help = "Đọc một văn bản (.docx, .pdf, .txt, .html) và in các trường trích xuất (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="In đúng một đối tượng JSON (mặc định).")
        parser.add_argument("--no-registry", action="store_true",
                            help="Không đối chiếu tên cơ quan với danh mục tổ chức.")

    def handle(self, *args, **options):
        resolve = None if options["no_registry"] else registry_resolver()
        try:
            result = extract_file(options["path"], resolve=resolve)
        except ExtractionError as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        except Exception as exc:  # noqa: BLE001 - any other failure is still the file's fault for the user
            raise CommandError(f"Tệp {options['path']}: không đọc được ({exc}).", returncode=2) from exc
        payload = json.dumps(result, ensure_ascii=False, indent=2)
        out = getattr(self.stdout, "_out", sys.stdout)
        if hasattr(out, "buffer"):
            out.buffer.write((payload + "\n").encode("utf-8"))
            out.flush()
        else:
            out.write(payload + "\n")
