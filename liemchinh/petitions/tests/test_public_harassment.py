"""Harassment about an administrative procedure, sent from the public form as a variant of
feedback: the procedure, the dossier and how many times documents were requested are kept, and
more than one request is a breach (Chỉ thị 10/CT-TTg)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from liemchinh.core.permissions import SYSTEM
from liemchinh.petitions import captcha, selectors
from liemchinh.petitions.models import Petition

pytestmark = pytest.mark.django_db

SUBMIT = "/gui-don/"


@pytest.fixture(autouse=True)
def _known_captcha(monkeypatch, settings):
    settings.PETITIONS_CAPTCHA_ENABLED = True
    monkeypatch.setattr(captcha, "_new_problem", lambda: ("2 + 3", "5"))
    cache.clear()
    yield
    cache.clear()


def _send(client, **fields):
    assert client.get(SUBMIT).status_code == 200
    data = {"kind": "harassment", "content": "Bộ phận một cửa xã yêu cầu bổ sung giấy tờ nhiều lần.",
            "anonymous": "on", "captcha": "5", **fields}
    return client.post(SUBMIT, data)


def test_form_offers_the_harassment_variant(client, org_tree):
    html = client.get(SUBMIT).content.decode()
    assert 'value="harassment"' in html
    assert "Phản ánh nhũng nhiễu, gây phiền hà trong giải quyết thủ tục hành chính" in html
    assert 'name="dossier_code"' in html and 'name="supplement_requests"' in html


def test_harassment_stores_dossier_and_count_and_two_requests_is_a_breach(client, org_tree):
    response = _send(client, procedure_name="Cấp giấy phép xây dựng nhà ở riêng lẻ", dossier_code="000.00.26.H99-261101-0007",
                     supplement_requests="2", org_code=org_tree["commune"].code)
    assert response.status_code == 302, response.content.decode()[:2000]
    petition = Petition.objects.get()
    assert petition.kind == "harassment"
    assert petition.procedure_name == "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    assert petition.dossier_code == "000.00.26.H99-261101-0007"
    assert petition.supplement_requests == 2
    assert petition.supplement_breach is True
    assert list(selectors.harassment_breaches(SYSTEM)) == [petition]


def test_one_request_is_no_breach(client, org_tree):
    assert _send(client, dossier_code="HS-1", supplement_requests="1").status_code == 302
    petition = Petition.objects.get()
    assert petition.supplement_requests == 1 and petition.supplement_breach is False
    assert list(selectors.harassment_breaches(SYSTEM)) == []


def test_dossier_fields_are_ignored_for_other_kinds(client, org_tree):
    assert _send(client, kind="feedback", dossier_code="HS-2", supplement_requests="3").status_code == 302
    petition = Petition.objects.get()
    assert petition.kind == "feedback"
    assert petition.dossier_code == "" and petition.supplement_requests is None and not petition.supplement_breach


def test_negative_count_is_refused(client, org_tree):
    response = _send(client, supplement_requests="-1")
    assert response.status_code == 400
    assert "Số lần bị yêu cầu bổ sung hồ sơ không hợp lệ." in response.content.decode()
    assert not Petition.objects.exists()


def test_staff_case_page_flags_the_breach(client, org_tree, staff):
    assert _send(client, dossier_code="HS-3", supplement_requests="2").status_code == 302
    petition = Petition.objects.get()
    client.force_login(staff["leader"])
    html = client.get(reverse("petitions:case", args=[petition.pk])).content.decode()
    assert "Yêu cầu bổ sung hồ sơ quá 01 lần" in html
    Petition.objects.filter(pk=petition.pk).update(supplement_requests=1, supplement_breach=False)
    html = client.get(reverse("petitions:case", args=[petition.pk])).content.decode()
    assert "Yêu cầu bổ sung hồ sơ quá 01 lần" not in html
