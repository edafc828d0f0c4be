"""The follow form: an address, how often, and the consent; with the comment form's kind of
defences (a honeypot, a signed time stamp), so that a bot learns nothing and a flood is
refused before any e-mail is written."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from ..models import FollowFrequency, FollowTarget, Forum, Suggestion
from ..reader_forms import ReaderForm

SIGNING_SALT = "wagtail_kundenforum.follow-form"
NOT_VERIFIED = _("This form could not be verified. Please send it again.")
CONSENT = _(
    "I agree that my e-mail address is stored to send me these e-mails, as the privacy "
    "policy describes. I can stop them at any time with one click."
)
# What a reader may follow from this form, and where each object comes from.
FOLLOWABLE = {
    FollowTarget.SUGGESTION: lambda pk: Suggestion.objects.public().filter(pk=pk).first(),
    FollowTarget.FORUM: lambda pk: Forum.objects.filter(pk=pk).first(),
    FollowTarget.TRACKER: lambda pk: None,
}


class FollowRejected(Exception):
    """The post is refused as a whole (too fast, too old, tampered); the form shows again."""


def sign_form(target, pk):
    return signing.dumps({"follow": f"{target}:{pk}", "time": int(time.time())}, salt=SIGNING_SALT)


class FollowForm(ReaderForm):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Will not be published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=FollowFrequency.choices,
        initial=FollowFrequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=CONSENT,
        error_messages={"required": _("Please agree that your address is stored.")},
    )
    target = forms.ChoiceField(choices=FollowTarget.choices, widget=forms.HiddenInput)
    followed = forms.IntegerField(required=False, widget=forms.HiddenInput)

    summary_labels = {"consent": _("Consent")}

    def __init__(self, *args, target, followed=None, **kwargs):
        # Its own ids: a report page holds the comment form's "email" too.
        kwargs.setdefault("auto_id", "kf-follow-%s")
        initial = kwargs.setdefault("initial", {})
        initial.update(
            target=target,
            followed=getattr(followed, "pk", None),
            kf_started=sign_form(target, getattr(followed, "pk", None)),
        )
        super().__init__(*args, **kwargs)
        self.target = target
        self.followed = followed

    def check_time_stamp(self):
        """Raise FollowRejected unless the form was signed for this target, neither too
        short nor too long ago."""
        try:
            signed = signing.loads(self.data.get("kf_started", ""), salt=SIGNING_SALT)
        except signing.BadSignature as error:
            raise FollowRejected(
                _("This form could not be verified. Please send it again.")
            ) from error
        expected = f"{self.target}:{getattr(self.followed, 'pk', None)}"
        if not isinstance(signed, dict) or signed.get("follow") != expected:
            raise FollowRejected(NOT_VERIFIED)
        age = time.time() - signed.get("time", 0)
        if age > get_setting("KUNDENFORUM_MAX_FORM_AGE"):
            raise FollowRejected(_("This form has expired. Please send it again."))
        if age < get_setting("KUNDENFORUM_MIN_SUBMIT_SECONDS"):
            raise FollowRejected(_("That was very fast. Please check the form and send it again."))

    def refresh_time_stamp(self):
        if self.is_bound:
            self.data = self.data.copy()
            self.data["kf_started"] = sign_form(self.target, getattr(self.followed, "pk", None))


def followed_from(target, pk):
    """The object a reader may follow for ``target`` and key ``pk`` (None for the tracker),
    or raise LookupError for a target or object that cannot be followed."""
    if target not in FOLLOWABLE:
        raise LookupError(target)
    followed = FOLLOWABLE[target](pk)
    if followed is None and target != FollowTarget.TRACKER:
        raise LookupError(f"{target}:{pk}")
    return followed
