"""Content for the host site, as an editor would make it in the admin: one forum, its news
list with a report, and the site's own article page with the tracker and statistics blocks.

Run inside the host site with ``manage.py shell``; the suggestions come afterwards through
``kundenforum_import``. Prints one line ``HOSTSITE-CONTENT {json}`` with the pages' paths
(Django 5.2's shell may print a banner of its own first).
"""

import datetime
import json
import os

from home.models import ArticlePage
from wagtail.models import Site

from wagtail_kundenforum.models import Forum, ForumIndexPage, ForumReportPage

FORUM_DATE = datetime.date(2025, 5, 14)

# Not a README step: the check's server listens on a port of its own, and Wagtail writes
# absolute links (feeds, JSON-LD, the API) with the Site's hostname and port.
site = Site.objects.get(is_default_site=True)
site.hostname = "127.0.0.1"
site.port = int(os.environ["HOSTSITE_PORT"])
site.save()
home = site.root_page.specific


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


forum = Forum.objects.create(
    number=1, title="Erstes Kundenforum", date=FORUM_DATE, place="Kundenzentrum", participants=20
)
index = publish(home, ForumIndexPage(title="Aktuelles", slug="aktuelles"))
report = publish(
    index,
    ForumReportPage(
        title="Erstes Kundenforum im Kundenzentrum",
        slug="erstes-kundenforum",
        date=FORUM_DATE,
        forum=forum,
        teaser="Zwanzig Kundinnen und Kunden sprachen mit der Geschäftsführung.",
    ),
)
tracker = {"heading": "Alle Vorschläge", "group_by": "status", "items_per_group": 5}
stats = {"heading": "Was aus Ihren Vorschlägen wurde", "forum": forum.pk, "since": "2025-01-01"}
article = publish(
    home,
    ArticlePage(
        title="Was aus Ihren Vorschlägen wurde",
        slug="vorschlaege",
        body=json.dumps(
            [
                {"type": "paragraph", "value": "<p>Der Stand aller Vorschläge.</p>"},
                {"type": "tracker", "value": tracker},
                {"type": "stats", "value": stats},
            ]
        ),
    ),
)
paths = {name: page.url for name, page in [("index", index), ("report", report)]}
paths["article"] = article.url
print("HOSTSITE-CONTENT " + json.dumps(paths))
