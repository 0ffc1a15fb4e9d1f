"""Pages of a document's import: upload → review (source with highlights beside the editable
proposal) → confirm (document, plan and tasks in one transaction) → the plan's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError, ImportFailed
from liemchinh.documents.review import selectors, services
from liemchinh.documents.review.forms import DocumentForm, TaskForm, TaskFormSet, UploadForm

META_FIELDS = ("number", "doc_type", "issuer", "place", "issued_on", "title", "signer", "signer_title")


@login_required
def upload(request):
    services.require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_prepare(actor=request.user, upload=form.cleaned_data["file"])
        except DomainError as exc:
            error = exc.message
        else:
            services.draft_store(request.session, draft)
            return redirect("documents:documents_review:review", draft_id=draft["id"])
    return render(request, "documents/review/upload.html", {"form": form, "error": error},
                  status=400 if error else 200)


def _marks(draft: dict) -> list[tuple[int, int, str, str]]:
    spans = draft.get("spans") or {}
    marks = []
    for key in ("number", "issuer", "place", "issued_on", "title", "signer", "signer_title"):
        if spans.get(key):
            marks.append((*spans[key], f"src-{key}", "field"))
    for name in ("legal_bases", "recipients"):
        for index, span in enumerate(spans.get(name) or []):
            if span:
                marks.append((*span, f"src-{name}-{index}", "list"))
    for index, task in enumerate(spans.get("tasks") or []):
        if task.get("text"):
            marks.append((*task["text"], f"src-task-{index}", "task"))
        if task.get("lead"):
            marks.append((*task["lead"], f"src-task-{index}-lead", "agency"))
        if task.get("due_on"):
            marks.append((*task["due_on"], f"src-task-{index}-due", "date"))
    return marks


def _rows(formset, draft, resolve):
    """Each task form with how its lead and partners resolve and the id of its source mark."""
    spans = (draft.get("spans") or {}).get("tasks") or []
    rows = []
    for index, form in enumerate(formset.forms):
        value = form["lead"].value() or ""
        partners = [line.strip() for line in (form["partners"].value() or "").splitlines() if line.strip()]
        rows.append({
            "form": form, "number": index + 1, "is_new": index >= formset.initial_form_count(),
            "mark": f"src-task-{index}" if index < len(spans) and spans[index].get("text") else "",
            "lead": resolve(value) if value else None,
            "partners": [resolve(name) for name in partners],
        })
    return rows


@login_required
def review(request, draft_id: str):
    services.require_importer(request.user)
    draft = services.draft_load(request.session, draft_id)
    if draft is None:
        raise Http404(_("Không tìm thấy bản nhập văn bản (phiên làm việc đã hết hạn?)."))
    proposal = draft["proposal"]
    agencies = selectors.agency_choices(request.user)
    if request.method == "POST":
        form = DocumentForm(request.POST)
        formset = TaskFormSet(request.POST, prefix="tasks", form_kwargs={"agencies": agencies})
    else:
        form = DocumentForm(initial=DocumentForm.initial_from(proposal))
        spans = (draft.get("spans") or {}).get("tasks") or []
        initial = [TaskForm.initial_from(task, spans[i].get("text") if i < len(spans) else None)
                   for i, task in enumerate(proposal.get("tasks") or [])]
        formset = TaskFormSet(initial=initial, prefix="tasks", form_kwargs={"agencies": agencies})

    errors: list = []
    duplicate = None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        document = form.document()
        duplicate = selectors.duplicate_of(number=document["number"], issuer=document["issuer"],
                                           title=document["title"], issued_on=document["issued_on"])
        if duplicate is not None and not form.cleaned_data["allow_duplicate"]:
            errors.append(_("Văn bản cùng số hiệu đã có trong hệ thống: đánh dấu “vẫn lưu” để tiếp tục."))
        else:
            tasks = [f.task() for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                plan = services.draft_confirm(actor=request.user, draft=draft, document=document, tasks=tasks,
                                              allow_duplicate=bool(form.cleaned_data["allow_duplicate"]))
            except ImportFailed as exc:
                errors.extend(_("Nhiệm vụ %(row)s: %(message)s") % {"row": e.row, "message": e.message}
                              if e.row else e.message for e in exc.errors)
            except DomainError as exc:
                errors.append(exc.message)
            else:
                services.draft_discard(request.session, draft_id)
                messages.success(request, _("Đã lưu văn bản, kế hoạch và %(n)s nhiệm vụ.") % {"n": len(tasks)})
                return redirect(reverse("plans:plan_detail", args=[plan.pk]))
    elif request.method == "GET" or form.is_valid():
        values = form.cleaned_data if form.is_bound else form.initial
        duplicate = selectors.duplicate_of(number=values.get("number"), issuer=values.get("issuer"),
                                           title=values.get("title"), issued_on=values.get("issued_on"))
    resolve = selectors.Resolver(form.cleaned_data.get("issued_on") if form.is_bound and form.is_valid()
                                 else form.initial.get("issued_on"))
    context = {
        "draft": draft, "form": form, "formset": formset, "rows": _rows(formset, draft, resolve),
        "empty_row": {"form": formset.empty_form, "number": "", "is_new": True, "mark": "", "lead": None,
                      "partners": []},
        "source": selectors.highlighted(draft["text"], _marks(draft)), "duplicate": duplicate, "errors": errors,
        "meta_fields": [(form[name], f"src-{name}" if (draft.get("spans") or {}).get(name) else "")
                        for name in META_FIELDS],
        "legal_bases": list(enumerate(proposal.get("legal_bases") or [])),
        "recipients": list(enumerate(proposal.get("recipients") or [])),
    }
    return render(request, "documents/review/review.html", context, status=400 if errors else 200)
