"""Sealing a report to the offline key, and storing it.

Everything of the report (the answers, the attachments, its reference and hour) is
sealed in memory with reports.offline.seal_report before the row is written; the
servers hold only public keys (REPORTS_PUBLIC_KEY). The first key listed seals new
reports; keys listed after it are older ones still being retired (docs/reports.md).
"""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from .models import Report
from .offline import fingerprint, format_received_hour, parse_public_keys, seal_report

# Crockford's base32: no I, L, O or U, so a reference read out over the phone is not
# mistaken.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class NotConfigured(Exception):
    """No public key: reports cannot be received here."""


def current_key():
    if not settings.REPORTS_PUBLIC_KEY:
        raise NotConfigured
    return parse_public_keys(settings.REPORTS_PUBLIC_KEY)[0]


def known_fingerprints():
    """{fingerprint: "current" or "older"} of the keys REPORTS_PUBLIC_KEY lists."""
    if not settings.REPORTS_PUBLIC_KEY:
        return {}
    keys = parse_public_keys(settings.REPORTS_PUBLIC_KEY)
    return {fingerprint(key): "current" if i == 0 else "older" for i, key in enumerate(keys)}


def new_reference():
    """12 random characters in three groups: about 60 bits, never derived from the time."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(12))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


@sensitive_variables("fields", "attachments")
def receive(fields, attachments, sent_with=None):
    """Seal and store a report: (the Report row, committed when this returns; whether it
    was stored before, by a post with the same `sent_with`, the form token's value, that
    committed while this one was being sealed)."""
    key = current_key()
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    for _attempt in range(3):
        reference = new_reference()
        ciphertext = seal_report(key, reference, format_received_hour(hour), fields, attachments)
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    reference=reference,
                    received_hour=hour,
                    key_fingerprint=fingerprint(key),
                    ciphertext=ciphertext,
                    size=len(ciphertext),
                    sent_with=sent_with or None,
                )
                return report, False
        except IntegrityError:
            # The same post, sent twice at once, committed first; or (one chance in
            # 2**60) the reference was taken.
            if sent_with and (earlier := Report.objects.filter(sent_with=sent_with).first()):
                return earlier, True
    raise RuntimeError("No free report reference after three tries")
