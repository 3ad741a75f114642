"""Admin-only middleware: idle sign-out and the two-factor step.

Both look at the path before touching the session or the user, so public pages
stay free of session reads (and cacheable). The path they read is the one Django routes
on (`path_info`), never `request.path`, which a SCRIPT_NAME passed on by a proxy
prefixes: /x/admin/users/ is the admin's users page all the same.
"""

import time
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import get_script_prefix, reverse

from .models import SecurityEvent
from .two_factor import has_device, two_factor_required

LAST_ACTIVITY_KEY = "accounts_last_activity"
# When the session's user signed in (accounts.signals), for ADMIN_SESSION_MAX_HOURS.
SIGNED_IN_AT_KEY = "accounts_signed_in_at"
# The last activity is written at most once a minute: writing it on every admin
# request saved the session (a database write and a new cookie) for each of the
# admin's background requests, and a minute is nothing beside a 30-minute limit.
ACTIVITY_RESOLUTION_SECONDS = 60

# Admin URLs a signed-in user reaches before the second factor.
TWO_FACTOR_EXEMPT = (
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    # The admin's icons, which its script puts into every page, the steps' own too: sent
    # to the code step instead, it put a second copy of that page into the first.
    "wagtailadmin_sprite",
    "accounts_two_factor_verify",
    "accounts_two_factor_recovery",
    "accounts_two_factor_setup",
)


def routed_path(url_name):
    """The path_info of a named URL (what reverse() gives, less a request's SCRIPT_NAME)."""
    return "/" + reverse(url_name).removeprefix(get_script_prefix())


@cache
def admin_prefix():
    return routed_path("wagtailadmin_home")


@cache
def two_factor_exempt_paths():
    return frozenset(routed_path(name) for name in TWO_FACTOR_EXEMPT)


@cache
def password_reset_prefix():
    return routed_path("wagtailadmin_password_reset")


def with_next(url_name, request):
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


class AdminIdleTimeoutMiddleware:
    """Sign out an admin session left idle for ADMIN_SESSION_IDLE_MINUTES, or signed in
    more than ADMIN_SESSION_MAX_HOURS ago however busy, wherever it is used next (the
    admin, or a page or document private to signed-in users).

    What a page of the admin asks by itself is no sign of anyone at the keyboard: the
    editor's ping of who else is editing (every 10 s while the tab is visible) and its
    release. Those never count as activity, so a tab left open still signs out; they are
    answered as any admin request once the session has expired."""

    # Below the admin's address (Wagtail's editing sessions).
    NOT_ACTIVITY = ("editing-sessions/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_admin = request.path_info.startswith(admin_prefix())
        # Outside the admin, a request with a session only (the pages and documents private
        # to signed-in users open for it): a visitor's is left unread (no Vary: Cookie).
        with_session = in_admin or settings.SESSION_COOKIE_NAME in request.COOKIES
        if with_session and request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            # A session signed in before the limit existed counts from now.
            signed_in_at = request.session.setdefault(SIGNED_IN_AT_KEY, now)
            ended = None
            if last is not None and now - last > settings.ADMIN_SESSION_IDLE_MINUTES * 60:
                ended = SecurityEvent.Kind.SESSION_EXPIRED
            elif now - signed_in_at > settings.ADMIN_SESSION_MAX_HOURS * 3600:
                ended = SecurityEvent.Kind.SESSION_ENDED
            if ended is not None:
                SecurityEvent.record(ended, request, user=request.user)
                logout(request)
                if in_admin:
                    return redirect(with_next("wagtailadmin_login", request))
                # Elsewhere it goes on as a visitor's: a private page asks to sign in.
                return self.get_response(request)
            automatic = request.path_info.removeprefix(admin_prefix()).startswith(self.NOT_ACTIVITY)
            if not automatic and (last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS):
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """Ask for a code before any admin page, and make the required roles enrol.

    A user with a confirmed device always gives a code; a user in a required group
    (while TWO_FACTOR_REQUIRED is on) with no device is sent to enrolment first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            path.startswith(admin_prefix())
            and path not in two_factor_exempt_paths()
            and not path.startswith(password_reset_prefix())
        ):
            step = second_factor_step(request)
            if step is not None:
                return step
        return self.get_response(request)


def second_factor_step(request):
    """Where a signed-in user who has not given a second factor must go first: to give a
    code where they have an authenticator, to enrol where their role requires one; None
    when nothing is asked of them (also used for signed-in-only pages: accounts.wagtail_hooks)."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if has_device(user):
        return redirect(with_next("accounts_two_factor_verify", request))
    if two_factor_required(user):
        return redirect(with_next("accounts_two_factor_setup", request))
    return None
