"""Between the dry run and the confirmation: the checked file, kept where every worker finds it.

The editor checks a file with a dry run and then confirms the import without choosing the
file again. The confirmation may reach another process than the dry run, so the file is kept
in a storage (``KUNDENFORUM_IMPORT_STORAGE``; by default a private folder in the system's
temporary directory, which all processes of one machine share) under a random name, and the
page carries a signed token naming it. The token expires after KEEP_SECONDS, is good only for
the user who uploaded the file, and cannot be made up or changed; files older than that are
deleted whenever a new one is kept. The file was checked against the size limit before it is
kept, and is read again within all the limits when the import is confirmed.
"""

import logging
import re
import secrets
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.core import signing
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone
from django.utils.translation import gettext as _

from ...conf import get_setting
from ...models import Forum
from .files import SuggestionImportError, format_from_name
from .read import read_sheet

logger = logging.getLogger(__name__)

# Long enough to read a dry run's report, short enough that a forgotten file goes soon.
KEEP_SECONDS = 60 * 60
SALT = "wagtail_kundenforum.import.pending"
# Kept files live in this folder of the storage, named so that nothing else matches: the
# sweep deletes only them, even in a storage shared with other files.
FOLDER = "wagtail_kundenforum_import"
KEPT_NAME = re.compile(r"[0-9a-f]{32}\.(csv|xlsx)")


class PendingImportGone(SuggestionImportError):
    """The kept file cannot be used (expired, changed token, another user, deleted); the
    message tells the editor to choose the file again."""


@dataclass
class PendingImport:
    """A checked file waiting for the editor's confirmation."""

    token: str
    name: str  # in the storage
    file_name: str  # as uploaded, for the page
    file_format: str
    forum: Forum

    def read(self):
        """The kept file as a Sheet, read within the same limits as an upload."""
        try:
            with pending_storage().open(self.name, "rb") as file:
                return read_sheet(file, self.file_format)
        except OSError:
            raise gone(_("The checked file is no longer there.")) from None

    def discard(self):
        delete_quietly(pending_storage(), self.name)


def pending_storage():
    alias = get_setting("KUNDENFORUM_IMPORT_STORAGE")
    if alias:
        return storages[alias]
    # Readable by the site's own user only: the file holds unpublished suggestions.
    return FileSystemStorage(
        location=tempfile.gettempdir(),
        base_url=None,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def keep_upload(upload, forum, user):
    """Keep an uploaded (and checked) file for ``user``'s confirmation; returns its
    PendingImport, whose token the confirmation sends back."""
    storage = pending_storage()
    discard_expired(storage)
    file_format = format_from_name(upload.name)
    upload.seek(0)
    name = storage.save(f"{FOLDER}/{secrets.token_hex(16)}.{file_format}", upload)
    payload = {"name": name, "file": Path(upload.name).name, "forum": forum.pk, "user": user.pk}
    token = signing.dumps(payload, salt=SALT, compress=True)
    return PendingImport(token, name, payload["file"], file_format, forum)


def pending_import(token, user):
    """The PendingImport a token names, for ``user``; PendingImportGone when it cannot be
    used."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=KEEP_SECONDS)
    except signing.SignatureExpired:
        raise gone(_("The checked file has expired (after an hour).")) from None
    except signing.BadSignature:
        raise gone(_("The confirmation is not valid.")) from None
    if payload.get("user") != user.pk:
        raise gone(_("The confirmation is not valid."))
    forum = Forum.objects.filter(pk=payload.get("forum")).first()
    if forum is None:
        raise gone(_("The forum no longer exists."))
    name = payload["name"]
    return PendingImport(token, name, payload["file"], format_from_name(name), forum)


def gone(reason):
    return PendingImportGone(
        _("%(reason)s Please choose the file again and check it once more.") % {"reason": reason}
    )


def discard_expired(storage):
    """Delete kept files older than KEEP_SECONDS: confirmed files are deleted at once, these
    were checked and never confirmed."""
    oldest = timezone.now() - timedelta(seconds=KEEP_SECONDS)
    try:
        names = storage.listdir(FOLDER)[1]
    except (OSError, NotImplementedError):
        return  # nothing kept yet, or a storage that cannot list: the next time, or never
    for name in (f"{FOLDER}/{name}" for name in names if KEPT_NAME.fullmatch(name)):
        try:
            expired = storage.get_modified_time(name) < oldest
        except (OSError, NotImplementedError):
            continue
        if expired:
            delete_quietly(storage, name)


def delete_quietly(storage, name):
    # Another worker may have deleted it first; a file left behind goes with the next sweep.
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Could not delete the kept import file %s.", name)
