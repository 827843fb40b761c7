"""Session rules applied once for every view: lifetime limits, and two-factor authentication for staff."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .mfa import session_passed_mfa, user_has_totp, user_is_staff_person

# Session keys: when the person signed in, and the last request (to the minute; see below).
SIGNED_IN_AT = "portal.signed_in_at"
LAST_SEEN_AT = "portal.last_seen_at"
# The last-seen time is written at most once a minute, so an active session does not save its row on
# every request.
LAST_SEEN_RESOLUTION = 60

# Pages a staff person without two-factor authentication may still open: setting it up or passing it,
# confirming the e-mail address that setting it up asks for, signing out, and the language switch.
MFA_EXEMPT_VIEWS = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "account_email",
        "account_confirm_email",
        "account_email_verification_sent",
        "set_language",
        "healthz",
    }
)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def session_start(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: the clock of both limits starts at sign-in."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def session_limits(user) -> tuple[int, int]:
    """Idle and absolute lifetime, in seconds, of a session of ``user``."""
    if user_is_staff_person(user):
        return settings.STAFF_SESSION_IDLE_SECONDS, settings.STAFF_SESSION_MAX_SECONDS
    return settings.USER_SESSION_IDLE_SECONDS, settings.USER_SESSION_MAX_SECONDS


class SessionLifetimeMiddleware:
    """End a signed-in session that was idle too long or is older than its absolute lifetime.

    The limits depend on who is signed in (settings ``STAFF_SESSION_*`` and ``USER_SESSION_*``). The
    person is signed out and sent to the sign-in page (an API call answers 401)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.get(SIGNED_IN_AT)
            last_seen_at = session.get(LAST_SEEN_AT)
            if signed_in_at is None or last_seen_at is None:
                # A session from before these limits: its clock starts now.
                session[SIGNED_IN_AT] = signed_in_at = now
                session[LAST_SEEN_AT] = last_seen_at = now
            idle, age = now - last_seen_at, now - signed_in_at
            # The staff limits are the shorter ones: within them no one's session has ended, and the
            # staff question (a query for people without the staff flag) need not be asked.
            if idle > settings.STAFF_SESSION_IDLE_SECONDS or age > settings.STAFF_SESSION_MAX_SECONDS:
                idle_limit, age_limit = session_limits(user)
                if idle > idle_limit or age > age_limit:
                    return self._expired(request)
            if now - last_seen_at >= LAST_SEEN_RESOLUTION:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)

    def _expired(self, request):
        logout(request)
        text = _("Your session has ended. Please sign in again.")
        if _is_api(request):
            return JsonResponse({"detail": text}, status=401)
        messages.info(request, text)
        return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")


class StaffMfaMiddleware:
    """Before any staff page (the Django admin and session-authenticated API calls included) opens,
    a staff person must have passed two-factor authentication in this session: without an
    authenticator app they are sent to set one up, with one to enter its code. An API call answers
    403 instead. Views need no decorator; the pages of ``MFA_EXEMPT_VIEWS`` stay open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.resolver_match.view_name in MFA_EXEMPT_VIEWS:
            return None
        if session_passed_mfa(request) or not user_is_staff_person(user):
            return None
        has_totp = user_has_totp(user)
        if has_totp:
            text = _("Staff pages need two-factor authentication: enter the code from your authenticator app.")
        else:
            text = _("Staff accounts must use two-factor authentication: set up an authenticator app to continue.")
        if _is_api(request):
            return JsonResponse({"detail": text}, status=403)
        messages.warning(request, text)
        target = reverse("mfa_reauthenticate" if has_totp else "mfa_activate_totp")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
