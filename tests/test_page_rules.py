"""Editors can create forum reports only under a news index, and the index anywhere a page goes."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.support.helpers import make_forum, make_index, make_site
from tests.testapp.models import ContentPage, HomePage
from wagtail_kundenforum.models import ForumIndexPage, ForumReportPage


class PageTypeRulesTests(WagtailPageTestCase):
    def test_reports_live_only_under_a_news_index(self):
        self.assertAllowedParentPageTypes(ForumReportPage, {ForumIndexPage})
        self.assertCanCreateAt(ForumIndexPage, ForumReportPage)
        self.assertCanNotCreateAt(HomePage, ForumReportPage)
        self.assertCanNotCreateAt(ContentPage, ForumReportPage)
        self.assertCanNotCreateAt(Page, ForumReportPage)

    def test_a_report_has_no_children(self):
        self.assertAllowedSubpageTypes(ForumReportPage, set())

    def test_the_index_holds_only_reports(self):
        self.assertAllowedSubpageTypes(ForumIndexPage, {ForumReportPage})
        self.assertCanCreateAt(HomePage, ForumIndexPage)


class EditorWritesReportTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.index = make_index(make_site())
        self.forum = make_forum(2, title="Zweites Kundenforum", participants=20)

    def test_editor_creates_a_report_with_every_block_in_the_admin(self):
        body = streamfield(
            [
                ("paragraph", rich_text("<p>Ein Abend voller Ideen.</p>")),
                ("heading", {"text": "Was wir gehört haben", "level": "h2"}),
                ("quote", {"text": "Gut so!", "attribution": "Frau M.", "role": "customer"}),
                (
                    "facts",
                    {
                        "participants": "",
                        "returning_participants": "11",
                        "method": "",
                        "suggestions_discussed": "30",
                    },
                ),
            ]
        )
        data = nested_form_data(
            {
                "title": "Zweites Forum",
                "slug": "zweites-forum",
                "date": "2012-11-09",
                "teaser": "Zwanzig Gäste.",
                "forum": self.forum.pk,
                "body": body,
            }
        )
        self.assertCanCreate(self.index, ForumReportPage, data)
        report = ForumReportPage.objects.get(slug="zweites-forum")
        self.assertEqual(report.forum, self.forum)
        self.assertEqual(
            [block.block_type for block in report.body], ["paragraph", "heading", "quote", "facts"]
        )
