"""The notification list, marking read, and the bell's counter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from liemchinh.core.models import Notification
from liemchinh.core.services.notifications import notify

pytestmark = pytest.mark.django_db


def test_list_badge_and_mark_read(client, make_user):
    me, other = make_user(), make_user()
    mine = notify(recipients=[me], title="Nhiệm vụ mới được giao", url="/staff/")
    notify(recipients=[me], title="Nhắc hạn báo cáo")
    notify(recipients=[other], title="Không phải của tôi")
    client.force_login(me)
    html = client.get(reverse("core:notification_list")).content.decode()
    assert "Nhiệm vụ mới được giao" in html and "Không phải của tôi" not in html
    badge = client.get(reverse("core:notification_badge"))
    assert 'data-count="2"' in badge.content.decode() and "<html" not in badge.content.decode()

    response = client.post(reverse("core:notification_mark_read", args=[mine[0].pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert 'data-count="1"' in client.get(reverse("core:notification_badge")).content.decode()

    partial = client.post(reverse("core:notification_mark_all_read"), headers={"HX-Request": "true"})
    assert partial.status_code == 200 and partial.content.decode().lstrip().startswith('<div id="notifications"')
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).exists()


def test_cannot_mark_someone_elses(client, make_user):
    me, other = make_user(), make_user()
    theirs = notify(recipients=[other], title="Riêng")
    client.force_login(me)
    client.post(reverse("core:notification_mark_read", args=[theirs[0].pk]))
    assert Notification.objects.get(pk=theirs[0].pk).read_at is None


def test_anonymous_is_sent_to_login(client, settings):
    settings.LOGIN_URL = "/accounts/login/"
    response = client.get(reverse("core:notification_badge"))
    assert response.status_code == 302 and "login" in response["Location"]
