"""Every rule about a comment's state, in one place: spam rules, state changes, the
official reply, notices."""

import logging
import re

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from wagtail.admin.utils import get_admin_base_url
from wagtail.log_actions import log

from .. import outbox
from ..caching import comments_changed
from ..conf import get_setting
from ..models import CommentState, KundenforumSettings, ReaderComment

logger = logging.getLogger(__name__)

# Two or more of these in a comment send it to moderation: link spam is the commonest spam.
LINK = re.compile(r"(https?://|www\.)", re.IGNORECASE)
LINKS_NEEDING_MODERATION = 2
SUBJECT_TEMPLATE = "wagtail_kundenforum/emails/comment_waiting_subject.txt"
BODY_TEMPLATE = "wagtail_kundenforum/emails/comment_waiting.txt"


def initial_state(comment, request, site_settings):
    """The state a new comment starts in: spam, pending or approved (the strictest rule wins)."""
    text = f"{comment.name}\n{comment.text}".lower()
    if any(word in text for word in site_settings.blocked_word_list()):
        return CommentState.SPAM
    verdict = run_spam_checkers(comment, request)
    if verdict == CommentState.SPAM:
        return CommentState.SPAM
    needs_moderation = (
        site_settings.moderation_required
        or verdict == CommentState.PENDING
        or len(LINK.findall(f"{comment.text} {comment.url}")) >= LINKS_NEEDING_MODERATION
        or any(word in text for word in site_settings.moderation_word_list())
    )
    return CommentState.PENDING if needs_moderation else CommentState.APPROVED


def run_spam_checkers(comment, request):
    """The strictest verdict of the KUNDENFORUM_SPAM_CHECKERS.

    A checker is a callable ``(comment, request)`` returning "spam", "pending" or None. One
    that fails sends the comment to moderation: it is never lost.
    """
    verdicts = set()
    for path in get_setting("KUNDENFORUM_SPAM_CHECKERS"):
        try:
            verdicts.add(import_string(path)(comment, request))
        except Exception:
            logger.exception("Spam checker %s failed; the comment waits for moderation.", path)
            verdicts.add(CommentState.PENDING)
    for verdict in (CommentState.SPAM, CommentState.PENDING):
        if verdict in verdicts:
            return verdict
    return None


def moderate(comments, state, user=None):
    """Set ``state`` on a queryset of comments; returns how many changed."""
    with transaction.atomic():  # the lists' versions change with the comments, or neither
        changing = comments.exclude(state=state)
        page_ids = set(changing.values_list("page_id", flat=True))
        count = changing.update(state=state, moderated_at=timezone.now(), moderated_by=user)
        comments_changed(page_ids)
    return count


def approve(comments, user=None):
    return moderate(comments, CommentState.APPROVED, user)


def reject(comments, user=None):
    return moderate(comments, CommentState.REJECTED, user)


def mark_spam(comments, user=None):
    return moderate(comments, CommentState.SPAM, user)


def create_official_reply(root, user, text):
    """Publish ``user``'s answer to the top-level comment ``root``; None if it clashes.

    An official reply is written by a moderator and is approved from the start: it is a new
    comment, not a state change. It stores no e-mail address: it is the utility's, and a
    moderator's own data request must not reach it. Sending the same text twice to the same
    thread returns the first reply; the same text elsewhere on the page clashes with the
    duplicate rule.

    The reply is signed as the utility (``official_reply_signature``) and keeps the name it
    was published with, whatever the setting says later.
    """
    reply = ReaderComment(
        page=root.page,
        parent=root,
        name=official_signature(root.page, user),
        email="",
        text=text,
        is_official=True,
        state=CommentState.APPROVED,
        moderated_at=timezone.now(),
        moderated_by=user,
    )
    try:
        with transaction.atomic():
            reply.save()
    except IntegrityError:
        return ReaderComment.objects.filter(content_hash=reply.content_hash, parent=root).first()
    log(instance=reply, action="wagtail.create", user=user)
    return reply


def official_signature(page, user):
    """The name ``user``'s official reply on ``page`` is published under (see
    ``KundenforumSettings.sign_official_reply``)."""
    site = page.get_site()
    # A page outside every site (rare: a tree being moved) signs with the defaults.
    site_settings = KundenforumSettings.for_site(site) if site else KundenforumSettings()
    name_field = ReaderComment._meta.get_field("name")
    # The default signature is stored in the page's language, not the moderator's admin one.
    with translation.override(page.locale.language_code):
        return site_settings.sign_official_reply(user)[: name_field.max_length]


def notify_moderators(comment, site_settings):
    """Tell the site's moderators (from ``site_settings``) that ``comment`` waits.

    The notice goes into the outbox in the comment's own transaction; a task sends it after
    the commit (``wagtail_kundenforum.outbox``). A notice that cannot be written is logged,
    and the comment is kept all the same."""
    recipients = site_settings.moderator_email_list()
    if comment.state != CommentState.PENDING or not recipients:
        return
    _send_notice(comment, recipients)


def admin_base_url(comment):
    """WAGTAILADMIN_BASE_URL, or else the address of the comment's site: without either
    setting the moderators would get no notice at all."""
    base_url = get_admin_base_url()
    if base_url:
        return base_url
    site = comment.page.get_site()
    return site.root_url if site else ""


def _send_notice(comment, recipients):
    try:
        moderation_url = admin_base_url(comment) + reverse(
            "wagtailsnippets_wagtail_kundenforum_readercomment:list"
        )
        context = {"comment": comment, "page": comment.page, "moderation_url": moderation_url}
        with transaction.atomic():  # a savepoint: a failure here leaves the comment's intact
            outbox.enqueue(
                render_to_string(SUBJECT_TEMPLATE, context),
                render_to_string(BODY_TEMPLATE, context),
                recipients,
                regarding=comment.email,
            )
    except Exception:
        logger.exception("Could not tell the moderators about comment %s.", comment.pk)


def pending_count():
    return ReaderComment.objects.pending().count()
