from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from liemchinh.core.templatetags.liemchinh import reverse_or_empty

# What the public portal offers. A service whose page is not built yet is shown greyed ("Sắp có").
PUBLIC_SERVICES = (
    ("petitions:public_submit", _("Gửi phản ánh, kiến nghị"),
     _("Phản ánh, kiến nghị về quy định hành chính và hành vi của cán bộ, công chức.")),
    ("petitions:public_submit_complaint", _("Gửi khiếu nại, tố cáo"),
     _("Khiếu nại quyết định, hành vi hành chính; tố cáo hành vi tham nhũng, tiêu cực. Người tố cáo được bảo vệ.")),
    ("petitions:public_track", _("Tra cứu hồ sơ"),
     _("Theo dõi tình trạng, kết quả giải quyết bằng mã tra cứu và mật khẩu được cấp.")),
    ("portal:results", _("Kết quả công khai"),
     _("Kết quả đánh giá công tác phòng, chống tham nhũng, kết luận giải quyết và số liệu công khai.")),
)


def home(request):
    """The first page a visitor sees: the public portal and the staff sign-in."""
    return render(request, "portal/home.html")


def public_portal(request):
    """What the public can do here; services not built yet are listed as coming."""
    services = [{"url": reverse_or_empty(name), "title": title, "text": text} for name, title, text in PUBLIC_SERVICES]
    return render(request, "portal/public.html", {"services": services})
