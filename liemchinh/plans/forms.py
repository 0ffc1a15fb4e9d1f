"""Forms of the plans pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liemchinh.core.models import Organization, OrgGroup
from liemchinh.plans import rules
from liemchinh.plans.models import DISPLAY_STATUS_LABELS, AssignmentStatus, PlanStatus

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date_field(label, required=False):
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUTS,
                           widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"))


class AssignmentFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Tất cả")), ("open", _("Chưa hoàn thành")),
                                        *DISPLAY_STATUS_LABELS.items()])
    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)


class OverdueFilterForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Cơ quan"), required=False, queryset=Organization.objects.none())
    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations


class PlanFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")),
                                                                                *PlanStatus.choices])
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Tên kế hoạch"), widget=forms.Textarea(attrs={"rows": 2}))
    number = forms.CharField(label=_("Số hiệu"), required=False, max_length=100)
    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), required=False, queryset=Organization.objects.none())
    issued_on = _date_field(_("Ngày ban hành (dd/mm/yyyy)"))
    year_from = forms.IntegerField(label=_("Từ năm"), required=False, min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("Đến năm"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, issuers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if issuers is not None:
            self.fields["issuer"].queryset = issuers


RECURRENCE_CHOICES = [(value, _(label)) for value, label in rules.RECURRENCE_LABELS.items()]


class TaskForm(forms.Form):
    ordinal = forms.CharField(label=_("Mục (ví dụ II.2.a)"), required=False, max_length=40)
    text = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_org = forms.ModelChoiceField(label=_("Cơ quan chủ trì"), required=False, queryset=Organization.objects.none())
    lead_group = forms.ModelChoiceField(label=_("hoặc nhóm cơ quan chủ trì"), required=False,
                                        queryset=OrgGroup.objects.order_by("name"))
    partner_orgs = forms.ModelMultipleChoiceField(label=_("Cơ quan phối hợp"), required=False,
                                                  queryset=Organization.objects.none())
    partner_groups = forms.ModelMultipleChoiceField(label=_("Nhóm cơ quan phối hợp"), required=False,
                                                    queryset=OrgGroup.objects.order_by("name"))
    due_on = _date_field(_("Thời hạn (dd/mm/yyyy)"))
    recurrence = forms.MultipleChoiceField(label=_("Định kỳ"), required=False, choices=RECURRENCE_CHOICES,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["lead_org"].queryset = organizations
            self.fields["partner_orgs"].queryset = organizations


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    proposed_status = forms.ChoiceField(label=_("Trạng thái đề nghị"), choices=AssignmentStatus.choices,
                                        initial=AssignmentStatus.IN_PROGRESS)
    # Several files may be chosen; the view reads them all with request.FILES.getlist("files").
    files = forms.FileField(label=_("Tài liệu minh chứng"), required=False, widget=MultipleFileInput)


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ChaseForm(forms.Form):
    text = forms.CharField(label=_("Nội dung đôn đốc"), widget=forms.Textarea(attrs={"rows": 4}))
    assignments = forms.MultipleChoiceField(label=_("Đơn vị được đôn đốc"), required=False,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, late=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignments"].choices = [
            (str(a.pk), f"{a.organization.name} — {_('hạn')} {a.due_on:%d/%m/%Y}") for a in late]


def current_year() -> int:
    return timezone.localdate().year
