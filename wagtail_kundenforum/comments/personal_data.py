"""A reader's own data on request (DSGVO Art. 15 and 17): every comment of one e-mail
address, exported or erased.

The management command ``kundenforum_personal_data`` and the admin page
(``personal_data_views.py``) only ask and show; the rules live here.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry, Page

from ..caching import retire_at_end
from ..models import OutboxMessage, ReaderComment


def comments_of(email):
    """Every comment a reader wrote under ``email`` (case-insensitive); none for an empty
    address.

    Never an official reply: it is the utility's, whoever wrote it. Replies store no address
    (older ones hold the moderator's), so neither an empty address nor a moderator's own
    request reaches them.
    """
    email = (email or "").strip()
    if not email:
        return ReaderComment.objects.none()
    return ReaderComment.objects.filter(email__iexact=email, is_official=False)


def export_personal_data(email):
    """The comments of ``email`` as plain dicts for a data access request (Art. 15 DSGVO).

    Everything the reader gave us and we keep, with the page it is on and the truncated IP
    address; not the duplicate hash, which is no data about the reader.
    """
    comments = comments_of(email).select_related("page").order_by("created_at", "pk")
    return [personal_data_of(comment) for comment in comments]


def personal_data_of(comment):
    """What we keep of the reader in ``comment``, as one item of the export."""
    return {
        "page": {"title": comment.page.title, "url": comment.page.get_full_url()},
        "name": comment.name,
        "email": comment.email,
        "website": comment.url,
        "text": comment.text,
        "state": comment.state,
        "created": comment.created_at.isoformat(),
        "official": comment.is_official,
        # The reader's own (truncated) address is part of what Art. 15 DSGVO lets them see.
        "ip_address": comment.ip_address,
    }


def erase_personal_data(email):
    """Delete every comment of ``email`` (Art. 17 DSGVO), and with them the replies to them;
    the admin's history of those comments keeps what happened, but no longer the name.

    Returns the number of comments deleted, replies included.
    """
    own = comments_of(email)
    # The comment lists' versions last, in one sorted statement (see caching).
    with transaction.atomic(), retire_at_end():
        erased = ReaderComment.objects.filter(Q(pk__in=own) | Q(parent__in=own))
        erased = list(erased.select_related("page"))
        _, deleted = own.delete()
        # The moderators' notices quote the comments: they go with them.
        OutboxMessage.objects.filter(regarding__iexact=email.strip()).delete()
        log_entries_naming(erased).update(label=gettext("Reader comment (name removed)"), data={})
    return deleted.get(ReaderComment._meta.label, 0)


def log_entries_naming(comments):
    """Wagtail's log entries of reader comments that name a writer of ``comments``: those of
    the comments themselves, and those of their comments deleted before (labelled by
    ``str(comment)``, which starts with the name, in the language of the moment)."""
    if not comments:
        return ModelLogEntry.objects.none()
    naming = Q(object_id__in=[str(comment.pk) for comment in comments])
    for label in labels_of(comments):
        naming |= Q(label=label)
    for prefix in label_prefixes({comment.name for comment in comments}):
        naming |= Q(label__startswith=prefix)
    content_type = ContentType.objects.get_for_model(ReaderComment)
    return ModelLogEntry.objects.filter(naming, content_type=content_type)


def labels_of(comments):
    """How Wagtail labelled ``comments`` in its log, in each of the site's languages."""
    labels = set()
    for language, _ in settings.LANGUAGES:
        with translation.override(language):
            labels.update(str(comment) for comment in comments)
    return labels


def label_prefixes(names):
    """How a label of a comment by each of ``names`` begins, in each of the site's languages:
    "Anna on “" and "Anna zu „", never the bare name, which begins "Anna Schmidt on …" too."""
    marker = "\x00"
    prefixes = set()
    for language, _ in settings.LANGUAGES:
        with translation.override(language):
            for name in names:
                label = str(ReaderComment(name=name, page=Page(title=marker)))
                prefixes.add(label.split(marker)[0])
    return prefixes
