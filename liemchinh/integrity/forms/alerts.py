"""Forms of the alert, judgement and scan pages: they only parse; the services validate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liemchinh.integrity.models import Alert, AlertDecision, Body, MatchJudgement
from liemchinh.integrity.selectors.alerts import AlertFilters, rule_labels

ACTIVE_CHOICES = [
    ("yes", _("Còn phát hiện ở lần quét gần nhất")),
    ("no", _("Không còn phát hiện")),
    ("all", _("Tất cả")),
]


class AlertFilterForm(forms.Form):
    rule = forms.ChoiceField(label=_("Quy tắc"), required=False)
    body = forms.ModelChoiceField(label=_("Cơ quan"), required=False, queryset=Body.objects.none())
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả"))] + list(Alert.Status.choices)
    )
    min_score = forms.DecimalField(
        label=_("Điểm tin cậy từ"),
        required=False,
        min_value=0,
        max_value=1,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )
    active = forms.ChoiceField(label=_("Phạm vi"), required=False, choices=ACTIVE_CHOICES)
    q = forms.CharField(label=_("Mã hoặc tên cán bộ"), required=False, max_length=200)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("Tất cả"))] + list(rule_labels().items())
        self.fields["body"].queryset = bodies if bodies is not None else Body.objects.none()

    def filters(self) -> AlertFilters:
        if not self.is_bound or not self.is_valid():
            return AlertFilters()
        d = self.cleaned_data
        active = d["active"] or "yes"
        return AlertFilters(
            rule=d["rule"],
            body=d["body"].pk if d["body"] else None,
            status=d["status"],
            min_score=float(d["min_score"]) if d["min_score"] is not None else None,
            active="" if active == "all" else active,
            q=d["q"].strip(),
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Quyết định"), widget=forms.RadioSelect)
    measure = forms.ChoiceField(
        label=_("Biện pháp kiểm soát xung đột lợi ích (NĐ 59/2019/NĐ-CP Điều 31–35)"),
        required=False,
        choices=[("", "—")] + list(AlertDecision.Measure.choices),
    )
    reason = forms.CharField(
        label=_("Lý do, ghi chú"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, status: str = Alert.Status.PENDING, **kwargs):
        super().__init__(*args, **kwargs)
        D = AlertDecision.Decision
        if status == Alert.Status.PENDING:
            choices = [(D.CONFIRMED, D.CONFIRMED.label), (D.DISMISSED, D.DISMISSED.label)]
        else:
            choices = [(D.REOPENED, D.REOPENED.label)]
            del self.fields["measure"]
        self.fields["decision"].choices = choices


class JudgeForm(forms.Form):
    left_key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    right_key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    verdict = forms.ChoiceField(label=_("Kết luận"), choices=MatchJudgement.Verdict.choices)
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=4000)
    alert = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ScanForm(forms.Form):
    """The day the rules read the posts on (default today); typed dd/mm/yyyy."""

    as_of = forms.DateField(
        label=_("Ngày xét (bỏ trống: hôm nay)"),
        required=False,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
    )
