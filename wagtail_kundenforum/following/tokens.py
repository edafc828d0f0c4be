"""The signed links in followers' e-mails: nothing is stored for them, and nobody can make
one for an address they do not read."""

from django.core import signing

from ..conf import get_setting

CONFIRM_SALT = "wagtail_kundenforum.follow.confirm"
MANAGE_SALT = "wagtail_kundenforum.follow.manage"
UNSUBSCRIBE_SALT = "wagtail_kundenforum.follow.unsubscribe"


def confirm_token(email):
    """Confirms every waiting request of ``email``; expires with the requests themselves."""
    return signing.dumps(email, salt=CONFIRM_SALT)


def address_to_confirm(token):
    """The address of a confirmation link, or None if it is forged or expired."""
    max_age = get_setting("KUNDENFORUM_FOLLOW_CONFIRM_DAYS") * 24 * 3600
    return _load(token, CONFIRM_SALT, max_age)


def manage_token(email):
    """Shows and ends every subscription of ``email``; it never expires, since it stands in
    every e-mail that a follower may keep for years."""
    return signing.dumps(email, salt=MANAGE_SALT)


def address_to_manage(token):
    return _load(token, MANAGE_SALT)


def unsubscribe_token(subscriptions):
    """Ends the subscriptions that one e-mail was sent for (RFC 8058's one-click link)."""
    return signing.dumps(
        sorted({subscription.pk for subscription in subscriptions}), salt=UNSUBSCRIBE_SALT
    )


def subscriptions_to_end(token):
    """The primary keys of a one-click link's subscriptions, or None."""
    keys = _load(token, UNSUBSCRIBE_SALT)
    if not isinstance(keys, list) or not all(isinstance(key, int) for key in keys):
        return None
    return keys


def _load(token, salt, max_age=None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
