"""notify / notifications_mark_read and the e-mail job."""

from __future__ import annotations

import pytest
from django.core import mail

from liemchinh.core.models import Notification, User
from liemchinh.core.roles import Role
from liemchinh.core.services.notifications import notifications_mark_read, notify
from liemchinh.core.tasks import send_notification_emails


def test_notify_each_active_recipient_once(org_tree, make_user):
    a = make_user(Role.FOCAL_POINT, org_tree["finance"])
    b = make_user(Role.FOCAL_POINT, org_tree["justice"])
    gone = make_user(Role.FOCAL_POINT, org_tree["commune"], is_active=False)
    created = notify(recipients=[a, b, a, gone], title="Nhiệm vụ mới", body="Hạn 30/11/2026", url="/staff/")
    assert sorted(n.recipient_id for n in created) == sorted([a.pk, b.pk])
    assert Notification.objects.count() == 2
    created = notify(recipients=User.objects.filter(pk__in=[a.pk, gone.pk]), title="Nhắc hạn", kind="warning")
    assert [n.recipient_id for n in created] == [a.pk] and created[0].kind == "warning"


def test_notify_refuses_foreign_links_and_empty_titles(make_user):
    user = make_user()
    with pytest.raises(ValueError):
        notify(recipients=[user], title="x", url="https://evil.example/")
    with pytest.raises(ValueError):
        notify(recipients=[user], title="x", url="//evil.example/")
    with pytest.raises(ValueError):
        notify(recipients=[user], title="   ")


def test_email_is_sent_after_commit(make_user, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://liemchinh.example.vn"
    user = make_user(email="dau.moi@stc.gov.vn")
    silent = make_user(email="")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = notify(recipients=[user, silent], title="Báo cáo quý IV", body="Hạn nộp 15/12/2026",
                         url="/staff/reports/1/", email=True)
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dau.moi@stc.gov.vn"] and "Báo cáo quý IV" in message.subject
    assert "https://liemchinh.example.vn/staff/reports/1/" in message.body and "15/12/2026" in message.body
    emailed = {n.pk: n.emailed_at for n in Notification.objects.filter(pk__in=[n.pk for n in created])}
    assert emailed[created[0].pk] is not None and emailed[created[1].pk] is None
    # Running the job again sends nothing twice.
    send_notification_emails.call([n.pk for n in created])
    assert len(mail.outbox) == 1


def test_no_email_without_the_flag(make_user, django_capture_on_commit_callbacks):
    user = make_user(email="a@b.gov.vn")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[user], title="Chỉ trong hệ thống")
    assert callbacks == [] and mail.outbox == []


def test_mark_read_only_touches_my_own(make_user):
    me, other = make_user(), make_user()
    mine = notify(recipients=[me], title="1") + notify(recipients=[me], title="2")
    theirs = notify(recipients=[other], title="3")
    assert notifications_mark_read(actor=me, ids=[mine[0].pk, theirs[0].pk]) == 1
    assert Notification.objects.get(pk=theirs[0].pk).read_at is None
    assert notifications_mark_read(actor=me) == 1
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
