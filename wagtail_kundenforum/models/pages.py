import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ReportBodyBlock
from ..pagination import paginate
from ..templating import get_base_template
from .commentable import CommentablePageMixin
from .comments import CommentState


class KundenforumPageMixin:
    """Gives the app's page templates the base template they extend."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["kf_base_template"] = get_base_template()
        return context


class AbstractForumIndexPage(KundenforumPageMixin, RoutablePageMixin, Page):
    """The news list of forum reports, newest first, with an RSS feed at ``feed/``.

    Subclass it to add fields; the concrete ``ForumIndexPage`` is ready to use.
    """

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Optional; shown above the list of reports.")
    )
    reports_per_page = models.PositiveSmallIntegerField(
        _("reports per page"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_("Older reports follow on further pages."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("reports_per_page")]

    class Meta:
        abstract = True

    def get_reports(self):
        """The live reports below this index, newest first. Override to change the list."""
        return (
            ForumReportPage.objects.child_of(self)
            .live()
            .public()
            .select_related("image", "forum")
            .annotate(
                approved_comment_count=Count(
                    "reader_comments", filter=Q(reader_comments__state=CommentState.APPROVED)
                )
            )
            .order_by("-date", "-pk")
        )

    @path("")
    def report_list(self, request):
        listing = paginate(self.get_reports(), request.GET.get("page"), self.reports_per_page)
        return self.render(
            request, context_overrides={"reports": listing.page, "page_note": listing.note}
        )

    @path("feed/", name="feed")
    def feed(self, request):
        from ..feeds import ForumReportFeed  # feeds build on the models: import when serving

        return ForumReportFeed(self)(request)


class ForumIndexPage(AbstractForumIndexPage):
    subpage_types = ["wagtail_kundenforum.ForumReportPage"]
    template = "wagtail_kundenforum/pages/forum_index_page.html"

    class Meta:
        verbose_name = _("forum news index")
        verbose_name_plural = _("forum news indexes")


class AbstractForumReportPage(CommentablePageMixin, KundenforumPageMixin, Page):
    """A news article about one forum evening.

    The link to its ``Forum`` lives here and only here: the forum finds its report through it.
    """

    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("Shown with the report; the news list is sorted by it, newest first."),
    )
    teaser = models.TextField(_("teaser"), help_text=_("One or two sentences for the news list."))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional; shown above the report, in the news list and to search engines."),
    )
    forum = models.ForeignKey(
        "wagtail_kundenforum.Forum",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        help_text=_("The forum evening this report is about."),
    )
    body = StreamField(ReportBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("forum"), FieldPanel("teaser"), FieldPanel("image")],
            heading=_("News list"),
        ),
        FieldPanel("body"),
    ]
    settings_panels = [*Page.settings_panels, *CommentablePageMixin.comment_panels]

    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        abstract = True

    def get_index_page(self):
        """The news list this report belongs to (its parent), for the back link."""
        return self.get_parent().specific

    def get_json_ld(self, request=None):
        """schema.org NewsArticle data for search engines."""
        published = datetime.datetime.combine(
            self.date, datetime.time(), timezone.get_current_timezone()
        )
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.teaser,
            "datePublished": published.isoformat(),
            "url": self.get_full_url(request),
            "commentCount": self.get_comment_count(),
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.image:
            rendition = self.image.get_rendition("width-1200")
            data["image"] = request.build_absolute_uri(rendition.url) if request else rendition.url
        return data


class ForumReportPage(AbstractForumReportPage):
    parent_page_types = ["wagtail_kundenforum.ForumIndexPage"]
    subpage_types = []
    template = "wagtail_kundenforum/pages/forum_report_page.html"

    class Meta:
        verbose_name = _("forum report")
        verbose_name_plural = _("forum reports")
