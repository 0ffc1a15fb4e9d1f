import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.management import call_command

from liemchinh.core import scheduler

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_job_is_due_from_its_time_of_day():
    job = scheduler.ScheduledJob("x.y", dt.time(7, 0))
    assert scheduler.due_jobs(dt.datetime(2026, 3, 2, 6, 59, tzinfo=HCM), [job]) == []
    assert scheduler.due_jobs(dt.datetime(2026, 3, 2, 7, 0, tzinfo=HCM), [job]) == [job]


@pytest.mark.django_db
def test_run_due_enqueues_each_job_once_a_day(settings, monkeypatch):
    calls = []

    class FakeTask:
        def enqueue(self):
            calls.append(1)

    monkeypatch.setattr(scheduler, "import_string", lambda path: FakeTask())
    settings.SCHEDULED_JOBS = [("liemchinh.plans.tasks.send_plan_reminders", "07:00")]
    morning = dt.datetime(2026, 3, 2, 8, 0, tzinfo=HCM)
    assert scheduler.run_due(morning) == ["liemchinh.plans.tasks.send_plan_reminders"]
    assert scheduler.run_due(morning + dt.timedelta(hours=3)) == []
    assert scheduler.run_due(morning + dt.timedelta(days=1)) == ["liemchinh.plans.tasks.send_plan_reminders"]
    assert len(calls) == 2


@pytest.mark.django_db
def test_the_command_runs_the_real_reminder_job_once(settings, capsys):
    settings.SCHEDULED_JOBS = [("liemchinh.plans.tasks.send_plan_reminders", "00:00")]
    call_command("run_scheduler", "--once")
    assert "send_plan_reminders" in capsys.readouterr().out
    call_command("run_scheduler", "--once")
    assert "send_plan_reminders" not in capsys.readouterr().out
