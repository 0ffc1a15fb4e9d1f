"""Evidence file pages: an upload form other pages include through HTMX, and the download."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from liemchinh.core import rules
from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import orgs_with_perm, require_perm
from liemchinh.core.services.files import download_name, evidence_download, evidence_upload, max_bytes


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng"))
    organization = forms.ModelChoiceField(label=_("Cơ quan, đơn vị"), queryset=None)
    description = forms.CharField(label=_("Mô tả"), max_length=255, required=False)
    is_identifying = forms.BooleanField(label=_("Tệp có thông tin nhận diện người gửi"), required=False)
    strip_metadata = forms.BooleanField(
        label=_("Xóa siêu dữ liệu (vị trí chụp ảnh, tác giả tài liệu)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = orgs_with_perm(user, "core.evidence.upload").order_by("path")
        accept = sorted({ext for t in rules.EVIDENCE_TYPES.values() for ext in t.extensions})
        self.fields["file"].widget.attrs["accept"] = ",".join(accept)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_upload_view(request):
    """GET: the form (a partial for HTMX, with ?organization=<id> preselected). POST: store the
    file and answer with the stored file (its uuid in a hidden `evidence` input for the host form)."""
    require_perm(request.user, "core.evidence.upload")
    template = "core/files/partials/upload.html" if request.htmx else "core/files/upload.html"
    context = {"max_mb": rules.evidence_limit_mb(max_bytes()),
               "types": sorted({t.label for t in rules.EVIDENCE_TYPES.values()})}
    if request.method == "POST":
        form = EvidenceUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                record = evidence_upload(actor=request.user, file=form.cleaned_data["file"],
                                         organization=form.cleaned_data["organization"],
                                         description=form.cleaned_data["description"],
                                         is_identifying=form.cleaned_data["is_identifying"],
                                         strip_metadata=form.cleaned_data["strip_metadata"])
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                context.update(record=record, form=EvidenceUploadForm(
                    user=request.user, initial={"organization": record.organization_id}))
                return render(request, template, context)
        return render(request, template, {**context, "form": form}, status=400)
    form = EvidenceUploadForm(user=request.user, initial={"organization": request.GET.get("organization")})
    return render(request, template, {**context, "form": form})


@login_required
@require_GET
def evidence_download_view(request, uuid):
    record = evidence_download(actor=request.user, uuid=uuid)
    name = download_name(record)
    response = FileResponse(record.file.open("rb"), content_type=record.content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Content-Length"] = str(record.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
