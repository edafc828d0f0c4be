"""Each site has its own customer forum settings, editable in the admin."""

import pytest
from django.urls import reverse

from tests.support.helpers import make_site
from wagtail_kundenforum.models import KundenforumSettings

pytestmark = pytest.mark.django_db


def test_defaults_are_open_and_moderated():
    site_settings = KundenforumSettings.for_site(make_site().get_site())
    assert site_settings.comments_open is True
    assert site_settings.moderation_required is True
    assert site_settings.close_comments_after_days is None
    assert site_settings.privacy_page is None


def test_moderator_addresses_are_one_per_line():
    site_settings = KundenforumSettings(moderator_emails="a@example.org\n\n  b@example.org \n")
    assert site_settings.moderator_email_list() == ["a@example.org", "b@example.org"]


def test_admin_edits_the_settings_of_a_site(client, django_user_model):
    site = make_site().get_site()
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    url = reverse(
        "wagtailsettings:edit", args=["wagtail_kundenforum", "kundenforumsettings", site.pk]
    )
    response = client.post(
        url,
        {
            "comments_open": "",
            "moderation_required": "on",
            "moderator_emails": "m@example.org",
            "close_comments_after_days": "30",
            "privacy_page": "",
        },
    )
    assert response.status_code == 302
    site_settings = KundenforumSettings.for_site(site)
    assert site_settings.comments_open is False
    assert site_settings.close_comments_after_days == 30
