"""Details editors stumbled on (issue 15): official replies signed as the utility, never with
a login; a report dated by its forum; forum names that do not repeat their number; slugs
spelled the German way."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale, Page, Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.support.helpers import (
    make_comment,
    make_forum,
    make_index,
    make_report,
    make_site,
    make_suggestion,
    make_topic,
    make_tracker_page,
    publish,
    tracker_block,
)
from wagtail_kundenforum.models import (
    ForumIndexPage,
    ForumReportPage,
    KundenforumSettings,
    ReaderComment,
    SuggestionStatus,
    SuggestionTopic,
)
from wagtail_kundenforum.text import german_slug

pytestmark = pytest.mark.django_db

LOGIN = "mod.kraemer7"


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


# 6. Official replies are signed as the utility


@pytest.fixture
def moderator(django_user_model):
    """A moderator whose account has a login but no full name, as demo accounts do."""
    return django_user_model.objects.create_superuser(LOGIN, "mod@stadtwerke.example", "pw")


@pytest.fixture
def question(report):
    return make_comment(report, 1, name="Erna Beispiel", text="Gibt es wieder eine Festnetznummer?")


def reply(client, user, comment, text="Ja, seit März."):
    client.force_login(user)
    url = reverse("wagtailsnippets_wagtail_kundenforum_readercomment:reply", args=[comment.pk])
    assert client.post(url, {"text": text}).status_code == 302
    client.logout()
    return ReaderComment.objects.get(text=text, is_official=True)


def public_signature(client, report):
    """The author line of the official reply on the report's public page."""
    soup = soup_of(client.get(report.url))
    return soup.select_one(".kf-comment--official .kf-comment__author").get_text(strip=True)


def test_a_moderator_without_a_full_name_is_not_named_by_login(client, moderator, question):
    reply(client, moderator, question)
    html = client.get(question.page.url).content.decode()
    assert LOGIN not in html
    assert public_signature(client, question.page) == "Your utility"


def test_the_default_signature_is_in_the_pages_language(client, moderator):
    german = Locale.objects.create(language_code="de")
    german_report = make_report(make_index(), 1)
    Page.objects.filter(pk=german_report.pk).update(locale=german)  # a German site's page
    question = make_comment(german_report, 1, text="Gibt es wieder eine Festnetznummer?")
    with translation.override("en"):  # whatever language the moderator's admin speaks
        reply(client, moderator, question)
    assert public_signature(client, german_report) == "Ihre Stadtwerke"


def test_the_sites_name_signs_when_no_signature_is_set(client, moderator, question):
    Site.objects.filter(is_default_site=True).update(site_name="Stadtwerke Musterstadt")
    assert reply(client, moderator, question).name == "Stadtwerke Musterstadt"


def test_the_signature_setting_signs_the_reply(client, moderator, question, site_settings):
    site_settings.official_reply_signature = "Ihre Stadtwerke Musterstadt"
    site_settings.save()
    reply(client, moderator, question)
    assert public_signature(client, question.page) == "Ihre Stadtwerke Musterstadt"


def test_naming_the_author_adds_the_full_name(client, moderator, question, site_settings):
    moderator.first_name, moderator.last_name = "Max", "Muster"
    moderator.save()
    site_settings.official_reply_signature = "Ihre Stadtwerke"
    site_settings.official_reply_names_author = True
    site_settings.save()
    reply(client, moderator, question)
    assert public_signature(client, question.page) == "Ihre Stadtwerke (Max Muster)"


def test_naming_the_author_never_falls_back_to_the_login(
    client, moderator, question, site_settings
):
    site_settings.official_reply_names_author = True
    site_settings.save()
    assert reply(client, moderator, question).name == "Your utility"


def test_a_reply_keeps_the_signature_it_was_published_with(
    client, moderator, question, site_settings
):
    site_settings.official_reply_signature = "Stadtwerke Altstadt"
    site_settings.save()
    reply(client, moderator, question)
    site_settings.official_reply_signature = "Stadtwerke Neustadt"
    site_settings.save()
    assert public_signature(client, question.page) == "Stadtwerke Altstadt"


def test_the_reply_form_shows_the_signature(client, moderator, question, site_settings):
    site_settings.official_reply_signature = "Ihre Stadtwerke"
    site_settings.save()
    client.force_login(moderator)
    url = reverse("wagtailsnippets_wagtail_kundenforum_readercomment:reply", args=[question.pk])
    soup = soup_of(client.get(url))
    assert soup.select_one("#kf-reply-signature strong").get_text() == "Ihre Stadtwerke"


# 7. A report is dated by its forum, which the editor chooses first


def add_report_url(index):
    return reverse(
        "wagtailadmin_pages:add", args=("wagtail_kundenforum", "forumreportpage", index.pk)
    )


def report_form_data(**fields):
    data = {"title": "Zweites Kundenforum", "slug": "zweites", "teaser": "Zwanzig Gäste."}
    data.update(fields)
    return nested_form_data({**data, "body": streamfield([])})


def test_a_report_without_a_date_takes_its_forums_date(admin_client):
    index = make_index()
    forum = make_forum(2, title="Zweites Kundenforum", date=datetime.date(2011, 11, 15))
    response = admin_client.post(add_report_url(index), report_form_data(date="", forum=forum.pk))
    assert response.status_code == 302
    assert ForumReportPage.objects.get(slug="zweites").date == datetime.date(2011, 11, 15)


def test_a_date_typed_by_the_editor_is_kept(admin_client):
    index = make_index()
    forum = make_forum(2, date=datetime.date(2011, 11, 15))
    data = report_form_data(date="2011-12-07", forum=forum.pk)
    assert admin_client.post(add_report_url(index), data).status_code == 302
    assert ForumReportPage.objects.get(slug="zweites").date == datetime.date(2011, 12, 7)


def test_a_report_without_date_and_forum_is_dated_today(admin_client):
    index = make_index()
    assert admin_client.post(add_report_url(index), report_form_data(date="")).status_code == 302
    assert ForumReportPage.objects.get(slug="zweites").date == timezone.localdate()


def test_a_report_saved_by_code_without_a_date_takes_its_forums_date():
    forum = make_forum(1, date=datetime.date(2011, 3, 2))
    report = publish(make_index(), ForumReportPage(title="Erstes", teaser="…", forum=forum))
    report.refresh_from_db()
    assert report.date == datetime.date(2011, 3, 2)


def test_the_editor_chooses_the_forum_before_the_date(admin_client):
    html = admin_client.get(add_report_url(make_index())).content.decode()
    assert 'name="date"' in html and 'name="forum"' in html
    assert html.index('name="forum"') < html.index('name="date"')


# 8. A forum's name does not repeat its number


@pytest.fixture
def ordinal_forums():
    return [
        make_forum(1, title="Erstes Kundenforum", date=datetime.date(2011, 3, 2)),
        make_forum(2, title="Kundenforum Wasser", date=datetime.date(2011, 6, 8)),
        make_forum(3, title="Drittes Kundenforum", date=datetime.date(2011, 11, 15)),
    ]


@pytest.mark.parametrize(
    ("number", "title", "shown"),
    [
        (1, "Erstes Kundenforum", "Erstes Kundenforum"),
        (3, "Drittes Kundenforum", "Drittes Kundenforum"),
        (2, "Das zweite Kundenforum", "Das zweite Kundenforum"),
        (7, "Siebentes Forum", "Siebentes Forum"),
        (2, "Second customer forum", "Second customer forum"),
        (4, "Kundenforum 4", "Kundenforum 4"),
        (13, "13. Kundenforum", "13. Kundenforum"),
        (2, "Kundenforum Wasser", "2. Kundenforum Wasser"),
        (2, "Kundenforum 2012", "2. Kundenforum 2012"),
        (8, "Acht Fragen zum Strompreis", "8. Acht Fragen zum Strompreis"),
        (3, "Erstes Kundenforum", "3. Erstes Kundenforum"),  # not its own number
    ],
)
def test_a_forum_is_named_by_its_title_when_that_names_its_number(number, title, shown):
    assert str(make_forum(number, title=title)) == shown


def test_the_tracker_grouped_by_forum_does_not_repeat_numbers(client, ordinal_forums):
    for forum in ordinal_forums:
        make_suggestion(forum, title=f"Vorschlag aus {forum.title}")
    page = make_tracker_page(tracker_block(group_by="forum"))
    soup = soup_of(client.get(page.url))
    text = soup.select_one(".kf-tracker").get_text(" ", strip=True)
    assert "1. Erstes Kundenforum" not in text and "3. Drittes Kundenforum" not in text
    headings = [group.find(["h2", "h3"]).get_text(" ", strip=True) for group in groups(soup)]
    assert any(heading.startswith("Erstes Kundenforum") for heading in headings)
    assert any(heading.startswith("2. Kundenforum Wasser") for heading in headings)
    options = [option.get_text(strip=True) for option in soup.select("select[name=forum] option")]
    assert {"Erstes Kundenforum", "2. Kundenforum Wasser", "Drittes Kundenforum"} <= set(options)


def groups(soup):
    return soup.select(".kf-tracker-group")


def test_the_suggestion_page_names_the_forum_once(client, ordinal_forums):
    suggestion = make_suggestion(ordinal_forums[2], title="Hotline wieder mit Festnetznummer")
    url = reverse("wagtail_kundenforum:suggestion", args=[suggestion.pk])
    soup = soup_of(client.get(url))
    facts = soup.select_one(".kf-suggestion-page__facts").get_text(" ", strip=True)
    assert "3. Drittes Kundenforum" not in facts and "Drittes Kundenforum" in facts


def test_a_forum_without_an_ordinal_keeps_its_number_on_the_suggestion_page(client, ordinal_forums):
    suggestion = make_suggestion(ordinal_forums[1], title="Wasserhärte veröffentlichen")
    url = reverse("wagtail_kundenforum:suggestion", args=[suggestion.pk])
    facts = soup_of(client.get(url)).select_one(".kf-suggestion-page__facts")
    assert "2. Kundenforum Wasser" in facts.get_text(" ", strip=True)


# 9. Slugs are spelled the German way


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Wärme für Straße", "waerme-fuer-strasse"),
        ("Bäder", "baeder"),
        ("ÄRGER ÖFFNET ÜBERALL GROẞ", "aerger-oeffnet-ueberall-gross"),
        ("Wa\u0308rme", "waerme"),  # an umlaut typed as a and a combining mark
        ("Café Öko", "cafe-oeko"),
    ],
)
def test_german_slugs_write_umlauts_out(text, slug):
    assert german_slug(text) == slug


def test_a_page_titled_with_umlauts_gets_a_transliterated_slug():
    index = publish(make_site(), ForumIndexPage(title="Wärme für Straße"))
    report = make_report(index, 1, title="Bäder öffnen früher", slug="")
    assert index.slug == "waerme-fuer-strasse"
    assert report.slug == "baeder-oeffnen-frueher"


def test_a_slug_typed_with_umlauts_is_transliterated(admin_client):
    index = make_index()
    data = report_form_data(slug="wärme-für-straße", date="2011-12-07")
    data["action-publish"] = "action-publish"
    assert admin_client.post(add_report_url(index), data).status_code == 302
    report = ForumReportPage.objects.child_of(index).get()
    assert report.slug == "waerme-fuer-strasse"
    assert soup_of(admin_client.get("/news/waerme-fuer-strasse/")).h1.get_text(strip=True)


def test_a_transliterated_slug_that_is_taken_is_refused_with_a_message(admin_client):
    index = make_index()
    make_report(index, 1, slug="waerme")
    response = admin_client.post(add_report_url(index), report_form_data(slug="wärme"))
    assert response.status_code == 200
    assert "waerme" in response.content.decode()
    assert ForumReportPage.objects.child_of(index).count() == 1


def test_an_ascii_slug_is_kept_as_it_is():
    index = publish(make_site(), ForumIndexPage(title="Neuigkeiten", slug="Alt_Adresse"))
    index.save_revision().publish()
    index.refresh_from_db()
    assert index.slug == "Alt_Adresse"


def test_a_topic_named_with_umlauts_gets_a_transliterated_slug():
    assert SuggestionTopic.objects.create(name="Bäder").slug == "baeder"
    assert make_topic("schwimmbäder", name="Schwimmbad").slug == "schwimmbaeder"


def test_a_topic_added_in_the_admin_without_slug_gets_one_from_its_name(admin_client):
    url = reverse("wagtailsnippets_wagtail_kundenforum_suggestiontopic:add")
    response = admin_client.post(url, {"name": "Wärme", "slug": "", "order": "0"})
    assert response.status_code == 302
    assert SuggestionTopic.objects.get(name="Wärme").slug == "waerme"


def test_a_topic_slug_typed_with_umlauts_is_transliterated_in_the_admin(admin_client):
    url = reverse("wagtailsnippets_wagtail_kundenforum_suggestiontopic:add")
    response = admin_client.post(url, {"name": "Bäder", "slug": "Bäder", "order": "0"})
    assert response.status_code == 302
    assert SuggestionTopic.objects.get(name="Bäder").slug == "baeder"


def test_a_topic_whose_name_gives_no_slug_is_refused_with_a_message(admin_client):
    url = reverse("wagtailsnippets_wagtail_kundenforum_suggestiontopic:add")
    response = admin_client.post(url, {"name": "???", "slug": "", "order": "0"})
    assert response.status_code == 200
    assert "Please enter a slug" in response.content.decode()
    assert not SuggestionTopic.objects.filter(name="???").exists()


def test_a_status_gets_its_slug_from_its_label():
    status = SuggestionStatus.objects.create(label="Geht nicht (Öffnungszeiten)", kind="declined")
    assert status.slug == "geht-nicht-oeffnungszeiten"


def test_the_settings_object_signs_without_a_site(db):
    # A page outside every site still gets a signature, never a login.
    assert str(KundenforumSettings().get_official_reply_signature()) == "Your utility"
