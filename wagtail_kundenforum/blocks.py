"""StreamField blocks of the forum reports.

Each block renders through its own template under ``wagtail_kundenforum/blocks/`` so a site
can override it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .choices import ForumMethod


class HeadingBlock(blocks.StructBlock):
    """A subheading; level 2 or 3 so that the article's outline stays in order."""

    text = blocks.CharBlock(label=_("text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "wagtail_kundenforum/blocks/heading.html"


class QuoteRole(blocks.ChoiceBlock):
    choices = [
        ("customer", _("Customer")),
        ("management", _("Management")),
        ("other", _("Other")),
    ]


class QuoteBlock(blocks.StructBlock):
    """A quote with its speaker, e.g. from a customer or from the management."""

    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), max_length=255)
    role = QuoteRole(label=_("role"), default="customer")

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "wagtail_kundenforum/blocks/quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "wagtail_kundenforum/blocks/image.html"


class FactsBoxBlock(blocks.StructBlock):
    """The forum's key figures. Empty fields are taken from the page's linked forum."""

    participants = blocks.IntegerBlock(label=_("participants"), required=False, min_value=0)
    returning_participants = blocks.IntegerBlock(
        label=_("returning participants"), required=False, min_value=0
    )
    method = blocks.ChoiceBlock(label=_("method"), choices=ForumMethod.choices, required=False)
    suggestions_discussed = blocks.IntegerBlock(
        label=_("suggestions discussed"), required=False, min_value=0
    )

    FACTS = ("participants", "returning_participants", "method", "suggestions_discussed")

    class Meta:
        icon = "list-ul"
        label = _("Facts box")
        template = "wagtail_kundenforum/blocks/facts_box.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        forum = getattr((parent_context or {}).get("page"), "forum", None)
        context["facts"] = self.facts(value, forum)
        return context

    def facts(self, value, forum):
        """(label, value) pairs to show: the block's own values, else the forum's."""
        facts = []
        for name in self.FACTS:
            fact = value.get(name)
            if fact in (None, "") and forum is not None:
                fact = getattr(forum, name)
            if fact in (None, ""):
                continue
            if name == "method":
                fact = ForumMethod(fact).label
            facts.append((self.child_blocks[name].label, fact))
        return facts


# The tracker's choices are read when the editor's form is built, never at import time: page
# models import this module, and the models import the page models.


def forum_choices():
    from .models import Forum

    return [(str(forum.pk), str(forum)) for forum in Forum.objects.order_by("number")]


def status_choices():
    from .models import SuggestionStatus

    return [(str(status.pk), status.label) for status in SuggestionStatus.objects.all()]


def topic_choices():
    from .models import SuggestionTopic

    return [(str(topic.pk), topic.name) for topic in SuggestionTopic.objects.all()]


def _pks(values):
    return tuple(int(value) for value in values or () if str(value).isdigit())


class SuggestionTrackerBlock(blocks.StructBlock):
    """The public suggestion tracker: groups, counts, a chart and a filter form.

    Readers filter it with the query string (``status``, ``forum``, ``topic``, ``q``,
    ``page``); ``tracker.py`` does the work.
    """

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=255)
    forums = blocks.MultipleChoiceBlock(
        label=_("forums"),
        choices=forum_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Show only suggestions from these forums; none ticked shows all."),
    )
    statuses = blocks.MultipleChoiceBlock(
        label=_("statuses"),
        choices=status_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Show only these statuses; none ticked shows every public status."),
    )
    topics = blocks.MultipleChoiceBlock(
        label=_("topics"),
        choices=topic_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Show only these topics; none ticked shows all."),
    )
    group_by = blocks.ChoiceBlock(
        label=_("group by"),
        choices=[("status", _("Status")), ("topic", _("Topic")), ("forum", _("Forum"))],
        default="status",
    )
    show_filter = blocks.BooleanBlock(label=_("show the filter form"), required=False, default=True)
    show_counts = blocks.BooleanBlock(label=_("show the counts"), required=False, default=True)
    show_chart = blocks.BooleanBlock(label=_("show the chart"), required=False, default=True)
    items_per_group = blocks.IntegerBlock(
        label=_("suggestions per group"), default=5, min_value=1, max_value=50
    )

    class Meta:
        icon = "tasks"
        label = _("Suggestion tracker")
        template = "wagtail_kundenforum/blocks/suggestion_tracker.html"

    def get_context(self, value, parent_context=None):
        from .tracker import Include, build_tracker

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        include = Include(
            forums=_pks(value.get("forums")),
            statuses=_pks(value.get("statuses")),
            topics=_pks(value.get("topics")),
        )
        context["tracker"] = build_tracker(
            request.GET if request else {},
            group_by=value.get("group_by") or "status",
            per_group=value.get("items_per_group") or 5,
            include=include,
        )
        return context


class SuggestionStatsBlock(blocks.StructBlock):
    """ "What became of your suggestions": counts per status of one forum, and what changed
    since a date, to embed in the next forum's report."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=255)
    forum = SnippetChooserBlock("wagtail_kundenforum.Forum", label=_("forum"))
    since = blocks.DateBlock(
        label=_("changes since"),
        required=False,
        help_text=_("List the status changes from this date on; empty lists none."),
    )

    class Meta:
        icon = "table"
        label = _("Suggestion statistics")
        template = "wagtail_kundenforum/blocks/suggestion_stats.html"

    def get_context(self, value, parent_context=None):
        from .tracker import forum_stats

        context = super().get_context(value, parent_context=parent_context)
        forum = value.get("forum")
        context["stats"] = forum_stats(forum, value.get("since")) if forum else None
        return context


class ReportBodyBlock(blocks.StreamBlock):
    """The body of a forum report."""

    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=["bold", "italic", "link", "ol", "ul", "h2", "h3"],
        template="wagtail_kundenforum/blocks/paragraph.html",
    )
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    facts = FactsBoxBlock()
    stats = SuggestionStatsBlock()
    tracker = SuggestionTrackerBlock()
