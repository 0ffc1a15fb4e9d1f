"""liemchinh demo: build (or complete) the demo province and print the demo sign-ins."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from liemchinh.core.errors import DomainError, ImportFailed
from liemchinh.demo import load_demo


class Command(BaseCommand):
    help = "Tạo dữ liệu dùng thử: tỉnh Tây Ninh, các nhóm cơ quan, tài khoản theo vai trò và năm văn bản mẫu."

    def handle(self, *args, **options):
        try:
            counts = load_demo(stdout=self.stdout)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            raise CommandError(failure.message) from failure
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(
            f"Xong: {counts.organizations} cơ quan, {counts.groups} nhóm, {counts.users} tài khoản, "
            f"{counts.documents} văn bản."))
