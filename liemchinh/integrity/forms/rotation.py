"""Forms of the position rotation pages: they only parse; the services validate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liemchinh.integrity import rules
from liemchinh.integrity.forms.gifts import _date_field
from liemchinh.integrity.models import Body, ExemptionReason, RotationCategory
from liemchinh.integrity.models.registry import PositionRole
from liemchinh.integrity.selectors.rotation import DUE_SOON, EXEMPT, OK, OVERDUE, STATE_LABELS

STATE_CHOICES = [
    ("", _("Tất cả")),
    ("flagged", _("Quá hạn hoặc sắp đến hạn")),
    *[(k, _(STATE_LABELS[k])) for k in (OVERDUE, DUE_SOON, EXEMPT, OK)],
]
ROLE_CHOICES = [("", _("— mọi vị trí —"))] + [
    (v, label) for v, label in PositionRole.choices if v not in rules.ROTATION_EXCLUDED_ROLES
]


class RotationFilterForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Cơ quan"), required=False, queryset=Body.objects.none(), empty_label=_("Tất cả")
    )
    category = forms.ChoiceField(
        label=_("Nhóm vị trí"), required=False, choices=[("", _("Tất cả")), *RotationCategory.choices]
    )
    state = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=STATE_CHOICES)
    q = forms.CharField(label=_("Mã hoặc tên cán bộ"), required=False, max_length=200)
    as_of = _date_field(_("Tính đến ngày (để trống: hôm nay)"))

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["body"].queryset = bodies

    def as_of_day(self, default):
        if self.is_bound and self.is_valid() and self.cleaned_data.get("as_of"):
            return self.cleaned_data["as_of"]
        return default

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "body": d["body"].pk if d["body"] else None,
            "category": d["category"] or None,
            "state": d["state"] or None,
            "q": (d["q"] or "").strip() or None,
        }


class RotationPostForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Cơ quan"), queryset=Body.objects.none())
    category = forms.ChoiceField(label=_("Nhóm vị trí"), choices=RotationCategory.choices)
    role = forms.ChoiceField(label=_("Vị trí (theo sổ liệu)"), choices=ROLE_CHOICES, required=False)
    title_pattern = forms.CharField(
        label=_("Chức danh chứa"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: “kế toán”, “thanh tra viên”. Để trống nếu đã chọn vị trí."),
    )
    period_years = forms.IntegerField(
        label=_("Thời hạn định kỳ chuyển đổi (năm)"),
        required=False,
        min_value=1,
        max_value=10,
        help_text=_("Để trống: mặc định theo quy định đang có hiệu lực."),
    )
    basis = forms.CharField(label=_("Căn cứ (văn bản quy định danh mục)"), max_length=255, required=False)
    active = forms.BooleanField(label=_("Đang áp dụng"), required=False, initial=True)

    def __init__(self, *args, bodies=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["body"].queryset = bodies
        if editing:
            del self.fields["body"]
        else:
            del self.fields["active"]


class ExemptionForm(forms.Form):
    reason = forms.ChoiceField(label=_("Lý do chưa chuyển đổi"), choices=ExemptionReason.choices)
    detail = forms.CharField(
        label=_("Nội dung, văn bản xác nhận"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    valid_from = _date_field(_("Từ ngày"), required=True)
    valid_to = _date_field(_("Đến ngày (để trống nếu chưa xác định)"))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(forms.Form):
    number = forms.CharField(label=_("Số hiệu kế hoạch"), max_length=100, required=False)
    issued_on = _date_field(_("Ngày ban hành"))
