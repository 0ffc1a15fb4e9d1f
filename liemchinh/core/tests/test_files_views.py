"""The evidence upload form and the download: permission, headers, names."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liemchinh.core.models import AuditEvent, EvidenceFile
from liemchinh.core.roles import Role
from liemchinh.core.services.files import evidence_upload
from liemchinh.core.tests.test_files_services import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def focal(org_tree, make_user):
    return make_user(Role.FOCAL_POINT, org_tree["finance"])


def test_upload_form_stores_a_file(client, org_tree, focal):
    client.force_login(focal)
    page = client.get(reverse("core:evidence_upload"), {"organization": org_tree["finance"].pk},
                      headers={"HX-Request": "true"})
    assert page.status_code == 200 and "<html" not in page.content.decode()
    response = client.post(reverse("core:evidence_upload"), {
        "file": SimpleUploadedFile("Biên bản.pdf", pdf_bytes()), "organization": org_tree["finance"].pk,
        "description": "Biên bản kiểm tra", "strip_metadata": "on",
    }, headers={"HX-Request": "true"})
    record = EvidenceFile.objects.get()
    html = response.content.decode()
    assert response.status_code == 200 and f'name="evidence" value="{record.uuid}"' in html
    assert record.metadata_stripped and record.uploaded_by == focal


def test_upload_page_and_viewer_refused(client, org_tree, focal, make_user):
    client.force_login(focal)
    html = client.get(reverse("core:evidence_upload")).content.decode()
    assert "<html" in html and "Tối đa 25 MB" in html and "Sở Tài chính" in html and "Sở Tư pháp" not in html
    client.force_login(make_user(Role.VIEWER, org_tree["province"]))
    assert client.get(reverse("core:evidence_upload")).status_code == 403


def test_upload_refusal_is_shown_on_the_form(client, org_tree, focal):
    client.force_login(focal)
    response = client.post(reverse("core:evidence_upload"), {
        "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 64), "organization": org_tree["finance"].pk,
    })
    assert response.status_code == 400
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_upload_to_a_body_out_of_reach_is_not_offered(client, org_tree, focal):
    client.force_login(focal)
    response = client.post(reverse("core:evidence_upload"), {
        "file": SimpleUploadedFile("a.txt", b"abc"), "organization": org_tree["justice"].pk})
    assert response.status_code == 400 and not EvidenceFile.objects.exists()


def test_download_headers_and_403(client, org_tree, focal, make_user):
    record = evidence_upload(actor=focal, file=SimpleUploadedFile("Báo cáo tố cáo.txt", pdf_bytes()),
                             organization=org_tree["finance"], is_identifying=True)
    client.force_login(make_user(Role.FOCAL_POINT, org_tree["justice"]))
    assert client.get(reverse("core:evidence_download", args=[record.uuid])).status_code == 403
    client.force_login(focal)
    response = client.get(reverse("core:evidence_download", args=[record.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%91%20c%C3%A1o.pdf")
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert AuditEvent.objects.filter(action="evidence.download").count() == 1


def test_unknown_file_is_404(client, focal):
    client.force_login(focal)
    url = reverse("core:evidence_download", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404
