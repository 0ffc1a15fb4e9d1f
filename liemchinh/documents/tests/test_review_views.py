"""Importing a document through the reader: upload → review → confirm, and what stops it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liemchinh.core.models import EvidenceFile, OrgGroup, OrgKind
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.documents.models import Document
from liemchinh.documents.services import document_create
from liemchinh.plans.models import Plan, Task

SEED = next((Path(__file__).parent / "fixtures" / "seeds").glob("001_*.txt"))
UPLOAD = reverse("documents:documents_review:upload")


@pytest.fixture
def officer(org_tree, make_user):
    return make_user(Role.INSPECTORATE_OFFICER, org_tree["province"], username="officer_tinh",
                     organization=org_tree["inspectorate"])


@pytest.fixture
def departments(org_tree):
    return OrgGroup.objects.create(code="SBN", name="Các sở, ban, ngành", phrases=["các sở, ban, ngành"],
                                   member_kinds=[OrgKind.DEPARTMENT])


def upload(client, name="ke-hoach.txt", data=None):
    data = SEED.read_bytes() if data is None else data
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def review_data(response, **changes) -> dict:
    """The POST of the review form as shown (the reader's proposal), with `changes` applied:
    metadata by field name, tasks as "tasks-<i>-<field>"."""
    form, formset = response.context["form"], response.context["formset"]
    data = {}
    for name in form.fields:
        value = form.initial.get(name, "")
        if name == "issued_on" and value:
            value = value.strftime("%d/%m/%Y")
        data[name] = "" if value is None else value
    data.pop("allow_duplicate")
    for key, value in formset.management_form.initial.items():
        data[f"tasks-{key}"] = value
    for index, task_form in enumerate(formset.forms[: formset.initial_form_count()]):
        for name in ("text", "lead", "partners", "source_start", "source_end"):
            value = task_form.initial.get(name)
            data[f"tasks-{index}-{name}"] = "" if value is None else value
        if task_form.initial.get("due_on"):
            data[f"tasks-{index}-due_on"] = task_form.initial["due_on"].strftime("%d/%m/%Y")
        data[f"tasks-{index}-recurrence"] = task_form.initial.get("recurrence") or []
    data.update(changes)
    return data


def every_lead(response, name):
    count = response.context["formset"].initial_form_count()
    return {f"tasks-{i}-lead": name for i in range(count)} | {f"tasks-{i}-partners": "" for i in range(count)}


@pytest.mark.django_db
def test_upload_review_confirm_creates_document_plan_and_tasks(client, officer, org_tree):
    client.force_login(officer)
    response = upload(client)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'<mark id="src-number" class="src src-field">262/KH-UBND</mark>', html)
    assert 'data-span="src-task-0"' in html and 'id="src-task-0"' in html
    proposal = page.context["draft"]["proposal"]
    assert EvidenceFile.objects.count() == 1 and not Document.objects.exists()
    count = len(proposal["tasks"])
    assert count >= 5

    data = review_data(page, title="Kế hoạch tiếp tục thực hiện Chỉ thị 10/CT-TTg", **every_lead(page, "Sở Tư pháp"))
    data["tasks-1-lead_pick"] = "T-STC"  # the officer picks a body for the second task
    response = client.post(page.request["PATH_INFO"], data)

    assert response.status_code == 302, response.context and response.context["errors"]
    plan = Plan.objects.get()
    assert response["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    document = Document.objects.get(number="262/KH-UBND")
    assert plan.document == document and document.number == "262/KH-UBND"
    assert document.title == "Kế hoạch tiếp tục thực hiện Chỉ thị 10/CT-TTg"
    assert document.original == EvidenceFile.objects.get()
    assert document.original.organization == org_tree["inspectorate"]
    tasks = list(Task.objects.filter(plan=plan).order_by("id"))
    assert len(tasks) == count
    assert tasks[1].lead_org == org_tree["finance"]
    assert {task.lead_org for task in tasks[2:]} == {org_tree["justice"]}
    first = tasks[0]
    assert document.full_text[first.source_start:first.source_end].startswith(proposal["tasks"][0]["text"][:30])


@pytest.mark.django_db
def test_deleted_and_added_rows_are_honoured(client, officer, org_tree):
    client.force_login(officer)
    page = client.get(upload(client)["Location"])
    count = page.context["formset"].initial_form_count()
    data = review_data(page, **every_lead(page, "Sở Tư pháp"))
    data["tasks-0-DELETE"] = "on"
    extra = count  # the blank row after the proposal
    data.update({"tasks-TOTAL_FORMS": count + 1, f"tasks-{extra}-text": "Báo cáo kết quả về Thanh tra tỉnh",
                 f"tasks-{extra}-lead": "Sở Tài chính", f"tasks-{extra}-due_on": "31/12/2023"})
    response = client.post(page.request["PATH_INFO"], data)
    assert response.status_code == 302
    tasks = Task.objects.order_by("id")
    assert tasks.count() == count
    added = tasks.last()
    assert added.lead_org == org_tree["finance"] and added.due_on.isoformat() == "2023-12-31"


@pytest.mark.django_db
def test_an_unresolved_agency_blocks_and_nothing_is_saved(client, officer, org_tree):
    client.force_login(officer)
    page = client.get(upload(client)["Location"])
    assert "Không có trong danh mục" in page.content.decode()
    data = review_data(page, **every_lead(page, "Sở Tư pháp"))
    data["tasks-2-lead"] = "Ban Quản lý các khu công nghiệp"
    response = client.post(page.request["PATH_INFO"], data)
    assert response.status_code == 400
    assert any(error.startswith("Nhiệm vụ 3:") and "Ban Quản lý các khu công nghiệp" in error
               for error in response.context["errors"])
    assert not Document.objects.exists() and not Plan.objects.exists() and not Task.objects.exists()


@pytest.mark.django_db
def test_a_group_name_resolves(client, officer, org_tree, departments):
    client.force_login(officer)
    page = client.get(upload(client)["Location"])
    data = review_data(page, **every_lead(page, "Sở Tư pháp"))
    data["tasks-0-lead"] = "các sở, ban, ngành"
    assert client.post(page.request["PATH_INFO"], data).status_code == 302
    assert Task.objects.order_by("id").first().lead_group == departments


@pytest.mark.django_db
def test_a_duplicate_number_is_shown_and_needs_vẫn_lưu(client, officer, org_tree):
    existing = document_create(actor=SYSTEM, number="262/KH-UBND", issuer="Ủy ban nhân dân tỉnh Sơn La",
                               title="Kế hoạch", doc_type="plan")
    client.force_login(officer)
    page = client.get(upload(client)["Location"])
    html = page.content.decode()
    assert 'id="review-duplicate"' in html and reverse("documents:document_detail", args=[existing.pk]) in html
    data = review_data(page, **every_lead(page, "Sở Tư pháp"))
    refused = client.post(page.request["PATH_INFO"], data)
    assert refused.status_code == 400 and Document.objects.filter(number="262/KH-UBND").count() == 1 and Plan.objects.count() == 0
    data["allow_duplicate"] = "on"
    assert client.post(page.request["PATH_INFO"], data).status_code == 302
    assert Document.objects.filter(number="262/KH-UBND").count() == 2 and Plan.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "message"), [
    ("hong.pdf", b"%PDF-1.4 this is not a pdf at all", "tệp PDF bị hỏng"),
    ("rong.txt", b"   \n", "tệp rỗng"),
    ("bang.xlsx", b"PK\x03\x04 something", "loại tệp không được hỗ trợ"),
    ("hong.docx", b"PK\x03\x04 not really a docx", "không đọc được tệp Word"),
])
def test_an_unreadable_file_shows_the_readers_message_and_stores_nothing(client, officer, name, data, message):
    client.force_login(officer)
    response = upload(client, name, data)
    assert response.status_code == 400
    assert message in response.context["error"]
    assert message in response.content.decode()
    assert EvidenceFile.objects.count() == 0
    assert not client.session.get("documents_review_drafts")


@pytest.mark.django_db
def test_a_focal_point_is_refused(client, org_tree, make_user):
    client.force_login(make_user(Role.FOCAL_POINT, org_tree["finance"]))
    assert client.get(UPLOAD).status_code == 403
    assert upload(client).status_code == 403
    assert EvidenceFile.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_draft_is_not_found(client, officer):
    client.force_login(officer)
    assert client.get(reverse("documents:documents_review:review", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_an_html_page_is_read_and_kept_as_text_only(client, officer, org_tree):
    page_html = ("<html><body><p>ỦY BAN NHÂN DÂN TỈNH</p><p>Số: 15/KH-UBND</p><p>KẾ HOẠCH</p>"
                 "<p>Phòng, chống tham nhũng năm 2024</p>"
                 "<p>1. Sở Tư pháp chủ trì tuyên truyền pháp luật về phòng, chống tham nhũng.</p></body></html>")
    client.force_login(officer)
    response = upload(client, "ke-hoach.html", page_html.encode())
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.context["draft"]["file_uuid"] == "" and EvidenceFile.objects.count() == 0
    assert client.post(page.request["PATH_INFO"], review_data(page, title="Phòng, chống tham nhũng năm 2024",
                                                             doc_type="plan")).status_code == 302
    document = Document.objects.get(number="15/KH-UBND")
    assert document.original is None and "Sở Tư pháp chủ trì" in document.full_text


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_before_reading(client, officer, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    client.force_login(officer)
    response = upload(client)
    assert response.status_code == 400 and "dung lượng" in response.context["error"]
    assert EvidenceFile.objects.count() == 0
