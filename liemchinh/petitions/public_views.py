"""Public pages of petitions: send a petition (phản ánh, kiến nghị, khiếu nại, tố cáo) and follow
it with the tracking code and secret.

- The citizen is never signed in. After a right code/secret pair the petition's id is kept in a
  short-lived signed session value (TRACK_SESSION_KEY), separate from any staff sign-in, and
  "Thoát" clears it.
- The secret is shown once, on a page reached by redirect (it never appears in a URL), served with
  no-store cache headers; the session copy is removed as the page is built.
- Each POST counts against the rate limits (ratelimit.py) and, unless switched off, needs the
  offline CAPTCHA (captcha.py).
"""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from liemchinh.core.errors import DomainError
from liemchinh.core.services.audit import audit_record
from liemchinh.petitions import captcha, ratelimit, rules
from liemchinh.petitions.models import Petition
from liemchinh.petitions.public_forms import PUBLIC_KINDS, MessageForm, RatingForm, SubmitForm, TrackForm
from liemchinh.petitions.selectors import petition_clock
from liemchinh.petitions.services import petition_message_post, petition_rate, petition_submit, petition_track
from liemchinh.petitions.services.public import _read_upload, _store_file

RECEIPT_SESSION_KEY = "petitions.receipt"
TRACK_SESSION_KEY = "petitions.track"
RATED_SESSION_KEY = "petitions.rated"  # the petition just rated: thank the petitioner once
TRACK_SALT = "liemchinh.petitions.track"
TRACK_MAX_AGE = 20 * 60  # seconds of inactivity before the code and secret are asked again
NOT_FOUND = gettext_lazy("Không tìm thấy hồ sơ với mã và mật khẩu này")


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
    response["Pragma"] = "no-cache"
    response["Referrer-Policy"] = "same-origin"  # "no-referrer" would send Origin: null and fail CSRF
    return response


def _too_many(request, retry_after: int) -> HttpResponse:
    response = render(request, "petitions/public/too_many.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return _no_store(response)


def _check_captcha(request, form, purpose: str) -> bool:
    if not captcha.enabled():
        return True
    problem = captcha.verify(request, purpose, form.data.get("captcha", ""))
    if problem:
        form.add_error("captcha", problem)
        return False
    return True


def _challenge(request, purpose: str):
    return captcha.new_challenge(request, purpose) if captcha.enabled() else None


def _anonymity_texts() -> list[dict]:
    return [{"kind": k.value, "label": rules.KIND_LABELS[k], "mode": rules.ANONYMITY[k].mode,
             "text": rules.ANONYMITY[k].explanation, "article": rules.ANONYMITY[k].article} for k in PUBLIC_KINDS]


# --- sending --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def submit(request, kind: str | None = None):
    """The petition form. `kind` preselects the kind (the complaint and denunciation entry)."""
    if request.method == "POST":
        allowed, retry_after = ratelimit.check(request, "submit")
        if not allowed:
            return _too_many(request, retry_after)
        form = SubmitForm(request.POST, request.FILES)
        captcha_ok = _check_captcha(request, form, "submit")
        if form.is_valid() and captcha_ok:
            data = form.cleaned_data
            try:
                _petition, code, secret = petition_submit(
                    actor=None, kind=data["kind"], content=data["content"], anonymous=data["anonymous"],
                    name=data["name"], id_number=data["id_number"], phone=data["phone"], email=data["email"],
                    address=data["address"], org_code=data["org_code"] or None, field=form.field_label(),
                    channel=rules.Channel.WEB, files=data["files"], strip_metadata=data["strip_metadata"],
                    **form.harassment())
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                request.session[RECEIPT_SESSION_KEY] = {"code": code, "secret": secret}
                return redirect("petitions:public_receipt")
        status = 400
    else:
        initial = {"kind": kind or request.GET.get("kind") or rules.Kind.FEEDBACK.value}
        if initial["kind"] not in {k.value for k in PUBLIC_KINDS} | {rules.Kind.HARASSMENT.value}:
            initial["kind"] = rules.Kind.FEEDBACK.value
        form = SubmitForm(initial=initial)
        status = 200
    context = {"form": form, "captcha": _challenge(request, "submit"), "anonymity": _anonymity_texts()}
    return _no_store(render(request, "petitions/public/submit.html", context, status=status))


def receipt(request):
    """The tracking code and the secret, shown once: the session copy is removed as the page is
    built, so a reload or the back button shows nothing."""
    data = request.session.pop(RECEIPT_SESSION_KEY, None)
    if not data:
        return _no_store(render(request, "petitions/public/receipt_gone.html"))
    code = data["code"]
    context = {"display_code": " ".join(code[i:i + 4] for i in range(0, len(code), 4)), "secret": data["secret"]}
    return _no_store(render(request, "petitions/public/receipt.html", context))


@require_POST
def receipt_confirm(request):
    """"Tôi đã ghi lại": leave the receipt for the tracking page."""
    return redirect("petitions:public_track")


# --- tracking -------------------------------------------------------------------------------------


def _tracked(request) -> Petition | None:
    token = request.session.get(TRACK_SESSION_KEY)
    if not token:
        return None
    try:
        pk = signing.loads(token, salt=TRACK_SALT, max_age=TRACK_MAX_AGE)["id"]
    except (signing.BadSignature, KeyError, TypeError):
        request.session.pop(TRACK_SESSION_KEY, None)
        return None
    petition = Petition.objects.filter(pk=pk).first()
    if petition is not None:  # sliding expiry while the citizen is active
        request.session[TRACK_SESSION_KEY] = signing.dumps({"id": petition.pk}, salt=TRACK_SALT)
    return petition


@require_http_methods(["GET", "POST"])
def track(request):
    """Enter code + secret. A wrong pair gets one neutral message, never saying whether the code
    exists; repeated wrong tries are slowed then locked by petition_track from the caller key."""
    status = 200
    if request.method == "POST":
        allowed, retry_after = ratelimit.check(request, "track")
        if not allowed:
            return _too_many(request, retry_after)
        form = TrackForm(request.POST)
        captcha_ok = _check_captcha(request, form, "track")
        if form.is_valid() and captcha_ok:
            petition = petition_track(tracking_code=form.cleaned_data["tracking_code"],
                                      secret=form.cleaned_data["secret"], caller_key=ratelimit.caller_key(request))
            if petition is not None:
                request.session.cycle_key()
                request.session[TRACK_SESSION_KEY] = signing.dumps({"id": petition.pk}, salt=TRACK_SALT)
                return redirect("petitions:public_track_detail")
            form.add_error(None, NOT_FOUND)
            status = 404
        else:
            status = 400
    else:
        if _tracked(request) is not None:
            return redirect("petitions:public_track_detail")
        form = TrackForm()
    context = {"form": form, "captcha": _challenge(request, "track")}
    return _no_store(render(request, "petitions/public/track.html", context, status=status))


def _petitioner_files_add(petition: Petition, files) -> int:
    """Files the petitioner adds from the tracking page: stored like the files sent with the
    petition (services.public), audited without the petitioner's identity."""
    uploads = [_read_upload(f) for f in files]
    if not uploads:
        return 0
    with transaction.atomic():
        for up in uploads:
            _store_file(petition, up)
        audit_record(actor=None, action="petition.files_add", obj=petition, changes={"files": len(uploads)})
    return len(uploads)


def _view_context(petition: Petition, **forms) -> dict:
    clock = petition_clock(petition)
    due_on = None
    for step in (rules.STEP_RESOLVE, rules.STEP_ACCEPT, rules.STEP_CLASSIFY, rules.STEP_FORWARD):
        due_on = clock.on(step)
        if due_on:
            break
    status = rules.Status(petition.status)
    if status == rules.Status.FORWARDED:
        due_on = None  # the receiving body's limits start the day it takes the petition in
    return {
        "petition": petition,
        "kind_label": rules.KIND_LABELS[rules.Kind(petition.kind)],
        "status_label": rules.STATUS_LABELS[status],
        "due_on": due_on,
        "messages_list": list(petition.messages.all()),
        "resolved": status in rules.RATABLE_STATUSES,
        "open": status not in rules.FINAL_STATUSES,
        "can_rate": status in rules.RATABLE_STATUSES and petition.satisfaction is None,
        "forwards": list(petition.forwards.all()),
        "own_files": [f for f in petition.files.all() if not f.encrypted],
        "protected_files": sum(1 for f in petition.files.all() if f.encrypted),
        "message_form": forms.get("message_form") or MessageForm(),
        "rating_form": forms.get("rating_form") or RatingForm(),
    }


@require_http_methods(["GET", "POST"])
def track_detail(request):
    """The followed petition: status, dates, the handler's questions and the answers, a form to
    answer with files, the result and the rating once resolved."""
    petition = _tracked(request)
    if petition is None:
        return redirect("petitions:public_track")
    forms, status = {}, 200
    if request.method == "POST":
        allowed, retry_after = ratelimit.check(request, "track")
        if not allowed:
            return _too_many(request, retry_after)
        action = request.POST.get("action")
        if action == "message":
            form = MessageForm(request.POST, request.FILES)
            forms["message_form"] = form
            if form.is_valid():
                try:
                    with transaction.atomic():
                        petition_message_post(actor=None, petition=petition, body=form.cleaned_data["body"])
                        _petitioner_files_add(petition, form.cleaned_data["files"])
                except DomainError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    return redirect("petitions:public_track_detail")
        elif action == "rate":
            form = RatingForm(request.POST)
            forms["rating_form"] = form
            if form.is_valid():
                try:
                    petition_rate(actor=None, petition=petition, rating=form.cleaned_data["rating"],
                                  comment=form.cleaned_data["comment"])
                except DomainError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    request.session[RATED_SESSION_KEY] = petition.pk  # the thank-you, shown once
                    return redirect("petitions:public_track_detail")
        status = 400
    context = _view_context(petition, **forms)
    context["just_rated"] = request.session.pop(RATED_SESSION_KEY, None) == petition.pk
    response = render(request, "petitions/public/track_detail.html", context, status=status)
    return _no_store(response)


@require_POST
def track_logout(request):
    """"Thoát": forget the followed petition."""
    request.session.pop(TRACK_SESSION_KEY, None)
    return redirect("petitions:public_track")
