"""Builders of test content, in one place."""

import datetime

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from tests.testapp.models import HomePage
from wagtail_kundenforum.models import Forum, ForumIndexPage, ForumReportPage


def make_site():
    """A home page as the default site's root (the tree is rebuilt if a test flushed it)."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Home", slug="start"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def make_index(parent=None, **fields):
    parent = parent or make_site()
    fields.setdefault("title", "News")
    fields.setdefault("slug", "news")
    return publish(parent, ForumIndexPage(**fields))


def make_forum(number=1, **fields):
    fields.setdefault("title", f"Forum {number}")
    fields.setdefault("date", datetime.date(2011, 10, 12))
    return Forum.objects.create(number=number, **fields)


def make_report(index, n=1, **fields):
    fields.setdefault("title", f"Report {n}")
    fields.setdefault("slug", f"report-{n}")
    fields.setdefault("teaser", f"Teaser of report {n}")
    fields.setdefault("date", datetime.date(2012, 1, 1) + datetime.timedelta(days=n))
    return publish(index, ForumReportPage(**fields))


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_comment(page, n=1, **fields):
    """A stored comment, approved unless said otherwise."""
    from wagtail_kundenforum.models import CommentState, ReaderComment

    fields.setdefault("name", f"Reader {n}")
    fields.setdefault("email", f"reader{n}@example.org")
    fields.setdefault("text", f"Comment number {n}")
    fields.setdefault("state", CommentState.APPROVED)
    return ReaderComment.objects.create(page=page, **fields)


def comment_data(page, seconds_ago=10, **fields):
    """A complete comment POST, its form signed ``seconds_ago`` (old enough to be accepted)."""
    import time

    from django.core import signing

    from wagtail_kundenforum.comments.form import SIGNING_SALT

    started = {"page": page.pk, "time": int(time.time()) - seconds_ago}
    data = {
        "name": "Erika Muster",
        "email": "erika@example.org",
        "url": "",
        "text": "Bitte wieder eine Festnetznummer für die Hotline.",
        "consent": "on",
        "parent": "",
        "kf_started": signing.dumps(started, salt=SIGNING_SALT),
        "kf_topic": "",
    }
    data.update(fields)
    return data


def count_queries(client, url):
    """How many SQL queries a GET of ``url`` makes; it must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def restore_default_statuses():
    """The data migration's statuses, again if a transactional test flushed them."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("wagtail_kundenforum.migrations.0004_default_statuses")
    migration.create_statuses(apps, None)


def make_topic(slug="strom", **fields):
    from wagtail_kundenforum.models import SuggestionTopic

    fields.setdefault("name", slug.title())
    return SuggestionTopic.objects.get_or_create(slug=slug, defaults=fields)[0]


def make_suggestion(forum=None, status="in-pruefung", live=True, **fields):
    """A suggestion with one revision, published unless ``live=False``.

    ``status`` is a default status's slug (the data migration creates them).
    """
    from wagtail_kundenforum.models import Suggestion, SuggestionStatus

    restore_default_statuses()
    fields.setdefault("title", "Hotline wieder mit Festnetznummer")
    suggestion = Suggestion(
        forum=forum or Forum.objects.first() or make_forum(),
        status=SuggestionStatus.objects.get(slug=status),
        live=False,
        **fields,
    )
    suggestion.save()
    revision = suggestion.save_revision()
    if live:
        revision.publish()
    return Suggestion.objects.get(pk=suggestion.pk)


def status(slug):
    """A status by its slug: one of the defaults, or one that the test made."""
    from wagtail_kundenforum.models import SuggestionStatus

    return SuggestionStatus.objects.get(slug=slug)


def private_status():
    """A status that readers do not see (made on the first call)."""
    from wagtail_kundenforum.models import SuggestionStatus

    return SuggestionStatus.objects.get_or_create(
        slug="intern", defaults={"label": "Intern geprüft", "kind": "open", "is_public": False}
    )[0]


def tracker_block(**options):
    """A ("tracker", value) StreamField item with the block's defaults and ``options``."""
    value = {
        "heading": "",
        "forums": [],
        "statuses": [],
        "topics": [],
        "group_by": "status",
        "show_filter": True,
        "show_counts": True,
        "show_chart": True,
        "items_per_group": 5,
    }
    value.update(options)
    return ("tracker", value)


def stream_body(*blocks):
    """StreamField JSON of (type, value) items."""
    import json

    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def make_tracker_page(*blocks, slug="vorschlaege"):
    """A published content page of the test app with ``blocks`` (default: one tracker)."""
    from tests.testapp.models import ContentPage

    body = stream_body(*(blocks or (tracker_block(),)))
    return publish(make_site(), ContentPage(title="Ihre Vorschläge", slug=slug, body=body))
