"""Thousands of generated form submissions: never a server error, never an incomplete row."""

from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.support.fuzzing import examples
from tests.support.helpers import comment_data, make_index, make_report
from wagtail_kundenforum.models import ReaderComment

field_text = st.one_of(st.text(max_size=120), st.just(""), st.text(min_size=2990, max_size=3010))
submissions = st.fixed_dictionaries(
    {},
    optional={
        "name": st.text(max_size=110),
        "email": st.one_of(st.emails(), st.text(max_size=40)),
        "url": st.one_of(st.just("https://example.org"), st.text(max_size=40)),
        "text": field_text,
        "consent": st.sampled_from(["on", "", "off", "1"]),
        "parent": st.one_of(st.integers(-5, 10**12).map(str), st.text(max_size=5)),
        "kf_started": st.text(max_size=60),
        "kf_topic": st.sampled_from(["", "", "bot"]),
    },
)


@override_settings(KUNDENFORUM_RATE_LIMITS=[])
class GeneratedSubmissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report = make_report(make_index())

    @settings(max_examples=examples(2000))
    @given(fields=submissions, keep_valid_stamp=st.booleans())
    def test_no_server_error_and_no_row_without_required_fields(self, fields, keep_valid_stamp):
        data = comment_data(self.report)
        data.update(fields)
        if keep_valid_stamp:
            data["kf_started"] = comment_data(self.report)["kf_started"]
        response = self.client.post(self.report.url, data)
        self.assertIn(response.status_code, {302, 400})
        for comment in ReaderComment.objects.all():
            self.assertTrue(comment.name.strip() and comment.text.strip() and comment.email)
            self.assertLessEqual(len(comment.text), 3000)
