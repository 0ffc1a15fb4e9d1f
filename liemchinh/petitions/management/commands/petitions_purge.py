"""`liemchinh petitions_purge`: delete the personal data of cases past their retention period
(PETITION_RETENTION_DAYS); the anonymised cases stay. Safe to run more than once."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from liemchinh.core.permissions import SYSTEM
from liemchinh.petitions.services import retention_purge, track_failures_prune


class Command(BaseCommand):
    help = "Xóa dữ liệu cá nhân của đơn đã hết thời hạn lưu giữ (giữ lại vụ việc đã ẩn danh)."

    def handle(self, *args, **options):
        purged = retention_purge(actor=SYSTEM)
        pruned = track_failures_prune()
        self.stdout.write(f"Đã xóa dữ liệu cá nhân của {purged} đơn; {pruned} lượt tra cứu sai cũ.")
