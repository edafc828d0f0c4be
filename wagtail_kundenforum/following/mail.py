"""The e-mails of following: plain text with an HTML alternative, in the reader's language,
with the site's name and absolute links. Each template may be overridden by a site
(``wagtail_kundenforum/following/email/``). A confirmation e-mail carries no text that the
requester chose: only the site's and the followed object's own names."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from .. import outbox
from ..conf import get_setting
from ..models.suggestions import plain_text
from . import tokens

TEMPLATES = "wagtail_kundenforum/following/email/"


def send_confirmation(subscription):
    """Queue the double opt-in e-mail of ``subscription``'s address."""
    site = sender_site(subscription.site)
    base = base_url(site)
    context = {
        "subscription": subscription,
        "followed": describe_target(subscription),
        "confirm_url": base
        + reverse(
            "wagtail_kundenforum:follow_confirm", args=[tokens.confirm_token(subscription.email)]
        ),
        "days": get_setting("KUNDENFORUM_FOLLOW_CONFIRM_DAYS"),
    }
    _enqueue("confirm", context, subscription.email, subscription.language, site)


def send_notification(email, copies):
    """Queue one e-mail for ``copies`` (FollowDelivery rows of one address, oldest first)."""
    subscriptions = {copy.subscription_id: copy.subscription for copy in copies}.values()
    site = sender_site(copies[0].subscription.site)
    base = base_url(site)
    seen, news = set(), []
    for copy in copies:
        if copy.event_id not in seen:  # followed twice (the suggestion and its forum): once
            seen.add(copy.event_id)
            news.append(describe_event(copy.event, base))
    unsubscribe_url = base + reverse(
        "wagtail_kundenforum:follow_unsubscribe", args=[tokens.unsubscribe_token(subscriptions)]
    )
    context = {
        "news": news,
        "subscriptions": [describe_target(subscription) for subscription in subscriptions],
        "unsubscribe_url": unsubscribe_url,
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    _enqueue("notification", context, email, copies[0].subscription.language, site, headers)


def describe_event(event, base):
    """What one event says in an e-mail: the suggestion, its new status, note and answer."""
    suggestion = event.suggestion
    change = event.status_change
    path = suggestion.get_url()
    return {
        "kind": event.kind,
        "title": suggestion.title,
        "url": base + path if path else "",
        "status": change.to_status.label if change else suggestion.status.label,
        "note": change.note if change else "",
        "answer": plain_text(suggestion.answer),
        "date": change.date if change else None,
    }


def describe_target(subscription):
    """The followed object's own name, e.g. the suggestion's title."""
    followed = subscription.suggestion or subscription.forum or subscription.page
    return {
        "target": subscription.get_target_display(),
        "name": str(followed) if followed is not None else "",
    }


def sender_site(site):
    """The site an e-mail speaks for: the one the reader asked on, else the default site."""
    return site or Site.objects.filter(is_default_site=True).first()


def base_url(site):
    """Where the links of ``site``'s e-mails start."""
    return site.root_url if site else ""


def _enqueue(name, context, email, language, site, headers=None):
    base = base_url(site)
    context = {
        **context,
        "site_name": (site.site_name or site.hostname) if site else base,
        "manage_url": base
        + reverse("wagtail_kundenforum:follow_manage", args=[tokens.manage_token(email)]),
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{TEMPLATES}{name}_subject.txt", context)
        body = render_to_string(f"{TEMPLATES}{name}.txt", context)
        html = render_to_string(f"{TEMPLATES}{name}.html", context)
    outbox.enqueue(subject, body, [email], regarding=email, html_body=html, headers=headers)
