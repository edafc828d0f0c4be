import datetime

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .comments import ReaderComment
from .settings import KundenforumSettings

COMMENTS_PER_PAGE = 50


class CommentablePageMixin(models.Model):
    """Adds the reader comment section to a page model.

    Use it before ``Page`` in the bases (``class MyPage(CommentablePageMixin, Page)``),
    add ``comment_panels`` to the settings panels, and include
    ``wagtail_kundenforum/includes/comments.html`` in the page's template. The page takes
    the comment POST itself and redirects (POST/redirect/GET).
    """

    allow_comments = models.BooleanField(
        _("allow comments"), default=True, help_text=_("Readers may comment on this page.")
    )

    comment_panels = [FieldPanel("allow_comments")]
    comments_per_page = COMMENTS_PER_PAGE

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            # Allowed upward (DESIGN.md §6): a page mixin calls its controller when serving,
            # as Wagtail's form pages do. Posting builds on these models, so it is imported
            # here, when a page serves, and never while the models load.
            from ..comments.posting import post_comment

            return post_comment(self, request)
        response = super().serve(request, *args, **kwargs)
        # The page holds a form with a CSRF token and a signed time stamp: no shared caches.
        patch_cache_control(response, private=True)
        return response

    def get_context(self, request, *args, comment_form=None, comment_form_error="", **kwargs):
        """The page's context with its comment section; a form sent back with errors comes in
        as ``comment_form``."""
        # Allowed upward, as in ``serve``: the comment section is the controller's to build.
        from ..comments.posting import comment_section_context

        context = super().get_context(request, *args, **kwargs)
        context.update(
            comment_section_context(self, request, form=comment_form, form_error=comment_form_error)
        )
        return context

    def get_comment_count(self):
        """The number of approved comments (an annotation of the news list when present)."""
        if getattr(self, "approved_comment_count", None) is None:
            # Kept on the page: its template and its structured data both ask.
            self.approved_comment_count = ReaderComment.objects.approved().filter(page=self).count()
        return self.approved_comment_count

    def comments_are_open(self, request):
        """Whether readers may comment now: site switch, page switch, and the closing age."""
        site_settings = KundenforumSettings.for_request(request)
        if not (site_settings.comments_open and self.allow_comments):
            return False
        days = site_settings.close_comments_after_days
        if days is None or self.first_published_at is None:
            return True
        return timezone.now() < self.first_published_at + datetime.timedelta(days=days)

    def get_approved_comments(self):
        """Approved top-level comments, oldest first, with their approved replies."""
        replies = ReaderComment.objects.approved().order_by("created_at", "pk")
        return (
            ReaderComment.objects.approved()
            .filter(page=self, parent=None)
            .order_by("created_at", "pk")
            .prefetch_related(Prefetch("replies", queryset=replies, to_attr="approved_replies"))
        )
