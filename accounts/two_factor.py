"""Who must use two-factor sign-in, and the device and code helpers the views share."""

import re
from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial import roles

# The groups whose members can change what the whole country reads, or export what the
# public reported.
REQUIRED_GROUPS = (
    roles.ADMINISTRATORS,
    roles.COMMS_APPROVERS,
    roles.THREAT_LEVEL_MANAGERS,
    roles.REPORT_HANDLERS,
)
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def two_factor_required(user):
    """True when this user may not reach the admin without a second factor."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=REQUIRED_GROUPS).exists()


def authenticator(user, confirmed=True):
    return TOTPDevice.objects.devices_for_user(user, confirmed=confirmed).first()


def recovery_device(user):
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def has_device(user):
    return next(devices_for_user(user, confirmed=True), None) is not None


PENDING_SESSION_KEY = "accounts_pending_authenticator"


def pending_authenticator(request):
    """The unconfirmed device being enrolled in this session, kept until confirmed (a
    reload shows the same key). Another session gets a key of its own, and the earlier
    one is dropped: a key shown before (to whoever set the password, say) never becomes
    the one the user confirms."""
    user = request.user
    pending = TOTPDevice.objects.filter(user=user, confirmed=False)
    device = pending.filter(pk=request.session.get(PENDING_SESSION_KEY)).first()
    if device is None:
        pending.delete()
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
        request.session[PENDING_SESSION_KEY] = device.pk
    return device


def secret_for_display(device):
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device):
    """The device's otpauth:// address as an inline SVG QR code (no image service)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


@transaction.atomic
def new_recovery_codes(user):
    """Replace the user's recovery codes; the plain codes are returned to show once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_authenticator(device):
    """Make the enrolled device the user's only one."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])


@transaction.atomic
def remove_devices(user, *, keeping_session=None):
    """Remove `user`'s authenticator and recovery codes, and end every session of theirs
    but `keeping_session` (a session key): one signed in with the password alone and
    waiting at the code step would otherwise pass, or enrol an app of its own."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    if removed:
        end_sessions(user, keeping=keeping_session)
    return removed


def end_sessions(user, *, keeping=None):
    """End every session `user` is signed in with, but `keeping` (a session key). Sessions
    live in the database (Django's default engine), which knows them by key alone: each
    live one is read. Visitors have none, so they are the admin's few."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    live = Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keeping)
    ended = [s.pk for s in live.iterator() if s.get_decoded().get(SESSION_KEY) == str(user.pk)]
    Session.objects.filter(pk__in=ended).delete()


def normalise_code(raw):
    return re.sub(r"[\s-]", "", raw or "").lower()


class Refusal:
    # The wait doubles at each wrong code (django-otp): said as a time, not "a minute".
    THROTTLED = _("Too many wrong codes. Try again after %(time)s (UK time).")
    # Where recovery codes are there to use instead: an enrolled authenticator's step.
    THROTTLED_OR_RECOVERY = _(
        "Too many wrong codes. Try again after %(time)s (UK time), or use a recovery code."
    )
    REUSED = _("That code has already been used. Wait for your app to show a new one.")
    WRONG = _("That code is wrong or has expired. Enter the code your app shows now.")
    WRONG_RECOVERY = _("That recovery code is wrong or has already been used.")


def check_code(user, device, code):
    """Verify a code against one device: (True, None) or (False, reason to show)."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        until = (details or {}).get("locked_until") or timezone.now()
        recovery = device.confirmed and isinstance(device, TOTPDevice) and recovery_device(user)
        message = Refusal.THROTTLED_OR_RECOVERY if recovery else Refusal.THROTTLED
        return False, message % {"time": date_format(timezone.localtime(until), "H:i:s")}
    if verify_token(user, device.persistent_id, code) is not None:
        return True, None
    device.refresh_from_db()
    if isinstance(device, TOTPDevice):
        return False, (Refusal.REUSED if _already_used(device, code) else Refusal.WRONG)
    return False, Refusal.WRONG_RECOVERY


def _already_used(device, code):
    """A code that is current but no later than the last one accepted: a replay."""
    try:
        token = int(code)
    except ValueError:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp.verify(token, device.tolerance) and totp.t() <= device.last_t
