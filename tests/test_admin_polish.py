"""The admin feels native to Wagtail: the "Customer forum" menu with fitting icons, listings
with useful columns, help texts in the forms, descriptions and previews in the block picker,
and a preview of a suggestion's public page while it is being edited.
"""

import contextlib
import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from tests.support.helpers import (
    count_queries,
    make_comment,
    make_forum,
    make_index,
    make_report,
    make_suggestion,
    make_topic,
    status,
)
from tests.test_suggestion_admin import edit_form_data
from wagtail_kundenforum.models import (
    ForumReportPage,
    Suggestion,
    SuggestionStatus,
    SuggestionStatusChange,
)
from wagtail_kundenforum.models.suggestions import ANSWER_FEATURES
from wagtail_kundenforum.status_changes import change_status

pytestmark = pytest.mark.django_db

BLOCK_DESCRIPTIONS = {
    "Text": "Running text with bold, italic, links and lists.",
    "Heading": "A subheading that divides the report into sections.",
    "Quote": "A quote from a customer or from the management, with who said it.",
    "Image": "An image from the library with an optional caption.",
    "Facts box": "The forum's key figures",
    "Featured suggestion": "One suggestion inside the text",
    "Suggestion statistics": "What became of one forum's suggestions",
    "Suggestion tracker": "The published suggestions with their status",
}


def snippet_url(model, view_name, *args):
    return reverse(f"wagtailsnippets_wagtail_kundenforum_{model}:{view_name}", args=args)


class JSONAttributes(HTMLParser):
    """Every JSON object found in an attribute or a JSON script of an admin page."""

    def __init__(self):
        super().__init__()
        self.objects = []
        self._in_json_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_json_script = tag == "script" and attrs.get("type") == "application/json"
        for value in attrs.values():
            self._add(value)

    def handle_data(self, data):
        if self._in_json_script:
            self._add(data)

    def _add(self, text):
        if text and text.lstrip().startswith("{"):
            with contextlib.suppress(ValueError):
                self.objects.append(json.loads(text))


def dicts_in(html, key):
    """All dicts with ``key`` anywhere in the page's JSON data (sidebar, block definitions)."""
    parser = JSONAttributes()
    parser.feed(html)
    found, todo = [], list(parser.objects)
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            if key in item:
                found.append(item)
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return found


# The menu


def test_the_customer_forum_menu_sits_after_pages_with_an_icon_for_each_snippet(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    icons = {item["label"]: item["icon_name"] for item in dicts_in(html, "icon_name")}
    assert icons["Customer forum"] == "group"
    assert {label: icons[label] for label in ("Forums", "Suggestions", "Statuses", "Topics")} == {
        "Forums": "calendar-alt",
        "Suggestions": "tasks",
        "Statuses": "tag",
        "Topics": "folder",
    }
    assert icons["Reader comments"].startswith("comment")
    # No icon of the app's snippets repeats one of Wagtail's own top-level menu items.
    assert icons["Topics"] != icons["Pages"]
    positions = [html.index(f'"label": "{label}"') for label in ("Pages", "Customer forum")]
    assert positions == sorted(positions)
    assert html.index('"label": "Customer forum"') < html.index('"label": "Images"')


# The listings


def header_cells(html):
    table = html.index('<table class="listing')
    head = html[html.index("<thead", table) : html.index("</thead>", table)]
    cells = re.findall(r"<th[^>]*>(.*?)</th>", head, flags=re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in cells if "<input" not in cell]


def test_the_forum_listing_links_each_title_and_counts_its_suggestions(admin_client):
    first = make_forum(1, title="Erstes Forum")
    make_forum(2, title="Zweites Forum")
    make_suggestion(first, title="Hotline")
    make_suggestion(first, title="Busfahrplan", live=False)
    html = admin_client.get(snippet_url("forum", "list")).content.decode()
    assert header_cells(html) == [
        "Title",
        "Number in the series",
        "Date",
        "Place",
        "Method",
        "Suggestions",
    ]
    edit = snippet_url("forum", "edit", first.pk)
    assert re.search(rf'<a href="{edit}">\s*<span[^>]*>Erstes Forum</span>', html)
    assert row_cells(html, "Erstes Forum")[-1] == "2"
    assert row_cells(html, "Zweites Forum")[-1] == "0"


def row_cells(html, text):
    start = html.rindex("<tr", 0, html.index(text))
    row = html[start : html.index("</tr>", start)]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in cells]


def test_the_forum_listing_sorts_by_its_suggestion_count(admin_client):
    first, second = make_forum(1, title="Erstes Forum"), make_forum(2, title="Zweites Forum")
    for title in ("Hotline", "Busfahrplan"):
        make_suggestion(second, title=title)
    make_suggestion(first, title="Wasserhärte")
    html = admin_client.get(snippet_url("forum", "list"), {"ordering": "-suggestion_count"})
    html = html.content.decode()
    assert html.index("Zweites Forum") < html.index("Erstes Forum")


def test_the_forum_listing_needs_as_many_queries_for_many_forums_as_for_one(admin_client):
    make_suggestion(make_forum(1), title="Hotline")

    few = count_queries(admin_client, snippet_url("forum", "list"))
    for number in range(2, 8):
        make_suggestion(make_forum(number), title=f"Vorschlag {number}")
    assert count_queries(admin_client, snippet_url("forum", "list")) == few


def test_every_listing_of_the_app_has_its_columns(admin_client):
    make_suggestion(make_forum(1), topic=make_topic("service"))
    make_comment(make_report(make_index()))
    expected = {
        "suggestion": ["Title", "Forum", "Topic", "Status", "Publication", "Updated"],
        "suggestionstatus": [
            "Label",
            "Slug",
            "Kind",
            "Public",
            "Colour",
            "Order",
            "Suggestions",
        ],
        "suggestiontopic": ["Name", "Slug", "Order", "Suggestions"],
        "readercomment": ["Name", "Comment", "Page", "State", "Official reply", "Created"],
    }
    for model, columns in expected.items():
        html = admin_client.get(snippet_url(model, "list")).content.decode()
        assert header_cells(html) == columns, model


# Help texts


def test_the_forms_explain_their_fields(admin_client):
    forum = make_forum(1)
    suggestion = make_suggestion(forum)
    texts = {
        snippet_url("forum", "add"): [
            "How many customers took part.",
            "How the group worked",
        ],
        snippet_url("suggestion", "edit", suggestion.pk): [
            "Publishing a new status adds a step with today&#x27;s date to the history.",
            "Readers can filter the tracker by topic.",
        ],
        snippet_url("suggestionstatus", "add"): [
            "What the status means, whatever its label: statistics compare kinds.",
        ],
        snippet_url("suggestiontopic", "add"): [
            "An area of the utility, e.g. power, water or buses.",
        ],
    }
    for url, helps in texts.items():
        html = admin_client.get(url).content.decode()
        for help_text in helps:
            assert help_text in html, (url, help_text)


# The block picker


@pytest.fixture
def report_add_html(admin_client):
    index = make_index()
    url = reverse(
        "wagtailadmin_pages:add", args=("wagtail_kundenforum", "forumreportpage", index.pk)
    )
    return admin_client.get(url).content.decode()


def picker_entries(html):
    """{label: meta} of the report body's blocks as the block picker receives them."""
    # The body's own blocks, by definition: a field may share its block's label (the
    # "Quote" of a quote).
    body = ForumReportPage._meta.get_field("body").stream_block
    ids = {block.definition_prefix for block in body.child_blocks.values()}
    return {
        meta["label"]: meta for meta in dicts_in(html, "blockDefId") if meta["blockDefId"] in ids
    }


def test_the_block_picker_describes_every_block_of_a_report(report_add_html):
    entries = picker_entries(report_add_html)
    assert set(entries) == set(BLOCK_DESCRIPTIONS)
    for label, description in BLOCK_DESCRIPTIONS.items():
        assert entries[label]["description"].startswith(description), label


def test_the_block_picker_previews_every_block_but_the_image(report_add_html):
    entries = picker_entries(report_add_html)
    previewable = {label for label, meta in entries.items() if meta["isPreviewable"]}
    assert previewable == set(BLOCK_DESCRIPTIONS) - {"Image"}


def body_block(name):
    return ForumReportPage._meta.get_field("body").stream_block.child_blocks[name]


def block_preview(client, name):
    url = reverse("wagtailadmin_block_preview")
    response = client.get(url, {"id": body_block(name).definition_prefix})
    assert response.status_code == 200, name
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("paragraph", ["About twenty customers spent the evening with the management"]),
        ("heading", ['<h2 class="kf-heading">What happens to your suggestions</h2>']),
        ("quote", ["I did not expect our suggestion", "A customer at the second forum"]),
        ("facts", ["Dynamic Facilitation", "<dd>20</dd>", "<dd>11</dd>", "<dd>30</dd>"]),
    ],
)
def test_a_block_preview_shows_a_sample_in_the_apps_style(admin_client, name, shown):
    html = block_preview(admin_client, name)
    assert "wagtail_kundenforum/css/kundenforum.css" in html
    for text in shown:
        assert text in html


def test_the_tracker_preview_shows_the_sites_published_suggestions(admin_client):
    forum = make_forum(1)
    make_suggestion(forum, title="Hotline wieder mit Festnetznummer", status="umgesetzt")
    make_suggestion(forum, title="Entwurf, noch nicht veröffentlicht", live=False)
    html = block_preview(admin_client, "tracker")
    assert 'class="kf-tracker"' in html
    assert "Hotline wieder mit Festnetznummer" in html
    assert "noch nicht veröffentlicht" not in html
    # The preview's own address (?id=...) is no filter: no note about unknown values.
    assert 'class="kf-note"' not in html


def test_the_stats_preview_counts_the_first_forums_suggestions(admin_client):
    first, second = make_forum(1, title="Erstes Forum"), make_forum(2, title="Zweites Forum")
    make_suggestion(first, title="Hotline", status="umgesetzt")
    make_suggestion(first, title="Busfahrplan", status="in-der-mache")
    make_suggestion(second, title="Wasserhärte")
    html = block_preview(admin_client, "stats")
    assert 'class="kf-stats" data-count="2"' in html
    assert "Erstes Forum" in html and "Zweites Forum" not in html


def test_the_stats_preview_of_a_site_without_forums_is_empty_not_an_error(admin_client):
    assert 'class="kf-stats"' not in block_preview(admin_client, "stats")


def test_the_image_block_has_no_preview():
    assert not body_block("image").is_previewable


# The suggestion's preview


@pytest.fixture
def hotline(django_capture_on_commit_callbacks):
    forum = make_forum(1, title="Erstes Forum", date=datetime.date(2011, 10, 12))
    suggestion = make_suggestion(
        forum, title="Hotline wieder mit Festnetznummer", topic=make_topic("service")
    )
    with django_capture_on_commit_callbacks(execute=True):
        change_status(suggestion, status("in-der-mache"), note="Wir prüfen die Umstellung.")
    return Suggestion.objects.get(pk=suggestion.pk)


def preview(client, url, data):
    posted = client.post(url, data)
    assert posted.json()["is_valid"] is True
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_edit_view_offers_a_preview(admin_client, hotline):
    html = admin_client.get(snippet_url("suggestion", "edit", hotline.pk)).content.decode()
    assert snippet_url("suggestion", "preview_on_edit", hotline.pk) in html


def test_the_preview_shows_the_public_page_of_the_edited_draft(admin_client, hotline):
    data = edit_form_data(
        hotline,
        title="Hotline wieder unter einer Festnetznummer",
        status=status("umgesetzt").pk,
        answer=rich_text("<p>Seit März erreichbar.</p>", features=ANSWER_FEATURES),
    )
    url = snippet_url("suggestion", "preview_on_edit", hotline.pk)
    html = preview(admin_client, url, data)
    assert '<h1 class="kf-suggestion-page__title">Hotline wieder unter einer' in html
    assert 'class="kf-suggestion-page" data-status="umgesetzt"' in html
    assert "Seit März erreichbar." in html
    timeline = html[html.index('<ol class="kf-timeline">') : html.index("</ol>")]
    # Raised at forum 1, the recorded change, and the step that publishing will record.
    assert "Raised at forum 1" in timeline
    assert "Wir prüfen die Umstellung." in timeline
    steps = re.findall(r'data-status="([a-z-]+)"', timeline)
    assert steps == ["in-der-mache", "umgesetzt"]
    # Nothing of the draft is stored by previewing.
    stored = Suggestion.objects.select_related("status").get(pk=hotline.pk)
    assert stored.title == "Hotline wieder mit Festnetznummer"
    assert stored.status.slug == "in-der-mache"
    assert SuggestionStatusChange.objects.filter(suggestion=hotline).count() == 1


def test_the_preview_of_an_unchanged_status_adds_no_step(admin_client, hotline):
    url = snippet_url("suggestion", "preview_on_edit", hotline.pk)
    html = preview(admin_client, url, edit_form_data(hotline, description="Neu formuliert"))
    timeline = html[html.index('<ol class="kf-timeline">') : html.index("</ol>")]
    assert re.findall(r'data-status="([a-z-]+)"', timeline) == ["in-der-mache"]
    assert "Neu formuliert" in html


def test_the_preview_warns_when_readers_will_not_see_the_suggestion(admin_client, hotline):
    hidden = SuggestionStatus.objects.create(
        label="Intern", slug="intern", kind="open", is_public=False
    )
    url = snippet_url("suggestion", "preview_on_edit", hotline.pk)
    html = preview(admin_client, url, edit_form_data(hotline, status=hidden.pk))
    assert "Readers will not see this suggestion: its status is not public." in html


def test_a_new_suggestion_can_be_previewed_before_it_is_saved(admin_client):
    forum = make_forum(1, title="Erstes Forum")
    make_suggestion(forum, title="Schon da")  # the default statuses
    data = {
        "title": "Busfahrplan als Aushang",
        "forum": forum.pk,
        "topic": "",
        "original_wording": "Fahrpläne wieder an die Haltestellen!",
        "description": "",
        "status": status("in-pruefung").pk,
        "answer": rich_text("", features=ANSWER_FEATURES),
        "declined_reason": "",
        "existing_service_page": "",
        "existing_service_url": "",
        "external_id": "",
    }
    for prefix in ("status_changes", "related_pages"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    html = preview(admin_client, snippet_url("suggestion", "preview_on_add"), data)
    assert "Busfahrplan als Aushang" in html
    assert "Fahrpläne wieder an die Haltestellen!" in html
    assert not Suggestion.objects.filter(title="Busfahrplan als Aushang").exists()
