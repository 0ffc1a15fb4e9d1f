import csv
import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liemchinh.core.models import Organization
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.templatetags.liemchinh import reverse_or_empty
from liemchinh.petitions import rules
from liemchinh.petitions.models import Petition
from liemchinh.petitions.selectors import satisfaction_by_body
from liemchinh.petitions.staff_selectors import public_statistics

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


# --- published results and open statistics ---------------------------------------------------

RESULTS_PAGE_SIZE = 20


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _results_year(request) -> int:
    year = _int(request.GET.get("year"))
    today = timezone.localdate()
    return year if year and 2000 <= year <= today.year else today.year


def _public_satisfaction(year: int) -> list[dict]:
    """Satisfaction per body since the start of `year`; a body with fewer ratings than the public
    minimum is left out so that no petitioner's rating can be singled out."""
    minimum = int(getattr(settings, "PETITIONS_PUBLIC_MIN_COUNT", 5))
    rows = satisfaction_by_body(SYSTEM, since=dt.date(year, 1, 1))
    return [{"label": r.organization_name, "rated": r.rated, "average": r.average, "satisfied": r.satisfied}
            for r in rows if r.rated >= minimum]


def _published(request):
    """Published petitions only; never the content, the identity or the accused: the published
    summary and the public apology are the only texts shown."""
    qs = (Petition.objects.filter(published_on__isnull=False).exclude(public_summary="")
          .exclude(status=rules.Status.MERGED).select_related("organization")
          .only("kind", "field", "organization__name", "received_on", "resolved_on", "published_on",
                "public_summary", "apology", "apology_text")
          .order_by("-published_on", "-pk"))
    body = _int(request.GET.get("body"))
    if body:
        qs = qs.filter(organization_id=body)
    kind = request.GET.get("kind") or ""
    if kind in rules.Kind.__members__.values():
        qs = qs.filter(kind=kind)
    year = _int(request.GET.get("published_year"))
    if year:
        qs = qs.filter(published_on__year=year)
    return qs


def results(request):
    """Published results of petitions and the yearly statistics (open data)."""
    year = _results_year(request)
    page = Paginator(_published(request), RESULTS_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"kind": rules.KIND_LABELS[rules.Kind(p.kind)], "body": p.organization.name, "field": p.field,
             "received_on": p.received_on, "resolved_on": p.resolved_on, "published_on": p.published_on,
             "summary": p.public_summary, "apology": p.apology_text if p.apology else ""} for p in page]
    bodies = (Organization.objects.filter(petitions__published_on__isnull=False).distinct()
              .order_by("name").values_list("pk", "name"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": rows, "page": page, "query": query.urlencode(),
        "bodies": bodies, "kinds": [(k.value, rules.KIND_LABELS[k]) for k in rules.Kind],
        "published_years": range(timezone.localdate().year, 2019, -1),
        "selected": {"body": _int(request.GET.get("body")), "kind": request.GET.get("kind") or "",
                     "published_year": _int(request.GET.get("published_year")), "year": year},
        "stats": public_statistics(year), "satisfaction": _public_satisfaction(year),
    }
    return render(request, "portal/results.html", context)


def results_csv(request):
    """The statistics of a year as CSV (UTF-8 with BOM so spreadsheet programs read Vietnamese)."""
    year = _results_year(request)
    stats = public_statistics(year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="so-lieu-don-thu-{year}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Năm"), _("Nhóm"), _("Tên"), _("Đã nhận"), _("Đang giải quyết"), _("Đã giải quyết")])
    sections = ((_("Tổng số"), [{"label": _("Tổng số"), **stats["totals"]}]), (_("Loại đơn"), stats["by_kind"]),
                (_("Lĩnh vực"), stats["by_field"]), (_("Cơ quan"), stats["by_body"]))
    for section, rows in sections:
        for r in rows:
            writer.writerow([year, section, r["label"], r["received"], r["in_handling"], r["resolved"]])
    writer.writerow([])
    writer.writerow([_("Năm"), _("Cơ quan"), _("Số lượt đánh giá"), _("Điểm trung bình"), _("Số lượt hài lòng")])
    for r in _public_satisfaction(year):
        writer.writerow([year, r["label"], r["rated"], r["average"], r["satisfied"]])
    return response
