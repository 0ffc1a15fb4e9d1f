import time

from django.core.management.base import BaseCommand

from liemchinh.core.scheduler import run_due, scheduled_jobs


class Command(BaseCommand):
    help = "Enqueue the daily background jobs (settings.SCHEDULED_JOBS) at their time, once a day."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once and exit (for cron or tests).")
        parser.add_argument("--interval", type=int, default=30, help="Seconds between checks (default 30).")

    def handle(self, *args, once=False, interval=30, **options):
        jobs = ", ".join(f"{job.task_path} {job.at:%H:%M}" for job in scheduled_jobs()) or "-"
        self.stderr.write(f"Lịch công việc hằng ngày / daily jobs: {jobs}")
        while True:
            for path in run_due():
                self.stdout.write(f"Đã xếp hàng / enqueued: {path}")
            if once:
                return
            time.sleep(interval)
