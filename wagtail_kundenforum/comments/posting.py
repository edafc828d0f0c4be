"""A commentable page's comment section: its context, and the POST that adds a comment.

The page itself takes the POST (see ``CommentablePageMixin.serve``) and redirects back to
itself, so the reader's message is shown on the page it belongs to.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..caching import cached, comments_scope
from ..models import CommentState, KundenforumSettings, ReaderComment
from ..pagination import canonical_page_number, paginate
from ..privacy import client_ip, ip_to_store
from ..ratelimit import check_rate_limit
from ..signals import comment_posted
from .form import CommentForm, FormRejected
from .moderation import initial_state, notify_moderators

COMMENT_LIST_TEMPLATE = "wagtail_kundenforum/includes/comment_list.html"
POSTED_PARAMETER = "kf_comment"
POSTED_MESSAGES = {
    "pending": _("Thank you! Your comment waits for moderation and will appear once approved."),
    "published": _("Thank you! Your comment has been published."),
}
CLOSED_MESSAGE = _("Comments on this page are closed.")


def rate_limited_message(refusal):
    """When the reader may send again: in seconds for a short window, else the clock time
    (rounded up to the minute, so that it is never too early) and the minutes until then."""
    if refusal.wait < 60:
        return ngettext(
            "You have sent several comments in a short time. "
            "Please wait %(seconds)s second and send it again.",
            "You have sent several comments in a short time. "
            "Please wait %(seconds)s seconds and send it again.",
            refusal.wait,
        ) % {"seconds": refusal.wait}
    minutes = math.ceil(refusal.wait / 60)
    retry_at = datetime.fromtimestamp(math.ceil(refusal.retry_at / 60) * 60, tz=UTC)
    return ngettext(
        "You have sent several comments in a short time. "
        "Please wait until %(time)s (%(minutes)s minute from now) and send it again.",
        "You have sent several comments in a short time. "
        "Please wait until %(time)s (%(minutes)s minutes from now) and send it again.",
        minutes,
    ) % {"time": time_format(timezone.localtime(retry_at)), "minutes": minutes}


def comment_section_context(page, request, form=None, form_error=""):
    """What the comment section template needs."""
    comments_open = page.comments_are_open(request)
    if form is None and comments_open:
        form = CommentForm(page=page, initial={"parent": requested_parent_id(page, request)})
    site_settings = KundenforumSettings.for_request(request)
    official_reply_label = site_settings.get_official_reply_label()
    comments = comment_list(page, request, comments_open, official_reply_label)
    return {
        "comment_list": comments.html,
        "comments_note": comments.note,
        "comment_form": form,
        "comment_form_error": form_error,
        "comments_open": comments_open,
        "comment_posted_message": POSTED_MESSAGES.get(request.GET.get(POSTED_PARAMETER), ""),
        "privacy_page": site_settings.privacy_page,
        "official_reply_label": official_reply_label,
        "replying_to": reply_target(page, form) if form else None,
    }


@dataclass
class CommentList:
    """A page of approved comments as cached: its markup, and a note on the page asked for."""

    html: str
    note: str


def comment_list(page, request, comments_open, official_reply_label):
    """The rendered list of approved comments, cached until one of them changes (``caching``).

    The list holds no form: the comment form is rendered afresh for every reader. Only a
    page number written as the list's own links write it is cached, and only when the list
    has that page: any other value shows the first page with a note, built each time."""
    raw_number = request.GET.get("comments_page")

    def build():
        listing = paginate(page.get_approved_comments(), raw_number, page.comments_per_page)
        context = {
            "comments": listing.page,
            "comments_open": comments_open,
            "official_reply_label": official_reply_label,
        }
        html = render_to_string(COMMENT_LIST_TEMPLATE, context)
        return CommentList(html, str(listing.note or ""))

    number = canonical_page_number(raw_number)
    return cached(
        comments_scope(page.pk),
        build,
        request=request,
        parts={
            "page": number,
            "comments_open": comments_open,
            "official_reply_label": str(official_reply_label),
        },
        cacheable=number is not None,
        store_if=lambda comments: not comments.note,
    )


def requested_parent_id(page, request):
    """The id of the comment named by ``?reply_to=``, if it can be answered."""
    try:
        parent_id = int(request.GET.get("reply_to", ""))
    except ValueError:
        return None
    exists = ReaderComment.objects.approved().filter(pk=parent_id, page=page, parent=None).exists()
    return parent_id if exists else None


def reply_target(page, form):
    """The comment the form answers, or None."""
    parent_id = form.data.get("parent") if form.is_bound else form.initial.get("parent")
    try:
        parent_id = int(parent_id)
    except (TypeError, ValueError):
        return None
    return ReaderComment.objects.approved().filter(pk=parent_id, page=page).first()


def render_form_again(page, request, form, status, form_error=""):
    if form is not None:
        form.refresh_time_stamp()
    context = page.get_context(request, comment_form=form, comment_form_error=form_error)
    return TemplateResponse(request, page.get_template(request), context, status=status)


def redirect_after_post(page, request, outcome):
    url = f"{page.get_url(request)}?{POSTED_PARAMETER}={outcome}#kf-comments"
    return HttpResponseRedirect(url)


def post_comment(page, request):
    """Validate, defend, store; then redirect (or show the form again with what was typed)."""
    if not page.comments_are_open(request):
        return render_form_again(page, request, None, 403, CLOSED_MESSAGE)
    form = CommentForm(request.POST, page=page)
    if form.is_bot():
        return redirect_after_post(page, request, "pending")
    # The reader's own mistakes first: a form that comes back is signed anew, so the time
    # stamp's verdict ("very fast", "expired") only matters for an otherwise valid form.
    if not form.is_valid():
        return render_form_again(page, request, form, 400)
    try:
        form.check_time_stamp()
    except FormRejected as rejection:
        return render_form_again(page, request, form, 400, str(rejection))
    if form.is_duplicate():
        return redirect_after_post(page, request, "pending")
    refusal = check_rate_limit(client_ip(request))
    if refusal is not None:
        message = rate_limited_message(refusal)
        response = render_form_again(page, request, form, 429, message)
        response["Retry-After"] = str(refusal.wait)
        return response
    comment = store_comment(form, request)
    published = comment is not None and comment.state == CommentState.APPROVED
    return redirect_after_post(page, request, "published" if published else "pending")


def store_comment(form, request):
    """Save the comment; None when it is a duplicate (the first one stands)."""
    comment = form.build_comment()
    comment.ip_address = ip_to_store(request)
    site_settings = KundenforumSettings.for_request(request)
    comment.state = initial_state(comment, request, site_settings)
    try:
        with transaction.atomic():
            comment.save()
            notify_moderators(comment, site_settings)
    except IntegrityError:
        # A concurrent identical post won the race: it is stored, and that is enough.
        return None
    comment_posted.send(sender=ReaderComment, comment=comment, request=request)
    return comment
