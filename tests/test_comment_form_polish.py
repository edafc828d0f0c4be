"""A comment form that comes back says what to do, in words that read well (issue 15, items 15
and 17): the error summary names the consent briefly, the consent links the privacy policy
once, an empty form gets its field errors and no "too fast", and the rate limit says when
the reader may send again, sends ``Retry-After`` and does not count the refused tries."""

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from tests.support.caches import each_cache
from tests.support.helpers import comment_data, make_site
from wagtail_kundenforum import ratelimit
from wagtail_kundenforum.models import ReaderComment

pytestmark = pytest.mark.django_db

EMPTY = {"name": "", "email": "", "url": "", "text": "", "consent": ""}


def post(client, page, language="en", seconds_ago=10, **fields):
    with translation.override(language):
        return client.post(
            page.url,
            comment_data(page, seconds_ago=seconds_ago, **fields),
            HTTP_ACCEPT_LANGUAGE=language,
        )


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def summary_entries(response):
    return [
        " ".join(item.get_text().split()) for item in soup(response).select(".kf-error-summary li")
    ]


def consent_label(response):
    return soup(response).select_one('label[for="id_consent"]')


# The error summary


def test_the_summary_names_the_consent_briefly_in_german(client, report):
    response = post(client, report, language="de", consent="")
    assert response.status_code == 400
    assert summary_entries(response) == [
        "Einwilligung: Bitte stimmen Sie zu, dass Ihr Kommentar gespeichert wird."
    ]


def test_the_summary_names_the_consent_briefly_in_english(client, report):
    response = post(client, report, consent="")
    assert summary_entries(response) == ["Consent: Please agree that your comment is stored."]


def test_no_summary_entry_runs_a_sentence_into_a_colon(client, report):
    response = post(client, report, language="de", **EMPTY)
    entries = summary_entries(response)
    assert [entry.split(":")[0] for entry in entries] == [
        "Name",
        "E-Mail",
        "Kommentar",
        "Einwilligung",
    ]
    assert not any(".:" in entry for entry in entries)


def test_a_summary_entry_still_leads_to_its_field(client, report):
    response = post(client, report, consent="")
    link = soup(response).select_one(".kf-error-summary li a")
    assert link["href"] == "#id_consent"


# The consent's label


def test_the_consent_links_the_privacy_policy_in_its_sentence_once(client, report, site_settings):
    privacy = make_site()
    site_settings.privacy_page = privacy
    site_settings.save()
    with translation.override("de"):
        response = client.get(report.url, HTTP_ACCEPT_LANGUAGE="de")
    label = consent_label(response)
    text = " ".join(label.get_text().split())
    assert text == (
        "Ich bin einverstanden, dass mein Kommentar wie in der Datenschutzerklärung "
        "beschrieben gespeichert wird. *"
    )
    assert text.count("Datenschutzerklärung") == 1
    [link] = label.find_all("a")
    assert link.get_text() == "Datenschutzerklärung" and link["href"] == privacy.url


def test_without_a_privacy_page_the_consent_is_the_plain_sentence(client, report):
    with translation.override("de"):
        response = client.get(report.url, HTTP_ACCEPT_LANGUAGE="de")
    label = consent_label(response)
    assert not label.find_all("a")
    assert " ".join(label.get_text().split()).startswith(
        "Ich bin einverstanden, dass mein Kommentar wie in der Datenschutzerklärung beschrieben"
    )


# Too fast: only for an otherwise valid form


def test_an_empty_form_sent_at_once_gets_its_field_errors_and_no_too_fast(client, report):
    response = post(client, report, language="de", seconds_ago=0, **EMPTY)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Das ging sehr schnell" not in html
    assert len(summary_entries(response)) == 4
    assert soup(response).select_one("#id_name_error")


def test_a_valid_form_sent_at_once_is_still_too_fast(client, report):
    response = post(client, report, language="de", seconds_ago=0)
    assert response.status_code == 400
    assert "Das ging sehr schnell" in response.content.decode()
    assert not ReaderComment.objects.exists()


def test_a_form_without_its_time_stamp_is_not_verified_rather_than_incomplete(client, report):
    data = comment_data(report)
    del data["kf_started"]
    response = client.post(report.url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "could not be verified" in html and "This field is required" not in html


# The rate limit: when to try again


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def cache_backend(request, settings):
    """Each rate-limit test on Django's default cache and on Redis (keys of its own)."""
    yield from each_cache(request, settings)


class Clock:
    """The rate limit's clock, moved by hand: no test sleeps."""

    def __init__(self, start):
        self.time = start.timestamp()

    def __call__(self):
        return self.time

    def advance(self, seconds):
        self.time += seconds


@pytest.fixture
def clock(monkeypatch, cache_backend):
    # 13:23:03 in Berlin (CET): 12 seconds before a 15-second window turns, 36 minutes and
    # 57 seconds before the hour does.
    clock = Clock(datetime(2024, 3, 5, 12, 23, 3, tzinfo=UTC))
    monkeypatch.setattr(ratelimit, "now", clock)
    return clock


def send(client, report, n, language="en"):
    return post(client, report, language=language, text=f"Vorschlag Nummer {n}")


def test_a_short_window_names_the_seconds_and_sends_retry_after(client, report, clock, settings):
    settings.KUNDENFORUM_RATE_LIMITS = [(1, 15)]
    assert send(client, report, 1).status_code == 302
    response = send(client, report, 2, language="de")
    assert response.status_code == 429
    assert response["Retry-After"] == "12"
    assert "Bitte warten Sie 12 Sekunden und senden Sie ihn dann erneut." in (
        response.content.decode()
    )
    assert "einen Moment" not in response.content.decode()


def test_an_hourly_window_names_the_hour_it_turns(client, report, clock, settings):
    settings.KUNDENFORUM_RATE_LIMITS = [(2, 3600)]
    assert [send(client, report, n).status_code for n in (1, 2)] == [302, 302]
    response = send(client, report, 3, language="de")
    assert response.status_code == 429
    assert response["Retry-After"] == str(36 * 60 + 57)
    assert "Bitte warten Sie bis 14:00 Uhr (noch 37 Minuten)" in response.content.decode()
    english = send(client, report, 3)
    assert "Please wait until 2 p.m. (37 minutes from now) and send it again." in (
        english.content.decode()
    )


def test_refused_tries_are_not_counted_so_the_stated_wait_works(client, report, clock, settings):
    """Each refused try within the short window would otherwise fill the hourly one."""
    settings.KUNDENFORUM_RATE_LIMITS = [(1, 15), (3, 3600)]
    assert send(client, report, 1).status_code == 302
    waits = []
    for _ in range(4):
        response = send(client, report, 2)
        assert response.status_code == 429
        waits.append(int(response["Retry-After"]))
        clock.advance(2)
    assert waits == [12, 10, 8, 6]
    clock.advance(waits[-1] - 2 - 1)
    assert send(client, report, 2).status_code == 429  # a second too early
    clock.advance(1)
    assert send(client, report, 2).status_code == 302  # the wait stated, and not more
    assert ReaderComment.objects.count() == 2


def test_after_an_hourly_refusal_the_post_at_the_stated_hour_succeeds(
    client, report, clock, settings
):
    settings.KUNDENFORUM_RATE_LIMITS = [(1, 15), (2, 3600)]
    for n in (1, 2):
        assert send(client, report, n).status_code == 302
        clock.advance(15)
    first = send(client, report, 3)
    assert first.status_code == 429
    wait = int(first["Retry-After"])
    for _ in range(5):
        clock.advance(60)
        assert send(client, report, 3).status_code == 429
    clock.advance(wait - 5 * 60)
    assert send(client, report, 3).status_code == 302
    assert ReaderComment.objects.count() == 3


def test_the_longest_refusing_window_sets_the_wait(client, report, clock, settings):
    settings.KUNDENFORUM_RATE_LIMITS = [(1, 15), (1, 3600)]
    assert send(client, report, 1).status_code == 302
    response = send(client, report, 2)
    assert response["Retry-After"] == str(36 * 60 + 57)
