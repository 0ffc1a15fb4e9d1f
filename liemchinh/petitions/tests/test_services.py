import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.core.errors import DomainError
from liemchinh.core.models import AuditEvent
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.petitions import services
from liemchinh.petitions.models import HandlerExclusion, Petition, PetitionIdentity, PetitionMessage
from liemchinh.petitions.tests.conftest import IDENTITY

D = dt.date


def _to_investigating(petition, actor, handler=None):
    petition = services.petition_classify(actor=actor, petition=petition, competent=True)
    petition = services.petition_accept(actor=actor, petition=petition)
    return services.petition_assign_handler(actor=actor, petition=petition, handler=handler or actor)


# --- submit ------------------------------------------------------------------------------------


def test_submit_returns_a_phone_like_code_and_a_secret_kept_only_as_a_keyed_hash(submit, org_tree):
    petition, code, secret = submit()
    assert re.fullmatch(r"[1-9]\d{15}", code)
    assert petition.display_code == " ".join(code[i:i + 4] for i in range(0, 16, 4))
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}", secret)
    assert petition.secret_hash.startswith("hmac-sha256$")
    assert services.normalise_secret(secret) not in petition.secret_hash
    assert petition.organization == org_tree["inspectorate"]
    assert petition.status == "received"


def test_submit_audit_carries_no_identity(submit):
    petition, _code, _secret = submit()
    event = AuditEvent.objects.get(action="petition.submit", object_id=str(petition.pk))
    text = str(event.changes) + event.object_repr + event.reason
    for value in IDENTITY.values():
        assert value not in text
    assert event.changes["identity_given"] is True
    assert event.actor_label == "system"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"content": "   "}, "content"),
        ({"content": "x" * 20001}, "content"),
        ({"kind": "gossip"}, "kind"),
        ({"channel": "pigeon"}, "channel"),
        ({"org_code": "NO-SUCH"}, "org_code"),
        ({"kind": "complaint", "anonymous": True}, "anonymous"),
        ({"name": ""}, "name"),
    ],
)
def test_submit_validates_its_inputs(submit, overrides, field):
    with pytest.raises(DomainError) as err:
        submit(**overrides)
    assert err.value.field == field
    assert not Petition.objects.exists()


def test_submit_respects_the_content_limit_setting(submit, settings):
    settings.PETITION_CONTENT_MAX_CHARS = 50
    with pytest.raises(DomainError, match="50"):
        submit(content="y" * 51)


def test_anonymous_submission_stores_no_identity(submit):
    petition, _code, _secret = submit(anonymous=True)
    assert not PetitionIdentity.objects.filter(petition=petition).exists()


def test_submit_to_a_named_body(submit, org_tree):
    petition, _c, _s = submit(org_code="T-STC", kind="feedback")
    assert petition.organization == org_tree["finance"]


# --- tracking ------------------------------------------------------------------------------------


def test_track_with_the_right_pair_and_not_found_otherwise(submit):
    petition, code, secret = submit()
    spaced = " ".join(code[i:i + 4] for i in range(0, 16, 4))
    assert services.petition_track(tracking_code=spaced, secret=secret.lower(), caller_key="k1") == petition
    assert services.petition_track(tracking_code=code, secret="AAAA-BBBB-CCCC-DDDD-EEEE", caller_key="k1") is None
    other = "9" * 16 if code != "9" * 16 else "8" * 16
    assert services.petition_track(tracking_code=other, secret=secret, caller_key="k1") is None


def test_wrong_secrets_are_slowed_then_locked(submit, settings, slept):
    settings.PETITION_TRACK_SLOW_AFTER = 2
    settings.PETITION_TRACK_LOCK_AFTER = 4
    petition, code, secret = submit()
    for i in range(4):
        assert services.petition_track(tracking_code=code, secret="WRONG", caller_key=f"caller-{i}") is None
    assert len(slept) == 3 and slept[0] < slept[-1]  # from the 2nd failure on, growing delays
    # Locked for this code, whoever asks, even with the right secret.
    assert services.petition_track(tracking_code=code, secret=secret, caller_key="fresh") is None


def test_lockout_per_caller_covers_other_codes(submit, settings):
    settings.PETITION_TRACK_LOCK_AFTER = 3
    petition, code, secret = submit()
    for i in range(3):
        services.petition_track(tracking_code=f"{i + 1}" * 16, secret="WRONG", caller_key="guesser")
    assert services.petition_track(tracking_code=code, secret=secret, caller_key="guesser") is None
    assert services.petition_track(tracking_code=code, secret=secret, caller_key="someone-else") == petition


def test_track_failures_store_no_raw_code_or_caller_key(submit):
    from liemchinh.petitions.models import TrackFailure

    _p, code, _s = submit()
    services.petition_track(tracking_code=code, secret="WRONG", caller_key="203.0.113.9")
    keys = list(TrackFailure.objects.values_list("key_hash", flat=True))
    assert len(keys) == 2
    assert all(code not in k and "203.0.113.9" not in k for k in keys)


# --- identity reveal -----------------------------------------------------------------------------


def test_reveal_by_the_handler_and_the_leader_is_audited_every_time(submit, staff):
    petition, _c, _s = submit()
    petition = _to_investigating(petition, staff["officer"])
    identity = services.identity_reveal(actor=staff["officer"], petition=petition, reason="Mời người tố cáo làm việc")
    assert identity == IDENTITY
    services.identity_reveal(actor=staff["leader"], petition=petition, reason="Kiểm tra việc bảo vệ người tố cáo")
    events = AuditEvent.objects.filter(action="petition.identity_reveal", object_id=str(petition.pk))
    assert events.count() == 2
    assert {e.actor_id for e in events} == {staff["officer"].pk, staff["leader"].pk}
    assert all(IDENTITY["name"] not in str(e.changes) for e in events)


def test_reveal_refused_to_others_and_without_reason(submit, staff):
    petition, _c, _s = submit()
    petition = _to_investigating(petition, staff["officer"])
    for who in ("officer2", "viewer", "finance_head"):
        with pytest.raises(PermissionDenied):
            services.identity_reveal(actor=staff[who], petition=petition, reason="tò mò muốn biết")
    with pytest.raises(PermissionDenied):
        services.identity_reveal(actor=SYSTEM, petition=petition, reason="chạy lệnh")
    with pytest.raises(DomainError):
        services.identity_reveal(actor=staff["officer"], petition=petition, reason="")
    assert not AuditEvent.objects.filter(action="petition.identity_reveal").exists()


# --- conflicts -----------------------------------------------------------------------------------


def test_handler_conflicts_are_refused(submit, staff, org_tree, make_user):
    accused = make_user(Role.INSPECTORATE_OFFICER, org_tree["province"], username="bi_to", full_name="Bùi Văn Tội",
                        organization=org_tree["finance"])
    petition, _c, _s = submit(accused_name="Bùi Văn Tội")
    petition = services.petition_classify(actor=staff["leader"], petition=petition, competent=True,
                                          accused_user=accused, accused_org=org_tree["finance"])
    with pytest.raises(DomainError, match="người bị tố cáo"):
        services.petition_assign_handler(actor=staff["leader"], petition=petition, handler=accused)
    # The head of the accused's body (who also may handle: give him an inspectorate role).
    head = staff["finance_head"]
    from liemchinh.core.tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=head, role=Role.INSPECTORATE_OFFICER, organization=org_tree["province"])
    with pytest.raises(DomainError, match="thủ trưởng"):
        services.petition_assign_handler(actor=staff["leader"], petition=petition, handler=head)
    services.petition_exclude_handler(actor=staff["leader"], petition=petition, user=staff["officer2"],
                                      reason="họ hàng với người bị tố cáo")
    with pytest.raises(DomainError, match="không được giao"):
        services.petition_assign_handler(actor=staff["leader"], petition=petition, handler=staff["officer2"])
    # Same name as the accused, no link: refused too.
    namesake = make_user(Role.INSPECTORATE_OFFICER, org_tree["province"], username="trung_ten", full_name="Bùi Văn Tội")
    with pytest.raises(DomainError, match="trùng họ tên"):
        services.petition_assign_handler(actor=staff["leader"], petition=petition, handler=namesake)
    petition.refresh_from_db()
    assert petition.handler is None
    assert services.petition_assign_handler(actor=staff["leader"], petition=petition,
                                            handler=staff["officer"]).handler == staff["officer"]
    assert HandlerExclusion.objects.count() == 1


def test_handler_needs_handle_permission_on_the_body(submit, staff):
    petition, _c, _s = submit()
    with pytest.raises(DomainError, match="không có quyền"):
        services.petition_assign_handler(actor=staff["leader"], petition=petition, handler=staff["viewer"])


# --- workflow ------------------------------------------------------------------------------------


def test_full_workflow_with_extension_refused_past_the_maximum(submit, staff):
    petition, _c, _s = submit(received_on=D(2025, 6, 2))
    petition = services.petition_classify(actor=staff["officer"], petition=petition, competent=True,
                                          field="đất đai", on=D(2025, 6, 3))
    petition = services.petition_accept(actor=staff["officer"], petition=petition, on=D(2025, 6, 4))
    petition = services.petition_assign_handler(actor=staff["leader"], petition=petition, handler=staff["officer"])
    assert petition.status == "investigating"
    with pytest.raises(DomainError, match="thông thường"):
        services.petition_extend(actor=staff["officer"], petition=petition, days=30, reason="cần xác minh thêm")
    services.petition_extend(actor=staff["officer"], petition=petition, days=30, reason="phức tạp",
                             complexity="complex")
    with pytest.raises(DomainError, match="tối đa 1 lần"):
        services.petition_extend(actor=staff["officer"], petition=petition, days=30, reason="thêm lần nữa")
    with pytest.raises(DomainError, match="kết luận"):
        services.petition_resolve(actor=staff["officer"], petition=petition, result="Tố cáo đúng một phần")
    petition = services.petition_resolve(actor=staff["officer"], petition=petition, result="Tố cáo đúng một phần",
                                         conclusion="Kết luận: vi phạm quy trình cấp giấy", apology=True,
                                         apology_text="UBND xã xin lỗi công dân", on=D(2025, 7, 20))
    from liemchinh.petitions.selectors import petition_clock

    assert petition_clock(petition, today=D(2025, 7, 20)).on("resolve") == D(2025, 8, 4)  # 04/07+30 ext
    with pytest.raises(DomainError, match="nhận diện"):
        services.petition_publish(actor=staff["leader"], petition=petition,
                                  summary="Ông nguyen van to tố cáo đúng một phần.")
    with pytest.raises(PermissionDenied):
        services.petition_publish(actor=staff["finance_head"], petition=petition, summary="Kết luận công khai")
    petition = services.petition_publish(actor=staff["leader"], petition=petition,
                                         summary="Tố cáo đúng một phần; đã xử lý kỷ luật.")
    petition = services.petition_close(actor=staff["officer"], petition=petition)
    assert petition.status == "closed" and petition.apology


def test_anonymous_denunciation_is_accepted_only_for_checking_when_concrete(submit, staff):
    petition, _c, _s = submit(anonymous=True)
    petition = services.petition_classify(actor=staff["officer"], petition=petition, competent=True)
    with pytest.raises(DomainError, match="Điều 25|nặc danh"):
        services.petition_accept(actor=staff["officer"], petition=petition)
    petition = services.petition_accept(actor=staff["officer"], petition=petition, concrete=True)
    assert "Điều 25" in petition.handling_basis


def test_forward_changes_the_body_and_a_denunciation_is_forwarded_once(submit, staff, org_tree):
    petition, _c, _s = submit()
    petition = services.petition_forward(actor=staff["officer"], petition=petition, to_org=org_tree["finance"],
                                         reason="thuộc thẩm quyền Sở Tài chính")
    assert petition.organization == org_tree["finance"] and petition.status == "forwarded"
    with pytest.raises(DomainError):
        services.petition_forward(actor=staff["finance_head"], petition=petition, to_org=org_tree["justice"])


def test_return_needs_reasons(submit, staff):
    petition, _c, _s = submit()
    with pytest.raises(DomainError):
        services.petition_return(actor=staff["officer"], petition=petition, reason=" ")
    petition = services.petition_return(actor=staff["officer"], petition=petition, reason="Đã được giải quyết trước đây")
    assert petition.status == "returned"


def test_unit_roles_handle_only_their_own_body(submit, staff):
    petition, _c, _s = submit()  # to the inspectorate
    with pytest.raises(PermissionDenied):
        services.petition_classify(actor=staff["finance_focal"], petition=petition, competent=True)
    mine, _c, _s = submit(org_code="T-STC", kind="feedback")
    assert services.petition_classify(actor=staff["finance_focal"], petition=mine, competent=True).status == "classified"


def test_messages_both_directions(submit, staff):
    petition, code, secret = submit()
    services.petition_message_post(actor=staff["officer"], petition=petition, body="Đề nghị cung cấp thêm chứng cứ.")
    tracked = services.petition_track(tracking_code=code, secret=secret, caller_key="s")
    services.petition_message_post(actor=None, petition=tracked, body="Tôi gửi kèm biên lai.")
    directions = list(PetitionMessage.objects.filter(petition=petition).values_list("direction", flat=True))
    assert directions == ["to_petitioner", "from_petitioner"]
    with pytest.raises(PermissionDenied):
        services.petition_message_post(actor=staff["viewer"], petition=petition, body="xin chào")


# --- merge, harassment, rating, retention ----------------------------------------------------------


def test_merge(submit, staff):
    first, _c, _s = submit()
    second, _c2, _s2 = submit()
    third, _c3, _s3 = submit()
    services.petition_merge(actor=staff["officer"], petition=third, into=second, reason="gửi nhiều lần")
    merged = services.petition_merge(actor=staff["officer"], petition=second, into=first, reason="cùng nội dung")
    assert merged.status == "merged" and merged.merged_into == first
    third.refresh_from_db()
    assert third.merged_into == first  # chains collapse onto the surviving case
    with pytest.raises(DomainError):
        services.petition_merge(actor=staff["officer"], petition=first, into=first)
    with pytest.raises(DomainError):
        services.petition_merge(actor=staff["officer"], petition=first, into=second)


def test_harassment_breach_flag(submit, staff):
    once, _c, _s = submit(kind="harassment", procedure_name="Cấp giấy phép xây dựng", dossier_code="000.00.12.H59",
                          supplement_requests=1, anonymous=True)
    twice, _c, _s = submit(kind="harassment", procedure_name="Cấp giấy phép xây dựng", dossier_code="000.00.12.H60",
                           supplement_requests=3, anonymous=True)
    assert not once.supplement_breach and twice.supplement_breach
    # The officer's finding at classification replaces the citizen's count.
    once = services.petition_classify(actor=staff["officer"], petition=once, competent=True, supplement_requests=2)
    assert once.supplement_breach and once.supplement_requests == 2
    with pytest.raises(DomainError):
        submit(kind="harassment", supplement_requests=-1)


def test_rating_once_after_resolution(submit, staff):
    petition, _c, _s = submit(kind="feedback", org_code="T-STC")
    with pytest.raises(DomainError):
        services.petition_rate(actor=None, petition=petition, rating=5)
    petition = _to_investigating(petition, staff["finance_focal"])
    petition = services.petition_resolve(actor=staff["finance_focal"], petition=petition, result="Đã khắc phục")
    with pytest.raises(DomainError):
        services.petition_rate(actor=None, petition=petition, rating=6)
    assert services.petition_rate(actor=None, petition=petition, rating=4, comment="Nhanh").satisfaction == 4
    with pytest.raises(DomainError):
        services.petition_rate(actor=None, petition=petition, rating=5)


def test_retention_purge_deletes_personal_data_and_keeps_the_case(submit, staff, settings):
    settings.PETITION_RETENTION_DAYS = {"closed": 30, "returned": 10}
    old, _c, _s = submit(files=[("cccd.jpg", b"PHOTO-OF-ID-CARD", True), ("bien-ban.pdf", b"minutes", False)])
    recent, _c2, _s2 = submit()
    services.petition_return(actor=staff["officer"], petition=old, reason="Không đủ điều kiện thụ lý")
    services.petition_return(actor=staff["officer"], petition=recent, reason="Không đủ điều kiện thụ lý")
    Petition.objects.filter(pk=old.pk).update(status_changed_at=old.created_at - dt.timedelta(days=11))
    assert services.retention_purge(actor=SYSTEM) == 1
    old.refresh_from_db()
    assert old.identity_purged_at is not None and old.content
    assert not PetitionIdentity.objects.filter(petition=old).exists()
    assert list(old.files.values_list("is_identifying", flat=True)) == [False]
    assert PetitionIdentity.objects.filter(petition=recent).exists()
    assert AuditEvent.objects.filter(action="petition.retention_purge", object_id=str(old.pk)).exists()
    assert services.retention_purge(actor=SYSTEM) == 0  # idempotent
    with pytest.raises(PermissionDenied):
        services.retention_purge(actor=staff["officer"])


def test_retention_task_and_command(submit, staff, settings):
    from django.core.management import call_command

    from liemchinh.petitions.tasks import purge_expired_personal_data

    settings.PETITION_RETENTION_DAYS = {"returned": 0}
    a, _c, _s = submit()
    services.petition_return(actor=staff["officer"], petition=a, reason="Không đủ điều kiện")
    result = purge_expired_personal_data.enqueue().return_value
    assert result["purged"] == 1
    call_command("petitions_purge")
    assert not PetitionIdentity.objects.exists()


def test_identifying_file_opens_only_like_a_reveal(submit, staff):
    petition, _c, _s = submit(files=[("cccd.jpg", b"ID", True), ("anh.jpg", b"PHOTO", False)])
    petition = _to_investigating(petition, staff["officer"])
    secret_file = petition.files.get(is_identifying=True)
    plain_file = petition.files.get(is_identifying=False)
    assert services.petition_file_read(actor=staff["officer2"], record=plain_file) == ("anh.jpg", b"PHOTO")
    with pytest.raises(PermissionDenied):
        services.petition_file_read(actor=staff["officer2"], record=secret_file)
    assert services.petition_file_read(actor=staff["officer"], record=secret_file) == ("cccd.jpg", b"ID")
    assert AuditEvent.objects.filter(action="petition.identity_file_open", object_id=str(petition.pk)).count() == 1


def test_public_services_accept_the_anonymous_user(submit, staff):
    from django.contrib.auth.models import AnonymousUser

    petition, code, secret = submit(actor=AnonymousUser(), kind="feedback", anonymous=True)
    msg = services.petition_message_post(actor=AnonymousUser(), petition=petition, body="Bổ sung thông tin")
    assert msg.direction == "from_petitioner" and msg.author is None
    recorded, _c, _s = submit(actor=staff["officer"], channel="hotline", kind="feedback", anonymous=True)
    event = AuditEvent.objects.get(action="petition.submit", object_id=str(recorded.pk))
    assert event.actor_id == staff["officer"].pk


def test_suspension_pauses_the_resolution_clock(submit, staff):
    from liemchinh.petitions.selectors import petition_clock

    petition, _c, _s = submit(kind="complaint", received_on=D(2025, 6, 2))
    petition = services.petition_classify(actor=staff["officer"], petition=petition, competent=True)
    petition = services.petition_accept(actor=staff["officer"], petition=petition, on=D(2025, 6, 2))
    services.petition_suspend(actor=staff["officer"], petition=petition, reason="Chờ kết quả giám định",
                              on=D(2025, 6, 10))
    with pytest.raises(DomainError):
        services.petition_resolve(actor=staff["officer"], petition=petition, result="xong")
    services.petition_resume(actor=staff["officer"], petition=petition, on=D(2025, 6, 20))
    assert petition_clock(petition, today=D(2025, 6, 25)).on("resolve") == D(2025, 7, 14)
    with pytest.raises(DomainError):
        services.petition_resume(actor=staff["officer"], petition=petition)
