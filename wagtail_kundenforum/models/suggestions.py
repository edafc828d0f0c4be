"""The suggestion itself, its related pages, and how drafts keep live status changes.

A suggestion's status changes only through ``wagtail_kundenforum.status_changes``: that
module locks the row, records the history (``status_history``) and sends
``suggestion_status_changed``. Statuses and topics live in ``statuses``.
"""

import re
from html import unescape

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Orderable, Page, PreviewableMixin, RevisionMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from ..admin_forms import SuggestionForm
from ..templating import get_base_template
from ..text import public_link
from .status_history import SuggestionStatusChange, record_status_change
from .statuses import SuggestionKind, SuggestionStatus, SuggestionTopic

ANSWER_FEATURES = ["bold", "italic", "link", "ol", "ul"]
# Kept in each revision: what was live when the revision was saved (see with_content_json).
LIVE_STATE_KEY = "kf_live_state"
# Kept in each revision: the editor's note for the history step that publishing it adds.
HISTORY_NOTE_KEY = "kf_history_note"
PREVIEW_TEMPLATE = "wagtail_kundenforum/previews/suggestion.html"


class SuggestionQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def public(self):
        """What readers may see: published suggestions with a public status."""
        return self.filter(live=True, status__is_public=True)


class Suggestion(DraftStateMixin, RevisionMixin, PreviewableMixin, index.Indexed, ClusterableModel):
    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("A short summary in plain words; readers see it in the tracker."),
    )
    original_wording = models.TextField(
        _("original wording"), blank=True, help_text=_("As written on the forum card.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Optional; explains the suggestion to readers on its page."),
    )
    forum = models.ForeignKey(
        "wagtail_kundenforum.Forum",
        verbose_name=_("forum"),
        on_delete=models.PROTECT,
        related_name="suggestions",
        help_text=_("The forum where the suggestion was raised."),
    )
    topic = models.ForeignKey(
        SuggestionTopic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        help_text=_("Readers can filter the tracker by topic."),
    )
    status = models.ForeignKey(
        SuggestionStatus,
        verbose_name=_("status"),
        on_delete=models.PROTECT,
        related_name="suggestions",
        help_text=_("Publishing a new status adds a step with today's date to the history."),
    )
    answer = RichTextField(
        _("public answer"),
        blank=True,
        features=ANSWER_FEATURES,
        help_text=_("The utility's answer, shown on the suggestion's page."),
    )
    existing_service_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("existing service page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a suggestion that exists already: the page describing the service."),
    )
    existing_service_url = models.URLField(
        _("existing service address"),
        blank=True,
        help_text=_("Or the address of the service elsewhere, e.g. the customer portal."),
    )
    declined_reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Required for a declined suggestion: why it is not possible. Shown publicly."),
    )
    external_id = models.CharField(
        _("external ID"),
        max_length=100,
        blank=True,
        help_text=_("The suggestion's ID in the imported spreadsheet; unique within its forum."),
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SuggestionQuerySet.as_manager()
    base_form_class = SuggestionForm

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("forum"), FieldPanel("topic")]),
        FieldPanel("original_wording"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("answer"),
                FieldPanel("history_note"),
                FieldPanel("declined_reason"),
                FieldPanel("existing_service_page"),
                FieldPanel("existing_service_url"),
            ],
            heading=_("Status and answer"),
        ),
        InlinePanel("status_changes", heading=_("Status history"), label=_("status change")),
        InlinePanel("related_pages", heading=_("Related pages"), label=_("related page")),
        FieldPanel("external_id"),
    ]

    search_fields = [
        index.SearchField("title"),
        index.SearchField("original_wording"),
        index.SearchField("description"),
        index.SearchField("answer"),
        index.AutocompleteField("title"),
        index.AutocompleteField("description"),
        # A site's own search backend (KUNDENFORUM_SEARCH_BACKEND) finds topic and forum
        # names as the built-in search does.
        index.RelatedFields("topic", [index.SearchField("name"), index.AutocompleteField("name")]),
        index.RelatedFields("forum", [index.SearchField("title")]),
        index.FilterField("live"),
        index.FilterField("forum"),
        index.FilterField("topic"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["forum__number", "pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "external_id"],
                condition=~Q(external_id=""),
                name="kf_suggestion_unique_external_id",
                violation_error_message=_("This forum already has a suggestion with this ID."),
            ),
        ]
        # The tracker's counts and the numbering of each group's first items read only these
        # four columns: one index per grouping, whose columns come first, lets SQLite read
        # them from the index alone (a fifth to a quarter faster with 10,000 suggestions).
        indexes = [
            models.Index(fields=["status", "live", "forum", "topic"], name="kf_suggestion_status"),
            models.Index(fields=["topic", "live", "status", "forum"], name="kf_suggestion_topic"),
            models.Index(fields=["forum", "live", "status", "topic"], name="kf_suggestion_forum"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        status = self.status if self.status_id else None
        if status and status.lacks_reason(self.declined_reason.strip()):
            raise ValidationError(
                {"declined_reason": _("Say why a declined suggestion is not possible.")}
            )

    # The preview in the admin: the public page, rendered from the draft being edited.

    def get_preview_template(self, request, mode_name):
        return PREVIEW_TEMPLATE

    def get_preview_context(self, request, mode_name):
        """The public page's context, built from this unsaved object (nothing is stored)."""
        return {
            **super().get_preview_context(request, mode_name),
            **self.public_page_context(self.preview_timeline()),
        }

    def public_page_context(self, timeline):
        """What the suggestion's public page shows with ``timeline`` as its history; the public
        view and the admin's preview of a draft both use it."""
        return {
            "kf_base_template": get_base_template(),
            "suggestion": self,
            "report": self.forum.report,
            "timeline": timeline,
            **self._linked_pages(),
        }

    def _linked_pages(self):
        """The related pages and the existing service that readers may open (live, public)."""
        related = [link.page_id for link in self.related_pages.all()]
        wanted = [*related, self.existing_service_page_id]
        visible = Page.objects.live().public().filter(pk__in=[pk for pk in wanted if pk])
        visible = visible.in_bulk()
        return {
            "related_pages": [visible[pk] for pk in related if pk in visible],
            "existing_service_page": visible.get(self.existing_service_page_id),
            "existing_service_url": public_link(self.existing_service_url),
        }

    def preview_timeline(self):
        """The public history as it will read once this draft is published.

        A live suggestion whose status differs from the one the editor started from gets
        today's step, which publishing records.
        """
        timeline = self.public_history()
        before = self._status_before_editing()
        if self.live and before and before != self.status_id and self.status.is_public:
            live = Suggestion.objects.get(pk=self.pk)
            step = SuggestionStatusChange(
                date=timezone.localdate(),
                from_status_id=before,
                to_status=self.status,
                note=history_step_note(self.history_note, live, self),
            )
            timeline.append(step)
        return timeline

    def _status_before_editing(self):
        if not self.pk:
            return None
        seen = (self.seen_live_state or {}).get("status")
        return (
            seen or Suggestion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        )

    @classmethod
    def new_suggestion_defaults(cls):
        """What the add form preselects: the first open status, and the latest forum held."""
        statuses = SuggestionStatus.objects.filter(kind=SuggestionKind.OPEN)
        forums = cls.forum.field.related_model.objects.filter(date__lte=timezone.localdate())
        return {
            "status": statuses.order_by("order", "pk").first(),
            "forum": forums.order_by("-date", "-number").first(),
        }

    def get_url(self):
        """The public page, or "" when the site has not mounted ``wagtail_kundenforum.urls``."""
        try:
            return reverse("wagtail_kundenforum:suggestion", args=[self.pk])
        except NoReverseMatch:
            return ""

    def public_history(self):
        """Status changes readers may see: those to a public status, oldest first."""
        return [
            change
            for change in self.status_changes.all()
            if change.to_status is not None and change.to_status.is_public
        ]

    # Drafts and live changes. A status change made while a draft waits (bulk action, import,
    # code) must survive when that draft is published later: each revision remembers what was
    # live when it was saved, and a revision taken back into use keeps every live change that
    # the revision did not itself make.

    # Set by the edit form: the status and history the editor saw when opening it.
    seen_live_state = None
    # Set by the edit form: the note of the history step that publishing a new status adds.
    history_note = ""

    def serializable_data(self):
        data = super().serializable_data()
        if self.pk:
            data[LIVE_STATE_KEY] = self.seen_live_state or self.live_state()
        if self.history_note:
            data[HISTORY_NOTE_KEY] = self.history_note
        return data

    def live_state(self):
        """The status and the history rows that are live now (the edit form remembers them as
        what the editor saw)."""
        status = Suggestion.objects.filter(pk=self.pk).values_list("status_id", flat=True)
        return {"status": status.first(), "history": self._live_history()}

    def _live_history(self):
        history = SuggestionStatusChange.objects.filter(suggestion_id=self.pk)
        return sorted(history.values_list("pk", flat=True))

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        then = content.get(LIVE_STATE_KEY)
        live = Suggestion.objects.filter(pk=self.pk).first() if self.pk else None
        if then is None or live is None:
            return obj
        if obj.status_id == then["status"]:
            # The revision left the status alone: whatever is live now stays.
            obj.status_id = live.status_id
            obj.declined_reason = live.declined_reason or obj.declined_reason
            obj.status_changed_at = live.status_changed_at
        if obj.status_id != live.status_id:
            # Only a status change still to be published keeps its note: once it is live,
            # the next change starts with an empty one.
            obj.history_note = content.get(HISTORY_NOTE_KEY, "")
        meanwhile = set(self._live_history()) - set(then["history"])
        if meanwhile:
            kept = list(obj.status_changes.all())
            added = SuggestionStatusChange.objects.filter(pk__in=meanwhile)
            obj.status_changes = [*kept, *added]
        return obj

    def publish(self, revision, user=None, **kwargs):
        """Publish ``revision``; a status it changes is recorded like any other change."""
        with transaction.atomic():
            before = Suggestion.objects.select_for_update().filter(pk=self.pk).first()
            result = super().publish(revision, user=user, **kwargs)
            after = Suggestion.objects.select_related("status").get(pk=self.pk)
            if before and before.live and before.status_id != after.status_id:
                note = history_step_note(revision.content.get(HISTORY_NOTE_KEY, ""), before, after)
                record_status_change(after, before.status, after.status, note=note, user=user)
        return result


def history_step_note(note, before, after):
    """The note of the history step when ``after`` replaces ``before`` with a new status.

    The editor's ``note``; without one, what the editor wrote along with the change: the
    answer if it changed, else the reason of a declined status if it changed. Readers of the
    timeline and the status feed learn why the status changed.
    """
    if note.strip():
        return note.strip()
    answer = plain_text(after.answer)
    if answer and answer != plain_text(before.answer):
        return answer
    reason = after.declined_reason.strip()
    if after.status.needs_reason and reason != before.declined_reason.strip():
        return reason
    return ""


def plain_text(html):
    """Rich text as plain text for a history note: paragraphs and line breaks kept."""
    text = re.sub(r"<br\s*/?>|</li>", "\n", html or "")
    text = re.sub(r"</p>|</ol>|</ul>", "\n\n", text)
    text = unescape(strip_tags(text))
    return re.sub(r"\n\s*\n\s*", "\n\n", text).strip()


class SuggestionRelatedPage(Orderable):
    """A page about the suggestion, e.g. the report announcing that it was implemented."""

    suggestion = ParentalKey(Suggestion, on_delete=models.CASCADE, related_name="related_pages")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Shown under Read more once the page is published."),
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")
        verbose_name_plural = _("related pages")
