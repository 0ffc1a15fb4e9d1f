"""Forms of the gift register pages: they only parse; the services validate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liemchinh.core.models import Organization
from liemchinh.integrity.models import GiftHandling, GiftKind, GiftStatus

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date_field(label, required=False):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
    )


def _money_field(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"step": "1000", "inputmode": "numeric"}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the service checks each file's type and size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


class GiftFilterForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Đơn vị"), required=False, queryset=Organization.objects.none(), empty_label=_("Tất cả")
    )
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *GiftStatus.choices]
    )
    late = forms.BooleanField(label=_("Chỉ trường hợp chậm"), required=False)
    q = forms.CharField(label=_("Tìm người nhận, người tặng, mô tả"), required=False, max_length=200)

    def __init__(self, *args, organizations=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
        self.fields["year"].choices = [("", _("Tất cả"))] + [(y, y) for y in years]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "organization": d["organization"].pk if d["organization"] else None,
            "year": d["year"],
            "status": d["status"] or None,
            "late": d["late"],
            "q": (d["q"] or "").strip() or None,
        }


class GiftReportForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Đơn vị quản lý người nhận"), queryset=Organization.objects.none()
    )
    recipient_name = forms.CharField(label=_("Người nhận quà"), max_length=200)
    recipient_position = forms.CharField(
        label=_("Chức vụ, vị trí công tác của người nhận"), max_length=200, required=False
    )
    recipient_official_code = forms.CharField(
        label=_("Mã cán bộ trong sổ liệu (nếu có)"), max_length=40, required=False
    )
    giver_name = forms.CharField(label=_("Người tặng"), max_length=200)
    giver_position = forms.CharField(label=_("Chức vụ người tặng"), max_length=200, required=False)
    giver_organization = forms.CharField(
        label=_("Cơ quan, tổ chức, doanh nghiệp của người tặng"), max_length=255, required=False
    )
    relation_to_work = forms.CharField(
        label=_("Mối quan hệ của người tặng với công việc của người nhận"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(label=_("Loại quà"), choices=GiftKind.choices)
    description = forms.CharField(
        label=_("Mô tả quà tặng"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    value_vnd = _money_field(_("Giá trị (đồng)"))
    received_on = _date_field(_("Ngày nhận"), required=True)
    circumstances = forms.CharField(
        label=_("Thời gian, địa điểm, hoàn cảnh nhận"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reported_on = _date_field(_("Ngày báo cáo bằng văn bản"), required=True)
    handed_over_on = _date_field(_("Ngày nộp lại (nếu đã nộp)"))
    handed_over_to = forms.CharField(
        label=_("Nộp lại cho (bộ phận, người nhận)"), max_length=255, required=False
    )
    notes = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    files = MultipleFileField(label=_("Tệp đính kèm (báo cáo, biên bản giao nhận)"), required=False)

    def __init__(self, *args, organizations=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
        if editing:
            for name in ("organization", "handed_over_on", "handed_over_to", "files"):
                del self.fields[name]


class HandOverForm(forms.Form):
    handed_over_on = _date_field(_("Ngày nộp lại"), required=True)
    handed_over_to = forms.CharField(label=_("Nộp lại cho (bộ phận, người nhận)"), max_length=255)


class HandleForm(forms.Form):
    handling = forms.ChoiceField(label=_("Hình thức xử lý"), choices=GiftHandling.choices)
    handled_on = _date_field(_("Ngày xử lý"), required=True)
    handling_decision = forms.CharField(label=_("Văn bản xử lý (số, ngày)"), max_length=255, required=False)
    sold_on = _date_field(_("Ngày bán (nếu bán công khai)"))
    proceeds_vnd = _money_field(_("Số tiền thu được (đồng)"))
    proceeds_paid_on = _date_field(_("Ngày nộp tiền vào ngân sách"))
    giver_notified_on = _date_field(_("Ngày thông báo cơ quan quản lý người tặng"))
