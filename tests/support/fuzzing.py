"""How many examples a Hypothesis test runs, under the profile that tests/conftest.py loads.

A test names its count in the thorough profile (CI: ``HYPOTHESIS_PROFILE=thorough``), for
example ``@settings(max_examples=examples(2000))``; the quick profile (the default, for
``make test`` and ``make test-fast``) runs a tenth of it. A count written into ``@settings``
directly would override every profile.
"""

from hypothesis import settings

# max_examples of the thorough profile; the quick one has a tenth.
THOROUGH_EXAMPLES = 1000


def examples(thorough):
    """``thorough`` in the thorough profile, scaled to the loaded profile otherwise (ten at
    the least, so that a quick run still varies the input)."""
    return max(10, round(thorough * settings.default.max_examples / THOROUGH_EXAMPLES))
