"""StreamField blocks of the forum reports.

Each block renders through its own template under ``wagtail_kundenforum/blocks/`` so a site
can override it. The block picker shows each block's description and, where a sample says
more than words, a preview rendered through ``wagtail_kundenforum/previews/block.html``.
"""

from django import forms
from django.apps import apps
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText
from wagtail.snippets.blocks import SnippetChooserBlock

from .choices import ForumMethod
from .text import validate_single_line

# Previews in the block picker use the app's stylesheet; a site overrides this template to
# add its own.
PREVIEW_TEMPLATE = "wagtail_kundenforum/previews/block.html"
# The stats block lists this many changes unless the editor chose otherwise; blocks stored
# before the option existed list as many.
CHANGES_SHOWN = 5
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3"]


class ParagraphBlock(blocks.RichTextBlock):
    """Running text of a report."""

    def __init__(self, features=None, **kwargs):
        super().__init__(features=features or PARAGRAPH_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "wagtail_kundenforum/blocks/paragraph.html"
        description = _("Running text with bold, italic, links and lists.")
        preview_template = PREVIEW_TEMPLATE

    def get_preview_value(self):
        sample = _(
            "About twenty customers spent the evening with the management and made "
            "suggestions, from the hotline to the bus timetable."
        )
        return RichText(format_html("<p>{}</p>", sample))


class HeadingBlock(blocks.StructBlock):
    """A subheading; level 2 or 3 so that the article's outline stays in order."""

    text = blocks.CharBlock(label=_("Text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
        help_text=_("Heading 2 starts a section; Heading 3 a part of the section above it."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "wagtail_kundenforum/blocks/heading.html"
        description = _("A subheading that divides the report into sections.")
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"text": _("What happens to your suggestions"), "level": "h2"}


class QuoteRole(blocks.ChoiceBlock):
    choices = [
        ("customer", _("Customer")),
        ("management", _("Management")),
        ("other", _("Other")),
    ]


class QuoteBlock(blocks.StructBlock):
    """A quote with its speaker, e.g. from a customer or from the management."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        label=_("Attribution"),
        max_length=255,
        help_text=_("Who said it: a customer's first name, or a manager's name and role."),
    )
    role = QuoteRole(
        label=_("Role"),
        default="customer",
        help_text=_("Readers see whether a customer or the management is speaking."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "wagtail_kundenforum/blocks/quote.html"
        description = _("A quote from a customer or from the management, with who said it.")
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "text": _("I did not expect our suggestion from the first evening to be in place now."),
            "attribution": _("A customer at the second forum"),
            "role": "customer",
        }


class CaptionedImageBlock(blocks.StructBlock):
    """An image with a caption.

    No preview in the block picker: any image from the library would be an arbitrary one, and
    an empty frame says less than the description.
    """

    image = ImageChooserBlock(
        label=_("Image"),
        help_text=_(
            "Readers who cannot see the image hear its description from the image library, "
            "else its title."
        ),
    )
    caption = blocks.CharBlock(
        label=_("Caption"),
        required=False,
        max_length=255,
        help_text=_("Optional; shown below the image."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "wagtail_kundenforum/blocks/image.html"
        description = _("An image from the library with an optional caption.")


FIGURE_HELP = _(
    "A number or how the report puts it, e.g. “about 100” or “more than half”; empty: the "
    "figure of the linked forum."
)


class FigureBlock(blocks.CharBlock):
    """A key figure as the article puts it: "20", "gut 100", "mehr als die Hälfte".

    Text, not a number: reports round and compare ("more than half") where the forum's
    records count exactly. Facts boxes stored when the figures were whole numbers show them
    unchanged.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", FIGURE_HELP)
        super().__init__(required=False, max_length=60, validators=[validate_single_line], **kwargs)

    def to_python(self, value):
        return "" if value is None else str(value).strip()


class FactsBoxBlock(blocks.StructBlock):
    """The forum's key figures. Empty fields are taken from the page's linked forum."""

    participants = FigureBlock(label=_("Participants"))
    returning_participants = FigureBlock(label=_("Returning participants"))
    method = blocks.ChoiceBlock(label=_("Method"), choices=ForumMethod.choices, required=False)
    suggestions_discussed = FigureBlock(label=_("Suggestions discussed"))

    FACTS = ("participants", "returning_participants", "method", "suggestions_discussed")

    class Meta:
        icon = "list-ul"
        label = _("Facts box")
        template = "wagtail_kundenforum/blocks/facts_box.html"
        help_text = _("Empty fields are filled in from the forum that the report is linked to.")
        description = _(
            "The forum's key figures: participants, returning participants, method and "
            "suggestions discussed."
        )
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "participants": "20",
            "returning_participants": "11",
            "method": ForumMethod.DYNAMIC_FACILITATION.value,
            "suggestions_discussed": "30",
        }

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


# The tracker's choices are read when the editor's form is built, never at import time, and
# looked up by name like the snippet chooser's model: the page models import this module to
# declare their StreamField, so it cannot import the models.


def forum_choices():
    forums = apps.get_model("wagtail_kundenforum", "Forum").objects.order_by("number")
    return [(str(forum.pk), str(forum)) for forum in forums]


def status_choices():
    statuses = apps.get_model("wagtail_kundenforum", "SuggestionStatus").objects.all()
    return [(str(status.pk), status.label) for status in statuses]


def topic_choices():
    topics = apps.get_model("wagtail_kundenforum", "SuggestionTopic").objects.all()
    return [(str(topic.pk), topic.name) for topic in topics]


class SuggestionTrackerBlock(blocks.StructBlock):
    """The public suggestion tracker: groups, counts, a chart and a filter form.

    Readers filter it with the query string (``status``, ``forum``, ``topic``, ``q``,
    ``page``); ``tracker/query.py`` does the work.
    """

    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=255,
        help_text=_("Optional, e.g. Your suggestions and what became of them."),
    )
    forums = blocks.MultipleChoiceBlock(
        label=_("Forums"),
        choices=forum_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Show only suggestions from these forums; none ticked shows all."),
    )
    statuses = blocks.MultipleChoiceBlock(
        label=_("Statuses"),
        choices=status_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Show only these statuses; none ticked shows every public status."),
    )
    topics = blocks.MultipleChoiceBlock(
        label=_("Topics"),
        choices=topic_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Show only these topics; none ticked shows all."),
    )
    group_by = blocks.ChoiceBlock(
        label=_("Group by"),
        choices=[("status", _("Status")), ("topic", _("Topic")), ("forum", _("Forum"))],
        default="status",
        help_text=_("Readers see one group of suggestions for each status, topic or forum."),
    )
    show_filter = blocks.BooleanBlock(label=_("Show the filter form"), required=False, default=True)
    show_counts = blocks.BooleanBlock(label=_("Show the counts"), required=False, default=True)
    show_chart = blocks.BooleanBlock(label=_("Show the chart"), required=False, default=True)
    items_per_group = blocks.IntegerBlock(
        label=_("Suggestions per group"),
        default=5,
        min_value=1,
        max_value=50,
        help_text=_("Each group shows this many suggestions and links to the rest."),
    )

    class Meta:
        icon = "tasks"
        label = _("Suggestion tracker")
        template = "wagtail_kundenforum/blocks/suggestion_tracker.html"
        description = _(
            "The published suggestions with their status, in groups, with counts, a chart and "
            "a filter form for readers."
        )
        preview_template = PREVIEW_TEMPLATE

    def get_preview_value(self):
        # The site's own suggestions, a few per group so that the preview stays short.
        return self.normalize({**self.get_default(), "items_per_group": 2})

    def get_context(self, value, parent_context=None):
        # Allowed upward (DESIGN.md §6): a block reaches the tracker only when it renders.
        # The page models import the block classes to declare their StreamField, so the
        # tracker, which reads those models, cannot be imported before a block renders.
        from .tracker.rendering import tracker_context

        context = super().get_context(value, parent_context=parent_context)
        context.update(tracker_context(value, context))
        return context


class SuggestionStatsBlock(blocks.StructBlock):
    """ "What became of your suggestions": counts per status of one forum, and what changed
    since a date, to embed in the next forum's report."""

    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=255,
        help_text=_("Optional; leave it empty for the standard heading."),
    )
    forum = SnippetChooserBlock(
        "wagtail_kundenforum.Forum",
        label=_("Forum"),
        help_text=_("The forum whose suggestions are counted by status."),
    )
    since = blocks.DateBlock(
        label=_("Changes since"),
        required=False,
        help_text=_("List the status changes from this date on; empty lists none."),
    )
    changes_shown = blocks.IntegerBlock(
        label=_("Changes shown"),
        default=CHANGES_SHOWN,
        min_value=1,
        max_value=50,
        help_text=_("List this many of the latest changes; readers follow a link to the rest."),
    )

    class Meta:
        icon = "table"
        label = _("Suggestion statistics")
        template = "wagtail_kundenforum/blocks/suggestion_stats.html"
        description = _(
            "What became of one forum's suggestions: the count for each status and the "
            "changes since a date."
        )
        preview_template = PREVIEW_TEMPLATE

    def get_preview_value(self):
        # The site's first forum: its suggestions have had the longest time to change.
        forum = apps.get_model("wagtail_kundenforum", "Forum").objects.order_by("number").first()
        return self.normalize({"heading": "", "forum": forum, "since": None})

    def get_context(self, value, parent_context=None):
        # Allowed upward, as in the tracker block: the statistics are read when it renders.
        from .tracker.rendering import stats_context

        context = super().get_context(value, parent_context=parent_context)
        context.update(stats_context(value, context.get("request")))
        return context


class FeaturedSuggestionBlock(blocks.StructBlock):
    """One suggestion told inside an article: its title, status, answer and latest steps,
    linked to its own page. Readers see it only while the suggestion is public."""

    suggestion = SnippetChooserBlock(
        "wagtail_kundenforum.Suggestion",
        label=_("Suggestion"),
        help_text=_(
            "Readers see it only while it is published with a public status; until then the "
            "block shows nothing."
        ),
    )

    class Meta:
        icon = "pick"
        label = _("Featured suggestion")
        template = "wagtail_kundenforum/blocks/featured_suggestion.html"
        description = _(
            "One suggestion inside the text: its status, the answer and the latest steps, "
            "with a link to its page."
        )
        preview_template = PREVIEW_TEMPLATE

    def get_preview_value(self):
        # A sample from the site's own public suggestions: the newest one.
        suggestions = apps.get_model("wagtail_kundenforum", "Suggestion").objects.public()
        return self.normalize({"suggestion": suggestions.order_by("-pk").first()})

    def get_context(self, value, parent_context=None):
        # Allowed upward, as in the tracker block: the suggestion is read when it renders,
        # through the tracker query, which decides what readers may see.
        from .tracker.excerpts import featured_context

        context = super().get_context(value, parent_context=parent_context)
        context.update(featured_context(value))
        return context


class ReportBodyBlock(blocks.StreamBlock):
    """The body of a forum report."""

    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    facts = FactsBoxBlock()
    featured_suggestion = FeaturedSuggestionBlock()
    stats = SuggestionStatsBlock()
    tracker = SuggestionTrackerBlock()
