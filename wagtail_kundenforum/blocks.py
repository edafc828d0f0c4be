"""StreamField blocks of the forum reports.

Each block renders through its own template under ``wagtail_kundenforum/blocks/`` so a site
can override it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

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
