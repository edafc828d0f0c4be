"""Editors keep suggestions current in the Wagtail admin: the listing with its filters, search
and export, the inspect view, the edit view with drafts, the bulk status change, the
dashboard panel of unanswered suggestions, and the status and topic snippets. Every status
change that readers can see is recorded in the suggestion's history, whichever way it is made.
"""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
)

from tests.support.helpers import count_queries, make_forum, make_suggestion, make_topic, status
from wagtail_kundenforum.models import (
    Suggestion,
    SuggestionStatus,
    SuggestionStatusChange,
    SuggestionTopic,
)
from wagtail_kundenforum.models.suggestions import ANSWER_FEATURES
from wagtail_kundenforum.status_changes import change_status

pytestmark = pytest.mark.django_db

LIST_TITLES = ("Hotline", "Busfahrplan", "Wasserhärte", "Tarifrechner")


def admin_url(view_name, *args, model="suggestion"):
    return reverse(f"wagtailsnippets_wagtail_kundenforum_{model}:{view_name}", args=args)


def bulk_url(*suggestions, next_url=None):
    url = reverse(
        "wagtail_bulk_action", args=("wagtail_kundenforum", "suggestion", "change_status")
    )
    query = "&".join(f"id={suggestion.pk}" for suggestion in suggestions)
    if next_url:
        query += f"&next={next_url}"
    return f"{url}?{query}"


def history(suggestion):
    changes = SuggestionStatusChange.objects.filter(suggestion=suggestion)
    return [
        (change.from_status and change.from_status.slug, change.to_status.slug, change.note)
        for change in changes.select_related("from_status", "to_status")
    ]


def live(suggestion):
    return Suggestion.objects.select_related("status").get(pk=suggestion.pk)


def open_editor(client, suggestion):
    """The edit form's data as the editor's browser holds it once the page has loaded."""
    editor = client.get(admin_url("edit", suggestion.pk))
    return querydict_from_html(editor.content.decode(), form_id="w-editor-form")


def publish_form(client, suggestion, data):
    data["action-publish"] = "action-publish"
    return client.post(admin_url("edit", suggestion.pk), data)


def titles_in(response):
    html = response.content.decode()
    return {title for title in LIST_TITLES if title in html}


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def edit_form_data(suggestion, publish=False, **changes):
    """The edit form as the admin sends it, with the suggestion's history rows unchanged."""
    changes_rows = [
        {
            "id": change.pk,
            "date": change.date.isoformat(),
            "from_status": change.from_status_id or "",
            "to_status": change.to_status_id,
            "note": change.note,
        }
        for change in suggestion.status_changes.all()
    ]
    fields = {
        "title": suggestion.title,
        "forum": suggestion.forum_id,
        "topic": suggestion.topic_id or "",
        "original_wording": suggestion.original_wording,
        "description": suggestion.description,
        "status": suggestion.status_id,
        "answer": rich_text(suggestion.answer, features=ANSWER_FEATURES),
        "declined_reason": suggestion.declined_reason,
        "existing_service_page": "",
        "existing_service_url": suggestion.existing_service_url,
        "status_changes": inline_formset(changes_rows, initial=len(changes_rows)),
        "related_pages": inline_formset([]),
        "external_id": suggestion.external_id,
    }
    fields.update(changes)
    data = nested_form_data(fields)
    if publish:
        data["action-publish"] = "action-publish"
    return data


def change_form_data(slug, **fields):
    data = {"status": status(slug).pk, "note": "", "date": timezone.localdate().isoformat()}
    data["reason"] = ""
    data.update(fields)
    return data


def change_in_bulk(client, suggestion, slug, **fields):
    """The bulk status change of one suggestion, accepted (redirected)."""
    response = client.post(bulk_url(suggestion), change_form_data(slug, **fields))
    assert response.status_code == 302


def make_user(django_user_model, username, permissions, group_name=None):
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    user = django_user_model.objects.create_user(username, f"{username}@stadtwerke.example", "pw")
    codenames = [f"{action}_suggestion" for action in permissions]
    suggestion_permissions = Permission.objects.filter(
        content_type__app_label="wagtail_kundenforum", codename__in=codenames
    )
    if group_name:  # Wagtail's initial data has an "Editors" group
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(access, *suggestion_permissions)
        user.groups.add(group)
    else:
        user.user_permissions.add(access, *suggestion_permissions)
    return user


@pytest.fixture
def plain_editor(django_user_model):
    """An admin user who may see suggestions but not change them."""
    return make_user(django_user_model, "leser", ["view"])


@pytest.fixture
def draft_editor(django_user_model):
    """An editor of the Editors group who may change suggestions but not publish them."""
    return make_user(django_user_model, "redakteur", ["add", "change", "view"], "Editors")


@pytest.fixture
def forums():
    return make_forum(1), make_forum(2, date=datetime.date(2012, 11, 7))


@pytest.fixture
def suggestions(forums, django_capture_on_commit_callbacks):
    first, second = forums
    strom, bus = make_topic("strom"), make_topic("bus")
    # The search index is updated on commit.
    with django_capture_on_commit_callbacks(execute=True):
        return [
            make_suggestion(first, title="Hotline wieder mit Festnetznummer", topic=strom),
            make_suggestion(first, "in-der-mache", title="Busfahrplan am Abend", topic=bus),
            make_suggestion(second, "umgesetzt", title="Wasserhärte auf der Rechnung"),
            make_suggestion(second, title="Tarifrechner im Netz", topic=strom, live=False),
        ]


# The edit view


def test_publishing_a_new_status_in_the_edit_view_records_one_history_row(admin_client, forums):
    suggestion = make_suggestion(forums[0])
    data = edit_form_data(suggestion, publish=True, status=status("umgesetzt").pk)

    response = admin_client.post(admin_url("edit", suggestion.pk), data)

    assert response.status_code == 302
    assert live(suggestion).status.slug == "umgesetzt"
    assert history(suggestion) == [("in-pruefung", "umgesetzt", "")]


def test_saving_a_draft_with_a_new_status_records_no_history(admin_client, forums):
    suggestion = make_suggestion(forums[0])
    data = edit_form_data(suggestion, status=status("umgesetzt").pk)

    response = admin_client.post(admin_url("edit", suggestion.pk), data)

    assert response.status_code == 302
    assert live(suggestion).status.slug == "in-pruefung"
    assert live(suggestion).get_latest_revision_as_object().status.slug == "umgesetzt"
    assert history(suggestion) == []


def test_publishing_an_unchanged_status_records_no_history(admin_client, forums):
    suggestion = make_suggestion(forums[0])
    data = edit_form_data(suggestion, publish=True, description="Neu formuliert")
    assert admin_client.post(admin_url("edit", suggestion.pk), data).status_code == 302
    assert live(suggestion).description == "Neu formuliert"
    assert history(suggestion) == []


def save_older_draft_and_change_status_in_bulk(client, suggestion):
    """An editor saves a draft; then a colleague changes the status with the bulk action."""
    draft = edit_form_data(suggestion, description="Text aus dem Entwurf")
    assert client.post(admin_url("edit", suggestion.pk), draft).status_code == 302
    change_in_bulk(client, suggestion, "in-der-mache", note="Wir prüfen die Umstellung.")
    assert history(suggestion) == [("in-pruefung", "in-der-mache", "Wir prüfen die Umstellung.")]


def assert_keeps_the_bulk_change(suggestion, description):
    """The live suggestion has ``description``, and the status and the one history row of the
    bulk change made while an editor had it open."""
    published = live(suggestion)
    assert published.description == description
    assert published.status.slug == "in-der-mache"
    assert history(suggestion) == [("in-pruefung", "in-der-mache", "Wir prüfen die Umstellung.")]


def test_an_older_draft_reopened_and_published_keeps_a_newer_bulk_change(admin_client, forums):
    suggestion = make_suggestion(forums[0])
    save_older_draft_and_change_status_in_bulk(admin_client, suggestion)

    data = open_editor(admin_client, suggestion)
    assert publish_form(admin_client, suggestion, data).status_code == 302

    assert_keeps_the_bulk_change(suggestion, "Text aus dem Entwurf")


def test_an_older_draft_published_as_saved_keeps_a_newer_bulk_change(admin_client, forums):
    # As when the draft goes live on its schedule or through a workflow's approval.
    suggestion = make_suggestion(forums[0])
    save_older_draft_and_change_status_in_bulk(admin_client, suggestion)

    live(suggestion).latest_revision.publish()

    assert_keeps_the_bulk_change(suggestion, "Text aus dem Entwurf")


def test_a_form_opened_before_a_bulk_change_and_published_after_it_keeps_the_change(
    admin_client, forums
):
    suggestion = make_suggestion(forums[0])
    data = open_editor(admin_client, suggestion)

    change_in_bulk(admin_client, suggestion, "in-der-mache", note="Wir prüfen die Umstellung.")
    data["description"] = "Im offenen Formular ergänzt"
    assert publish_form(admin_client, suggestion, data).status_code == 302

    assert_keeps_the_bulk_change(suggestion, "Im offenen Formular ergänzt")


def test_a_status_chosen_in_a_form_opened_before_a_bulk_change_is_applied_after_it(
    admin_client, forums
):
    suggestion = make_suggestion(forums[0])
    data = open_editor(admin_client, suggestion)

    change_in_bulk(admin_client, suggestion, "in-der-mache")
    assert live(suggestion).status.slug == "in-der-mache"
    data["status"] = str(status("umgesetzt").pk)
    assert publish_form(admin_client, suggestion, data).status_code == 302

    assert live(suggestion).status.slug == "umgesetzt"
    assert history(suggestion) == [
        ("in-pruefung", "in-der-mache", ""),
        ("in-der-mache", "umgesetzt", ""),
    ]


# The bulk status change


def test_the_bulk_action_asks_for_the_new_status_with_todays_date(admin_client, suggestions):
    response = admin_client.get(bulk_url(*suggestions[:2]))
    html = response.content.decode()
    assert response.status_code == 200
    assert titles_in(response) == {"Hotline", "Busfahrplan"}
    for field in ("status", "note", "date", "reason"):
        assert f'name="{field}"' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html


def test_the_listing_offers_the_bulk_status_change(admin_client, suggestions):
    html = admin_client.get(admin_url("list")).content.decode()
    assert "Change the status of the selected suggestions" in html
    assert bulk_url().split("?")[0] in html


def test_the_bulk_action_records_history_for_every_selected_suggestion(admin_client, suggestions):
    hotline, bus, water, _draft = suggestions
    data = change_form_data("umgesetzt", note="Seit März umgesetzt.", date="2012-03-01")

    response = admin_client.post(
        bulk_url(hotline, bus, next_url=admin_url("list")), data, follow=True
    )

    assert response.redirect_chain == [(admin_url("list"), 302)]
    assert "2 suggestions now have the status “Das haben wir umgesetzt”." in (
        response.content.decode()
    )
    assert history(hotline) == [("in-pruefung", "umgesetzt", "Seit März umgesetzt.")]
    assert history(bus) == [("in-der-mache", "umgesetzt", "Seit März umgesetzt.")]
    assert {change.date for change in SuggestionStatusChange.objects.all()} == {
        datetime.date(2012, 3, 1)
    }
    assert live(hotline).status.slug == live(bus).status.slug == "umgesetzt"
    assert history(water) == []


def test_a_declined_status_needs_a_reason_in_the_form(admin_client, suggestions):
    hotline, bus = suggestions[:2]

    response = admin_client.post(bulk_url(hotline, bus), change_form_data("geht-nicht"))

    assert response.status_code == 200
    assert "“Das geht nicht” needs a reason." in response.content.decode()
    assert live(hotline).status.slug == "in-pruefung"
    assert live(bus).status.slug == "in-der-mache"
    assert SuggestionStatusChange.objects.count() == 0


def test_a_declined_status_with_a_reason_is_recorded(admin_client, suggestions):
    hotline = suggestions[0]
    data = change_form_data("geht-nicht", reason="Die Nummer ist gesetzlich vorgegeben.")

    assert admin_client.post(bulk_url(hotline), data).status_code == 302

    assert live(hotline).declined_reason == "Die Nummer ist gesetzlich vorgegeben."
    assert history(hotline) == [("in-pruefung", "geht-nicht", "")]


def test_the_date_of_a_change_cannot_lie_ahead(admin_client, suggestions):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = change_form_data("umgesetzt", date=tomorrow.isoformat())
    response = admin_client.post(bulk_url(suggestions[0]), data)
    assert response.status_code == 200
    assert SuggestionStatusChange.objects.count() == 0


def test_users_without_change_permission_cannot_change_statuses(client, plain_editor, suggestions):
    client.force_login(plain_editor)
    hotline = suggestions[0]

    client.get(bulk_url(hotline))
    response = client.post(bulk_url(hotline), change_form_data("umgesetzt"))

    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert live(hotline).status.slug == "in-pruefung"
    assert SuggestionStatusChange.objects.count() == 0


def test_editors_without_publish_permission_change_only_unpublished_suggestions(
    client, draft_editor, suggestions
):
    client.force_login(draft_editor)
    hotline, draft = suggestions[0], suggestions[3]

    confirmation = client.get(bulk_url(hotline, draft)).content.decode()
    assert "You don't have permission to change the status of these suggestions" in confirmation
    assert client.post(bulk_url(hotline, draft), change_form_data("umgesetzt")).status_code == 302

    assert live(hotline).status.slug == "in-pruefung"
    assert live(draft).status.slug == "umgesetzt"
    assert SuggestionStatusChange.objects.count() == 0  # readers never saw the draft


# The listing: filters, search, ordering, export, inspect view


def test_the_listing_shows_forum_topic_status_and_publication(admin_client, suggestions):
    response = admin_client.get(admin_url("list"))
    html = response.content.decode()
    assert titles_in(response) == set(LIST_TITLES)
    for text in ("Forum 1", "Strom", "Das ist in der Mache", "Publication"):
        assert text in html
    assert html.count("draft\n") == 1 and html.count("live\n") == 3


def test_the_listing_filters_by_forum(admin_client, suggestions, forums):
    response = admin_client.get(admin_url("list"), {"forum": forums[1].pk})
    assert titles_in(response) == {"Wasserhärte", "Tarifrechner"}


def test_the_listing_filters_by_topic(admin_client, suggestions):
    strom = SuggestionTopic.objects.get(slug="strom")
    assert titles_in(admin_client.get(admin_url("list"), {"topic": strom.pk})) == {
        "Hotline",
        "Tarifrechner",
    }
    assert titles_in(admin_client.get(admin_url("list"), {"topic": "null"})) == {"Wasserhärte"}


def test_the_listing_filters_by_status(admin_client, suggestions):
    response = admin_client.get(admin_url("list"), {"status": status("in-der-mache").pk})
    assert titles_in(response) == {"Busfahrplan"}


def test_the_listing_filters_by_publication(admin_client, suggestions):
    assert titles_in(admin_client.get(admin_url("list"), {"live": "false"})) == {"Tarifrechner"}


def test_the_listing_searches_suggestions(admin_client, suggestions):
    def found(**params):
        return titles_in(admin_client.get(admin_url("list"), params))

    assert found(q="Festnetz") == {"Hotline"}
    assert found(q="Wasser") == {"Wasserhärte"}
    assert found(q="Wasser", forum=suggestions[0].forum_id) == set()


@pytest.mark.parametrize("ordering", ["title", "-last_change", "forum__number", "status__order"])
def test_search_results_sort_by_any_column(admin_client, suggestions, ordering):
    response = admin_client.get(admin_url("list"), {"q": "Hotline", "ordering": ordering})
    assert response.status_code == 200
    assert titles_in(response) == {"Hotline"}


def test_the_listing_sorts_by_status(admin_client, suggestions):
    html = admin_client.get(admin_url("list"), {"ordering": "-status__order"}).content.decode()
    # The default statuses in order: implemented, exists, in progress, declined, in review.
    positions = [html.index(title) for title in ("Hotline", "Busfahrplan", "Wasserhärte")]
    assert positions == sorted(positions)


def test_drafts_and_status_changes_count_as_updates(admin_client, suggestions):
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Suggestion.objects.update(updated_at=long_ago)
    Revision.objects.update(created_at=long_ago)
    bus, water = suggestions[1:3]

    def most_recent():
        response = admin_client.get(admin_url("list"), {"ordering": "-last_change"})
        html = response.content.decode()
        return min(titles_in(response), key=html.index)

    draft = edit_form_data(live(bus), description="Entwurf")
    assert admin_client.post(admin_url("edit", bus.pk), draft).status_code == 302
    assert most_recent() == "Busfahrplan"
    change_status(water, status("in-der-mache"))
    assert most_recent() == "Wasserhärte"


def test_the_listing_needs_no_more_queries_for_more_suggestions(admin_client, forums):
    admin_client.get(admin_url("list"))  # warm up caches (content types, sessions)
    make_suggestion(forums[0], topic=make_topic("strom"))
    few = count_queries(admin_client, admin_url("list"))
    for n in range(10):
        topic = make_topic("bus") if n % 2 else None
        make_suggestion(forums[n % 2], "umgesetzt", title=f"Vorschlag {n}", topic=topic)
    assert count_queries(admin_client, admin_url("list")) == few


def test_the_csv_export_contains_the_suggestions(admin_client, suggestions):
    hotline = suggestions[0]
    Suggestion.objects.filter(pk=hotline.pk).update(
        original_wording='=HYPERLINK("http://evil.example","Klick")',
        answer='<p data-block-key="a1">Seit <b>März</b> erreichbar.</p>',
    )

    header, *rows = csv_rows(admin_client.get(admin_url("list"), {"export": "csv"}))

    for heading in ("Title", "Forum number", "Topic", "Status", "Kind of status", "Public answer"):
        assert heading in header
    assert len(rows) == 4
    row = dict(zip(header, rows[0], strict=True))
    assert row["Title"] == "Hotline wieder mit Festnetznummer"
    assert row["Forum number"] == "1" and row["Status"] == "Wird geprüft"
    assert row["Kind of status"] == "open" and row["Topic"] == "Strom"
    assert row["Original wording"] == '\'=HYPERLINK("http://evil.example","Klick")'
    assert row["Public answer"] == "Seit März erreichbar."


def test_the_csv_export_follows_the_filters(admin_client, suggestions):
    rows = csv_rows(
        admin_client.get(admin_url("list"), {"export": "csv", "status": status("umgesetzt").pk})
    )
    assert [row[rows[0].index("Title")] for row in rows[1:]] == ["Wasserhärte auf der Rechnung"]


def test_the_xlsx_export_contains_the_suggestions(admin_client, suggestions):
    response = admin_client.get(admin_url("list"), {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *rows = list(workbook.active.iter_rows(values_only=True))
    titles = {row[header.index("Title")] for row in rows}
    assert titles == {suggestion.title for suggestion in suggestions}
    assert all(isinstance(row[header.index("Created at")], datetime.datetime) for row in rows)


def test_the_inspect_view_shows_a_suggestion_and_its_history(admin_client, suggestions):
    hotline = suggestions[0]
    Suggestion.objects.filter(pk=hotline.pk).update(
        description="Eine Festnetznummer, bitte.", answer="<p>Seit <b>März</b> erreichbar.</p>"
    )
    change_status(hotline, status("umgesetzt"), note="Erledigt", date=datetime.date(2012, 11, 7))

    html = admin_client.get(admin_url("inspect", hotline.pk)).content.decode()

    assert "Hotline wieder mit Festnetznummer" in html
    assert "Eine Festnetznummer, bitte." in html
    assert "<p>Seit <b>März</b> erreichbar.</p>" in html
    assert "Forum 1" in html and "Das haben wir umgesetzt" in html
    assert "Status history" in html and "2012-11-07: Wird geprüft → Das haben wir umgesetzt" in html


def test_the_import_button_shows_to_users_who_may_import(
    admin_client, client, plain_editor, draft_editor, suggestions
):
    assert admin_url("import") in admin_client.get(admin_url("list")).content.decode()
    for user in (plain_editor, draft_editor):  # importing publishes: add alone is not enough
        client.force_login(user)
        response = client.get(admin_url("list"))
        assert response.status_code == 200 and admin_url("import") not in response.content.decode()


# The dashboard panel


def age(suggestion, days):
    created = timezone.now() - datetime.timedelta(days=days)
    Suggestion.objects.filter(pk=suggestion.pk).update(created_at=created)


def unanswered_panel(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    start = html.find('id="kundenforum-unanswered-suggestions')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def test_the_dashboard_lists_old_suggestions_without_answer(admin_client, forums):
    old = make_suggestion(forums[0], title="Hotline wieder mit Festnetznummer")
    empty_paragraph = make_suggestion(
        forums[0], title="Busfahrplan am Abend", answer='<p data-block-key="x1z"></p>'
    )
    answered = make_suggestion(forums[0], title="Wasserhärte", answer="<p>Steht online.</p>")
    recent = make_suggestion(forums[1], title="Tarifrechner im Netz")
    unpublished = make_suggestion(forums[1], title="Ein Entwurf", live=False)
    for suggestion in (old, empty_paragraph, answered, unpublished):
        age(suggestion, 45)
    age(recent, 5)

    panel = unanswered_panel(admin_client)

    assert "Suggestions without answer for 30 days" in panel
    assert "2 published suggestions have had no public answer for 30 days or longer." in panel
    assert admin_url("edit", old.pk) in panel and admin_url("edit", empty_paragraph.pk) in panel
    for title in ("Wasserhärte", "Tarifrechner", "Ein Entwurf"):
        assert title not in panel


def test_an_answer_left_empty_in_the_editor_counts_as_no_answer(admin_client, forums):
    suggestion = make_suggestion(forums[0], answer="<p>Vorläufig</p>")
    data = edit_form_data(suggestion, publish=True, answer=rich_text(""))
    assert admin_client.post(admin_url("edit", suggestion.pk), data).status_code == 302
    age(suggestion, 31)
    assert admin_url("edit", suggestion.pk) in unanswered_panel(admin_client)


def test_the_dashboard_shows_the_ten_oldest(admin_client, forums):
    for n in range(12):
        age(make_suggestion(forums[0], title=f"Vorschlag Nr. {n}<"), 100 - n)
    panel = unanswered_panel(admin_client)
    assert "12 published suggestions" in panel
    assert [n for n in range(12) if f"Vorschlag Nr. {n}&lt;" in panel] == list(range(10))


def test_the_number_of_days_is_a_setting(admin_client, forums, settings):
    settings.KUNDENFORUM_UNANSWERED_DAYS = 7
    suggestion = make_suggestion(forums[0])
    age(suggestion, 10)
    panel = unanswered_panel(admin_client)
    assert "Suggestions without answer for 7 days" in panel
    assert admin_url("edit", suggestion.pk) in panel


def test_the_dashboard_panel_is_only_for_users_who_may_change_suggestions(
    client, plain_editor, draft_editor, forums
):
    age(make_suggestion(forums[0]), 45)
    client.force_login(plain_editor)
    assert unanswered_panel(client) == ""
    client.force_login(draft_editor)
    assert "1 published suggestion has had no public answer" in unanswered_panel(client)


# Statuses and topics


def row_cells(html, text):
    """The cells of the listing's table row that contains ``text``, as plain text."""
    start = html.rindex("<tr", 0, html.index(text))
    row = html[start : html.index("</tr>", start)]
    return [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in row.split("<td")[1:]]


def test_the_status_listing_shows_kinds_and_counts(admin_client, suggestions):
    html = admin_client.get(admin_url("list", model="suggestionstatus")).content.decode()
    for text in ("Das haben wir umgesetzt", "gibt-es-schon", "declined", "#15803d"):
        assert text in html
    positions = [html.index(label) for label in ("Das haben wir umgesetzt", "Wird geprüft")]
    assert positions == sorted(positions)
    assert row_cells(html, "Wird geprüft")[-1].endswith("2")  # Hotline and Tarifrechner
    assert row_cells(html, "Das geht nicht")[-1].endswith("0")


def test_editors_add_a_status(admin_client):
    data = {"label": "Zurückgestellt", "slug": "zurueckgestellt", "description": ""}
    data.update(kind="open", colour="#1d4ed8", order=7, is_public="on")
    response = admin_client.post(admin_url("add", model="suggestionstatus"), data)
    assert response.status_code == 302
    added = SuggestionStatus.objects.get(slug="zurueckgestellt")
    assert added.kind == "open" and added.is_public
    listing = admin_client.get(admin_url("list", model="suggestionstatus")).content.decode()
    assert "Zurückgestellt" in listing


def test_editors_list_and_add_topics(admin_client, suggestions):
    listing = admin_client.get(admin_url("list", model="suggestiontopic")).content.decode()
    assert row_cells(listing, "strom")[-1].endswith("2")
    assert row_cells(listing, "bus")[-1].endswith("1")
    data = {"name": "Bäder", "slug": "baeder", "order": 6}
    response = admin_client.post(admin_url("add", model="suggestiontopic"), data)
    assert response.status_code == 302
    assert SuggestionTopic.objects.filter(slug="baeder", name="Bäder").exists()
    listing = admin_client.get(admin_url("list", model="suggestiontopic")).content.decode()
    assert "Bäder" in listing


def test_the_customer_forum_menu_lists_the_tracker_in_order(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    labels = ["Forums", "Suggestions", "Statuses", "Topics", "Reader comments"]
    positions = [html.index(f'"label": "{label}') for label in labels]
    assert positions == sorted(positions)
