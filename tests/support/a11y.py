"""Shared by the browser tests of the public pages: demo-like content and an axe-core check.

The content is what a utility publishes after two forums: a news index with a few reports,
one report with quotes, a facts box, the statistics block and comments (an official reply
among them), a tracker with suggestions of every default status and a suggestion with a
history.
"""

import datetime
from dataclasses import dataclass

from tests.support.helpers import (
    make_comment,
    make_forum,
    make_index,
    make_report,
    make_suggestion,
    make_topic,
    stream_body,
    tracker_block,
)

SERIOUS = ("serious", "critical")

# (title, status slug, topic slug or None, extra fields)
SUGGESTIONS = [
    # Raised as "being checked"; ``give_history`` takes it to "implemented".
    ("Hotline wieder mit Festnetznummer", "in-pruefung", "service", {}),
    ("Längere Öffnungszeiten im Kundenzentrum", "umgesetzt", "service", {}),
    ("Spätere Busse am Wochenende", "in-der-mache", "bus", {}),
    ("Eine eigene App der Stadtwerke", "geht-nicht", None, {"declined_reason": "Zu teuer."}),
    ("Zählerstand per Postkarte melden", "gibt-es-schon", "strom", {}),
    ("Ein Kundenbeirat", "in-pruefung", None, {}),
]


@dataclass
class Content:
    index: object
    report: object
    tracker_report: object
    suggestion: object
    forum: object


def report_body(forum):
    """A report's body with every article block, the statistics block among them."""
    return stream_body(
        ("heading", {"text": "Was am Abend besprochen wurde", "level": "h2"}),
        ("paragraph", "<p>Zwanzig Kundinnen und Kunden diskutierten mit der Geschäftsführung.</p>"),
        ("quote", {"text": "Man hört uns zu.", "attribution": "Eine Kundin", "role": "customer"}),
        (
            "quote",
            {
                "text": "Wir machen weiter.",
                "attribution": "Die Geschäftsführung",
                "role": "management",
            },
        ),
        (
            "facts",
            {
                "participants": 20,
                "returning_participants": 12,
                "method": "",
                "suggestions_discussed": 30,
            },
        ),
        ("heading", {"text": "Was aus den Vorschlägen wurde", "level": "h2"}),
        ("stats", {"heading": "", "forum": forum.pk, "since": "2011-01-01"}),
    )


def make_suggestions(forum, extra_done=0):
    """The suggestions of ``SUGGESTIONS`` and ``extra_done`` more implemented ones."""
    made = []
    for title, status, topic, fields in SUGGESTIONS:
        if topic:
            fields = {**fields, "topic": make_topic(topic)}
        made.append(make_suggestion(forum, status=status, title=title, **fields))
    for n in range(extra_done):
        made.append(
            make_suggestion(forum, status="umgesetzt", title=f"Umgesetzter Vorschlag {n + 1}")
        )
    return made


def give_history(suggestion):
    """Two public status changes: raised, in progress, implemented."""
    from wagtail_kundenforum.models import SuggestionStatus
    from wagtail_kundenforum.status_changes import change_status

    for slug, date in (("in-der-mache", (2012, 3, 1)), ("umgesetzt", (2012, 11, 1))):
        status = SuggestionStatus.objects.get(slug=slug)
        change_status(suggestion, status, note="Geprüft.", date=datetime.date(*date))
    return suggestion


def make_content(extra_done=0, reports=3, comments=2):
    """The public pages of the tests: index, reports, tracker and one suggestion."""
    forum = make_forum(1, title="Erstes Kundenforum", participants=20)
    suggestions = make_suggestions(forum, extra_done=extra_done)
    give_history(suggestions[0])
    index = make_index(title="Neuigkeiten", reports_per_page=2)
    report = make_report(index, 1, title="Erstes Kundenforum", forum=forum, body=report_body(forum))
    for n in range(2, reports + 1):
        make_report(index, n, title=f"Bericht {n}")
    tracker_report = make_report(
        index,
        reports + 1,
        title="Ihre Vorschläge",
        slug="vorschlaege",
        body=stream_body(tracker_block(heading="Was aus Ihren Vorschlägen wurde")),
    )
    add_comments(report, comments)
    return Content(index, report, tracker_report, suggestions[0], forum)


def add_comments(page, count):
    """``count`` approved comments, the first with an official reply."""
    first = None
    for n in range(1, count + 1):
        comment = make_comment(page, n, text=f"Kommentar {n}: https://example.org/{n}")
        first = first or comment
    if first:
        make_comment(page, 99, parent=first, is_official=True, name="Stadtwerke", text="Danke!")


def serious_violations(page, context=None):
    """axe-core's violations of impact serious or critical on ``page`` (as loaded)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    return [v for v in results.response["violations"] if v.get("impact") in SERIOUS]


def describe(violations):
    """A readable list of violations for a failing assertion."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, context=None):
    violations = serious_violations(page, context)
    assert not violations, (
        f"axe-core found serious or critical violations on {page.url}:\n{describe(violations)}"
    )


def overflows_horizontally(page):
    """True when the page is wider than its viewport (the reader would scroll sideways)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
