"""Forms of the review screen: the upload, the document's metadata and the tasks (a formset)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from liemchinh.documents.models import DocType
from liemchinh.plans.rules import RECURRENCE_LABELS, RECURRENCES

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp văn bản (.docx, .pdf, .txt, .html)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt,.html,.htm"}))


class DocumentForm(forms.Form):
    number = forms.CharField(label=_("Số hiệu"), max_length=100, required=False)
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DocType.choices)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("Ngày ban hành (dd/mm/yyyy)"), input_formats=DATE_FORMATS, required=False,
                                widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}))
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=255, required=False)
    legal_bases = forms.CharField(label=_("Căn cứ (mỗi dòng một văn bản)"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    recipients = forms.CharField(label=_("Nơi nhận (mỗi dòng một nơi)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    allow_duplicate = forms.BooleanField(label=_("Vẫn lưu dù đã có văn bản cùng số hiệu"), required=False)

    @classmethod
    def initial_from(cls, proposal: dict) -> dict:
        issued = proposal.get("issued_on")
        return {
            **{key: proposal.get(key) or "" for key in ("number", "issuer", "place", "title", "signer", "signer_title")},
            "doc_type": proposal.get("doc_type") if proposal.get("doc_type") in DocType.values else DocType.OTHER,
            "issued_on": dt.date.fromisoformat(issued) if issued else None,
            "legal_bases": "\n".join(proposal.get("legal_bases") or []),
            "recipients": "\n".join(proposal.get("recipients") or []),
        }

    def document(self) -> dict:
        data = dict(self.cleaned_data)
        data["legal_bases"] = _lines(data.get("legal_bases"))
        data["recipients"] = _lines(data.get("recipients"))
        data.pop("allow_duplicate", None)
        return data


class TaskForm(forms.Form):
    text = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    lead = forms.CharField(label=_("Cơ quan chủ trì"), max_length=255, required=False)
    lead_pick = forms.ChoiceField(label=_("Chọn cơ quan hoặc nhóm"), required=False)
    partners = forms.CharField(label=_("Cơ quan phối hợp (mỗi dòng một cơ quan)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Thời hạn (dd/mm/yyyy)"), input_formats=DATE_FORMATS, required=False,
                             widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))
    recurrence = forms.MultipleChoiceField(label=_("Định kỳ"), required=False, widget=forms.CheckboxSelectMultiple,
                                           choices=[(code, RECURRENCE_LABELS.get(code, code)) for code in RECURRENCES])
    source_start = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    source_end = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_pick"].choices = [("", _("— giữ như văn bản —")), *agencies]

    @staticmethod
    def initial_from(task: dict, span) -> dict:
        recurrence = task.get("recurrence") or []
        return {
            "text": task.get("text") or "", "lead": task.get("lead") or "",
            "partners": "\n".join(task.get("partners") or []),
            "due_on": dt.date.fromisoformat(task["due_on"]) if task.get("due_on") else None,
            "recurrence": [recurrence] if isinstance(recurrence, str) else list(recurrence),
            "source_start": span[0] if span else None, "source_end": span[1] if span else None,
        }

    def task(self) -> dict:
        data = self.cleaned_data
        start, end = data.get("source_start"), data.get("source_end")
        if start is None or end is None or end < start:
            start = end = None
        return {
            "text": data["text"],
            "lead": data.get("lead_pick") or data.get("lead") or "",
            "partners": _lines(data.get("partners")),
            "due_on": data.get("due_on"),
            "recurrence": data.get("recurrence") or None,
            "source_start": start, "source_end": end,
        }


TaskFormSet = forms.formset_factory(TaskForm, extra=1, can_delete=True)
