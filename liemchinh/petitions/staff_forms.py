"""Forms of the staff pages: the inbox filters, the intake of a petition received off the web, and
one small form per action of the case page. Dates are typed dd/mm/yyyy."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from liemchinh.core.models import Organization
from liemchinh.petitions import rules
from liemchinh.petitions.models import CHANNEL_CHOICES, COMPLEXITY_CHOICES, KIND_CHOICES, STATUS_CHOICES
from liemchinh.petitions.staff_selectors import InboxFilters

DATE_FORMATS = ["%d/%m/%Y"]
DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


def _date_field(label, required=False):
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS, widget=DATE_WIDGET)


def _active_orgs():
    return Organization.objects.filter(valid_to__isnull=True).order_by("path")


class InboxFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại đơn"), required=False, choices=[("", _("Tất cả"))] + KIND_CHOICES)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[("", _("Tất cả"))] + STATUS_CHOICES)
    field = forms.CharField(label=_("Lĩnh vực"), required=False, max_length=100)
    body = forms.ModelChoiceField(label=_("Cơ quan xử lý"), required=False, queryset=Organization.objects.none())
    overdue = forms.BooleanField(label=_("Chỉ đơn quá hạn"), required=False)
    received_from = _date_field(_("Nhận từ ngày"))
    received_to = _date_field(_("Đến ngày"))
    q = forms.CharField(label=_("Tìm trong nội dung"), required=False, max_length=200)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies if bodies is not None else Organization.objects.none()

    def filters(self) -> InboxFilters:
        if not self.is_bound or not self.is_valid():
            return InboxFilters()
        d = self.cleaned_data
        return InboxFilters(kind=d["kind"], status=d["status"], field=d["field"].strip(),
                            body=d["body"].pk if d["body"] else None, overdue=d["overdue"],
                            received_from=d["received_from"], received_to=d["received_to"], text=d["q"].strip())


class IntakeForm(forms.Form):
    """A petition an officer records from the hotline, mail, e-mail, press or a citizen reception."""

    channel = forms.ChoiceField(label=_("Kênh tiếp nhận"),
                                choices=[c for c in CHANNEL_CHOICES if c[0] not in ("web", "api")])
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=KIND_CHOICES)
    received_on = _date_field(_("Ngày nhận"), required=True)
    body = forms.ModelChoiceField(label=_("Cơ quan tiếp nhận"), queryset=Organization.objects.none())
    field = forms.CharField(label=_("Lĩnh vực"), required=False, max_length=100)
    content = forms.CharField(label=_("Nội dung đơn"), widget=forms.Textarea(attrs={"rows": 8}))
    accused_name = forms.CharField(label=_("Người bị tố cáo, bị phản ánh"), required=False, max_length=255)
    anonymous = forms.BooleanField(label=_("Không ghi danh tính (nặc danh)"), required=False)
    name = forms.CharField(label=_("Họ và tên người gửi"), required=False, max_length=200)
    id_number = forms.CharField(label=_("Số định danh cá nhân"), required=False, max_length=20)
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=255)
    files = forms.FileField(label=_("Tệp kèm theo"), required=False)
    strip_metadata = forms.BooleanField(label=_("Xóa thông tin ẩn trong tệp (tác giả, vị trí chụp ảnh...)"),
                                        required=False)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies if bodies is not None else Organization.objects.none()


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=KIND_CHOICES)
    field = forms.CharField(label=_("Lĩnh vực"), required=False, max_length=100)
    competent = forms.TypedChoiceField(label=_("Thẩm quyền"), coerce=lambda v: v == "1",
                                       choices=[("1", _("Thuộc thẩm quyền")), ("0", _("Không thuộc thẩm quyền"))])
    complexity = forms.ChoiceField(label=_("Mức độ phức tạp"), choices=COMPLEXITY_CHOICES)
    several_places = forms.BooleanField(label=_("Xác minh ở nhiều địa điểm"), required=False)
    remote_area = forms.BooleanField(label=_("Vùng sâu, vùng xa"), required=False)
    accused_name = forms.CharField(label=_("Người bị tố cáo, bị phản ánh"), required=False, max_length=255)
    supplement_requests = forms.IntegerField(label=_("Số lần yêu cầu bổ sung hồ sơ (phản ánh nhũng nhiễu)"),
                                             required=False, min_value=0)


class AcceptForm(forms.Form):
    concrete = forms.BooleanField(label=_("Tố cáo nặc danh có nội dung cụ thể: kiểm tra, xác minh"), required=False)
    on = _date_field(_("Ngày thụ lý"))


class ForwardForm(forms.Form):
    """To a body of the system (handed over) or, by name, to a body outside it (closed here)."""

    to_org = forms.ModelChoiceField(label=_("Chuyển đến cơ quan trong hệ thống"), required=False,
                                    queryset=Organization.objects.none())
    to_name = forms.CharField(label=_("Hoặc cơ quan ngoài hệ thống (ghi tên)"), required=False, max_length=255)
    reason = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    on = _date_field(_("Ngày chuyển"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = _active_orgs()


class ReceiveForm(forms.Form):
    on = _date_field(_("Ngày tiếp nhận (để trống: hôm nay)"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Số ngày gia hạn"), min_value=1, max_value=365)
    complexity = forms.ChoiceField(label=_("Mức độ phức tạp"), choices=COMPLEXITY_CHOICES)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(forms.Form):
    pass


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Người xử lý"), queryset=get_user_model().objects.none())

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = candidates if candidates is not None else get_user_model().objects.none()
        self.fields["handler"].label_from_instance = lambda u: u.get_full_name()


class ResolveForm(forms.Form):
    result = forms.CharField(label=_("Kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 4}))
    conclusion = forms.CharField(label=_("Kết luận nội dung tố cáo"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    apology = forms.BooleanField(label=_("Xin lỗi công khai"), required=False)
    apology_text = forms.CharField(label=_("Lời xin lỗi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    summary = forms.CharField(label=_("Nội dung công khai (không chứa thông tin cá nhân)"),
                              widget=forms.Textarea(attrs={"rows": 4}))


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Gộp vào đơn số (mã hệ thống)"), min_value=1)
    reason = forms.CharField(label=_("Lý do"), required=False)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Câu hỏi, yêu cầu gửi người gửi đơn"), widget=forms.Textarea(attrs={"rows": 3}))


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Lý do xem thông tin người gửi"), min_length=5,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(forms.Form):
    date_from = _date_field(_("Từ ngày"))
    date_to = _date_field(_("Đến ngày"))


# The action forms of the case page: name → (form class, statuses it applies from).
ACTION_FORMS = {
    "classify": ClassifyForm, "accept": AcceptForm, "forward": ForwardForm, "return": ReasonForm,
    "extend": ExtendForm, "suspend": ReasonForm, "resume": EmptyForm, "assign": AssignForm,
    "resolve": ResolveForm, "publish": PublishForm, "close": EmptyForm, "merge": MergeForm,
    "message": MessageForm, "receive": ReceiveForm,
}
ACTION_TARGETS = {
    "classify": rules.Status.CLASSIFIED, "accept": rules.Status.ACCEPTED, "forward": rules.Status.FORWARDED,
    "return": rules.Status.RETURNED, "resolve": rules.Status.RESOLVED, "publish": rules.Status.PUBLISHED,
    "close": rules.Status.CLOSED, "merge": rules.Status.MERGED, "receive": rules.Status.RECEIVED,
}
