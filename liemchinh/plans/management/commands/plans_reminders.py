"""`liemchinh plans_reminders [--day yyyy-mm-dd]`: send today's task reminders (for cron; safe to
run more than once a day)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from liemchinh.core.permissions import SYSTEM
from liemchinh.plans.services import reminders_run


class Command(BaseCommand):
    help = "Nhắc hạn nhiệm vụ: sắp đến hạn và quá hạn (chạy lại trong ngày không gửi trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="ngày chạy, dạng yyyy-mm-dd (mặc định: hôm nay)")

    def handle(self, *args, day=None, **options):
        try:
            today = dt.date.fromisoformat(day) if day else None
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {day}") from exc
        summary = reminders_run(actor=SYSTEM, today=today)
        self.stdout.write(f"{summary['day']}: {summary['assignments']} nhiệm vụ, {summary['bodies']} đơn vị, "
                          f"{summary['notifications']} thông báo")
