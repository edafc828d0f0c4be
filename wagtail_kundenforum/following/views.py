"""The pages that followers' e-mails link to: confirm, manage and unsubscribe. Each is
reached with a signed link alone, no account; a GET only shows (mail scanners open every
link), a POST changes."""

from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..models import Subscription
from ..templating import get_base_template
from . import subscribing, tokens

TEMPLATES = "wagtail_kundenforum/following/"


def _render(request, name, context, status=200):
    context = {"kf_base_template": get_base_template(), **context}
    return render(request, f"{TEMPLATES}{name}.html", context, status=status)


def _invalid_link(request):
    return _render(request, "invalid_link", {}, status=404)


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
