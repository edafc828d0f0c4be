"""The comment rate limit counts an IPv6 reader by the /64 they hold, as the stored address
is truncated; an IPv4 reader by the full address."""

import pytest

from tests.support.helpers import comment_data, make_index, make_report
from wagtail_kundenforum.models import ReaderComment
from wagtail_kundenforum.privacy import rate_limit_network, truncate_ip

pytestmark = pytest.mark.django_db

LIMIT = 5
POSTS = 40


@pytest.fixture
def report(settings):
    settings.KUNDENFORUM_RATE_LIMITS = [(LIMIT, 3600)]
    return make_report(make_index())


def post_from(client, page, address, n):
    """One distinct comment (no duplicate) from ``address``; its HTTP status."""
    data = comment_data(page, text=f"Vorschlag Nummer {n} zur Hotline")
    return client.post(page.url, data, REMOTE_ADDR=address).status_code


def test_forty_addresses_of_one_64_get_only_the_limit_through(client, report):
    statuses = [post_from(client, report, f"2001:db8:aa:bb::{n:x}", n) for n in range(POSTS)]
    assert statuses.count(302) == LIMIT
    assert statuses.count(429) == POSTS - LIMIT
    assert ReaderComment.objects.count() == LIMIT


def test_addresses_spread_over_the_whole_64_count_together(client, report):
    addresses = [f"2001:db8:aa:bb:{n:x}:{n:x}00:ffff:{n:x}" for n in range(1, LIMIT + 2)]
    statuses = [post_from(client, report, address, n) for n, address in enumerate(addresses)]
    assert statuses == [302] * LIMIT + [429]


def test_two_64s_are_counted_apart(client, report):
    first = [post_from(client, report, f"2001:db8:aa:1::{n + 1:x}", n) for n in range(LIMIT)]
    second = [post_from(client, report, f"2001:db8:aa:2::{n + 1:x}", 100 + n) for n in range(LIMIT)]
    assert first == second == [302] * LIMIT
    assert post_from(client, report, "2001:db8:aa:1::ff", 999) == 429
    assert post_from(client, report, "2001:db8:aa:3::1", 998) == 302


def test_ipv4_readers_are_still_counted_by_their_own_address(client, report):
    neighbours = [post_from(client, report, f"192.0.2.{n + 1}", n) for n in range(LIMIT + 1)]
    assert neighbours == [302] * (LIMIT + 1)


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::/64"),
        ("2001:DB8:AA:BB::9", "2001:db8:aa:bb::/64"),
        ("192.0.2.77", "192.0.2.77"),
        # A dual-stack socket's IPv4 reader is that IPv4 address, not everyone under "::".
        ("::ffff:192.0.2.77", "192.0.2.77"),
    ],
)
def test_the_network_counted_is_the_one_stored(address, network):
    assert rate_limit_network(address) == network
    if ":" in network:
        assert network == f"{truncate_ip(address)}/64"
