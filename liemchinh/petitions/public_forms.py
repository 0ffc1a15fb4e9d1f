"""Forms of the public petition pages. They parse and check the shape of what a citizen sends;
the law's checks (anonymity per kind, identity of a complainant, limits) stay in the services."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from liemchinh.core.models import Organization
from liemchinh.petitions import rules

# Kinds offered to the public (harassment is reported as feedback on the public form).
PUBLIC_KINDS = (rules.Kind.FEEDBACK, rules.Kind.RECOMMENDATION, rules.Kind.COMPLAINT, rules.Kind.DENUNCIATION)

# Harassment about an administrative procedure is offered as a variant of feedback (Chỉ thị 10/CT-TTg).
HARASSMENT_LABEL = _("Phản ánh nhũng nhiễu, gây phiền hà trong giải quyết thủ tục hành chính")


def _kind_choices() -> list[tuple[str, str]]:
    choices = []
    for k in PUBLIC_KINDS:
        choices.append((k.value, rules.KIND_LABELS[k]))
        if k == rules.Kind.FEEDBACK:
            choices.append((rules.Kind.HARASSMENT.value, HARASSMENT_LABEL))
    return choices


# Fields (lĩnh vực) a citizen picks from; the petition keeps the label.
FIELDS = (
    ("land", _("Đất đai")),
    ("administrative_procedures", _("Thủ tục hành chính")),
    ("construction", _("Xây dựng, đô thị")),
    ("finance", _("Tài chính, ngân sách, đầu tư công")),
    ("natural_resources", _("Tài nguyên, môi trường")),
    ("health", _("Y tế")),
    ("education", _("Giáo dục")),
    ("social_policy", _("Chính sách xã hội, lao động")),
    ("public_servants", _("Thái độ, hành vi của cán bộ, công chức")),
    ("other", _("Lĩnh vực khác")),
)

# File types accepted from the public; anything else is refused with a message, nothing stored.
DEFAULT_FILE_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "gif", "webp", "heic", "txt", "doc", "docx", "odt",
                           "xls", "xlsx", "ods", "mp3", "m4a", "wav", "mp4")
# Types refused even if listed: anything that runs or is rendered by the browser as a page.
_NEVER = {"exe", "bat", "cmd", "com", "js", "html", "htm", "svg", "sh", "ps1", "msi", "jar", "scr", "vbs", "php"}


def allowed_extensions() -> tuple[str, ...]:
    extensions = getattr(settings, "PETITION_FILE_EXTENSIONS", DEFAULT_FILE_EXTENSIONS)
    return tuple(e.lower().lstrip(".") for e in extensions if e.lower().lstrip(".") not in _NEVER)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; count, size and type are checked before anything is stored."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        items = [super(MultipleFileField, self).clean(d, initial) for d in items if d]
        if len(items) > settings.PETITION_MAX_FILES:
            raise forms.ValidationError(_("Tệp kèm theo: chỉ được gửi tối đa %(n)s tệp.")
                                        % {"n": settings.PETITION_MAX_FILES})
        allowed = allowed_extensions()
        errors = []
        for f in items:
            ext = os.path.splitext(f.name)[1].lower().lstrip(".")
            if ext not in allowed:
                errors.append(_("Tệp kèm theo: không nhận tệp “%(name)s” (loại tệp không được phép). "
                                "Chỉ nhận các loại: %(types)s.") % {"name": f.name, "types": ", ".join(allowed)})
            elif f.size > settings.PETITION_FILE_MAX_BYTES:
                errors.append(_("Tệp kèm theo: tệp “%(name)s” vượt quá dung lượng cho phép (%(max)s).")
                              % {"name": f.name, "max": _mb(settings.PETITION_FILE_MAX_BYTES)})
        if errors:
            raise forms.ValidationError(errors)
        return items


def file_help() -> str:
    return _("Tối đa %(n)s tệp, mỗi tệp không quá %(max)s. Loại tệp: %(types)s.") % {
        "n": settings.PETITION_MAX_FILES, "max": _mb(settings.PETITION_FILE_MAX_BYTES),
        "types": ", ".join(allowed_extensions())}


class CaptchaMixin(forms.Form):
    captcha = forms.CharField(label=_("Kết quả phép tính trong hình"), max_length=8, required=False,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class SubmitForm(CaptchaMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại đơn"), widget=forms.RadioSelect,
                             choices=_kind_choices())
    org_code = forms.ChoiceField(label=_("Cơ quan được phản ánh, kiến nghị, khiếu nại, tố cáo"), required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False, choices=[("", "—"), *FIELDS])
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 8}),
                              error_messages={"required": _("Nội dung: vui lòng nhập nội dung đơn.")})
    procedure_name = forms.CharField(label=_("Thủ tục hành chính"), max_length=255, required=False)
    dossier_code = forms.CharField(label=_("Mã hồ sơ (trên giấy tiếp nhận, hẹn trả kết quả)"), max_length=64,
                                   required=False)
    supplement_requests = forms.IntegerField(
        label=_("Số lần bị yêu cầu bổ sung hồ sơ"), required=False, min_value=0, max_value=99,
        error_messages={"invalid": _("Số lần bị yêu cầu bổ sung hồ sơ: vui lòng nhập một số."),
                        "min_value": _("Số lần bị yêu cầu bổ sung hồ sơ không hợp lệ."),
                        "max_value": _("Số lần bị yêu cầu bổ sung hồ sơ không hợp lệ.")})
    files = MultipleFileField(label=_("Tệp kèm theo"))
    files_identifying = forms.BooleanField(
        label=_("Tệp kèm theo có thông tin nhận diện tôi (sẽ được mã hóa)"), required=False)
    strip_metadata = forms.BooleanField(
        label=_("Xóa thông tin ẩn trong tệp (tác giả, vị trí chụp ảnh...)"), required=False)
    anonymous = forms.BooleanField(label=_("Gửi không ghi danh tính (nặc danh)"), required=False)
    name = forms.CharField(label=_("Họ và tên"), max_length=255, required=False)
    id_number = forms.CharField(label=_("Số định danh cá nhân / CCCD"), max_length=20, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("Thư điện tử"), required=False,
                             error_messages={"invalid": _("Thư điện tử: địa chỉ không hợp lệ.")})
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Organization.objects.filter(valid_to__isnull=True).order_by("path", "name").values_list("code", "name")
        self.fields["org_code"].choices = [("", _("— Để Thanh tra tỉnh chuyển đến nơi có thẩm quyền —")),
                                           *bodies]
        self.fields["content"].max_length = settings.PETITION_CONTENT_MAX_CHARS
        self.fields["files"].help_text = file_help()

    def clean(self):
        data = super().clean()
        if data.get("files") and data.get("files_identifying"):
            for f in data["files"]:
                f.is_identifying = True
        return data

    def harassment(self) -> dict:
        """The dossier facts of a harassment report, empty for any other kind."""
        if self.cleaned_data.get("kind") != rules.Kind.HARASSMENT:
            return {}
        return {"procedure_name": self.cleaned_data.get("procedure_name") or "",
                "dossier_code": self.cleaned_data.get("dossier_code") or "",
                "supplement_requests": self.cleaned_data.get("supplement_requests")}

    def field_label(self) -> str:
        return dict(FIELDS).get(self.cleaned_data.get("field") or "", "")


class TrackForm(CaptchaMixin, forms.Form):
    tracking_code = forms.CharField(label=_("Mã tra cứu"), max_length=40,
                                    widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                                    error_messages={"required": _("Mã tra cứu: vui lòng nhập mã tra cứu.")})
    secret = forms.CharField(label=_("Mật khẩu"), max_length=60,
                             widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
                             error_messages={"required": _("Mật khẩu: vui lòng nhập mật khẩu.")})


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Trả lời của bạn"), widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages={"required": _("Trả lời: vui lòng nhập nội dung.")})
    files = MultipleFileField(label=_("Bổ sung tệp"))


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Mức độ hài lòng"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(i, str(i)) for i in range(rules.RATING_MIN, rules.RATING_MAX + 1)])
    comment = forms.CharField(label=_("Ý kiến của bạn"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
