"""Pages of the documents app: the searchable list, a document with what it cites and what cites
it, and the forms that correct a record or complete a stub."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import has_perm, orgs_with_perm, require_perm
from liemchinh.documents import selectors, services
from liemchinh.documents.forms import DocumentForm, DocumentSearchForm
from liemchinh.documents.models import Document

PAGE_SIZE = 50
MANAGE = "documents.document.manage"


def _page(request, qs):
    """Paginate on the ids alone, then load the page's rows: the count and the offset never touch
    the full texts."""
    page = Paginator(qs.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = {d.pk: d for d in qs.filter(pk__in=ids).order_by().defer("full_text", "search_text")}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def _get_or_404(actor, pk) -> Document:
    try:
        return selectors.document_get(actor=actor, pk=pk)
    except Document.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_GET
def document_list(request):
    """Every document, searchable without diacritics (“tham nhung” finds “tham nhũng”), with filters;
    the search box refreshes the results in place (HTMX)."""
    require_perm(request.user, selectors.VIEW)
    form = DocumentSearchForm(request.GET or None, issuers=selectors.document_issuers(actor=request.user))
    qs = selectors.document_list(actor=request.user, **form.filters())
    context = {"form": form, "page_obj": _page(request, qs), "may_manage": has_perm(request.user, MANAGE)}
    template = "documents/partials/document_results.html" if request.htmx else "documents/document_list.html"
    return render(request, template, context)


@login_required
@require_GET
def document_detail(request, pk):
    document = _get_or_404(request.user, pk)
    context = {
        "document": document,
        "cites": selectors.document_cites(actor=request.user, document=document),
        "cited_by": selectors.document_cited_by(actor=request.user, document=document),
        "may_manage": has_perm(request.user, MANAGE, document.issuer_org),
    }
    return render(request, "documents/document_detail.html", context)


def _form_page(request, pk, *, completing: bool):
    document = _get_or_404(request.user, pk)
    require_perm(request.user, MANAGE, document.issuer_org)
    if completing and not document.is_stub:
        return redirect("documents:document_detail", pk=document.pk)
    organizations = orgs_with_perm(request.user, MANAGE).order_by("path")
    if request.method == "POST":
        form = DocumentForm(request.POST, organizations=organizations)
        if form.is_valid():
            service = services.document_complete if completing else services.document_update
            try:
                service(actor=request.user, document=document, **form.service_fields())
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Đã hoàn thiện văn bản.") if completing else _("Đã lưu văn bản."))
                return redirect("documents:document_detail", pk=document.pk)
    else:
        form = DocumentForm(initial=DocumentForm.initial_of(document), organizations=organizations)
    return render(request, "documents/document_form.html",
                  {"form": form, "document": document, "completing": completing})


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    """Correct a document's metadata (documents.document.manage)."""
    return _form_page(request, pk, completing=False)


@login_required
@require_http_methods(["GET", "POST"])
def document_complete(request, pk):
    """Complete a stub with its metadata and full text (documents.document.manage)."""
    return _form_page(request, pk, completing=True)
