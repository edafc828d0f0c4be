"""The reader comment form and its spam defences (honeypot, signed time stamp)."""

import time

from django import forms
from django.core import signing
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from ..models import CommentState, ReaderComment
from ..reader_forms import ReaderForm
from ..text import validate_name, validate_plain_text, validate_single_line

SIGNING_SALT = "wagtail_kundenforum.comment-form"


NOT_VERIFIED = _("This form could not be verified. Please send your comment again.")


class FormRejected(Exception):
    """The post is refused as a whole (too fast, too old, tampered); the form is shown again."""


class CharacterRuleMixin:
    """Checks the value's characters with one of ``text``'s rules before the field's own
    validators: a value with characters we refuse gets that one clear message, not a format
    error besides (validators all report, so both would show)."""

    def __init__(self, *, characters, **kwargs):
        self.characters = characters
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values:
            self.characters(value)


class CheckedCharField(CharacterRuleMixin, forms.CharField):
    pass


class CheckedEmailField(CharacterRuleMixin, forms.EmailField):
    pass


class WebsiteField(CharacterRuleMixin, forms.URLField):
    """A web address: http or https only.

    The scheme rule replaces URLField's default validator instead of joining it; with both, an
    invalid address was reported twice, at the field and in the error summary.
    """

    default_validators = [URLValidator(schemes=["http", "https"])]


def sign_form(page):
    return signing.dumps({"page": page.pk, "time": int(time.time())}, salt=SIGNING_SALT)


class CommentForm(ReaderForm):
    """Name, e-mail, website, text and consent, with a honeypot and a signed time stamp.

    The honeypot is named like no real field (browsers autofill "website", "url", "email").
    """

    name = CheckedCharField(
        label=_("Name"),
        max_length=100,
        characters=validate_name,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = CheckedEmailField(
        label=_("E-mail"),
        characters=validate_single_line,
        help_text=_("Will not be published."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    url = WebsiteField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        characters=validate_single_line,
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    text = CheckedCharField(
        label=_("Comment"),
        max_length=3000,
        characters=validate_plain_text,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my comment is stored as described in the privacy policy."),
        error_messages={"required": _("Please agree that your comment is stored.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    summary_labels = {"consent": _("Consent")}

    def __init__(self, *args, page, **kwargs):
        self.page = page
        kwargs.setdefault("initial", {})["kf_started"] = sign_form(page)
        super().__init__(*args, **kwargs)

    def refresh_time_stamp(self):
        """Sign the form anew for showing it again, so an expired stamp is not sent twice."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["kf_started"] = sign_form(self.page)

    def check_time_stamp(self):
        """Raise FormRejected unless the form was signed for this page, and neither too
        short nor too long ago (KUNDENFORUM_MIN_SUBMIT_SECONDS, KUNDENFORUM_MAX_FORM_AGE)."""
        try:
            signed = signing.loads(self.data.get("kf_started", ""), salt=SIGNING_SALT)
        except signing.BadSignature as error:
            raise FormRejected(NOT_VERIFIED) from error
        if not isinstance(signed, dict) or signed.get("page") != self.page.pk:
            raise FormRejected(NOT_VERIFIED)
        age = time.time() - signed.get("time", 0)
        if age > get_setting("KUNDENFORUM_MAX_FORM_AGE"):
            raise FormRejected(_("This form has expired. Please send your comment again."))
        if age < get_setting("KUNDENFORUM_MIN_SUBMIT_SECONDS"):
            raise FormRejected(
                _("That was very fast. Please check your comment and send it again.")
            )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Please write a comment."))
        return text

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please give your name."))
        return name

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = ReaderComment.objects.filter(
            pk=parent_id, page=self.page, parent=None, state=CommentState.APPROVED
        ).first()
        if parent is None:
            raise forms.ValidationError(_("The comment you reply to does not exist."))
        return parent

    def is_duplicate(self):
        """The same reader sent the same text to this page before (e.g. a double click)."""
        comment = self.build_comment()
        return ReaderComment.objects.filter(content_hash=comment.compute_hash()).exists()

    def build_comment(self):
        """An unsaved ReaderComment from the cleaned data."""
        data = self.cleaned_data
        return ReaderComment(
            page=self.page,
            parent=data["parent"],
            name=data["name"],
            email=data["email"],
            url=data["url"],
            text=data["text"],
        )
