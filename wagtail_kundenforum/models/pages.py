import datetime
from functools import reduce
from operator import or_

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from ..blocks import ReportBodyBlock
from ..pagination import paginate
from ..syndication import ForumReportFeed
from ..templating import get_base_template
from .commentable import CommentablePageMixin
from .comments import CommentState


class KundenforumPageMixin:
    """Gives the app's page templates the base template they extend, and a site's subclass
    the app's template when it has none of its own."""

    default_template = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["kf_base_template"] = get_base_template()
        return context

    def get_template(self, request, *args, **kwargs):
        """The page type's own template (Wagtail names it after the model), else the app's."""
        template = super().get_template(request, *args, **kwargs)
        if self.default_template is None or template == self.default_template:
            return template
        return [template, self.default_template]


class AbstractForumIndexPage(KundenforumPageMixin, RoutablePageMixin, Page):
    """The news list of forum reports, newest first, with an RSS feed at ``feed/``.

    Subclass it to add fields; the concrete ``ForumIndexPage`` is ready to use. A subclass
    lists the reports of its ``subpage_types`` (see ``get_report_models``).
    """

    default_template = "wagtail_kundenforum/pages/forum_index_page.html"

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

    @classmethod
    def get_report_models(cls):
        """The page models of the reports this index lists: its allowed subpage types that
        are forum reports. Override to list others."""
        return [
            model
            for model in cls.allowed_subpage_models()
            if issubclass(model, AbstractForumReportPage)
        ]

    def get_reports(self):
        """The live reports below this index, newest first, with their approved comment
        counts. Override to change the list."""
        return (
            reports_of(self.get_report_models())
            .child_of(self)
            .live()
            .public()
            .annotate(
                approved_comment_count=Count(
                    "reader_comments", filter=Q(reader_comments__state=CommentState.APPROVED)
                )
            )
        )

    @path("")
    def report_list(self, request):
        listing = paginate(self.get_reports(), request.GET.get("page"), self.reports_per_page)
        return self.render(
            request, context_overrides={"reports": listing.page, "page_note": listing.note}
        )

    @path("feed/", name="feed")
    def feed(self, request):
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
    Subclass it to add fields; the concrete ``ForumReportPage`` is ready to use.
    """

    default_template = "wagtail_kundenforum/pages/forum_report_page.html"

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
        # Unique per concrete class: a site may subclass this page, and more than once.
        related_name="%(app_label)s_%(class)s_reports",
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

    def get_feed_index(self):
        """The news list whose feed the report's page announces: its parent, when that is a
        forum index (a site may place its own report types elsewhere), else None."""
        index = self.get_index_page()
        return index if isinstance(index, AbstractForumIndexPage) else None

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


def report_page_models():
    """Every concrete page model of forum reports: the app's and those of the site."""
    return [model for model in get_page_models() if issubclass(model, AbstractForumReportPage)]


def reports_of(models, forum=None):
    """A queryset of the reports of ``models`` (of ``forum`` only, when given), newest first.

    One model is queried directly, with its image and forum; several through ``Page``,
    sorted by whichever report date each row has, and turned into their own classes.
    """
    if len(models) == 1:
        reports = models[0].objects.select_related("image", "forum").order_by("-date", "-pk")
        return reports if forum is None else reports.filter(forum=forum)
    if not models:
        return ForumReportPage.objects.none()
    dates = [F(lookup) for lookup in _lookups(models, "date")]
    reports = Page.objects.type(*models).annotate(
        kf_report_date=Coalesce(*dates) if len(dates) > 1 else dates[0]
    )
    if forum is not None:
        reports = reports.filter(
            reduce(or_, (Q(**{lookup: forum}) for lookup in _lookups(models, "forum")))
        )
    return reports.order_by("-kf_report_date", "-pk").specific()


def _lookups(models, field):
    """The lookups from ``Page`` to ``field`` of each of ``models``, one per table that holds
    it, e.g. ``forumreportpage__date`` (the models in between are multi-table parents)."""
    return list(dict.fromkeys(f"{_path_from_page(model, field)}__{field}" for model in models))


def _path_from_page(model, field):
    model = model._meta.get_field(field).model
    names = []
    while model is not Page:
        names.append(model._meta.model_name)
        model = next(parent for parent in model._meta.parents if issubclass(parent, Page))
    return "__".join(reversed(names))
