"""Forwarding a petition to the competent body (Luật Tố cáo 2018 Điều 24 khoản 3; NĐ 20/2008;
TT 05/2021/TT-TTCP): handed over inside the system (the receiving body's inbox, its receipt, the
clocks running again from that day, the chain kept and shown), or recorded by name and closed
when the body is outside the system; the petitioner told each time; everything audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from liemchinh.core.errors import DomainError
from liemchinh.core.models import AuditEvent
from liemchinh.core.models.notifications import Notification
from liemchinh.petitions import rules, selectors, services
from liemchinh.petitions.models import PetitionForward, PetitionMessage
from liemchinh.petitions.public_views import TRACK_SESSION_KEY

pytestmark = pytest.mark.django_db

D = dt.date
RECEIVED = D(2026, 3, 2)  # a Monday
FORWARDED = D(2026, 3, 5)
TAKEN_IN = D(2026, 3, 12)


def _forwarded(submit, staff, org_tree, **overrides):
    petition, code, secret = submit(received_on=RECEIVED, **overrides)
    petition = services.petition_forward(
        actor=staff["officer"],
        petition=petition,
        to_org=org_tree["finance"],
        reason="Thuộc thẩm quyền quản lý của Sở Tài chính.",
        on=FORWARDED,
    )
    return petition, code, secret


# --- rules --------------------------------------------------------------------------------------


def test_a_forwarded_case_is_received_by_the_competent_body_or_closed():
    assert rules.TRANSITIONS[rules.Status.FORWARDED] == {rules.Status.RECEIVED, rules.Status.CLOSED}
    assert rules.can_transition("forwarded", "received") and not rules.can_transition("forwarded", "accepted")


def test_a_denunciation_is_forwarded_once_other_kinds_without_limit():
    on = D(2026, 3, 5)
    assert rules.check_forward("denunciation", 0, on=on) is None
    problem = rules.check_forward("denunciation", 1, on=on)
    assert "chỉ được chuyển 1 lần" in problem and "Thông tư 05/2021/TT-TTCP" in problem
    assert rules.check_forward("feedback", 3, on=on) is None
    for rule in rules.FORWARD_RULES:
        assert rule.article and rule.notify_article and rule.restart_article and rule.effective_from
    assert rules.forward_rule_for("denunciation", on).restart_article.startswith("Luật Tố cáo 2018 Điều 24")


# --- in the system ------------------------------------------------------------------------------


def test_forward_hands_the_case_over_to_the_receiving_body(
    submit, staff, org_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        petition, _code, _secret = _forwarded(submit, staff, org_tree)
    assert petition.status == "forwarded" and petition.organization == org_tree["finance"]
    assert petition.forwarded_on == FORWARDED and petition.competent is False
    link = PetitionForward.objects.get(petition=petition)
    assert (link.from_org, link.to_org, link.to_name) == (
        org_tree["inspectorate"],
        org_tree["finance"],
        "Sở Tài chính",
    )
    assert (link.sender_received_on, link.forwarded_on, link.received_on) == (RECEIVED, FORWARDED, None)
    # The receiving body's officers see it in their inbox and are told.
    assert selectors.petition_inbox(staff["finance_focal"]).filter(pk=petition.pk).exists()
    case_url = reverse("petitions:case", args=[petition.pk])
    for user in (staff["finance_focal"], staff["finance_head"]):
        assert Notification.objects.filter(recipient=user, url=case_url).exists()
    assert not Notification.objects.filter(recipient=staff["officer"]).exists()
    # The petitioner is told where it went, citing the article.
    notice = PetitionMessage.objects.get(petition=petition, direction=PetitionMessage.TO_PETITIONER)
    assert "05/03/2026" in notice.body and "Sở Tài chính" in notice.body and "Điều 24 khoản 3" in notice.body
    event = AuditEvent.objects.get(action="petition.forward", object_id=str(petition.pk))
    assert event.changes["organization"] == [org_tree["inspectorate"].pk, org_tree["finance"].pk]
    assert event.changes["outside"] is False and event.reason == "Thuộc thẩm quyền quản lý của Sở Tài chính."


def test_the_receiving_body_takes_it_in_and_the_clocks_run_from_that_day(submit, staff, org_tree):
    petition, _code, _secret = _forwarded(submit, staff, org_tree)
    before = selectors.petition_clock(petition).on(rules.STEP_CLASSIFY)
    petition = services.petition_receive_forwarded(
        actor=staff["finance_focal"], petition=petition, on=TAKEN_IN
    )
    assert petition.status == "received" and petition.received_on == TAKEN_IN
    assert petition.competent is None and petition.forwarded_on is None
    clock = selectors.petition_clock(petition)
    assert clock.on(rules.STEP_CLASSIFY) == rules.Calendar().add_working_days(TAKEN_IN, 7) != before
    link = petition.forwards.get()
    assert link.received_on == TAKEN_IN and link.received_by == staff["finance_focal"]
    assert link.sender_received_on == RECEIVED  # the first day is kept in the chain
    event = AuditEvent.objects.get(action="petition.receive_forwarded", object_id=str(petition.pk))
    assert event.changes["received_on"] == ["2026-03-02", "2026-03-12"]
    # From there the usual path, at the receiving body; the rating counts for that body.
    petition = services.petition_classify(
        actor=staff["finance_focal"], petition=petition, competent=True, on=TAKEN_IN
    )
    petition = services.petition_accept(actor=staff["finance_focal"], petition=petition, on=TAKEN_IN)
    assert selectors.petition_clock(petition).on(
        rules.STEP_RESOLVE
    ) == rules.Calendar().next_working_day_if_off(TAKEN_IN + dt.timedelta(days=30))
    petition = services.petition_resolve(
        actor=staff["finance_focal"],
        petition=petition,
        result="Đã xác minh.",
        conclusion="Tố cáo không đúng.",
    )
    services.petition_rate(actor=None, petition=petition, rating=5)
    rows = selectors.satisfaction_by_body(staff["officer"])
    assert [(r.organization_name, r.rated, r.average) for r in rows] == [("Sở Tài chính", 1, 5.0)]


def test_receipt_is_refused_before_the_forward_and_when_nothing_waits(submit, staff, org_tree):
    petition, _code, _secret = _forwarded(submit, staff, org_tree)
    with pytest.raises(DomainError, match="05/03/2026") as err:
        services.petition_receive_forwarded(actor=staff["finance_focal"], petition=petition, on=D(2026, 3, 4))
    assert err.value.field == "on"
    other, _c, _s = submit()
    with pytest.raises(DomainError, match="chờ cơ quan nhận"):
        services.petition_receive_forwarded(actor=staff["officer"], petition=other)
    with pytest.raises(PermissionDenied):
        services.petition_receive_forwarded(actor=staff["viewer"], petition=petition)


def test_a_denunciation_is_not_forwarded_twice_feedback_may_be(submit, staff, org_tree):
    petition, _code, _secret = _forwarded(submit, staff, org_tree)
    petition = services.petition_receive_forwarded(
        actor=staff["finance_focal"], petition=petition, on=TAKEN_IN
    )
    with pytest.raises(DomainError, match="chỉ được chuyển 1 lần"):
        services.petition_forward(actor=staff["finance_focal"], petition=petition, to_org=org_tree["justice"])
    feedback, _code, _secret = _forwarded(submit, staff, org_tree, kind="feedback")
    feedback = services.petition_receive_forwarded(
        actor=staff["finance_focal"], petition=feedback, on=TAKEN_IN
    )
    feedback = services.petition_forward(
        actor=staff["finance_focal"], petition=feedback, to_org=org_tree["justice"], on=TAKEN_IN
    )
    chain = list(feedback.forwards.values_list("from_org__code", "to_org__code"))
    assert chain == [("T-TTR", "T-STC"), ("T-STC", "T-STP")]
    assert not selectors.petition_inbox(staff["finance_focal"]).filter(pk=feedback.pk).exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "to_org"),
        ({"to_name": "Tòa án", "to_org": "finance"}, "to_name"),
        ({"to_org": "inspectorate"}, "to_org"),
    ],
)
def test_forward_needs_one_other_recipient(submit, staff, org_tree, kwargs, field):
    petition, _c, _s = submit()
    if "to_org" in kwargs:
        kwargs = {**kwargs, "to_org": org_tree[kwargs["to_org"]]}
    with pytest.raises(DomainError) as err:
        services.petition_forward(actor=staff["officer"], petition=petition, **kwargs)
    assert err.value.field == field
    assert not PetitionForward.objects.exists()


# --- outside the system ---------------------------------------------------------------------------


def test_forward_outside_the_system_records_the_name_and_closes_the_case(submit, staff, org_tree):
    petition, _c, _s = submit(received_on=RECEIVED)
    petition = services.petition_forward(
        actor=staff["officer"],
        petition=petition,
        to_name="Công an tỉnh Tây Ninh",
        reason="Có dấu hiệu tội phạm.",
        on=FORWARDED,
    )
    assert petition.status == "closed" and petition.closed_on == FORWARDED
    assert petition.organization == org_tree["inspectorate"]
    link = petition.forwards.get()
    assert link.outside and link.to_name == "Công an tỉnh Tây Ninh"
    notice = petition.messages.get().body
    assert "Công an tỉnh Tây Ninh" in notice and "đã kết thúc" in notice
    event = AuditEvent.objects.get(action="petition.forward", object_id=str(petition.pk))
    assert event.changes["outside"] is True and event.changes["to"] == "Công an tỉnh Tây Ninh"


# --- pages --------------------------------------------------------------------------------------


def test_case_page_forwards_and_the_receiving_body_takes_it_in(client, submit, staff, org_tree):
    petition, _c, _s = submit()
    client.force_login(staff["officer"])
    url = reverse("petitions:case_action", args=[petition.pk, "forward"])
    response = client.post(url, {"to_org": org_tree["finance"].pk, "reason": "Thuộc thẩm quyền."})
    assert response.status_code == 302
    client.force_login(staff["finance_focal"])
    html = client.get(reverse("petitions:case", args=[petition.pk])).content.decode()
    assert 'id="forward-chain"' in html and "Chờ tiếp nhận" in html and "Thanh tra tỉnh" in html
    assert 'id="action-receive"' in html
    assert 'id="action-close"' not in html and 'id="action-classify"' not in html
    response = client.post(reverse("petitions:case_action", args=[petition.pk, "receive"]), {"on": ""})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == "received"
    html = client.get(reverse("petitions:case", args=[petition.pk])).content.decode()
    assert 'id="action-classify"' in html and "Tiếp nhận đơn được chuyển đến" in html


def test_an_officer_who_forwards_out_of_reach_lands_on_the_inbox(client, submit, staff, org_tree):
    petition, _c, _s = submit(org_code="T-STC", kind="feedback")
    client.force_login(staff["finance_focal"])
    response = client.post(
        reverse("petitions:case_action", args=[petition.pk, "forward"]), {"to_org": org_tree["justice"].pk}
    )
    assert response.status_code == 302 and response["Location"] == reverse("petitions:inbox")


def test_case_page_forward_outside_by_name(client, submit, staff):
    petition, _c, _s = submit()
    client.force_login(staff["officer"])
    response = client.post(
        reverse("petitions:case_action", args=[petition.pk, "forward"]),
        {"to_name": "Tòa án nhân dân tỉnh Tây Ninh"},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == "closed"
    empty = client.post(reverse("petitions:case_action", args=[petition.pk, "forward"]), {})
    assert empty.status_code in (400, 403)


def test_the_petitioner_sees_where_the_petition_went(client, submit, staff, org_tree, settings):
    settings.PETITIONS_CAPTCHA_ENABLED = False
    cache.clear()
    petition, _code, _secret = _forwarded(submit, staff, org_tree)
    from django.core import signing

    from liemchinh.petitions.public_views import TRACK_SALT

    session = client.session
    session[TRACK_SESSION_KEY] = signing.dumps({"id": petition.pk}, salt=TRACK_SALT)
    session.save()
    html = client.get(reverse("petitions:public_track_detail")).content.decode()
    assert "Thanh tra tỉnh chuyển đến Sở Tài chính" in html and "chờ tiếp nhận" in html
    assert "05/03/2026" in html
    assert re.search(r"Hạn xử lý</dt><dd>—</dd>", html)  # no limit runs until the body takes it in
    services.petition_receive_forwarded(actor=staff["finance_focal"], petition=petition, on=TAKEN_IN)
    html = client.get(reverse("petitions:public_track_detail")).content.decode()
    assert "tiếp nhận ngày 12/03/2026" in html
    due = rules.Calendar().add_working_days(TAKEN_IN, 7).strftime("%d/%m/%Y")
    assert f"Hạn xử lý</dt><dd>{due}</dd>" in html  # counted from the day of receipt
    cache.clear()


@given(
    kind=st.sampled_from(list(rules.Kind)),
    before=st.integers(min_value=0, max_value=5),
    on=st.dates(min_value=D(2021, 11, 15), max_value=D(2030, 12, 31)),
)
def test_only_a_denunciation_has_a_forward_limit(kind, before, on):
    problem = rules.check_forward(kind, before, on=on)
    assert (problem is not None) == (kind == rules.Kind.DENUNCIATION and before >= 1)
    assert rules.forward_rule_for(kind, on) is not None
    assert rules.restart_on_receipt(on) == on
