"""Forms of the documents pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liemchinh.core.models import Organization
from liemchinh.documents.models import DocType

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


class DocumentSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm (số hiệu, trích yếu, toàn văn)"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("ví dụ: tham nhung")}))
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), required=False, choices=[("", _("Tất cả")),
                                                                                     *DocType.choices])
    issuer = forms.ChoiceField(label=_("Cơ quan ban hành"), required=False, choices=[("", _("Tất cả"))])
    year = forms.IntegerField(label=_("Năm ban hành"), required=False, min_value=1945, max_value=2100)
    stubs = forms.ChoiceField(label=_("Toàn văn"), required=False, choices=[
        ("", _("Tất cả")), ("only", _("Chỉ văn bản chưa có toàn văn")), ("none", _("Chỉ văn bản đã có toàn văn"))])

    def __init__(self, *args, issuers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].choices = [("", _("Tất cả")), *((name, name) for name in issuers)]

    def filters(self) -> dict:
        """The selector's keyword arguments from the valid fields (invalid ones are ignored)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {"q": data.get("q") or None, "doc_type": data.get("doc_type") or None,
                "issuer": data.get("issuer") or None, "year": data.get("year"),
                "stubs": {"only": True, "none": False}.get(data.get("stubs") or "")}


class DocumentForm(forms.Form):
    """A document's metadata, for correcting a record or completing a stub."""

    number = forms.CharField(label=_("Số hiệu"), required=False, max_length=100)
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DocType.choices)
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=255)
    issuer_org = forms.ModelChoiceField(label=_("Cơ quan ban hành (trong danh mục)"), required=False,
                                        queryset=Organization.objects.none())
    place = forms.CharField(label=_("Địa danh"), required=False, max_length=100)
    issued_on = forms.DateField(label=_("Ngày ban hành (dd/mm/yyyy)"), required=False, input_formats=DATE_INPUTS,
                                widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"))
    signer = forms.CharField(label=_("Người ký"), required=False, max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), required=False, max_length=255)
    recipients = forms.CharField(label=_("Nơi nhận (mỗi dòng một nơi)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    source_url = forms.CharField(label=_("Nguồn (địa chỉ web)"), required=False, max_length=500)
    full_text = forms.CharField(label=_("Toàn văn"), required=False, widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer_org"].queryset = organizations if organizations is not None else Organization.objects.all()

    @classmethod
    def initial_of(cls, document) -> dict:
        return {"number": document.number, "doc_type": document.doc_type, "title": document.title,
                "issuer": document.issuer, "issuer_org": document.issuer_org_id, "place": document.place,
                "issued_on": document.issued_on, "signer": document.signer, "signer_title": document.signer_title,
                "recipients": "\n".join(document.recipients or []), "source_url": document.source_url,
                "full_text": document.full_text}

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["recipients"] = [line for line in (data.get("recipients") or "").splitlines() if line.strip()]
        return data
