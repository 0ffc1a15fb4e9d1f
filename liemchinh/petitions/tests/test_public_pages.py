"""Public petition pages: send (anonymously or with identity), the one-time receipt, tracking with
a neutral message and lock-out, answering, rating, injected script rendered harmless."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liemchinh.core.models import AuditEvent
from liemchinh.petitions import captcha
from liemchinh.petitions.models import Petition, PetitionFile, PetitionIdentity, PetitionMessage
from liemchinh.petitions.public_views import TRACK_SESSION_KEY

pytestmark = pytest.mark.django_db

SUBMIT = "/gui-don/"
TRACK = "/tra-cuu/"


@pytest.fixture(autouse=True)
def _known_captcha(monkeypatch, settings):
    """Every challenge is "2 + 3" (answer 5); the limiter starts from zero."""
    settings.PETITIONS_CAPTCHA_ENABLED = True
    monkeypatch.setattr(captcha, "_new_problem", lambda: ("2 + 3", "5"))
    cache.clear()
    yield
    cache.clear()


def _form(client, url=SUBMIT):
    response = client.get(url)
    assert response.status_code == 200
    return response


def _send(client, **fields):
    _form(client)
    data = {"kind": "feedback", "content": "Đường liên xã bị lấn chiếm làm bãi tập kết vật liệu.", "anonymous": "on",
            "captcha": "5", **fields}
    return client.post(SUBMIT, data)


def _receipt(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("petitions:public_receipt")
    page = client.get(response["Location"])
    html = page.content.decode()
    code = re.search(r'id="tracking-code">([\d ]+)<', html).group(1).replace(" ", "")
    secret = re.search(r'id="tracking-secret">([0-9A-Z-]+)<', html).group(1)
    return page, code, secret


def _track(client, code, secret, answer="5"):
    _form(client, TRACK)
    return client.post(TRACK, {"tracking_code": code, "secret": secret, "captcha": answer})


def test_form_shows_kinds_bodies_fields_limits_and_what_anonymity_means(client, org_tree):
    html = _form(client).content.decode()
    for label in ("Phản ánh", "Kiến nghị", "Khiếu nại", "Tố cáo"):
        assert label in html
    assert "Sở Tài chính" in html and "Đất đai" in html and "Tối đa 10 tệp" in html
    assert "không thể gửi khiếu nại nặc danh" in html  # rules.ANONYMITY texts
    assert "không được xử lý theo thủ tục giải quyết tố cáo" in html
    assert "<svg" in html and "captcha" in html


def test_complaint_entry_preselects_complaint(client, org_tree):
    html = client.get(reverse("petitions:public_submit_complaint")).content.decode()
    assert re.search(r'value="complaint"[^>]*checked', html)


def test_anonymous_submission_shows_code_and_secret_once_with_no_store(client, org_tree):
    response = _send(client, field="land")
    assert "secret" not in response["Location"].lower()
    page, code, secret = _receipt(client, response)
    assert "no-store" in page["Cache-Control"]
    assert "Tôi đã ghi lại mã tra cứu và mật khẩu" in page.content.decode()
    petition = Petition.objects.get(tracking_code=code)
    assert petition.anonymous and petition.field == "Đất đai" and petition.channel == "web"
    assert not PetitionIdentity.objects.filter(petition=petition).exists()
    # Shown once: a second visit shows neither the code nor the secret.
    again = client.get(reverse("petitions:public_receipt")).content.decode()
    assert secret not in again and petition.display_code not in again
    # The confirmation leads to the tracking page; no URL anywhere carries the secret.
    confirm = client.post(reverse("petitions:public_receipt_confirm"), {"saved": "on"})
    assert confirm["Location"] == TRACK and secret not in confirm["Location"]


def test_submission_with_identity_to_a_chosen_body(client, org_tree):
    response = _send(client, kind="complaint", anonymous="", name="Nguyễn Văn An", id_number="079123456789",
                     phone="0912345678", email="an@example.vn", address="12 Lê Lợi", org_code="T-STC")
    _page, code, _secret = _receipt(client, response)
    petition = Petition.objects.get(tracking_code=code)
    assert petition.kind == "complaint" and petition.organization.code == "T-STC" and not petition.anonymous
    identity = PetitionIdentity.objects.get(petition=petition)
    assert "Nguyễn Văn An" not in identity.ciphertext  # encrypted at rest


def test_anonymous_complaint_is_refused_with_the_law_text(client, org_tree):
    response = _send(client, kind="complaint")
    assert response.status_code == 400
    assert "không thể gửi khiếu nại nặc danh" in response.content.decode()
    assert not Petition.objects.exists()


def test_refused_file_type_stores_nothing_and_says_why(client, org_tree):
    bad = SimpleUploadedFile("hoa-don.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = _send(client, files=[bad])
    html = response.content.decode()
    assert response.status_code == 400
    assert "không nhận tệp “hoa-don.exe”" in html and "pdf" in html
    assert not Petition.objects.exists() and not PetitionFile.objects.exists()


def test_too_many_or_too_big_files_are_refused(client, org_tree, settings):
    settings.PETITION_MAX_FILES = 1
    files = [SimpleUploadedFile(f"a{i}.pdf", b"%PDF-1.4", content_type="application/pdf") for i in range(2)]
    assert "tối đa 1 tệp" in _send(client, files=files).content.decode()
    settings.PETITION_MAX_FILES = 5
    settings.PETITION_FILE_MAX_BYTES = 4
    big = SimpleUploadedFile("b.pdf", b"%PDF-1.4 long", content_type="application/pdf")
    assert "vượt quá dung lượng" in _send(client, files=[big]).content.decode()
    assert not Petition.objects.exists()


def test_accepted_file_is_stored(client, org_tree):
    ok = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    _page, code, _secret = _receipt(client, _send(client, files=[ok]))
    assert list(Petition.objects.get(tracking_code=code).files.values_list("original_name", flat=True)) == [
        "bien-ban.pdf"]


def test_tracking_shows_the_case_and_thoat_forgets_it(client, org_tree):
    _page, code, secret = _receipt(client, _send(client))
    response = _track(client, code, secret)
    assert response["Location"] == reverse("petitions:public_track_detail")
    assert secret not in response["Location"] and code not in response["Location"]
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Đã tiếp nhận" in html and "Hạn xử lý" in html and "Ngày tiếp nhận" in html
    assert "_auth_user_id" not in client.session  # not signed in
    client.post(reverse("petitions:public_track_logout"))
    assert TRACK_SESSION_KEY not in client.session
    assert client.get(reverse("petitions:public_track_detail"))["Location"] == TRACK


def test_wrong_pair_gets_one_neutral_message_and_locks(client, org_tree, settings):
    settings.PETITION_TRACK_LOCK_AFTER = 3
    _page, code, secret = _receipt(client, _send(client))
    unknown = _track(client, "1234567812345678", secret)
    wrong = _track(client, code, "AAAA-BBBB-CCCC-DDDD-EEEE")
    assert unknown.status_code == wrong.status_code == 404
    message = "Không tìm thấy hồ sơ với mã và mật khẩu này"
    assert message in unknown.content.decode() and message in wrong.content.decode()
    _track(client, code, "AAAA-BBBB-CCCC-DDDD-EEEF")
    locked = _track(client, code, secret)  # right pair, but locked now
    assert locked.status_code == 404 and message in locked.content.decode()


def test_the_petitioner_answers_with_a_file_and_rates_the_result(client, org_tree):
    _page, code, secret = _receipt(client, _send(client))
    petition = Petition.objects.get(tracking_code=code)
    PetitionMessage.objects.create(petition=petition, direction=PetitionMessage.TO_PETITIONER,
                                   body="Đề nghị cho biết vị trí cụ thể.")
    _track(client, code, secret)
    detail = reverse("petitions:public_track_detail")
    assert "Đề nghị cho biết vị trí cụ thể." in client.get(detail).content.decode()
    photo = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    response = client.post(detail, {"action": "message", "body": "Km 3 đường liên xã.", "files": [photo]})
    assert response.status_code == 302
    assert petition.messages.filter(direction=PetitionMessage.FROM_PETITIONER, body="Km 3 đường liên xã.").exists()
    assert petition.files.get().original_name == "anh.jpg"
    assert AuditEvent.objects.filter(action="petition.files_add").exists()
    # Not resolved yet: no rating form; once resolved, the result and the rating.
    assert "Gửi đánh giá" not in client.get(detail).content.decode()
    Petition.objects.filter(pk=petition.pk).update(status="resolved", result="Đã yêu cầu di dời vật liệu.")
    html = client.get(detail).content.decode()
    assert "Đã yêu cầu di dời vật liệu." in html and "Gửi đánh giá" in html
    assert client.post(detail, {"action": "rate", "rating": "4", "comment": "Nhanh"}).status_code == 302
    petition.refresh_from_db()
    assert petition.satisfaction == 4 and "Bạn đã đánh giá: 4/5." in client.get(detail).content.decode()
    assert client.post(detail, {"action": "rate", "rating": "9"}).status_code == 400


def test_script_in_any_field_is_rendered_harmless(client, org_tree):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    _page, code, secret = _receipt(client, _send(client, content=f"Nội dung {script}"))
    petition = Petition.objects.get(tracking_code=code)
    PetitionMessage.objects.create(petition=petition, direction=PetitionMessage.TO_PETITIONER, body=script)
    Petition.objects.filter(pk=petition.pk).update(status="resolved", result=script, field=script)
    _track(client, code, secret)
    html = client.get(reverse("petitions:public_track_detail")).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    # And on the form when it comes back with an error.
    back = _send(client, kind="complaint", content=script).content.decode()
    assert "<script>alert" not in back and "&lt;script&gt;" in back


def test_the_followed_case_is_forgotten_after_a_short_while(client, org_tree, monkeypatch):
    from django.core import signing

    from liemchinh.petitions import public_views

    _page, code, secret = _receipt(client, _send(client))
    _track(client, code, secret)
    detail = reverse("petitions:public_track_detail")
    assert client.get(detail).status_code == 200
    value = client.session[TRACK_SESSION_KEY]
    pk = Petition.objects.get(tracking_code=code).pk
    assert signing.loads(value, salt=public_views.TRACK_SALT) == {"id": pk}  # a signed value, not a bare id
    session = client.session
    session[TRACK_SESSION_KEY] = value + "x"  # tampered
    session.save()
    assert client.get(detail)["Location"] == TRACK
    _track(client, code, secret)
    assert client.get(detail).status_code == 200
    monkeypatch.setattr(public_views, "TRACK_MAX_AGE", -1)  # every signed value is now too old
    assert client.get(detail)["Location"] == TRACK
    assert TRACK_SESSION_KEY not in client.session


def test_the_receipt_asks_to_confirm_before_leaving(client, org_tree):
    _page, _code, _secret = _receipt(client, _send(client))
    html = _page.content.decode()
    assert 'id="receipt-saved" required' in html and "beforeunload" in html
