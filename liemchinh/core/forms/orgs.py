"""Forms of the organisation pages. They only parse input; the services validate the domain."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liemchinh.core.models import Organization, OrgKind

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{'— ' * obj.depth}{obj.name} ({obj.code})"


def _split(text: str) -> list[str]:
    return [part.strip() for line in (text or "").splitlines() for part in line.split(";") if part.strip()]


class OrgForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=40)
    name = forms.CharField(label=_("Tên"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=OrgKind.choices)
    parent = OrgChoiceField(label=_("Cơ quan cấp trên"), queryset=Organization.objects.none(), required=False)
    aliases = forms.CharField(label=_("Tên gọi khác (mỗi dòng một tên)"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)
    valid_from = forms.DateField(label=_("Hiệu lực từ (dd/mm/yyyy)"), input_formats=DATE_INPUTS, required=False)
    managed_sectors = forms.CharField(label=_("Ngành, lĩnh vực quản lý (mã VSIC, cách nhau bởi dấu ;)"),
                                      required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)

    def __init__(self, *args, parents=None, exclude_subtree_of: Organization | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = parents if parents is not None else Organization.objects.all()
        if exclude_subtree_of is not None:
            qs = qs.exclude(path__startswith=exclude_subtree_of.path)
        self.fields["parent"].queryset = qs.order_by("path")

    @classmethod
    def initial_for(cls, org: Organization) -> dict:
        return {
            "code": org.code, "name": org.name, "short_name": org.short_name, "kind": org.kind,
            "parent": org.parent_id, "aliases": "\n".join(org.aliases or []),
            "valid_from": org.valid_from.strftime("%d/%m/%Y") if org.valid_from else "",
            "managed_sectors": "; ".join(org.managed_sectors or []), "email": org.email, "phone": org.phone,
            "address": org.address,
        }

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["aliases"] = _split(data.get("aliases", ""))
        data["managed_sectors"] = _split(data.get("managed_sectors", ""))
        return data


class OrgCloseForm(forms.Form):
    valid_to = forms.DateField(label=_("Ngày hết hiệu lực (dd/mm/yyyy)"), input_formats=DATE_INPUTS)
    successor = OrgChoiceField(label=_("Cơ quan kế thừa (khi sáp nhập)"), queryset=Organization.objects.none(),
                               required=False)
    move_children = forms.BooleanField(label=_("Chuyển các đơn vị trực thuộc sang cơ quan kế thừa"), required=False)
    reason = forms.CharField(label=_("Lý do, căn cứ"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            Organization.objects.filter(valid_to__isnull=True).exclude(pk=org.pk).order_by("path")
        )


class OrgImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp danh sách cơ quan (.csv hoặc .xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp lớn quá 10 MB."))
        return upload


class GroupForm(forms.Form):
    code = forms.CharField(label=_("Mã nhóm"), max_length=40)
    name = forms.CharField(label=_("Tên nhóm"), max_length=255)
    phrases = forms.CharField(label=_("Cách gọi trong văn bản (mỗi dòng một cách)"),
                              widget=forms.Textarea(attrs={"rows": 3}), required=False)
    member_kinds = forms.MultipleChoiceField(label=_("Gồm mọi cơ quan thuộc loại"), choices=OrgKind.choices,
                                             widget=forms.CheckboxSelectMultiple, required=False)
    members = forms.ModelMultipleChoiceField(label=_("Thành viên chỉ định thêm"), queryset=Organization.objects.none(),
                                             required=False, widget=forms.SelectMultiple(attrs={"size": 10}))
    description = forms.CharField(label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Organization.objects.filter(valid_to__isnull=True).order_by("path")

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["phrases"] = _split(data.get("phrases", ""))
        data["members"] = list(data.get("members") or [])
        return data
