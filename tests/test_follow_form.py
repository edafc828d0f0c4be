"""The follow form: on the suggestion's page, posting to the app's follow page; its answers
to good, bad and hostile requests, and what it stores."""

import time

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.test import Client

from tests.support.caches import each_cache
from tests.support.helpers import make_forum, make_site, make_suggestion
from wagtail_kundenforum.following.form import SIGNING_SALT
from wagtail_kundenforum.models import OutboxMessage, Subscription, SubscriptionState

pytestmark = pytest.mark.django_db

FOLLOW_URL = "/kundenforum/follow/"


@pytest.fixture
def suggestion(settings):
    settings.KUNDENFORUM_MAIL_TASK_BACKEND = None  # the e-mail stays in the outbox
    make_site()
    return make_suggestion(make_forum(1), title="Hotline wieder mit Festnetznummer")


def follow_data(suggestion, seconds_ago=10, **fields):
    """A complete follow POST for ``suggestion``, its form signed ``seconds_ago``."""
    started = {"follow": f"suggestion:{suggestion.pk}", "time": int(time.time()) - seconds_ago}
    data = {
        "email": "Anna@Example.org",
        "frequency": "daily",
        "consent": "on",
        "target": "suggestion",
        "followed": str(suggestion.pk),
        "next": suggestion.get_url(),
        "kf_started": signing.dumps(started, salt=SIGNING_SALT),
        "kf_topic": "",
    }
    data.update(fields)
    return data


def post(data, client=None, **extra):
    return (client or Client()).post(FOLLOW_URL, data, HTTP_ACCEPT_LANGUAGE="de", **extra)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_suggestion_page_offers_the_form_with_its_own_field_ids(suggestion):
    page = soup(Client().get(suggestion.get_url(), HTTP_ACCEPT_LANGUAGE="de"))

    form = page.select_one("form.kf-follow")
    assert form["action"].startswith(FOLLOW_URL)
    assert form.select_one("input[type=email]")["id"] == "kf-follow-email"
    assert [radio["value"] for radio in form.select("input[type=radio]")] == [
        "immediate",
        "daily",
        "weekly",
    ]
    assert form.select_one("input[type=checkbox][name=consent]") is not None
    assert "Neuigkeiten per E-Mail" in form.get_text()
    for field in form.select("input[id]"):  # every input is labelled
        assert form.select_one(f"label[for='{field['id']}']") or field["type"] == "hidden"


def test_a_request_stores_a_waiting_subscription_with_its_consent_and_sends_one_email(
    suggestion,
):
    response = post(follow_data(suggestion), REMOTE_ADDR="203.0.113.77")

    assert response.status_code == 302
    assert response["Location"].startswith(f"{FOLLOW_URL}?sent=1")
    notice = soup(Client().get(response["Location"], HTTP_ACCEPT_LANGUAGE="de"))
    assert "E-Mail" in notice.select_one(".kf-follow-notice").get_text()
    assert notice.select_one("a.kf-back-link")["href"] == suggestion.get_url()

    subscription = Subscription.objects.get()
    assert subscription.state == SubscriptionState.PENDING
    assert subscription.email == "anna@example.org"
    assert subscription.frequency == "daily"
    assert subscription.suggestion == suggestion
    assert subscription.ip_address == "203.0.113.0"  # shortened, as comments keep it
    assert subscription.language == "de"
    assert subscription.consent_text.startswith("Ich bin einverstanden")
    assert OutboxMessage.objects.filter(recipients=["anna@example.org"]).count() == 1


def test_a_form_with_mistakes_is_shown_again_with_what_was_typed(suggestion):
    response = post(follow_data(suggestion, email="anna(at)example", consent=""))

    assert response.status_code == 400
    page = soup(response)
    summary = page.select_one(".kf-error-summary")
    assert "E-Mail" in summary.get_text() and "Einwilligung" in summary.get_text()
    assert page.select_one("#kf-follow-email")["value"] == "anna(at)example"
    assert page.select_one("#kf-follow-email")["aria-invalid"] == "true"
    assert page.select_one("input[value=daily]").has_attr("checked")
    assert not Subscription.objects.exists()


def test_the_honeypot_is_answered_like_a_success_and_stores_nothing(suggestion):
    response = post(follow_data(suggestion, kf_topic="spam"))

    assert response.status_code == 302
    assert response["Location"].startswith(f"{FOLLOW_URL}?sent=1")
    assert not Subscription.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"seconds_ago": 0}, "sehr schnell"),
        ({"seconds_ago": 3 * 3600}, "abgelaufen"),
        ({"kf_started": "forged"}, "nicht überprüft"),
    ],
)
def test_a_form_too_fast_too_old_or_forged_is_refused_with_the_address_kept(
    suggestion, fields, message
):
    response = post(follow_data(suggestion, **fields))

    assert response.status_code == 400
    assert message in soup(response).select_one(".kf-error-summary").get_text()
    assert soup(response).select_one("#kf-follow-email")["value"] == "Anna@Example.org"
    assert not Subscription.objects.exists()


def test_a_time_stamp_signed_for_another_suggestion_is_refused(suggestion):
    other = make_suggestion(title="Ladesäulen am Bahnhof")
    data = follow_data(suggestion, followed=str(other.pk))

    assert post(data).status_code == 400
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("followed", ["999999", "", "abc"])
def test_a_suggestion_that_is_not_public_cannot_be_followed(suggestion, followed):
    hidden = make_suggestion(title="Entwurf", live=False)
    for key in (followed, str(hidden.pk)):
        assert post(follow_data(suggestion, followed=key)).status_code == 404
        assert Client().get(f"{FOLLOW_URL}?target=suggestion&followed={key}").status_code == 404
    assert not Subscription.objects.exists()


def test_a_back_link_to_another_site_is_not_followed(suggestion):
    response = post(follow_data(suggestion, next="https://evil.example/"))

    assert "evil.example" not in response["Location"]


def test_the_form_has_a_page_of_its_own(suggestion):
    response = Client().get(
        f"{FOLLOW_URL}?target=suggestion&followed={suggestion.pk}", HTTP_ACCEPT_LANGUAGE="de"
    )

    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("h1").get_text() == "Hotline wieder mit Festnetznummer"
    assert page.select_one("form.kf-follow input[name=kf_started]")["value"]


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def cache_backend(request, settings):
    yield from each_cache(request, settings)


def test_a_flood_from_one_address_is_refused_with_when_to_try_again(
    suggestion, settings, cache_backend
):
    settings.KUNDENFORUM_FOLLOW_RATE_LIMITS = [(3, 60)]
    for n in range(3):
        assert post(follow_data(suggestion, email=f"leser{n}@example.org")).status_code == 302

    refused = post(follow_data(suggestion, email="leser9@example.org"))

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Minute" in soup(refused).select_one(".kf-error-summary").get_text()
    assert soup(refused).select_one("#kf-follow-email")["value"] == "leser9@example.org"
    assert Subscription.objects.count() == 3
    # Comments are counted apart: the reader may still comment.
    settings.KUNDENFORUM_RATE_LIMITS = [(1, 60)]
    from wagtail_kundenforum.ratelimit import check_rate_limit

    assert check_rate_limit("127.0.0.1") is None


def test_many_requests_for_someone_elses_address_send_them_one_email(suggestion, settings):
    settings.KUNDENFORUM_FOLLOW_RATE_LIMITS = []
    others = [make_suggestion(title=f"Vorschlag {n}") for n in range(5)]
    for n, each in enumerate(others):
        data = follow_data(each, email="opfer@example.org")
        assert post(data, REMOTE_ADDR=f"198.51.100.{n}").status_code == 302

    assert OutboxMessage.objects.filter(recipients=["opfer@example.org"]).count() == 1
