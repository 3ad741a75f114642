"""The reporting form: what, when and where, how to reach the sender, attachments.

No CSRF cookie: the page sets no cookie at all (a reporter may not want one). The form
instead carries a signed token with the time it was shown (to refuse a post sent
faster than a person types, or a token that was altered) and a random value of its own
(the same post sent twice, by a reload of the answer or a second click, is stored once:
reports.sealing), the view checks that the post comes from this site
(core.security.is_same_site), and a honeypot field that people never see catches the
simplest robots.
"""

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .offline import sniffed_type

TOKEN_SALT = "reports.form"  # noqa: S105 - a namespace for signing, not a secret
# A form left open longer than this is shown again with the text kept.
TOKEN_MAX_AGE = 24 * 3600
HONEYPOT = "website_address"


def form_token(shown_at=None):
    """A token for a form shown at `shown_at` (now if None), unique to this showing."""
    shown = int(shown_at if shown_at is not None else time.time())
    return signing.dumps({"shown": shown, "once": secrets.token_urlsafe(16)}, salt=TOKEN_SALT)


def _token(token):
    """(when the form was shown, its random value) of a good token, or None for a token
    that was altered, made up or is too old."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT)
        # No "once": a form shown before tokens had one (it is still taken).
        shown, once = int(payload["shown"]), payload.get("once")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (shown, once) if time.time() - shown <= TOKEN_MAX_AGE else None


def token_shown_at(token):
    """When the form with `token` was first shown (a time.time()), or None."""
    return (_token(token) or (None, None))[0]


def token_once(token):
    """The random value of a good `token`: the same post sent twice has the same one."""
    return (_token(token) or (None, None))[1]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files from one input; each must be an image or a PDF by its content."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        # A list from the upload (anything else, a tampered field, is no file at all).
        files = [f for f in data if f] if isinstance(data, list | tuple) else []
        cleaned = []
        for upload in files:
            super().clean(upload, initial)
            head = upload.read(16)
            upload.seek(0)
            content_type = sniffed_type(head)
            if content_type is None:
                raise forms.ValidationError(
                    _(
                        "“%(name)s” is not a photo or a PDF. Attach JPEG, PNG, GIF or WebP "
                        "pictures, or PDF documents."
                    ),
                    code="file_type",
                    params={"name": upload.name},
                )
            upload.sniffed_type = content_type
            cleaned.append(upload)
        return cleaned


class ReportForm(forms.Form):
    what = forms.CharField(
        label=_("What do you want to tell us?"),
        help_text=_(
            "Tell us what you saw or heard, and who or what it was about (up to 20,000 characters)."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        error_messages={"required": _("Enter what you want to tell us")},
    )
    when_where = forms.CharField(
        label=_("When and where did it happen? (optional)"),
        help_text=_("For example, the date and time, the town, the street or the website."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        required=False,
    )
    contact = forms.CharField(
        label=_("How can we contact you? (optional)"),
        help_text=_(
            "A phone number or email address, and when it is safe to contact you. "
            "Leave it empty to stay anonymous."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1_000,
        required=False,
    )
    attachments = AttachmentsField(label=_("Attachments (optional)"))
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website_address = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    # The order errors are listed in the summary: the order of the fields on the page.
    field_order = ["what", "when_where", "contact", "attachments"]

    def __init__(self, *args, uploads=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.uploads = uploads  # the upload handler, which knows about skipped files
        # No maxlength in the page: a browser cuts pasted text there without a word, and
        # the report went without its end. Too long, it is refused here, the text kept.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
        self.fields["attachments"].help_text = _(
            "Up to %(count)s photos or PDF documents, %(size)s MB in all. Photos taken with "
            "a phone can record where they were taken: if that could identify you, take a "
            "screenshot of the photo and attach that instead."
        ) % {"count": settings.REPORTS_MAX_ATTACHMENTS, "size": settings.REPORTS_MAX_ATTACHMENTS_MB}
        self.fields["attachments"].widget.attrs["accept"] = (
            "image/jpeg,image/png,image/gif,image/webp,application/pdf"
        )

    def full_clean(self):
        super().full_clean()
        self._describe_errors()

    def _describe_errors(self):
        # A field in error is described by its hint and its message (Django links the
        # hint alone).
        for name in self.errors:
            if name in self.fields:
                described = [f"id_{name}_helptext"] if self.fields[name].help_text else []
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(
                    [*described, f"id_{name}_error"]
                )

    def ask_for_the_attachments_again(self):
        """A form sent back (refused, or not sent) keeps no file: say so as the
        attachments' own error, which the summary above the form lists and links to and
        the file input is described by, so nobody sends the report again without them
        unawares."""
        self.add_error(
            "attachments",
            _(
                "Choose your attachments again: for your safety they are not kept when a "
                "report is not sent."
            ),
        )
        self._describe_errors()

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if self.uploads is not None and self.uploads.too_many:
            raise forms.ValidationError(
                _("Attach at most %(count)s files") % {"count": settings.REPORTS_MAX_ATTACHMENTS}
            )
        if self.uploads is not None and self.uploads.over_total:
            raise forms.ValidationError(
                _("The attachments must be %(size)s MB or less in all")
                % {"size": settings.REPORTS_MAX_ATTACHMENTS_MB}
            )
        return files

    def clean(self):
        cleaned = super().clean()
        # Filled in, or sent as a file (where a form field would not look).
        if cleaned.get(HONEYPOT) or HONEYPOT in self.files:
            raise forms.ValidationError(
                _("Your report could not be checked. Check it and send it again."),
                code="honeypot",
            )
        shown = token_shown_at(self.data.get("token"))
        if shown is None:
            raise forms.ValidationError(
                _(
                    "This form was open for a long time or was changed. Check your report "
                    "and send it again."
                ),
                code="token",
            )
        # Robots send at once. A person who did (their report pasted in) is asked only
        # once nothing else is wrong, so that this never stands beside a real error.
        if time.time() - shown < settings.REPORTS_MIN_SECONDS_TO_FILL and not self.errors:
            raise forms.ValidationError(
                _("Please check your report, then select Send report again."),
                code="too_fast",
            )
        return cleaned

    def attachment_contents(self):
        """[(original name, content type by its bytes, bytes)] of the valid attachments."""
        return [
            (upload.name, upload.sniffed_type, upload.read())
            for upload in self.cleaned_data.get("attachments", [])
        ]
