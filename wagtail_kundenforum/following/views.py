"""The pages that followers' e-mails link to: confirm, manage and unsubscribe. Each is
reached with a signed link alone, no account; a GET only shows (mail scanners open every
link), a POST changes."""

import math
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from ..models import Subscription
from ..privacy import client_ip, ip_to_store
from ..ratelimit import check_rate_limit
from ..templating import get_base_template
from . import subscribing, tokens
from .form import CONSENT, FollowForm, FollowRejected, followed_from

TEMPLATES = "wagtail_kundenforum/following/"


def _render(request, name, context, status=200):
    context = {"kf_base_template": get_base_template(), **context}
    return render(request, f"{TEMPLATES}{name}.html", context, status=status)


def _invalid_link(request):
    return _render(request, "invalid_link", {}, status=404)


@require_http_methods(["GET", "HEAD", "POST"])
def follow(request):
    """The follow form on a page of its own (the pages' forms post here); after a request,
    the notice to confirm by e-mail (POST/redirect/GET), the same whatever happened."""
    source = request.POST if request.method == "POST" else request.GET
    if request.method != "POST" and source.get("sent") == "1":
        back = _back_url(request, source.get("next", ""), None)
        return _follow_page(request, None, back, sent=True)
    try:
        followed = followed_from(source.get("target", ""), _number(source.get("followed", "")))
    except LookupError as error:
        raise Http404("Nothing to follow here.") from error
    target = source["target"]
    back = _back_url(request, source.get("next", ""), followed)
    if request.method != "POST":
        return _follow_page(request, FollowForm(target=target, followed=followed), back)
    form = FollowForm(request.POST, target=target, followed=followed)
    if form.is_bot():  # answered like a success: a bot learns nothing
        return _sent(back)
    try:
        form.check_time_stamp()
    except FollowRejected as rejection:
        form.refresh_time_stamp()
        return _follow_page(request, form, back, error=str(rejection), status=400)
    if not form.is_valid():
        return _follow_page(request, form, back, status=400)
    refusal = check_rate_limit(client_ip(request), "KUNDENFORUM_FOLLOW_RATE_LIMITS", "follow")
    if refusal is not None:
        minutes = math.ceil(refusal.wait / 60)
        error = ngettext(
            "You have sent this form often. Please wait %(minutes)s minute and send it again.",
            "You have sent this form often. Please wait %(minutes)s minutes and send it again.",
            minutes,
        ) % {"minutes": minutes}
        response = _follow_page(request, form, back, error=error, status=429)
        response["Retry-After"] = str(refusal.wait)
        return response
    subscribing.ask(
        form.cleaned_data["email"],
        target,
        followed,
        frequency=form.cleaned_data["frequency"],
        consent_text=str(CONSENT),
        site=Site.find_for_request(request),
        language=translation.get_language() or "",
        ip=ip_to_store(request),
    )
    return _sent(back)


def _sent(back):
    query = urlencode({"sent": 1, **({"next": back} if back else {})})
    return redirect(f"{reverse('wagtail_kundenforum:follow')}?{query}#kf-follow")


def _follow_page(request, form, back, *, sent=False, error="", status=200):
    context = {
        "follow_form": form,
        "followed": getattr(form, "followed", None),
        "back_url": back,
        "follow_sent": sent,
        "follow_error": error,
    }
    return _render(request, "follow", context, status=status)


def _back_url(request, candidate, followed):
    """Where the reader came from, if it is on this site; else the followed object's page."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    get_url = getattr(followed, "get_url", None)
    return get_url() if callable(get_url) else ""


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """Show the address's waiting requests; the button confirms them all."""
    email = tokens.address_to_confirm(token)
    if email is None:
        return _invalid_link(request)
    confirmed = None
    if request.method == "POST":
        confirmed = subscribing.confirm(email)
    context = {
        "waiting": subscribing.waiting(email).select_related("suggestion", "forum", "page"),
        "confirmed": confirmed,
        "manage_token": tokens.manage_token(email),
    }
    return _render(request, "confirm", context)


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """Every subscription of one address, each with a button that ends it, and one for all."""
    email = tokens.address_to_manage(token)
    if email is None:
        return _invalid_link(request)
    subscriptions = Subscription.objects.of_address(email).active()
    if request.method == "POST":
        chosen = request.POST.get("end", "")
        ending = subscriptions if chosen == "all" else subscriptions.filter(pk=_number(chosen))
        ended = subscribing.end(ending)
        return redirect(f"{request.path}?ended={ended}")
    context = {
        "subscriptions": subscriptions.select_related("suggestion", "forum", "page"),
        "ended": _number(request.GET.get("ended", "")),
    }
    return _render(request, "manage", context)


# RFC 8058: a mail client posts "List-Unsubscribe=One-Click" to the link, without a CSRF
# token; the signed link is the whole authority, and all it can do is end subscriptions.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    keys = tokens.subscriptions_to_end(token)
    if keys is None:
        return _invalid_link(request)
    ended = None
    if request.method == "POST":
        ended = subscribing.end(Subscription.objects.filter(pk__in=keys))
    return _render(request, "unsubscribe", {"ended": ended})


def _number(value):
    return int(value) if value.isdigit() else None
